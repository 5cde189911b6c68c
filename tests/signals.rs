//! Error signals told the way news articles tell them: blocked actions ("unable to place
//! calls", "impossible de regarder", "le chiamate non vanno a buon fine"), their negation and
//! clause limits, `server_error` next to an exact code, and is_outage on announcements of
//! permanent shutdowns and acquisitions. The sentences are written for these tests.

use outage_news::Pipeline;

/// The error signals and HTTP statuses of `text`, and whether it is an outage report.
fn read(text: &str) -> (Vec<String>, Vec<u16>, bool) {
    let pipeline = Pipeline::builder()
        .reference_date("2025-06-10")
        .and_then(|b| b.build())
        .expect("the embedded lexicons build");
    let record = pipeline.process("test.txt", text.as_bytes());
    let article = record.article().expect("an article record");
    let signals = article
        .error_signals
        .iter()
        .map(|s| s.as_str().to_string())
        .collect();
    let codes = article.errors.iter().map(|e| e.http_status).collect();
    (signals, codes, article.is_outage)
}

fn signals(text: &str) -> Vec<String> {
    read(text).0
}

#[test]
fn a_failure_predicate_before_an_action_word_gives_its_signal() {
    let en = signals(
        "Verizon outage: since this morning customers have been unable to place or receive any \
         calls across the country, the carrier said.",
    );
    assert!(en.contains(&"call_failure".to_string()), "{en:?}");
    let fr = signals(
        "Netflix en panne ce soir : impossible donc de regarder le moindre film depuis 20h, \
         selon des milliers d'abonnés.",
    );
    assert!(fr.contains(&"playback_failure".to_string()), "{fr:?}");
    let it = signals(
        "Disservizio Fastweb: da stamattina molti clienti non riescono più a navigare e la \
         fibra risulta ferma in diverse città.",
    );
    assert!(it.contains(&"connection_error".to_string()), "{it:?}");
}

#[test]
fn a_failure_predicate_after_an_action_word_gives_its_signal() {
    let it = signals(
        "Iliad down in tutta Italia: da mezzogiorno le chiamate non vanno a buon fine e gli \
         utenti protestano sui social.",
    );
    assert!(it.contains(&"call_failure".to_string()), "{it:?}");
    let fr = signals(
        "Panne chez Free : depuis ce matin, la connexion coupée empêche des milliers de foyers \
         de travailler.",
    );
    assert!(fr.contains(&"connection_error".to_string()), "{fr:?}");
}

#[test]
fn negated_predicates_and_other_clauses_say_nothing() {
    let en = signals(
        "Microsoft Teams is down for thousands of users this morning, but people had no \
         problems sending files through Outlook.",
    );
    assert!(!en.contains(&"message_send_failure".to_string()), "{en:?}");
    let en = signals(
        "Microsoft Teams is down for thousands of users this morning, and people had problems \
         sending files through Outlook.",
    );
    assert!(en.contains(&"message_send_failure".to_string()), "{en:?}");
    let fr = signals(
        "Zoom est en panne depuis midi : impossible de se connecter au compte, mais les appels \
         en cours continuent normalement.",
    );
    assert!(fr.contains(&"login_failure".to_string()), "{fr:?}");
    assert!(!fr.contains(&"call_failure".to_string()), "{fr:?}");
}

#[test]
fn a_server_error_phrase_next_to_its_code_is_no_separate_signal() {
    let (signals, codes, _) = read(
        "Gmail is down for many users this morning. People across Europe and the United States \
         get a server error 500 when they try to open their inbox, and Google said it is \
         investigating the problem.",
    );
    assert_eq!(codes, [500]);
    assert!(
        !signals.contains(&"server_error".to_string()),
        "{signals:?}"
    );
    let (signals, codes, _) = read(
        "Gmail is down for many users this morning. People across Europe and the United States \
         keep getting server errors when they try to read their mail, and Google said it is \
         investigating the problem.",
    );
    assert!(codes.is_empty());
    assert!(signals.contains(&"server_error".to_string()), "{signals:?}");
}

#[test]
fn permanent_shutdowns_and_acquisitions_are_not_outages() {
    let (_, _, en) = read(
        "Google will retire its podcast app next spring as part of a spring cleaning of old \
         products; listeners are asked to move to YouTube Music before the app is discontinued.",
    );
    assert!(!en);
    let (_, _, it) = read(
        "Skype, chiusura definitiva a maggio: il servizio non sarà più disponibile e gli utenti \
         dovranno passare a Teams.",
    );
    assert!(!it);
    let (_, _, fr) = read(
        "Rachat : le groupe a racheté l'éditeur de Downdetector, l'outil qui recense les pannes, \
         pour un milliard de dollars.",
    );
    assert!(!fr);
}

#[test]
fn a_service_told_offline_or_unavailable_is_an_access_failure() {
    let en = signals(
        "Dozens of shopping sites were unavailable for most of the afternoon, and several \
         banking apps are still offline tonight.",
    );
    assert!(en.contains(&"access_failure".to_string()), "{en:?}");
    let it = signals(
        "Down di Steam: la piattaforma è ancora offline e i giocatori aspettano notizie da Valve.",
    );
    assert!(it.contains(&"access_failure".to_string()), "{it:?}");
    // A hypothetical is no report: "if it is unavailable" names no failure.
    let hypothetical = signals(
        "Some teams keep a second provider: if one service is unavailable, they switch to the \
         other one.",
    );
    assert!(
        !hypothetical.contains(&"access_failure".to_string()),
        "{hypothetical:?}"
    );
}

#[test]
fn phones_in_sos_mode_and_disrupted_calls_are_call_failures() {
    let en = signals(
        "T-Mobile outage: phones across the Midwest were stuck in SOS mode for hours on Monday.",
    );
    assert!(en.contains(&"call_failure".to_string()), "{en:?}");
    let fr = signals(
        "Panne SFR : l'incident continue de perturber les appels dans tout le sud-ouest depuis \
         midi.",
    );
    assert!(fr.contains(&"call_failure".to_string()), "{fr:?}");
    let it = signals(
        "Down WindTre: telefoni fuori uso in mezza Lombardia da questa mattina, segnalano gli \
         utenti.",
    );
    assert!(it.contains(&"call_failure".to_string()), "{it:?}");
}

#[test]
fn one_predicate_governs_every_action_of_an_enumeration() {
    let fr = signals(
        "Panne Bouygues : les clients sont dans l'incapacité d'utiliser leur smartphone, qu'il \
         s'agisse de passer un coup de fil, d'envoyer un SMS ou de naviguer sur internet.",
    );
    for s in ["call_failure", "message_send_failure", "connection_error"] {
        assert!(fr.contains(&s.to_string()), "{s} in {fr:?}");
    }
    let en = signals(
        "Vodafone outage: customers were unable to use their smartphones this morning, whether to \
         make calls, send texts or browse the web.",
    );
    for s in ["call_failure", "message_send_failure"] {
        assert!(en.contains(&s.to_string()), "{s} in {en:?}");
    }
    // A new clause ends the enumeration.
    let it = signals(
        "Down Fastweb: impossibile navigare da stamattina; gli utenti intanto telefonano al \
         servizio clienti.",
    );
    assert!(!it.contains(&"call_failure".to_string()), "{it:?}");
}

#[test]
fn a_number_coordinated_with_a_status_in_context_is_a_status_too() {
    let (_, codes, _) = read(
        "GitHub down\nDevelopers saw GitHub return 500 and 422 error codes on their \
         repositories for about forty minutes.",
    );
    assert_eq!(codes, [500, 422]);
    // A count next to a status is not one.
    let (_, codes, _) =
        read("GitHub down\nAbout 500 users and then 3000 reported a 503 error on Monday morning.");
    assert_eq!(codes, [503]);
}

#[test]
fn payments_refused_are_an_access_failure() {
    let en = signals(
        "Card outage\nShoppers were unable to pay for their groceries with their cards on \
         Friday evening.",
    );
    assert!(en.contains(&"access_failure".to_string()), "{en:?}");
}
