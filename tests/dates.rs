//! Publication and incident dates on short articles written for these tests: a month-only
//! date line made precise by the article's own dateline, an outage dated by its report, and
//! embedded posts as the anchor of an undated article.

use outage_news::Pipeline;

/// `(published, incident date)` of an article.
fn dates(text: &str) -> (Option<String>, Option<String>) {
    let pipeline = Pipeline::builder().build().expect("default pipeline");
    let record = pipeline.process("test.txt", text.as_bytes());
    let article = record.article().expect("an article record");
    (
        article.published.clone(),
        article.incident_date.as_ref().map(|d| d.value.clone()),
    )
}

#[test]
fn a_month_only_date_line_takes_the_day_of_the_articles_dateline() {
    let (published, _) = dates(
        "date 2024-03\nPanne chez Free\nPublié le 12/03/2024 à 10h05. Les abonnés Free sont \
         privés d'Internet depuis ce matin, impossible de se connecter.",
    );
    assert_eq!(published.as_deref(), Some("2024-03-12"));
}

#[test]
fn an_outage_dated_in_no_other_way_takes_its_date_line() {
    let (_, incident) = dates(
        "date 2023-09\nWhatsApp non funziona\nWhatsApp è down: gli utenti non riescono a \
         inviare messaggi e le segnalazioni si moltiplicano.",
    );
    assert_eq!(incident.as_deref(), Some("2023-09"));
}

#[test]
fn an_undated_article_is_anchored_by_the_posts_it_embeds() {
    let (published, incident) = dates(
        "Discord is down\nDiscord users cannot connect this evening, with thousands of reports. \
         \"Is it just me or is Discord down again?\" — Jane Roe (@janeroe_xyz) March 13, 2019\n\
         The company said it was investigating the outage.",
    );
    assert_eq!(published, None);
    assert_eq!(incident.as_deref(), Some("2019-03-13"));
}
