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

// One page per cause of the old stage's misses (issue 19), written for these tests.

/// A paragraph of filler long enough for the DOM pass to see an article.
fn story(topic: &str) -> String {
    (1..=6)
        .map(|i| {
            format!(
                "<p>Paragraph {i} about {topic}: users reported that the service stopped \
                 answering in the morning, engineers traced the fault to a configuration \
                 change and rolled it back before noon, said the company.</p>"
            )
        })
        .collect()
}

fn html_text(page: &str) -> String {
    outage_news::html::extract(page).text
}

#[test]
fn a_whole_page_inside_a_form_and_classes_with_furniture_words_keep_the_article() {
    // ASP.NET pages wrap everything in a <form>; "has-sidebar", "modal-ready", "menu-open"
    // describe the layout, not a box to drop.
    let page = format!(
        "<!doctype html><html><body><form id=\"aspnetForm\" action=\"/\">\
         <div class=\"layout has-sidebar modal-ready menu-open\"><h1>Gmail outage</h1>\
         <div class=\"social-story body\">{}</div></div></form></body></html>",
        story("Gmail")
    );
    let text = html_text(&page);
    assert!(
        text.starts_with("Gmail outage\n\nParagraph 1 about Gmail"),
        "{text}"
    );
    assert!(text.contains("Paragraph 6 about Gmail"), "{text}");
}

#[test]
fn teaser_lists_and_link_boxes_around_the_article_are_left_out() {
    let teasers: String = (1..=8)
        .map(|i| format!("<li><a href=\"/t{i}\">Teaser {i}: Netflix down again</a></li>"))
        .collect();
    let page = format!(
        "<!doctype html><html><body><div class=\"top\"><ul>{teasers}</ul></div>\
         <main><article><h1>Slack outage</h1>{}\
         <p><a href=\"/more\">Read more: Discord status page</a></p></article></main>\
         <div class=\"rail\"><h3>Most read</h3><ul>{teasers}</ul></div></body></html>",
        story("Slack")
    );
    let text = html_text(&page);
    assert!(text.contains("Paragraph 3 about Slack"), "{text}");
    assert!(!text.contains("Teaser"), "{text}");
    assert!(!text.contains("Read more"), "{text}");
}

#[test]
fn hidden_elements_are_left_out() {
    let page = format!(
        "<!doctype html><html><body><article><h1>Zoom outage</h1>{}\
         <div style=\"display: none\">Hidden promo: Teams is down</div>\
         <p hidden>Hidden paragraph about Webex</p></article></body></html>",
        story("Zoom")
    );
    let text = html_text(&page);
    assert!(text.contains("Paragraph 2 about Zoom"), "{text}");
    assert!(!text.contains("Teams"), "{text}");
    assert!(!text.contains("Webex"), "{text}");
}

#[test]
fn json_ld_article_body_and_og_title_stand_in_for_a_page_rendered_by_scripts() {
    let page = "<!doctype html><html><head><title>Site | Tech | Breaking</title>\
        <meta property=\"og:title\" content=\"Orange : panne d'Internet\">\
        <script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \
        \"headline\": \"Panne Orange\", \"datePublished\": \"2025-04-02T07:00:00Z\", \
        \"articleBody\": \"Les clients Orange n'ont plus Internet depuis ce matin.\"}</script>\
        </head><body><div id=\"app\"></div><script>render()</script></body></html>";
    let doc = outage_news::html::extract(page);
    assert_eq!(
        doc.text,
        "Orange : panne d'Internet\n\nLes clients Orange n'ont plus Internet depuis ce matin."
    );
    assert_eq!(doc.headline.as_deref(), Some("Orange : panne d'Internet"));
    assert_eq!(doc.published.as_deref(), Some("2025-04-02"));
}

#[test]
fn a_declared_iso_8859_15_page_keeps_its_euro_sign() {
    let page = "<!doctype html><html><head>\
        <meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-15\">\
        <title>Panne</title></head><body><h1>Panne chez Free</h1>\
        <p>La panne a coûté 2 millions d'€ à l'opérateur, déjà très critiqué.</p></body></html>";
    let (bytes, _, unmappable) = encoding_rs::ISO_8859_15.encode(page);
    assert!(!unmappable);
    let record = pipeline().process("page.html", &bytes);
    let a = article(&record);
    assert_eq!(a.decoding.encoding, "ISO-8859-15");
    let text = a.text.as_deref().unwrap_or("");
    assert!(text.contains("2 millions d'€"), "{text}");
}

#[test]
fn double_line_breaks_make_paragraphs() {
    let page = "<!doctype html><html><body><h1>Outlook down</h1><div class=\"body\">\
        First paragraph: mail stopped arriving at nine.<br><br>\
        Second paragraph: Microsoft said a fix is rolling out.<br>Same paragraph, new line.\
        </div></body></html>";
    let text = html_text(page);
    assert!(
        text.contains("mail stopped arriving at nine.\n\nSecond paragraph"),
        "{text:?}"
    );
    assert!(text.contains("rolling out.\nSame paragraph"), "{text:?}");
}

#[test]
fn captions_bylines_and_share_bars_inside_the_article_are_left_out() {
    let page = format!(
        "<!doctype html><html><body><article><h1>AWS outage</h1>\
         <p class=\"byline\">By A. Writer, updated 9:14 am</p>\
         <figure><img src=\"a.jpg\"><figcaption>An engineer at a console. Photo: Agency\
         </figcaption></figure>{}<div class=\"share-tools\">Share on X | Share on Facebook</div>\
         </article></body></html>",
        story("AWS")
    );
    let text = html_text(&page);
    assert!(text.contains("Paragraph 4 about AWS"), "{text}");
    for boilerplate in ["A. Writer", "Photo: Agency", "Share on"] {
        assert!(!text.contains(boilerplate), "`{boilerplate}` in {text}");
    }
}

#[test]
fn deep_wide_and_broken_pages_never_panic() {
    let deep = |n: usize| {
        format!(
            "<html><body>{}text{}",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )
    };
    for page in [
        deep(1_400),
        deep(100_000),
        "<p>".repeat(200_000),
        format!("<html><body>{}", "<table><tr><td>".repeat(5_000)),
        "<html><body><svg><title>x</title><p>in svg</svg><p>after</p>".to_string(),
        "<html><body><script type=\"application/ld+json\">[[[[[[[[[[".to_string(),
    ] {
        let _ = outage_news::html::extract(&page);
    }
}
