//! HTML input: realistic article pages (it/fr/en) under `tests/data/html/` whose scripts,
//! styles, navigation, ads and comments are full of outage words that must never reach the
//! record; only the article's own text does, and the page's metadata gives `published`.

mod common;

use std::path::Path;

use outage_news::record::Article;
use outage_news::{Pipeline, Record};

fn pipeline() -> Pipeline {
    Pipeline::builder()
        .with_text(true)
        .build()
        .expect("embedded lexicons")
}

fn process_file(name: &str) -> Record {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/html")
        .join(name);
    let bytes = std::fs::read(&path).expect("test page");
    pipeline().process(name, &bytes)
}

fn article(record: &Record) -> &Article {
    record
        .article()
        .unwrap_or_else(|| panic!("an article record: {record:?}"))
}

fn service_names(article: &Article) -> Vec<&str> {
    article.services.iter().map(|s| s.name.as_str()).collect()
}

fn assert_absent(article: &Article, furniture_services: &[&str], furniture_words: &[&str]) {
    let names = service_names(article);
    for name in furniture_services {
        assert!(
            !names.contains(name),
            "{name} comes from page furniture: {names:?}"
        );
    }
    let text = article.text.as_deref().unwrap_or("");
    for word in furniture_words {
        assert!(
            !text.contains(word),
            "`{word}` leaked into the text:\n{text}"
        );
    }
}

#[test]
fn italian_page_gives_the_article_and_nothing_from_scripts_or_furniture() {
    let record = process_file("it-chatgpt-down.html");
    let a = article(&record);
    let text = a.text.as_deref().unwrap_or("");
    assert!(a.decoding.html);
    assert_eq!(a.language.code, "it");
    assert!(a.is_outage);
    assert_eq!(
        text.lines().next(),
        Some("ChatGPT down: errore 503 per migliaia di utenti"),
        "the <h1> is the first line:\n{text}"
    );
    // article:published_time beats JSON-LD (06-09), <meta name=date> (06-11) and <time>.
    assert_eq!(a.published.as_deref(), Some("2025-06-10"));
    let chatgpt = a.services.iter().find(|s| s.name == "ChatGPT");
    assert!(chatgpt.is_some_and(|s| s.role == outage_news::record::Role::Affected));
    assert!(
        a.errors.iter().any(|e| e.http_status == 503),
        "{:?}",
        a.errors
    );
    assert!(
        a.errors.iter().all(|e| e.http_status == 503),
        "{:?}",
        a.errors
    );
    assert!(text.contains("l’impossibilità di accedere"), "{text}");
    assert!(
        text.contains("«503 Service Temporarily Unavailable»"),
        "{text}"
    );
    assert_absent(
        a,
        &[
            "Slack",
            "Discord",
            "WhatsApp",
            "Instagram",
            "Netflix",
            "Teams",
            "Outlook",
            "Gemini",
            "Claude",
            "YouTube",
            "AWS",
            "Facebook",
            "Telegram",
            "Spotify",
        ],
        &[
            "cookie",
            "Pubblicità",
            "Leggi anche",
            "dataLayer",
            "TecnoGiornale",
            "Bozza",
        ],
    );
    common::assert_article_evidence(a, "html");
}

#[test]
fn french_page_takes_itemprop_date_and_drops_share_and_newsletter_boxes() {
    let record = process_file("fr-whatsapp-panne.htm");
    let a = article(&record);
    let text = a.text.as_deref().unwrap_or("");
    assert_eq!(a.language.code, "fr");
    assert!(a.is_outage);
    assert_eq!(a.published.as_deref(), Some("2025-03-04"));
    assert_eq!(
        text.lines().next(),
        Some("Panne géante de WhatsApp\u{a0}: les messages ne partent plus")
    );
    assert!(
        a.services
            .iter()
            .any(|s| s.name == "WhatsApp" && s.role == outage_news::record::Role::Affected),
        "{:?}",
        service_names(a)
    );
    // `<article class="post has-ads">` is content, not an ad.
    assert!(
        text.contains("Depuis ce matin, WhatsApp ne fonctionne plus"),
        "{text}"
    );
    assert_absent(
        a,
        &["Facebook", "Gmail", "Twitch", "Instagram", "X"],
        &["Partager", "Inscrivez-vous", "Mentions légales", "Accueil"],
    );
    common::assert_article_evidence(a, "html");
}

#[test]
fn english_page_takes_json_ld_date_and_ignores_sidebar_and_comments() {
    let record = process_file("en-claude-outage.html");
    let a = article(&record);
    let text = a.text.as_deref().unwrap_or("");
    assert_eq!(a.language.code, "en");
    assert!(a.is_outage);
    assert_eq!(a.published.as_deref(), Some("2025-01-23"));
    assert!(
        service_names(a).contains(&"Claude"),
        "{:?}",
        service_names(a)
    );
    assert!(
        text.contains("Start 14:10 ET"),
        "table cells keep a space: {text}"
    );
    assert_absent(
        a,
        &[
            "Slack",
            "Zoom",
            "ChatGPT",
            "GitHub",
            "Microsoft 365",
            "Azure",
            "Cloudflare",
            "Discord",
        ],
        &["Trending", "Bob:", "DevNews", "window.ads"],
    );
    assert!(a
        .errors
        .iter()
        .all(|e| e.http_status != 502 && e.http_status != 503));
    common::assert_article_evidence(a, "html");
}

#[test]
fn a_page_whose_only_outage_words_are_in_scripts_gives_nothing() {
    let page = "<!DOCTYPE html><html><head><title></title>\
        <script>var msg = 'ChatGPT down 503 Service Unavailable';</script>\
        <style>.x:after{content:'Slack outage 502 Bad Gateway'}</style></head>\
        <body><script>document.write('<p>WhatsApp down</p>')</script></body></html>";
    let record = pipeline().process("page.html", page.as_bytes());
    let error = record.error().expect("an error record");
    assert_eq!(error.kind, outage_news::record::ErrorKind::Empty);

    let page = format!("{page}<p>Il meteo di domani: sole su tutta la penisola.</p>");
    let record = pipeline().process("page.html", page.as_bytes());
    let a = article(&record);
    assert!(!a.is_outage);
    assert!(a.services.is_empty(), "{:?}", service_names(a));
    assert!(a.errors.is_empty());
}

#[test]
fn html_is_recognised_by_content_whatever_the_file_name() {
    let page = "\u{feff}\n  <!DOCTYPE html>\n<html><body><h1>Panne d&#39;Orange</h1>\
        <p>Internet ne fonctionne plus pour les clients Orange depuis ce matin.</p></body></html>";
    let record = pipeline().process("saved.txt", page.as_bytes());
    let a = article(&record);
    assert!(a.decoding.html);
    assert_eq!(
        a.text.as_deref(),
        Some("Panne d'Orange\n\nInternet ne fonctionne plus pour les clients Orange depuis ce matin.")
    );

    // Plain text that merely mentions tags stays plain text.
    let text = "ChatGPT down: the <b> tag in the status page broke. Users see error 503.";
    let record = pipeline().process("note.txt", text.as_bytes());
    let a = article(&record);
    assert!(!a.decoding.html);
    assert_eq!(a.text.as_deref(), Some(text));
}

#[test]
fn html_metadata_date_wins_over_a_date_line_in_the_text() {
    let page =
        "<html><head><meta property=\"article:published_time\" content=\"2025-06-10\"></head>\
        <body><h1>WhatsApp down in tutta Italia</h1><p>Pubblicato il 3 maggio 2024</p>\
        <p>Da stamattina WhatsApp non funziona: i messaggi non partono e le chiamate falliscono \
        per migliaia di utenti.</p></body></html>";
    let record = pipeline().process("page.html", page.as_bytes());
    let a = article(&record);
    assert_eq!(a.published.as_deref(), Some("2025-06-10"));
    // "stamattina" resolves against the metadata date.
    assert_eq!(
        a.incident_date.as_ref().map(|d| d.value.as_str()),
        Some("2025-06-10")
    );

    // Without metadata, the date line is the publication date.
    let plain = page.replace(
        "<meta property=\"article:published_time\" content=\"2025-06-10\">",
        "",
    );
    let record = pipeline().process("page.html", plain.as_bytes());
    assert_eq!(article(&record).published.as_deref(), Some("2024-05-03"));
}

#[test]
fn mojibake_inside_html_is_repaired_after_extraction() {
    let page = "<html><body><h1>Panne gÃ©ante de Free</h1><p>PubliÃ© le 2 mars 2025. \
        Les abonnÃ©s Free nâ€™ont plus dâ€™accÃ¨s Ã  Internet depuis ce matin.</p></body></html>";
    let record = pipeline().process("page.html", page.as_bytes());
    let a = article(&record);
    assert!(a.decoding.mojibake_repaired);
    let text = a.text.as_deref().unwrap_or("");
    assert!(
        text.starts_with("Panne géante de Free\n\nPublié le 2 mars 2025."),
        "{text}"
    );
    assert_eq!(a.published.as_deref(), Some("2025-03-02"));
    common::assert_article_evidence(a, "html");
}
