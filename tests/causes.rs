//! Causes and their status on short articles written for these tests, one phenomenon each:
//! negation and hedging scope, questions and lists of hypotheses, causes stated as fact,
//! causes of other incidents and background explanations, what users saw, and third parties.

use std::collections::BTreeSet;

use outage_news::Pipeline;

/// A closing paragraph in `lang`, with no cause in it: short articles need a few more words
/// for their language to be told.
fn closing(lang: &str) -> &'static str {
    match lang {
        "it" => "Migliaia di utenti hanno segnalato problemi sui social per tutta la giornata.",
        "fr" => {
            "Des milliers d'utilisateurs ont signalé des problèmes sur les réseaux sociaux \
             tout au long de la journée."
        }
        _ => {
            "Thousands of users reported problems on social networks throughout the day, and \
             many of them shared screenshots of the error messages they were seeing."
        }
    }
}

/// The (category, status) pairs of the record the pipeline gives `text`.
fn causes(lang: &str, text: &str) -> BTreeSet<(String, String)> {
    let pipeline = Pipeline::builder().build().expect("embedded lexicons");
    let article = format!("{text}\n\n{}", closing(lang));
    let record = pipeline.process("test.txt", article.as_bytes());
    let json = serde_json::to_value(&record).expect("record serialises");
    assert_eq!(
        json["is_outage"], true,
        "not read as an outage report: {text}"
    );
    json["causes"]
        .as_array()
        .map(|causes| {
            causes
                .iter()
                .map(|c| {
                    let field = |k: &str| c[k].as_str().unwrap_or_default().to_string();
                    (field("category"), field("status"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn pairs(expected: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    expected
        .iter()
        .map(|(c, s)| (c.to_string(), s.to_string()))
        .collect()
}

#[track_caller]
fn assert_causes(lang: &str, text: &str, expected: &[(&str, &str)]) {
    assert_eq!(causes(lang, text), pairs(expected), "in: {text}");
}

#[test]
fn negation_reaches_every_cause_of_a_coordination() {
    assert_causes(
        "en",
        "Slack is down for thousands of users this morning. The company said the outage was \
         not a security incident or a cyberattack.",
        &[("cyberattack", "ruled_out")],
    );
    assert_causes(
        "fr",
        "Panne géante chez Bouygues Telecom : internet et appels coupés. L'opérateur affirme \
         qu'il ne s'agit ni d'une cyberattaque ni d'une coupure de courant.",
        &[("cyberattack", "ruled_out"), ("power", "ruled_out")],
    );
    assert_causes(
        "it",
        "WhatsApp down in tutta Italia, messaggi bloccati da ore. Meta ha escluso sia un \
         attacco hacker sia un guasto hardware.",
        &[
            ("cyberattack", "ruled_out"),
            ("infrastructure", "ruled_out"),
        ],
    );
}

#[test]
fn negation_stops_where_another_clause_begins() {
    assert_causes(
        "fr",
        "Panne de Deezer : l'application est inaccessible depuis midi. L'entreprise a démenti \
         toute cyberattaque, en précisant que ses ingénieurs cherchent toujours pourquoi la \
         mise à jour défectueuse est partie en production.",
        &[("cyberattack", "ruled_out"), ("software_bug", "confirmed")],
    );
    assert_causes(
        "it",
        "Twitch down, stream bloccati in tutta Europa. Nessun attacco, colpa di un bug \
         nell'ultimo aggiornamento del player.",
        &[("cyberattack", "ruled_out"), ("software_bug", "confirmed")],
    );
    assert_causes(
        "en",
        "Zoom outage leaves meetings stuck. The company said it was not caused, directly or \
         indirectly, by a cyber attack.",
        &[("cyberattack", "ruled_out")],
    );
}

#[test]
fn hedged_wording_is_suspected() {
    assert_causes(
        "en",
        "Teams and Outlook are down for many users. Microsoft said it had identified a \
         potential network issue and is reviewing telemetry.",
        &[("network", "suspected")],
    );
    assert_causes(
        "fr",
        "Les abonnés Free sont privés d'internet depuis ce matin. D'après plusieurs \
         internautes, la panne pourrait venir d'une opération de maintenance.",
        &[("maintenance", "suspected")],
    );
    assert_causes(
        "it",
        "Instagram down oggi, il feed non si carica. Non si esclude un attacco DDoS contro i \
         server di Meta.",
        &[("cyberattack", "suspected")],
    );
}

#[test]
fn a_cause_asked_about_is_suspected() {
    assert_causes(
        "fr",
        "Panne SFR : plus d'appels ni d'internet depuis 11 heures. Aucune précision sur \
         l'origine de l'incident (piratage ? bug ?).",
        &[("cyberattack", "suspected"), ("software_bug", "suspected")],
    );
    assert_causes(
        "en",
        "Discord is down for users across Europe. Was it caused by a DDoS attack?",
        &[("cyberattack", "suspected")],
    );
}

#[test]
fn a_list_of_hypotheses_is_suspected() {
    assert_causes(
        "it",
        "Aruba down: la webmail non risponde da stamattina.\n\
         Le ipotesi sul tavolo sono diverse:\n\
         - Attacco DDoS: un'ondata di richieste contro i server.\n\
         - Guasto hardware in una delle sale macchine.\n",
        &[
            ("cyberattack", "suspected"),
            ("infrastructure", "suspected"),
        ],
    );
    assert_causes(
        "fr",
        "Steam est en panne depuis 20 heures. Maintenance, incendie dans un datacenter ou \
         cyberattaque, toutes les hypothèses restent ouvertes. Ou un simple changement de code.",
        &[
            ("maintenance", "suspected"),
            ("infrastructure", "suspected"),
            ("cyberattack", "suspected"),
            ("software_bug", "suspected"),
        ],
    );
}

#[test]
fn a_cause_suspected_then_excluded_is_ruled_out() {
    assert_causes(
        "en",
        "PlayStation Network is down worldwide. Many players suspected a cyberattack. Sony \
         later ruled out a cyberattack.",
        &[("cyberattack", "ruled_out")],
    );
}

#[test]
fn a_cause_stated_as_fact_is_confirmed() {
    assert_causes(
        "it",
        "Telegram non funziona in Europa da stamattina. Il disservizio è stato causato da \
         un'interruzione di corrente nel centro dati di Amsterdam.",
        &[("power", "confirmed")],
    );
    assert_causes(
        "fr",
        "Le site de la CAF est inaccessible depuis lundi. Il est resté saturé toute la journée \
         face à un afflux massif de connexions.",
        &[("traffic_surge", "confirmed")],
    );
    assert_causes(
        "en",
        "Copilot was down for two hours on Tuesday. Engineers traced it to a configuration \
         change and rolled it back.",
        &[("configuration_error", "confirmed")],
    );
}

#[test]
fn background_and_vague_words_are_not_causes() {
    // What a service protects its customers from, and "a technical issue" that explains
    // nothing.
    assert_causes(
        "en",
        "Akamai outage takes airline websites offline. Akamai sells a service that protects \
         them from distributed denial-of-service (DDoS) attacks. Akamai blamed a technical \
         issue.",
        &[],
    );
    assert_causes(
        "it",
        "Cloudflare è down, migliaia di siti irraggiungibili. L'azienda offre una piattaforma \
         per proteggersi dagli attacchi DDoS. Si è trattato di un problema tecnico.",
        &[],
    );
    assert_causes(
        "fr",
        "Panne géante chez Orange : plus d'internet. Afin de prévenir tout acte de \
         malveillance, les comptes ont été bloqués.",
        &[],
    );
}

#[test]
fn a_launch_coinciding_with_an_outage_is_only_suspected() {
    assert_causes(
        "it",
        "Poste Italiane down: sito e app non funzionano. Il blocco è arrivato nel giorno del \
         lancio ufficiale della nuova app.",
        &[("product_launch", "suspected")],
    );
}

#[test]
fn a_maintenance_page_alone_is_suspected_maintenance() {
    assert_causes(
        "en",
        "Reddit is down for many users. Those who could load the site saw a maintenance page \
         instead of their feed.",
        &[("maintenance", "suspected")],
    );
    assert_causes(
        "fr",
        "Panne de Leboncoin : le site est inaccessible depuis ce matin et affiche une page de \
         maintenance.",
        &[("maintenance", "suspected")],
    );
}

#[test]
fn an_error_message_that_says_denied_rules_nothing_out() {
    assert_causes(
        "en",
        "Dropbox is down for many users. People saw Access denied errors after a faulty update \
         reached the servers overnight.",
        &[("software_bug", "confirmed")],
    );
}

#[test]
fn services_down_because_their_provider_failed_give_third_party() {
    assert_causes(
        "en",
        "DuckDuckGo and ChatGPT search are down this morning because they rely on Bing, \
         which is failing too.",
        &[("third_party", "confirmed")],
    );
    assert_causes(
        "fr",
        "Panne géante : des milliers de sites hébergés par OVHcloud sont inaccessibles depuis \
         l'incendie de Strasbourg.",
        &[
            ("third_party", "confirmed"),
            ("infrastructure", "confirmed"),
        ],
    );
    assert_causes(
        "en",
        "Google Cloud outage: Spotify, Discord and Snapchat were down for hours on Thursday \
         because Google Cloud failed.",
        &[("third_party", "confirmed")],
    );
}

#[test]
fn a_company_running_on_its_own_cloud_is_not_a_third_party() {
    assert_causes(
        "fr",
        "Panne Microsoft : Teams et Outlook sont en panne. Tous les services de Microsoft \
         fonctionnent sur Azure, qui a subi une erreur réseau.",
        &[("network", "confirmed")],
    );
}

#[test]
fn a_section_heading_alone_does_not_confirm_a_cause() {
    assert_causes(
        "en",
        "Spotify is down for many users this afternoon.\n\n\
         A traffic surge at the worst moment\n\n\
         Some fans think the surprise album release overloaded the servers.",
        &[("traffic_surge", "suspected")],
    );
    assert_causes(
        "it",
        "ChatGPT down, errori per migliaia di utenti in tutta Italia.\n\n\
         Il nuovo modello e il picco di traffico\n\n\
         Secondo alcuni esperti il nuovo modello potrebbe aver attirato troppi utenti.",
        &[
            ("product_launch", "suspected"),
            ("traffic_surge", "suspected"),
        ],
    );
}
