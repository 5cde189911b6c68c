//! Which services an article says failed, on short articles written for these tests: victims
//! listed by name whether or not the lexicon knows them, and social networks named as the
//! place people complained.

use outage_news::record::Role;
use outage_news::Pipeline;

/// The record's services as `(name, vendor, role)`.
fn services(text: &str) -> Vec<(String, Option<String>, Role)> {
    let pipeline = Pipeline::builder()
        .reference_date("2025-03-04")
        .and_then(|b| b.build())
        .expect("default pipeline");
    let record = pipeline.process("test.txt", text.as_bytes());
    let article = record.article().expect("an article record");
    article
        .services
        .iter()
        .map(|s| (s.name.clone(), s.vendor.clone(), s.role))
        .collect()
}

fn role_of(services: &[(String, Option<String>, Role)], name: &str) -> Option<Role> {
    services.iter().find(|s| s.0 == name).map(|s| s.2)
}

#[test]
fn unknown_victims_in_a_list_keep_their_spelling_and_no_vendor() {
    let text = "Cloudflare outage takes sites offline\n\
        A failure at Cloudflare knocked websites offline on Tuesday morning. \
        Discord, Zyntrix Books, the Daily Lantern and shop.example.org were unreachable for an hour.";
    let s = services(text);
    assert_eq!(role_of(&s, "Discord"), Some(Role::Affected), "{s:?}");
    for name in ["Zyntrix Books", "Daily Lantern", "shop.example.org"] {
        let found = s.iter().find(|x| x.0 == name);
        assert!(
            matches!(found, Some((_, None, Role::Affected))),
            "{name}: {s:?}"
        );
    }
}

#[test]
fn unknown_victims_in_french_and_italian_lists() {
    let fr = "Panne géante chez Cloudflare\n\
        Depuis ce matin, Discord, Banque Lunaire et le Journal du Soir sont inaccessibles.";
    let s = services(fr);
    assert_eq!(role_of(&s, "Banque Lunaire"), Some(Role::Affected), "{s:?}");
    assert_eq!(
        role_of(&s, "Journal du Soir"),
        Some(Role::Affected),
        "{s:?}"
    );

    let it = "Down di Cloudflare\n\
        Stamattina Discord, Gazzetta del Borgo e Libreria Stellare sono risultati irraggiungibili.";
    let s = services(it);
    assert_eq!(
        role_of(&s, "Gazzetta del Borgo"),
        Some(Role::Affected),
        "{s:?}"
    );
    assert_eq!(
        role_of(&s, "Libreria Stellare"),
        Some(Role::Affected),
        "{s:?}"
    );
}

#[test]
fn a_company_in_a_list_of_victims_becomes_a_service() {
    let text = "Major CDN outage\n\
        The outage at Fastly took down Reddit, Amazon and Zyntrix Books for nearly an hour.";
    let s = services(text);
    assert!(
        s.iter()
            .any(|x| x.0 == "Amazon" && x.1.as_deref() == Some("Amazon") && x.2 == Role::Affected),
        "{s:?}"
    );
}

#[test]
fn places_people_and_lists_without_a_known_service_are_not_victims() {
    let text = "Orange network outage\n\
        Orange customers lost their connection on Monday. \
        The outage hit Marseille, Lyon, Nice and Toulouse hardest, where customers could not call. \
        Since 17:00, Paris time, Orange and Sosh subscribers have been unable to connect.";
    let s = services(text);
    for place in ["Marseille", "Lyon", "Nice", "Toulouse", "Paris"] {
        assert!(s.iter().all(|x| x.0 != place), "{place}: {s:?}");
    }
}

#[test]
fn a_list_said_to_work_is_no_list_of_victims() {
    let text = "AT&T outage\n\
        AT&T customers could not make calls on Thursday. \
        Verizon, Quillon Mobile and T-Mobile said their networks were operating normally.";
    let s = services(text);
    assert!(s.iter().all(|x| x.0 != "Quillon Mobile"), "{s:?}");
    assert_eq!(role_of(&s, "Verizon"), Some(Role::Mentioned), "{s:?}");
}

#[test]
fn social_networks_named_as_where_people_posted_are_mentioned() {
    for text in [
        "Rogers outage\nRogers customers cannot call or text. The carrier said in a Twitter post \
         that it was working to restore service. Police said on Twitter that 911 still works.",
        "Panne chez Free\nLes abonnés Free sont privés d'Internet. L'opérateur a indiqué sur le \
         réseau social X que la panne était en cours de résolution.",
        "Disservizio Iliad\nGli utenti Iliad non riescono a chiamare. Le segnalazioni sono \
         visibili sul social network Twitter e l'hashtag è tra i trending topic.",
        "WhatsApp down\nWhatsApp is down for thousands of users. \
         The outage is obvious, a user wrote pic.twitter.com/abcdef in a post.",
    ] {
        let s = services(text);
        assert_ne!(role_of(&s, "X"), Some(Role::Affected), "{text}\n{s:?}");
    }
}

#[test]
fn a_social_network_that_failed_is_still_affected() {
    let s =
        services("Twitter down\nTwitter is down for thousands of users worldwide this morning.");
    assert_eq!(role_of(&s, "X"), Some(Role::Affected), "{s:?}");
}

#[test]
fn a_sentence_that_carries_on_the_one_before_shares_its_failure() {
    let en = "Fastly outage\nA fault at Fastly made many websites unavailable on Tuesday. \
        Among them: Reddit, Twitch and the Daily Lantern.";
    let s = services(en);
    assert_eq!(role_of(&s, "Reddit"), Some(Role::Affected), "{s:?}");
    assert_eq!(role_of(&s, "Twitch"), Some(Role::Affected), "{s:?}");

    let fr = "Panne chez OpenAI\nChatGPT est en panne depuis ce matin. D'autres services \
        d'OpenAI ont aussi été affectés. Notamment le générateur de vidéos Sora.";
    let s = services(fr);
    assert_eq!(role_of(&s, "Sora"), Some(Role::Affected), "{s:?}");

    // Without the opening cue, a later sentence says nothing of the failure before it.
    let fr = "Panne chez OpenAI\nChatGPT a été affecté ce matin. \
        Le générateur de vidéos Sora a été présenté l'an dernier.";
    let s = services(fr);
    assert_eq!(role_of(&s, "Sora"), Some(Role::Mentioned), "{s:?}");
}

#[test]
fn a_brand_coordinated_with_a_failing_brand_of_its_vendor_shares_its_fate() {
    let fr = "Panne Free\nHier soir, la fibre de Free était coupée dans tout le pays. \
        Les abonnés Freebox et Free Mobile n'avaient plus rien.";
    let s = services(fr);
    assert_eq!(role_of(&s, "Free Mobile"), Some(Role::Affected), "{s:?}");

    // A brand of another vendor, or one merely named near the vendor, is not swept in.
    let en = "WhatsApp down\nWhatsApp was down for two hours on Tuesday. \
        WhatsApp belongs to Meta, which also owns Facebook and Instagram.";
    let s = services(en);
    assert_eq!(role_of(&s, "WhatsApp"), Some(Role::Affected), "{s:?}");
    assert_eq!(role_of(&s, "Instagram"), Some(Role::Mentioned), "{s:?}");
}

#[test]
fn a_company_named_with_its_own_services_is_an_affected_service() {
    let it = "Google, mattinata nera\nStamattina tutti i servizi di Google sono andati fuori uso \
        per quasi un'ora, da Gmail a YouTube.";
    let s = services(it);
    assert_eq!(role_of(&s, "Google"), Some(Role::Affected), "{s:?}");
    assert_eq!(role_of(&s, "Gmail"), Some(Role::Affected), "{s:?}");

    let fr = "Panne mondiale\nLes services Google rencontrent une panne majeure ce matin.";
    let s = services(fr);
    assert_eq!(role_of(&s, "Google"), Some(Role::Affected), "{s:?}");

    // The company as the one that speaks is no failing service.
    let en = "Gmail outage\nGmail was down for an hour on Monday, Google said in a statement.";
    let s = services(en);
    assert_eq!(role_of(&s, "Gmail"), Some(Role::Affected), "{s:?}");
    assert_eq!(role_of(&s, "Google"), None, "{s:?}");
}

#[test]
fn networks_listed_with_a_channel_or_as_trends_are_where_people_complained() {
    let it = "WhatsApp down oggi\nWhatsApp non funziona da stamattina in tutta Italia. \
        Su Instagram e Facebook si leggono i commenti di chi ha problemi anche all'estero.";
    let s = services(it);
    assert_eq!(role_of(&s, "WhatsApp"), Some(Role::Affected), "{s:?}");
    assert_eq!(role_of(&s, "Instagram"), Some(Role::Mentioned), "{s:?}");
    assert_eq!(role_of(&s, "Facebook"), Some(Role::Mentioned), "{s:?}");

    let it = "Iliad down\nLa rete Iliad è in down da ore, con l'hashtag #iliaddown \
        tra i trending topic di Twitter e tanti problemi di connessione.";
    let s = services(it);
    assert_eq!(role_of(&s, "Iliad"), Some(Role::Affected), "{s:?}");
    assert_eq!(role_of(&s, "X"), Some(Role::Mentioned), "{s:?}");

    let en = "Bank app outage\nNorthbank's app was down on Friday. Earlier the bank wrote a \
        post on X, formerly Twitter, saying some customers were having issues logging in.";
    let s = services(en);
    assert_eq!(role_of(&s, "X"), Some(Role::Mentioned), "{s:?}");
}

#[test]
fn a_service_said_to_work_is_mentioned_whatever_its_report_counts() {
    let en = "Verizon outage\nVerizon customers could not make calls on Thursday. \
        AT&T had more than 4,000 outage reports and T-Mobile had 1,900 reports too. \
        But both AT&T and T-Mobile said their networks were operating normally.";
    let s = services(en);
    assert_eq!(role_of(&s, "Verizon"), Some(Role::Affected), "{s:?}");
    assert_eq!(role_of(&s, "AT&T"), Some(Role::Mentioned), "{s:?}");
    assert_eq!(role_of(&s, "T-Mobile"), Some(Role::Mentioned), "{s:?}");
}

#[test]
fn sub_products_with_their_own_status_component_stay_separate() {
    let s = services(
        "PSN down this evening\nPlayStation Network is down: players cannot sign in on PS5 and \
         the PlayStation Store will not load either.",
    );
    assert_eq!(
        role_of(&s, "PlayStation Network"),
        Some(Role::Affected),
        "{s:?}"
    );
    assert_eq!(
        role_of(&s, "PlayStation Store"),
        Some(Role::Affected),
        "{s:?}"
    );
    let s = services(
        "Nest outage\nNest cameras and thermostats went offline for hours on Monday; owners \
         could not open the Nest app.",
    );
    assert!(
        s.iter()
            .any(|x| x.0 == "Nest" && x.1.as_deref() == Some("Google") && x.2 == Role::Affected),
        "{s:?}"
    );
    assert_eq!(role_of(&s, "Google Home"), None, "{s:?}");
}

#[test]
fn an_operator_named_with_its_customers_in_any_case() {
    let s = services(
        "Rete in tilt\nGiornata difficile per gli utenti Tim: da questa mattina la rete mobile \
         non funziona in molte regioni.",
    );
    assert_eq!(role_of(&s, "TIM"), Some(Role::Affected), "{s:?}");
}

#[test]
fn a_network_right_after_a_failure_signal_is_what_failed_not_a_channel() {
    let fr = "Panne chez Meta ce mardi\n\
        Une panne touche Facebook depuis midi. Une lectrice raconte qu'elle s'est rendu compte \
        de la panne quand ses messages ne partaient plus sur Instagram.";
    let s = services(fr);
    assert_eq!(role_of(&s, "Instagram"), Some(Role::Affected), "{s:?}");
    // A complaint on the network still names the place people posted.
    let fr = "Panne chez Meta ce mardi\n\
        Une panne touche Facebook depuis midi. Les utilisateurs se plaignent sur Instagram.";
    let s = services(fr);
    assert_eq!(role_of(&s, "Instagram"), Some(Role::Mentioned), "{s:?}");
}

#[test]
fn a_subsidiary_brand_named_with_its_failing_parent_shares_its_fate() {
    let fr = "Panne géante chez Orange\n\
        Depuis ce matin, les abonnés Orange et sa filiale Sosh sont privés de connexion internet.";
    let s = services(fr);
    assert_eq!(role_of(&s, "Sosh"), Some(Role::Affected), "{s:?}");
}

#[test]
fn a_vendors_bare_product_names_stand_for_its_products_in_its_story() {
    let fr = "Panne chez Google\n\
        Gmail est en panne depuis ce matin et la panne s'est étendue à Keep et à l'Admin Console.";
    let s = services(fr);
    for name in ["Google Keep", "Google Admin console"] {
        assert_eq!(role_of(&s, name), Some(Role::Affected), "{name}: {s:?}");
    }
    let it = "Wind down: telefoni muti in tutta Italia\n\
        Molti utenti Wind non riescono a telefonare da questa mattina.";
    let s = services(it);
    assert_eq!(role_of(&s, "Wind"), Some(Role::Affected), "{s:?}");
}

#[test]
fn user_accounts_are_no_channel_and_outage_trackers_are_only_mentioned() {
    let fr = "Panne du PlayStation Network\n\
        Sony indique que plusieurs services sont touchés : la gestion des comptes, les fonctions \
        sociales et le PlayStation Store. Les signalements se multiplient sur TotalBug.";
    let s = services(fr);
    assert_eq!(
        role_of(&s, "PlayStation Store"),
        Some(Role::Affected),
        "{s:?}"
    );
    assert_eq!(role_of(&s, "TotalBug"), Some(Role::Mentioned), "{s:?}");
}

#[test]
fn a_forum_where_someone_commented_is_only_mentioned() {
    let en = "GitHub is down\nGitHub returned errors for an hour on Monday. One developer \
        commented on Hacker News that pushes were failing everywhere.";
    let s = services(en);
    assert_eq!(role_of(&s, "Hacker News"), Some(Role::Mentioned), "{s:?}");
}

#[test]
fn a_forum_where_reports_pile_up_is_only_mentioned() {
    let it =
        "Fortnite down\nIl gioco non funziona da stamattina e le segnalazioni si moltiplicano \
        su internet, fra Reddit e i forum dei giocatori.";
    let s = services(it);
    assert_eq!(role_of(&s, "Reddit"), Some(Role::Mentioned), "{s:?}");
    assert_eq!(role_of(&s, "Fortnite"), Some(Role::Affected), "{s:?}");
}
