//! The scorer on small hand-made labels and records (names, dates and labels only).

use super::*;
use serde_json::json;

/// A label line with every required key; `extra` overrides or adds keys.
fn label(id: &str, lang: &str, is_outage: bool, extra: Value) -> String {
    let mut item = json!({
        "id": id, "lang": lang, "is_outage": is_outage, "published": null,
        "incident_date": null, "services": [], "mentioned_not_affected": [], "http_codes": [],
        "error_signals": [], "causes": [], "surfaces": [], "resolved": null,
        "notes": "ignored"
    });
    if let (Value::Object(item), Value::Object(extra)) = (&mut item, extra) {
        item.extend(extra);
    }
    item.to_string()
}

fn labels(lines: &[String]) -> Labels {
    match Labels::parse(&lines.join("\n")) {
        Ok(labels) => labels,
        Err(err) => panic!("labels: {err}"),
    }
}

fn predictions(records: &[Value]) -> Predictions {
    let mut p = Predictions::new();
    for r in records {
        p.add_json(r);
    }
    p
}

/// Four articles: an English outage with a mentioned service reported as affected and an
/// unlisted one (don't-care), an Italian one named by an alias, a French non-outage with an
/// affected service (counted), and a Spanish one without a record.
fn small_set() -> (Labels, Predictions) {
    let gold = labels(&[
        label(
            "a1",
            "en",
            true,
            json!({"services": ["Slack"], "mentioned_not_affected": ["X"], "http_codes": [503],
                   "error_signals": ["access_failure", "login_failure"],
                   "causes": [{"category": "configuration_error", "status": "confirmed"}],
                   "surfaces": ["web"], "incident_date": "2024-02-26",
                   "incident_date_also": ["2024-02-27"], "published": "2024-02-26", "resolved": true}),
        ),
        label("a2", "it", true, json!({"services": ["Office.com"]})),
        label("a3", "fr", false, json!({"published": "2024-05-05"})),
        label(
            "a4",
            "es",
            true,
            json!({"services": ["AWS"], "http_codes": [500], "incident_date": "2024-03-01", "resolved": false}),
        ),
    ]);
    let records = predictions(&[
        json!({"id": "a1.txt", "source": {"path": "in/a1.txt"}, "language": {"code": "en"},
               "is_outage": true, "published": "2024-02-26",
               "incident_date": {"value": "2024-02-27"},
               "services": [{"name": "Slack", "role": "affected"}, {"name": "X", "role": "affected"},
                            {"name": "Zoom", "role": "affected"}, {"name": "Teams", "role": "mentioned"}],
               "errors": [{"http_status": 503}], "error_signals": ["access_failure"],
               "causes": [{"category": "configuration_error", "status": "suspected"}],
               "surfaces": ["web"], "resolved": true}),
        json!({"id": "it/a2.html", "language": {"code": "it"}, "is_outage": true,
               "services": [{"name": "Microsoft  365", "role": "affected"}]}),
        json!({"id": "a3.txt", "language": {"code": "fr"}, "is_outage": false, "published": "2024-05-06",
               "services": [{"name": "Zoom", "role": "affected"}]}),
        json!({"id": "unlabelled.txt", "language": {"code": "en"}, "is_outage": false}),
    ]);
    (gold, records)
}

#[test]
fn small_set_figures() {
    let (gold, records) = small_set();
    let s = gold.score(&records);
    assert_eq!((s.n_gold, s.n_records_matched), (4, 3));
    assert_eq!(s.language, Ratio { hits: 3, n: 4 });
    assert_eq!(s.is_outage, Ratio { hits: 3, n: 4 });
    assert_eq!(
        s.outage_class,
        MicroCounts {
            tp: 2,
            fp: 0,
            fn_: 1
        }
    );
    // a1: Slack right, X wrong (labelled mentioned), Zoom not counted; a2 right through the
    // alias; a3 Zoom wrong (not an outage); a4 AWS missed.
    assert_eq!(
        s.services,
        MicroCounts {
            tp: 2,
            fp: 2,
            fn_: 1
        }
    );
    assert_eq!(s.mentioned_marked_affected, 1);
    assert_eq!(
        s.services_by_group[&Group::En],
        MicroCounts {
            tp: 1,
            fp: 1,
            fn_: 0
        }
    );
    assert_eq!(
        s.services_by_group[&Group::Neg],
        MicroCounts {
            tp: 0,
            fp: 1,
            fn_: 0
        }
    );
    assert_eq!(
        s.services_by_group[&Group::Xx],
        MicroCounts {
            tp: 0,
            fp: 0,
            fn_: 1
        }
    );
    // a1's date is one of the accepted ones; a4 has no record.
    assert_eq!(s.incident_date, Ratio { hits: 1, n: 2 });
    assert_eq!(s.incident_date_wrong_guess, Ratio { hits: 0, n: 2 });
    assert_eq!(s.published, Ratio { hits: 1, n: 2 });
    assert_eq!(
        s.http,
        MicroCounts {
            tp: 1,
            fp: 0,
            fn_: 1
        }
    );
    assert_eq!(
        s.signals,
        MicroCounts {
            tp: 1,
            fp: 0,
            fn_: 1
        }
    );
    assert_eq!(
        s.causes_pair,
        MicroCounts {
            tp: 0,
            fp: 1,
            fn_: 1
        }
    );
    assert_eq!(
        s.causes_category,
        MicroCounts {
            tp: 1,
            fp: 0,
            fn_: 0
        }
    );
    assert_eq!(
        s.surfaces,
        MicroCounts {
            tp: 1,
            fp: 0,
            fn_: 0
        }
    );
    assert_eq!(s.resolved, Ratio { hits: 1, n: 2 });
    let want =
        (0.75 + 0.8 + 4.0 / 7.0 + 0.5 + 0.5 + 2.0 / 3.0 + 2.0 / 3.0 + 0.0 + 1.0 + 0.5) / 10.0;
    assert!((s.overall() - want).abs() < 1e-12, "{}", s.overall());

    assert_eq!(s.passed_ids, vec!["a2"]);
    let reasons: Vec<(&str, Vec<&str>)> = s
        .failures
        .iter()
        .map(|f| {
            (
                f.id.as_str(),
                f.reasons.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("a1", vec!["services +['x'] -[]"]),
            ("a3", vec!["services +['zoom'] -[]"]),
            ("a4", vec!["missing record"]),
        ]
    );
    assert_eq!(s.summary_line(), "real-set: 1 passed, 3 failed");
    assert!(s
        .misses()
        .ends_with("passed by group: en 0/1, it 1/1, neg 0/1, xx 0/1\n"));
    assert_eq!(
        records.warnings(&gold),
        vec!["1 records match no gold id (e.g. ['unlabelled'])"]
    );
}

#[test]
fn small_set_table_and_json() {
    let (gold, records) = small_set();
    let s = gold.score(&records);
    let table = s.table();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], "records matched                    3/4");
    assert_eq!(lines[1], "language accuracy                   0.750");
    assert_eq!(
        lines[3],
        "affected services (micro)          P  0.500  R  0.667  F1  0.571   (tp 2, fp 2, fn 1)"
    );
    assert_eq!(lines[4], "  mentioned wrongly marked affected 1");
    assert_eq!(
        lines[6],
        "incident_date guessed when null     0.000   (n 2, lower is better)"
    );
    // The groups in table order, then the overall score.
    let groups: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("  affected services, group "))
        .map(|l| &l[..l.find(' ').unwrap_or(l.len())])
        .collect();
    assert_eq!(groups, ["it", "en", "xx", "neg"]);
    assert!(lines[lines.len() - 1].starts_with(
        "real-set score                      0.595   (mean of language_acc, is_outage_f1,"
    ));

    let j = s.to_json();
    assert_eq!(j["services_tp_fp_fn"], json!([2, 2, 1]));
    assert_eq!(j["services_xx_tp_fp_fn"], json!([0, 0, 1]));
    assert!(j.get("services_fr_p").is_none());
    assert_eq!(j["failures"]["a4"], json!(["missing record"]));
    assert_eq!(j["per_group_passed"]["it"], json!({"passed": 1, "n": 1}));
    assert_eq!(j["score_components"][9], json!("resolved_acc"));
    assert_eq!(j["passed"], json!(1));
}

#[test]
fn rounds_half_to_even_like_python() {
    // Python prints 0.0625 and 0.6875 (exact binary ties) as 0.062 and 0.688.
    assert_eq!(format!("{:6.3}", 0.0625), " 0.062");
    assert_eq!(format!("{:6.3}", 0.6875), " 0.688");
    assert_eq!(format!("{:6.3}", 2.0 / 3.0), " 0.667");
}

#[test]
fn error_records_and_every_reason() {
    let gold = labels(&[
        label("e1", "de", true, json!({"services": ["Elster"]})),
        label(
            "w1",
            "en",
            true,
            json!({"services": ["McDonald's"], "incident_date": "2024-01-02", "http_codes": [503, 500, 503]}),
        ),
    ]);
    let records = predictions(&[
        json!({"id": "e1.txt", "source": {"path": "x/e1.txt"}, "error": {"kind": "binary", "message": "…"}}),
        json!({"id": "w1.txt", "language": {"code": "fr"}, "is_outage": false,
               "incident_date": "2024-01-03", "errors": [{"http_status": "502"}, {"http_status": null}],
               "services": []}),
    ]);
    let s = gold.score(&records);
    assert_eq!(s.n_records_matched, 2);
    assert_eq!(s.failures[0].reasons, vec!["error record"]);
    assert_eq!(
        s.failures[1].reasons,
        vec![
            "language fr!=en",
            "is_outage False!=True",
            "services +[] -[\"mcdonald's\"]",
            "incident_date 2024-01-03!=2024-01-02",
            "http [502]!=[500, 503, 503]",
        ]
    );
}

#[test]
fn language_rule() {
    let gold = labels(&[
        label("l1", "pt", true, json!({})),
        label("l2", "ca", true, json!({})),
        label("l3", "other", true, json!({})),
        label("l4", "other", true, json!({})),
        label("l5", "other", true, json!({})),
        label("l6", "es", true, json!({})),
    ]);
    let rec =
        |id: &str, code: Value| json!({"id": id, "language": {"code": code}, "is_outage": true});
    let records = predictions(&[
        rec("l1", json!("other")), // a pack language must be named
        rec("l2", json!("other")), // any other language may be `other`
        rec("l3", json!("es")),    // `other` accepts a pack language
        rec("l4", json!("und")),   // but not `und`
        rec("l5", json!("en")),    // nor a core language
        rec("l6", json!("es")),
    ]);
    let s = gold.score(&records);
    let failed: Vec<&str> = s.failures.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(failed, ["l1", "l4", "l5"]);
    assert_eq!(s.failures[1].reasons, ["language und!=other"]);
    assert_eq!(s.language, Ratio { hits: 3, n: 6 });
}

#[test]
fn typed_records_read_like_their_json() {
    let pipeline = match crate::Pipeline::builder().build() {
        Ok(p) => p,
        Err(err) => panic!("pipeline: {err}"),
    };
    let texts = [
        "Panne géante de WhatsApp : les messages ne partent plus depuis ce matin, erreur 503.",
        "ChatGPT è down: errore interno del server per molti utenti, OpenAI indaga.",
    ];
    for (i, text) in texts.iter().enumerate() {
        let record = pipeline.process(&format!("dir/t{i}.txt"), text.as_bytes());
        let value = match serde_json::to_value(&record) {
            Ok(v) => v,
            Err(err) => panic!("json: {err}"),
        };
        let Value::Object(map) = &value else {
            panic!("not an object")
        };
        let (mut typed, mut loose) = (Predictions::new(), Predictions::new());
        typed.add_record(&record);
        loose.add_json(&value);
        let key = format!("t{i}");
        assert_eq!(typed.by_key.get(&key), loose.by_key.get(&key));
        assert_eq!(
            typed.by_key.get(&key),
            Some(&Some(Prediction::from_json(map)))
        );
    }
}

#[test]
fn records_meet_labels_by_stem_first_one_kept() {
    let mut p = Predictions::new();
    assert!(p.add_json(&json!({"id": "z", "source": {"path": "a/b/k1.txt"}, "is_outage": true})));
    assert!(!p.add_json(&json!({"id": "k1.html"})));
    assert!(p.add_json(&json!({"id": "k2.txt", "source": {"path": ""}})));
    assert!(p.add_json(&json!({"source": {}})));
    assert!(!p.add_json(&json!([1, 2])));
    assert!(p.contains("k1") && p.contains("k2") && p.contains(""));
    assert_eq!((p.duplicates(), p.unparsable()), (1, 1));
    let from_lines = Predictions::from_jsonl(
        "{\"id\": \"k1.txt\"}\n\nnot json\n[1]\n{\"id\": \"k1.txt\"}\n".as_bytes(),
    );
    let from_lines = match from_lines {
        Ok(p) => p,
        Err(err) => panic!("{err}"),
    };
    assert_eq!(
        (
            from_lines.len(),
            from_lines.duplicates(),
            from_lines.unparsable()
        ),
        (1, 1, 2)
    );
    assert_eq!(
        from_lines.warnings(&Labels::default()),
        vec![
            "1 duplicate and 2 unparsable lines ignored",
            "1 records match no gold id (e.g. ['k1'])"
        ]
    );
}

#[test]
fn loose_values_in_json_records() {
    // Values of the wrong type count as absent, as score.py reads them.
    let gold = labels(&[label(
        "v1",
        "en",
        true,
        json!({"services": ["5"], "http_codes": [503]}),
    )]);
    let records = predictions(&[json!({
        "id": "v1", "language": "en", "is_outage": "yes",
        "services": [{"name": 5, "role": "affected"}, {"name": "", "role": "affected"}, "Slack"],
        "errors": [{"http_status": 503.0}, {"http_status": "oops"}, 7],
        "error_signals": ["timeout", 3], "surfaces": "web", "resolved": 1,
        "incident_date": {"value": ""}, "published": {"value": "2024-01-01"},
        "causes": [{"category": "power"}, {"category": ""}, {"category": 3, "status": "confirmed"}]
    })]);
    let s = gold.score(&records);
    assert_eq!(s.language, Ratio { hits: 1, n: 1 });
    assert_eq!(
        s.services,
        MicroCounts {
            tp: 1,
            fp: 0,
            fn_: 0
        }
    );
    assert_eq!(
        s.http,
        MicroCounts {
            tp: 1,
            fp: 0,
            fn_: 0
        }
    );
    assert_eq!(
        s.signals,
        MicroCounts {
            tp: 0,
            fp: 1,
            fn_: 0
        }
    );
    assert_eq!(
        s.causes_pair,
        MicroCounts {
            tp: 0,
            fp: 2,
            fn_: 0
        }
    );
    assert_eq!(s.surfaces, MicroCounts::default());
    assert_eq!(s.failures[0].reasons, ["is_outage None!=True"]);
}

#[test]
fn malformed_labels_name_their_line() {
    let good = label("g1", "en", true, json!({}));
    let err = |text: &str| match Labels::parse(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(err) => err.to_string(),
    };
    let missing_lang = r#"{"id": "g2", "is_outage": true}"#;
    let e = err(&format!("{good}\n\n{missing_lang}\n"));
    assert!(e.starts_with("line 3: missing field `lang`"), "{e}");
    let e = err(&format!("{good}\n{{\"id\": \"g2\",\n"));
    assert!(e.starts_with("line 2: "), "{e}");
    let e = err(&format!(
        "{good}\n{}",
        label("g2", "en", false, json!({"http_codes": ["503"]}))
    ));
    assert!(
        e.starts_with("line 2: invalid type: string \"503\", expected i64"),
        "{e}"
    );
    // A required key that may be null must still be there.
    let e = err(&label("g2", "en", true, json!({})).replace("\"resolved\":null,", ""));
    assert!(e.contains("missing field `resolved`"), "{e}");
    let e = err(&format!("{good}\n{good}"));
    assert_eq!(e, "line 2: id `g1` is already labelled on line 1");
    let mut bytes = format!("{good}\n").into_bytes();
    bytes.extend_from_slice(b"{\"id\": \"\xff\"}\n");
    match Labels::from_bytes(&bytes) {
        Err(LabelsError::Line { line: 2, message }) => assert_eq!(message, "not UTF-8"),
        other => panic!("{other:?}"),
    }
    match Labels::load(Path::new("/no/such/gold.jsonl")) {
        Err(LabelsError::Read { .. }) => {}
        other => panic!("{other:?}"),
    }
    assert!(Labels::parse("\n \n").is_ok_and(|l| l.is_empty()));
}

#[test]
fn groups() {
    assert_eq!(
        Group::parse_list("it, fr,en,xx,neg").ok(),
        Some(Group::ALL.to_vec())
    );
    let e = Group::parse_list("it,,en").err().map(|e| e.to_string());
    assert!(e.is_some_and(|e| e.starts_with("unknown group ``")));
    let (gold, _) = small_set();
    let only = gold.in_groups(&[Group::It, Group::Neg]);
    let ids: Vec<&str> = only.items().iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["a2", "a3"]);
}

#[test]
fn null_among_accepted_dates() {
    let also = json!({"incident_date": "2020-01", "incident_date_also": [null, "2020-01-15"]});
    let gold = labels(&[
        label("d1", "en", true, also.clone()),
        label("d2", "en", true, also.clone()),
        label("d3", "en", true, also),
    ]);
    let rec = |id: &str, date: Value| json!({"id": id, "language": {"code": "en"}, "is_outage": true, "incident_date": date});
    let records = predictions(&[
        rec("d1", json!(null)),
        rec("d2", json!({"value": "2020-01-15"})),
        rec("d3", json!("2020-02")),
    ]);
    let s = gold.score(&records);
    assert_eq!(s.incident_date, Ratio { hits: 2, n: 3 });
    assert_eq!(s.failures[0].reasons, ["incident_date 2020-02!=2020-01"]);
}
