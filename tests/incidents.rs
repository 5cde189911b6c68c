//! Incidents: grouping rules on small hand-made records, the corpus against the grouping its
//! articles were written to contain, record round-trips, the report and the commands.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use outage_news::incidents::output::{read_records, write_incidents, IncidentFormat};
use outage_news::incidents::report::Report;
use outage_news::incidents::{Grouper, Grouping, Incident, JoinedBy};
use outage_news::scan::{collect_inputs, Scanner, Selection};
use outage_news::vocab::CauseStatus;
use outage_news::{Pipeline, Record};
use serde_json::json;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// An outage article record as `scan` writes it, with the fields grouping reads.
#[derive(Clone)]
struct R {
    id: &'static str,
    lang: &'static str,
    published: Option<&'static str>,
    date: Option<&'static str>,
    affected: Vec<(&'static str, &'static str)>,
    mentioned: Vec<(&'static str, &'static str)>,
    signals: Vec<&'static str>,
    causes: Vec<(&'static str, &'static str)>,
    /// A `third_party` cause whose evidence is the name of this mentioned service.
    blamed: Option<(&'static str, &'static str)>,
    statuses: Vec<u16>,
    resolved: Option<bool>,
    outage: bool,
}

fn r(id: &'static str, date: Option<&'static str>, affected: &[(&'static str, &'static str)]) -> R {
    R {
        id,
        lang: "en",
        published: date.filter(|d| !d.starts_with('X') && d.len() == 10),
        date,
        affected: affected.to_vec(),
        mentioned: vec![],
        signals: vec!["access_failure"],
        causes: vec![],
        blamed: None,
        statuses: vec![],
        resolved: None,
        outage: true,
    }
}

impl R {
    fn published(mut self, p: Option<&'static str>) -> R {
        self.published = p;
        self
    }
    fn lang(mut self, l: &'static str) -> R {
        self.lang = l;
        self
    }
    fn cause(mut self, category: &'static str, status: &'static str) -> R {
        self.causes.push((category, status));
        self
    }
    fn mentions(mut self, service: (&'static str, &'static str)) -> R {
        self.mentioned.push(service);
        self
    }
    /// Says the failure came from `provider` (a `third_party` cause naming it).
    fn blames(mut self, provider: (&'static str, &'static str)) -> R {
        self.blamed = Some(provider);
        self
    }
    fn resolved(mut self, v: bool) -> R {
        self.resolved = Some(v);
        self
    }
    fn status(mut self, s: u16) -> R {
        self.statuses.push(s);
        self
    }
    fn record(&self) -> Record {
        let ev = |start: usize, text: &str| json!({"start": start, "end": start + text.len(), "text": text});
        let precision = |d: &str| match d.len() {
            10 => "day",
            7 => "month",
            _ => "year",
        };
        let value = json!({
            "schema_version": 1,
            "id": self.id,
            "source": {"path": format!("articles/{}", self.id), "bytes": 100},
            "decoding": {"encoding": "UTF-8", "mojibake_repaired": false, "repairs": 0},
            "language": {"code": self.lang, "iso639_3": "eng", "confidence": 1.0, "reliable": true},
            "is_outage": self.outage,
            "outage_score": if self.outage { 0.9 } else { 0.1 },
            "published": self.published,
            "incident_date": self.date.map(|d| json!({"value": d, "precision": precision(d), "evidence": ev(0, "today")})),
            "services": self.affected.iter().enumerate().map(|(i, (name, vendor))| json!({
                "name": name, "vendor": vendor, "role": "affected", "evidence": [ev(10 * i, name)]
            })).chain(self.mentioned.iter().enumerate().map(|(i, (name, vendor))| json!({
                "name": name, "vendor": vendor, "role": "mentioned", "evidence": [ev(1000 + 10 * i, name)]
            }))).chain(self.blamed.iter().map(|(name, vendor)| json!({
                "name": name, "vendor": vendor, "role": "mentioned", "evidence": [ev(2000, name)]
            }))).collect::<Vec<_>>(),
            "errors": self.statuses.iter().map(|s| json!({"http_status": s, "text": s.to_string(), "evidence": ev(1, "503")})).collect::<Vec<_>>(),
            "error_signals": self.signals,
            "causes": self.causes.iter().map(|(c, s)| json!({"category": c, "status": s, "evidence": ev(2, "cause")}))
                .chain(self.blamed.iter().map(|(name, _)| json!({"category": "third_party", "status": "confirmed", "evidence": ev(2000, name)})))
                .collect::<Vec<_>>(),
            "surfaces": [],
            "resolved": self.resolved,
            "related_dates": [],
            "warnings": []
        });
        serde_json::from_value(value).expect("a record v1 object")
    }
}

const CLOUDFLARE: (&str, &str) = ("Cloudflare", "Cloudflare");
const CHATGPT: (&str, &str) = ("ChatGPT", "OpenAI");
const X: (&str, &str) = ("X", "X Corp");
const OUTLOOK: (&str, &str) = ("Outlook", "Microsoft");
const TEAMS: (&str, &str) = ("Teams", "Microsoft");

fn group(records: &[R]) -> Grouping {
    Grouper::builder()
        .build()
        .expect("embedded lexicons load")
        .group(records.iter().map(R::record))
}

fn groups_of(g: &Grouping) -> BTreeSet<Vec<String>> {
    g.incidents.iter().map(|i| i.articles.clone()).collect()
}

fn incident_of<'a>(g: &'a Grouping, id: &str) -> &'a Incident {
    g.incidents
        .iter()
        .find(|i| i.articles.iter().any(|a| a == id))
        .unwrap_or_else(|| panic!("{id} is in an incident"))
}

fn set(ids: &[&[&str]]) -> BTreeSet<Vec<String>> {
    ids.iter()
        .map(|g| g.iter().map(|s| s.to_string()).collect())
        .collect()
}

#[test]
fn downstream_site_joins_the_provider_incident_across_languages() {
    let g = group(&[
        r("en/cf.txt", Some("2025-11-18"), &[CLOUDFLARE, X, CHATGPT]),
        r("fr/chatgpt.txt", Some("2025-11-18"), &[CHATGPT, CLOUDFLARE]).lang("fr"),
        r("it/x.txt", Some("2025-11-18"), &[X]).lang("it"),
        r("en/chatgpt-june.txt", Some("2025-06-10"), &[CHATGPT]),
    ]);
    assert_eq!(
        groups_of(&g),
        set(&[
            &["en/cf.txt", "fr/chatgpt.txt"],
            &["it/x.txt"],
            &["en/chatgpt-june.txt"]
        ]),
        "an X article that does not name Cloudflare stays apart; ChatGPT naming Cloudflare joins it"
    );
    let cf = incident_of(&g, "en/cf.txt");
    assert_eq!(cf.primary_service.as_deref(), Some("Cloudflare"));
    assert_eq!(cf.vendor.as_deref(), Some("Cloudflare"));
    let langs: Vec<&str> = cf.languages.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(langs, ["en", "fr"]);
    assert_eq!(cf.affected_services[0].name, "Cloudflare");
    assert_eq!(cf.affected_services[0].articles, 2);
}

#[test]
fn services_of_one_vendor_meet_and_dates_keep_outages_apart() {
    let g = group(&[
        r("a.txt", Some("2025-03-01"), &[OUTLOOK]),
        r("b.txt", Some("2025-03-02"), &[TEAMS, OUTLOOK]),
        r("c.txt", Some("2025-03-05"), &[OUTLOOK]),
        r("d.txt", Some("2025-03-01"), &[X]),
    ]);
    assert_eq!(
        groups_of(&g),
        set(&[&["a.txt", "b.txt"], &["c.txt"], &["d.txt"]]),
        "one day apart is a time zone, four days apart is another outage, another vendor never joins"
    );
}

#[test]
fn dates_compatible_at_the_shared_precision_join() {
    let g = group(&[
        r("day.txt", Some("2024-03-05"), &[("Facebook", "Meta")]),
        r("yearless.txt", Some("XXXX-03-05"), &[("Instagram", "Meta")]).published(None),
        r("month.txt", Some("2024-03"), &[("Facebook", "Meta")]).published(None),
        r(
            "other-year.txt",
            Some("2023-03-05"),
            &[("Facebook", "Meta")],
        ),
    ]);
    // XXXX-03-05 matches both 2023-03-05 and 2024-03-05: ambiguous, so it stays alone.
    assert_eq!(
        groups_of(&g),
        set(&[
            &["day.txt", "month.txt"],
            &["other-year.txt"],
            &["yearless.txt"]
        ])
    );
    let alone = incident_of(&g, "yearless.txt");
    let reason = alone.reason.as_deref().unwrap_or("");
    assert!(reason.contains("2 incidents of meta"), "{reason}");
    // The start is the most precise date.
    assert_eq!(
        incident_of(&g, "month.txt")
            .start
            .as_ref()
            .map(|d| d.value.as_str()),
        Some("2024-03-05")
    );

    // With one candidate the yearless day joins; the publication date gives a year too.
    let g = group(&[
        r("day.txt", Some("2024-03-05"), &[("Facebook", "Meta")]),
        r("yearless.txt", Some("XXXX-03-05"), &[("Facebook", "Meta")]).published(None),
        r(
            "yearless-published.txt",
            Some("XXXX-03-05"),
            &[("Facebook", "Meta")],
        )
        .published(Some("2024-03-06")),
    ]);
    assert_eq!(groups_of(&g).len(), 1, "{:?}", groups_of(&g));
}

#[test]
fn articles_without_an_incident_date_join_only_when_unambiguous() {
    let g = group(&[
        r("slack.txt", Some("2025-02-26"), &[("Slack", "Salesforce")]),
        r("slack-undated.txt", None, &[("Slack", "Salesforce")]).published(Some("2025-02-27")),
        r("slack-late.txt", None, &[("Slack", "Salesforce")]).published(Some("2025-03-20")),
        r("slack-nothing.txt", None, &[("Slack", "Salesforce")]).published(None),
        r("ms1.txt", Some("2025-03-01"), &[OUTLOOK]),
        // Teams and Outlook down together: this one names Outlook too.
        r("ms2.txt", Some("2025-03-03"), &[TEAMS, OUTLOOK]),
        r("ms-undated.txt", None, &[OUTLOOK]).published(Some("2025-03-03")),
    ]);
    assert_eq!(
        groups_of(&g),
        set(&[
            &["slack-undated.txt", "slack.txt"],
            &["slack-late.txt"],
            &["slack-nothing.txt"],
            &["ms1.txt"],
            &["ms2.txt"],
            &["ms-undated.txt"],
        ])
    );
    let reason = |id| incident_of(&g, id).reason.clone().unwrap_or_default();
    assert!(reason("slack-nothing.txt").contains("no publication date"));
    assert!(reason("slack-late.txt").contains("no dated incident of salesforce"));
    assert!(reason("ms-undated.txt").contains("2 incidents of microsoft"));
    assert_eq!(reason("slack.txt"), "", "grouped incidents carry no reason");
}

const WHATSAPP: (&str, &str) = ("WhatsApp", "Meta");
const INSTAGRAM: (&str, &str) = ("Instagram", "Meta");
const FACEBOOK: (&str, &str) = ("Facebook", "Meta");

#[test]
fn an_imprecise_date_picks_the_one_incident_of_its_own_service() {
    // Two outages of one vendor in one month, of two different services.
    let g = group(&[
        r("whatsapp.txt", Some("2022-10-25"), &[WHATSAPP]),
        r("instagram.txt", Some("2022-10-27"), &[INSTAGRAM]),
        // Only the month: both fit the date, one is about its service.
        r("month.txt", Some("2022-10"), &[WHATSAPP]).published(Some("2022-10")),
        // A day without a year and no publication date: 25 October of any year, so the
        // Instagram outage of 2021 fits it as well.
        r("yearless.txt", Some("XXXX-10-25"), &[WHATSAPP]).published(None),
        // No incident date, published within days of both.
        r("undated.txt", None, &[INSTAGRAM]).published(Some("2022-10-28")),
        r("other-year.txt", Some("2021-10-25"), &[INSTAGRAM]),
    ]);
    assert_eq!(
        groups_of(&g),
        set(&[
            &["month.txt", "whatsapp.txt", "yearless.txt"],
            &["instagram.txt", "undated.txt"],
            &["other-year.txt"],
        ])
    );
    // Less sure than when only one incident of the vendor fits.
    for (id, confidence) in [
        ("month.txt", 0.7),
        ("yearless.txt", 0.7),
        ("undated.txt", 0.6),
    ] {
        let s = source(&g, id);
        assert_eq!(
            (s.joined_by, s.confidence),
            (JoinedBy::Date, confidence),
            "{id}"
        );
    }

    // When both incidents say the service failed, or neither does, nothing is chosen.
    let g = group(&[
        r("meta.txt", Some("2022-10-25"), &[WHATSAPP, INSTAGRAM]),
        r("instagram.txt", Some("2022-10-31"), &[INSTAGRAM]),
        r("month.txt", Some("2022-10"), &[INSTAGRAM]).published(Some("2022-10")),
        r("facebook.txt", Some("2022-10"), &[FACEBOOK]).published(Some("2022-10")),
    ]);
    assert_eq!(
        groups_of(&g),
        set(&[
            &["meta.txt"],
            &["instagram.txt"],
            &["month.txt"],
            &["facebook.txt"]
        ])
    );
    let reason = incident_of(&g, "month.txt")
        .reason
        .clone()
        .unwrap_or_default();
    assert!(reason.contains("2 incidents of meta"), "{reason}");
}

const FASTLY: (&str, &str) = ("Fastly", "Fastly");
const AKAMAI: (&str, &str) = ("Akamai", "Akamai");
const BBC: (&str, &str) = ("BBC", "BBC");
const CNN: (&str, &str) = ("CNN", "Warner Bros. Discovery");
const GOVUK: (&str, &str) = ("GOV.UK", "UK Government");
const PAYPAL: (&str, &str) = ("PayPal", "PayPal");
const STEAM: (&str, &str) = ("Steam", "Valve");
const AIRBNB: (&str, &str) = ("Airbnb", "Airbnb");
const DOWNDETECTOR: (&str, &str) = ("Downdetector", "Ookla");

fn source<'a>(g: &'a Grouping, id: &str) -> &'a outage_news::incidents::SourceRef {
    incident_of(g, id)
        .sources
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("{id} is a source"))
}

#[test]
fn undated_article_joins_the_one_incident_its_content_matches() {
    let g = group(&[
        r(
            "en/fastly.txt",
            Some("2021-06-08"),
            &[FASTLY, BBC, CNN, GOVUK],
        )
        .status(503),
        r("fr/fastly.txt", Some("2021-06-08"), &[FASTLY, GOVUK]).lang("fr"),
        r("en/fastly-2020.txt", Some("2020-03-02"), &[FASTLY, STEAM]).status(502),
        // No date at all, in Italian: the same victims and the same error code.
        r("it/siti-giu.txt", None, &[BBC, FASTLY, CNN, PAYPAL])
            .lang("it")
            .status(503),
        // Only the provider in common: no evidence that it is either outage.
        r("en/fastly-slow.txt", None, &[FASTLY]),
    ]);
    assert_eq!(
        groups_of(&g),
        set(&[
            &["en/fastly.txt", "fr/fastly.txt", "it/siti-giu.txt"],
            &["en/fastly-2020.txt"],
            &["en/fastly-slow.txt"],
        ])
    );
    let joined = source(&g, "it/siti-giu.txt");
    assert_eq!(joined.joined_by, JoinedBy::Content);
    assert!(
        joined.confidence > 0.5 && joined.confidence <= 0.95,
        "{}",
        joined.confidence
    );
    let dated = source(&g, "fr/fastly.txt");
    assert_eq!((dated.joined_by, dated.confidence), (JoinedBy::Date, 1.0));
    let lone = source(&g, "en/fastly-slow.txt");
    assert_eq!((lone.joined_by, lone.confidence), (JoinedBy::Alone, 1.0));

    // The output says it, for every source.
    let value = serde_json::to_value(incident_of(&g, "it/siti-giu.txt")).expect("json");
    let by: Vec<&str> = value["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s["joined_by"].as_str())
        .collect();
    assert_eq!(by, ["date", "date", "content"]);
}

#[test]
fn content_never_joins_when_two_incidents_fit_or_dates_contradict() {
    // Two outages of one provider with the same victims: an undated report fits both.
    let g = group(&[
        r(
            "a.txt",
            Some("2021-07-22"),
            &[AKAMAI, STEAM, AIRBNB, PAYPAL],
        ),
        r("b.txt", Some("2022-03-01"), &[AKAMAI, STEAM, AIRBNB, BBC]),
        r("undated.txt", None, &[AKAMAI, STEAM, AIRBNB, PAYPAL, BBC]).published(Some("2022-03-20")),
    ]);
    assert_eq!(groups_of(&g).len(), 3, "{:?}", groups_of(&g));
    let reason = incident_of(&g, "undated.txt")
        .reason
        .clone()
        .unwrap_or_default();
    assert!(
        reason.contains("content matches 2 incidents of akamai"),
        "{reason}"
    );

    // The content matches, but the article was published before the incident started, or
    // gives a month that cannot contain it.
    let g = group(&[
        r("a.txt", Some("2021-07-22"), &[AKAMAI, STEAM, AIRBNB]),
        r("early.txt", None, &[AKAMAI, STEAM, AIRBNB]).published(Some("2021-05-03")),
        r("month.txt", Some("2021-09"), &[AKAMAI, STEAM, AIRBNB]).published(None),
    ]);
    assert!(
        !groups_of(&g).contains(&vec!["a.txt".to_string(), "early.txt".to_string()])
            && incident_of(&g, "a.txt").articles == ["a.txt"],
        "{:?}",
        groups_of(&g)
    );

    // Shared errors that disagree count against: 500 and 502 from two different outages.
    let g = group(&[
        r("cf.txt", Some("2019-07-02"), &[CLOUDFLARE, STEAM, AIRBNB]).status(502),
        r("cf-undated.txt", None, &[CLOUDFLARE, STEAM, AIRBNB])
            .status(500)
            .published(None),
    ]);
    assert_eq!(groups_of(&g).len(), 2, "{:?}", groups_of(&g));
}

#[test]
fn the_root_is_the_failed_provider_never_a_victim_or_a_monitor() {
    let g = group(&[
        r("akamai.txt", Some("2021-07-22"), &[AKAMAI, STEAM]),
        // A victim-only article that blames a provider it names: the provider's incident.
        r("steam.txt", Some("2021-07-22"), &[STEAM, AIRBNB]).blames(AKAMAI),
        // Two providers said to have failed; the cause names Akamai.
        r("both.txt", Some("2021-07-22"), &[FASTLY, AKAMAI]).blames(AKAMAI),
        // Downdetector listed as failed is never what the incident is about.
        r(
            "zoom.txt",
            Some("2020-08-24"),
            &[DOWNDETECTOR, ("Zoom", "Zoom")],
        ),
    ]);
    assert_eq!(
        groups_of(&g),
        set(&[&["akamai.txt", "both.txt", "steam.txt"], &["zoom.txt"]])
    );
    assert_eq!(
        incident_of(&g, "steam.txt").primary_service.as_deref(),
        Some("Akamai")
    );
    assert_eq!(
        incident_of(&g, "zoom.txt").primary_service.as_deref(),
        Some("Zoom")
    );

    // A victim-only article that names the provider, without a date or a cause: it joins the
    // provider's incident on its content.
    let g = group(&[
        r("fastly.txt", Some("2021-06-08"), &[FASTLY, BBC, CNN, GOVUK]).status(503),
        r("news.txt", None, &[BBC, CNN, GOVUK])
            .mentions(FASTLY)
            .status(503)
            .published(None),
    ]);
    assert_eq!(groups_of(&g).len(), 1, "{:?}", groups_of(&g));
    assert_eq!(source(&g, "news.txt").joined_by, JoinedBy::Content);
    assert_eq!(
        incident_of(&g, "news.txt").primary_service.as_deref(),
        Some("Fastly")
    );
}

#[test]
fn causes_merge_to_the_strongest_status_and_keep_ruled_out() {
    let g = group(&[
        r("a.txt", Some("2025-11-18"), &[CLOUDFLARE])
            .cause("configuration_error", "suspected")
            .cause("cyberattack", "ruled_out")
            .status(500)
            .resolved(false),
        r("b.txt", Some("2025-11-18"), &[CLOUDFLARE])
            .cause("configuration_error", "confirmed")
            .cause("cyberattack", "suspected")
            .status(500)
            .status(502)
            .resolved(true)
            .published(Some("2025-11-19")),
    ]);
    assert_eq!(g.incidents.len(), 1);
    let i = &g.incidents[0];
    let causes: Vec<(String, CauseStatus, usize)> = i
        .causes
        .iter()
        .map(|c| (c.category.to_string(), c.status, c.ruled_out))
        .collect();
    assert_eq!(
        causes,
        [
            ("configuration_error".to_string(), CauseStatus::Confirmed, 0),
            ("cyberattack".to_string(), CauseStatus::Suspected, 1)
        ]
    );
    let conflicts: Vec<&str> = i.conflicts.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(conflicts, ["cause:cyberattack", "resolved"]);
    assert_eq!(
        i.resolved,
        Some(true),
        "the later report (b, published 11-19) wins"
    );
    let statuses: Vec<(u16, usize)> = i
        .http_statuses
        .iter()
        .map(|s| (s.http_status, s.articles))
        .collect();
    assert_eq!(statuses, [(500, 2), (502, 1)]);
    assert_eq!(i.first_report.as_deref(), Some("2025-11-18"));
    assert_eq!(i.last_report.as_deref(), Some("2025-11-19"));
}

#[test]
fn different_incident_dates_in_one_incident_are_a_conflict() {
    let g = group(&[
        r("a.txt", Some("2025-10-15"), &[("YouTube", "Google")]),
        r("b.txt", Some("2025-10-16"), &[("YouTube", "Google")]),
    ]);
    assert_eq!(g.incidents.len(), 1);
    let i = &g.incidents[0];
    assert_eq!(i.conflicts[0].field, "incident_date");
    assert_eq!(i.conflicts[0].values.len(), 2);
    assert_eq!(
        i.start.as_ref().map(|d| d.value.as_str()),
        Some("2025-10-15")
    );
}

#[test]
fn only_outage_articles_become_incidents_and_failures_are_listed() {
    let mut not_outage = r("launch.txt", Some("2025-11-18"), &[("Gemini", "Google")]);
    not_outage.outage = false;
    let failed: Record = serde_json::from_value(json!({
        "schema_version": 1, "id": "photo.txt", "source": {"path": "x/photo.txt", "bytes": 9},
        "error": {"kind": "binary", "message": "the file looks binary"}
    }))
    .expect("an error record");
    let records = vec![
        not_outage.record(),
        failed,
        r("cf.txt", Some("2025-11-18"), &[CLOUDFLARE]).record(),
    ];
    let g = Grouper::builder().build().expect("lexicons").group(records);
    assert_eq!(groups_of(&g), set(&[&["cf.txt"]]));
    assert_eq!((g.articles, g.outages), (2, 1));
    assert_eq!(g.failed.len(), 1);
    assert_eq!(g.failed[0].kind, "binary");
}

#[test]
fn grouping_does_not_depend_on_input_order() {
    let records = vec![
        r("en/cf.txt", Some("2025-11-18"), &[CLOUDFLARE, X]),
        r("fr/cf.txt", Some("2025-11-19"), &[CLOUDFLARE]).lang("fr"),
        r("it/cf.txt", None, &[CLOUDFLARE])
            .published(Some("2025-11-19"))
            .lang("it"),
        r("a.txt", Some("2025-03-01"), &[OUTLOOK]).resolved(true),
        r("b.txt", Some("2025-03-02"), &[TEAMS]).resolved(false),
        r("c.txt", Some("XXXX-03-01"), &[OUTLOOK]).published(None),
        r("d.txt", None, &[X]).published(None),
        r("e.txt", Some("2025-03"), &[OUTLOOK]).cause("network", "confirmed"),
    ];
    let render = |rs: &[R]| {
        let g = group(rs);
        let mut out = Vec::new();
        write_incidents(&g.incidents, IncidentFormat::Jsonl, &mut out).expect("in memory");
        out
    };
    let expected = render(&records);
    let mut shuffled = records.clone();
    // A fixed sequence of permutations (no randomness in tests).
    for step in 0..records.len() * 3 {
        let n = shuffled.len();
        shuffled.swap(step % n, (step * 7 + 3) % n);
        shuffled.rotate_left(step % 3);
        assert_eq!(render(&shuffled), expected, "permutation {step}");
    }
    assert!(!expected.is_empty());
}

/// Scans the corpus once (library calls, as `scan corpus/articles` does).
fn corpus_records() -> Vec<Record> {
    let pipeline = Pipeline::builder().build().expect("pipeline");
    let scanner = Scanner::new(&pipeline);
    let inputs = collect_inputs(&[root().join("corpus/articles")], &Selection::default());
    let mut records = Vec::new();
    scanner
        .run(&inputs, |r| {
            records.push(r.clone());
            Ok::<(), std::io::Error>(())
        })
        .expect("scan");
    records
}

fn pairs(groups: &[Vec<String>]) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for g in groups {
        for (i, a) in g.iter().enumerate() {
            for b in g.iter().skip(i + 1) {
                let (x, y) = if a < b { (a, b) } else { (b, a) };
                out.insert((x.clone(), y.clone()));
            }
        }
    }
    out
}

#[test]
fn corpus_grouping_against_the_expected_incidents() {
    let records = corpus_records();
    assert_eq!(records.len(), 197);

    // Scan output round-trips through JSON Lines and groups identically.
    let mut jsonl = Vec::new();
    for r in &records {
        serde_json::to_writer(&mut jsonl, r).expect("serialise");
        jsonl.push(b'\n');
    }
    let mut back = Vec::new();
    read_records(jsonl.as_slice(), |r| back.push(r)).expect("read back");
    assert_eq!(back, records, "records deserialize to what was serialized");

    let grouping = Grouper::builder().build().expect("lexicons").group(records);
    let regrouped = Grouper::builder().build().expect("lexicons").group(back);
    assert_eq!(grouping.incidents, regrouped.incidents);

    let text = std::fs::read_to_string(root().join("tests/data/incidents/expected.json"))
        .expect("expected grouping");
    let expected: serde_json::Value = serde_json::from_str(&text).expect("json");
    let expected_groups: Vec<Vec<String>> = expected["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            g["articles"]
                .as_array()
                .expect("articles")
                .iter()
                .map(|a| a.as_str().expect("id").to_string())
                .collect()
        })
        .collect();
    let found_groups: Vec<Vec<String>> = grouping
        .incidents
        .iter()
        .map(|i| i.articles.clone())
        .collect();
    let want = pairs(&expected_groups);
    let got = pairs(&found_groups);
    let hit = want.intersection(&got).count();
    let precision = hit as f64 / got.len().max(1) as f64;
    let recall = hit as f64 / want.len().max(1) as f64;
    let incidents_with_all = expected_groups
        .iter()
        .filter(|g| found_groups.iter().any(|f| g.iter().all(|a| f.contains(a))))
        .count();
    println!(
        "corpus: {} incidents found ({} expected multi-article incidents, {} found whole); \
         same-incident pairs: precision {:.3} ({hit}/{}), recall {:.3} ({hit}/{})",
        grouping.incidents.len(),
        expected_groups.len(),
        incidents_with_all,
        precision,
        got.len(),
        recall,
        want.len()
    );
    for (a, b) in got.difference(&want) {
        println!("  wrongly together: {a} + {b}");
    }
    let mut missed: BTreeMap<&str, usize> = BTreeMap::new();
    for (a, _) in want.difference(&got) {
        *missed.entry(a.as_str()).or_default() += 1;
    }
    println!("  pairs missed, by first article: {missed:?}");
    assert!(precision >= 0.93, "pairwise precision {precision:.3}");
    assert!(recall >= 0.75, "pairwise recall {recall:.3}");
}

#[test]
fn report_has_one_mark_per_incident_and_escapes_text() {
    let g = group(&[
        r(
            "en/<script>alert(1)</script>.txt",
            Some("2025-11-18"),
            &[CLOUDFLARE],
        ),
        r(
            "fr/\"quoted\" & odd.txt",
            Some("2025-11-18"),
            &[("Zoom & <Co>", "Zoom")],
        ),
        r("it/undated.txt", None, &[X]).published(None),
    ]);
    let html = Report::new(&g).title("Report <test>").render();
    assert_eq!(
        html.matches("class=\"incident-mark").count(),
        g.incidents.len()
    );
    assert_eq!(g.incidents.len(), 3);
    assert!(!html.contains("<script"), "no script, and text is escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Zoom &amp; &lt;Co&gt;"));
    assert!(html.contains("Report &lt;test&gt;"));
    assert!(html.contains("undated"));
    // Links are percent-encoded paths, never remote.
    assert!(html.contains("href=\"articles/fr/%22quoted%22%20%26%20odd.txt\""));
    let without_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!without_namespace.contains("http:") && !without_namespace.contains("https:"));
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_outage-news"))
}

#[test]
fn commands_group_folders_and_records_files_alike() {
    let dir = tempfile::tempdir().expect("temp dir");
    let records = dir.path().join("records.jsonl");
    let articles: PathBuf = root().join("corpus/articles/fr");
    let out = bin()
        .args(["scan", "-q", "-o"])
        .arg(&records)
        .arg(&articles)
        .output()
        .expect("scan runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let from_folder = bin()
        .args(["incidents", "-q"])
        .arg(&articles)
        .output()
        .expect("runs");
    let from_records = bin()
        .args(["incidents", "-q"])
        .arg(&records)
        .output()
        .expect("runs");
    assert!(from_folder.status.success());
    assert_eq!(from_folder.stdout, from_records.stdout);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&from_folder.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("incident json"))
        .collect();
    assert!(lines.len() > 20, "{} incidents", lines.len());
    assert!(lines
        .iter()
        .all(|l| l["schema_version"] == 1 && l["incident_id"].is_string()));

    let csv = bin()
        .args(["incidents", "-q", "--format", "csv"])
        .arg(&records)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&csv.stdout);
    assert!(text.starts_with("incident_id,primary_service,vendor,start,"));
    assert_eq!(text.lines().count(), lines.len() + 1);

    let html = dir.path().join("out/report.html");
    std::fs::create_dir_all(dir.path().join("out")).expect("mkdir");
    let report = bin()
        .args(["report", "-q", "--html"])
        .arg(&html)
        .arg(&records)
        .output()
        .expect("runs");
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    let page = std::fs::read_to_string(&html).expect("report written");
    assert_eq!(page.matches("class=\"incident-mark").count(), lines.len());
    // Sources link relative to the page's folder, to files that exist.
    let first = page
        .split("<li class=\"source\"")
        .nth(1)
        .and_then(|s| s.split("<a href=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .expect("a source link");
    assert!(first.starts_with("../"), "{first}");
    assert!(
        html.parent()
            .map(|d| d.join(first).exists())
            .unwrap_or(false),
        "{first}"
    );

    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"not\": \"a record\"}\n").expect("write");
    let out = bin().args(["incidents"]).arg(&bad).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1"));
}
