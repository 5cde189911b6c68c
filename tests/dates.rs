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

#[test]
fn a_full_date_right_after_a_word_for_today_is_the_writing_day() {
    let (published, incident) = dates(
        "Down di Instagram\nOggi, venerdì 7 marzo 2025, Instagram non funziona: gli utenti non \
         riescono a caricare le storie.",
    );
    assert_eq!(published.as_deref(), Some("2025-03-07"));
    assert_eq!(incident.as_deref(), Some("2025-03-07"));
    // It makes a month-only date line precise too.
    let (published, _) = dates(
        "date 2022-09\nPanne Bouygues\nLes clients Bouygues Telecom n'ont plus de réseau ce \
         matin (14 septembre 2022) dans tout l'ouest, selon les signalements.",
    );
    assert_eq!(published.as_deref(), Some("2022-09-14"));
    // A date further from the word for today is only a date.
    let (published, _) = dates(
        "Slack outage\nSlack is down today for many users; the last big outage was on \
         January 4, 2021, when messages would not load.",
    );
    assert_eq!(published, None);
    // "The night of" a date names that night, not the day of writing.
    let (published, incident) = dates(
        "date 2023-05\nDisservizio Teams\nNella notte del 9 maggio 2023 Microsoft Teams è andato in \
         down per molti utenti europei, che non riuscivano ad accedere.",
    );
    assert_eq!(published.as_deref(), Some("2023-05"));
    assert_eq!(incident.as_deref(), Some("2023-05-09"));
}

#[test]
fn the_other_dates_of_a_header_line_are_no_incident_date() {
    // "Dec 09" without a dot is a month too; the update date beside the published one dates
    // nothing.
    let (published, incident) = dates(
        "Last update: Aug 30, 2024 | Published: Dec 09, 2021\nAzure outage\nOn December 7, \
         Azure went down for six hours and took many sites with it.",
    );
    assert_eq!(published.as_deref(), Some("2021-12-09"));
    assert_eq!(incident.as_deref(), Some("2021-12-07"));
    // A line with nothing but a date, under a date line, is part of the header.
    let (_, incident) = dates(
        "date 2025-06-13 Tech Desk\n| 13 Jun 2025\nGoogle Cloud outage\nA large outage on \
         Thursday disrupted Gmail and Spotify for hours.",
    );
    assert_eq!(incident.as_deref(), Some("2025-06-12"));
}

#[test]
fn a_dateline_with_a_year_beats_a_yearless_date_after_a_published_cue() {
    let (published, _) = dates(
        "How a bad deploy took GitLab down\nApr 2, 2024 | Engineering | 5 min read\nThe \
         write-up GitLab published on March 28 explains the outage.",
    );
    assert_eq!(published.as_deref(), Some("2024-04-02"));
}

#[test]
fn a_date_of_an_earlier_event_the_article_compares_with_is_no_incident_date() {
    let (_, incident) = dates(
        "Akamai outage takes banks offline\nThe company said on Thursday that the outage was \
         not an attack, as in the ransomware attack on a hospital chain on March 3.",
    );
    assert_ne!(incident.as_deref(), Some("XXXX-03-03"));
    let (_, incident) = dates(
        "Panne d'Orange\nLes clients d'Orange n'ont plus de réseau, comme lors de la panne \
         géante du 2 juin, selon l'opérateur.",
    );
    assert_ne!(incident.as_deref(), Some("XXXX-06-02"));
    // The incident's own date in the same sentence still counts.
    let (_, incident) = dates(
        "Panne d'Orange\nLes clients d'Orange n'ont plus de réseau depuis le 14 octobre, \
         comme lors de la panne géante de juin.",
    );
    assert_eq!(incident.as_deref(), Some("XXXX-10-14"));
}
