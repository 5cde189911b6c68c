//! The command line: `scan` (one line per input, order, exit codes, formats, output) and `repair`.

use std::process::{Command, Output};

mod common;
use common::{corpus_articles, json_lines, run_with_stdin};

fn bin() -> Command {
    Command::new(common::binary())
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

/// A folder with good, empty, binary and unreadable-by-size inputs, made for the test.
fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path();
    std::fs::write(
        p.join("a-good.txt"),
        "Panne géante de WhatsApp : les messages ne partent plus depuis ce matin, \
         et des milliers d'utilisateurs signalent des erreurs de connexion sur Downdetector.",
    )
    .unwrap();
    std::fs::write(p.join("b-empty.txt"), "").unwrap();
    std::fs::write(
        p.join("c-binary.txt"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00",
    )
    .unwrap();
    std::fs::create_dir(p.join("d-sub")).unwrap();
    std::fs::write(p.join("d-sub").join("big.txt"), "x".repeat(5000)).unwrap();
    std::fs::write(p.join(".hidden.txt"), "ChatGPT down").unwrap();
    dir
}

#[test]
fn every_input_gives_one_line_in_order_with_error_records() {
    let dir = mixed_folder();
    let out = run(&[
        "scan",
        "-q",
        "--max-bytes",
        "4000",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "some inputs failed → exit 1");
    let records = json_lines(&out);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["a-good.txt", "b-empty.txt", "c-binary.txt", "d-sub/big.txt"]
    );
    assert_eq!(records[0]["is_outage"], true);
    assert_eq!(records[0]["language"]["code"], "fr");
    assert_eq!(records[1]["error"]["kind"], "empty");
    assert_eq!(records[2]["error"]["kind"], "binary");
    assert_eq!(records[3]["error"]["kind"], "too_large");
    for r in &records {
        assert_eq!(r["schema_version"], 1);
    }
}

#[test]
fn corpus_scan_succeeds_and_is_identical_for_any_thread_count() {
    let root = corpus_articles();
    let one = run(&["scan", "-q", "-j", "1", root.to_str().unwrap()]);
    let two = run(&["scan", "-q", "-j", "2", root.to_str().unwrap()]);
    let eight = run(&["scan", "-q", "-j", "8", root.to_str().unwrap()]);
    assert_eq!(one.status.code(), Some(0));
    assert!(json_lines(&one).len() >= 45);
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, eight.stdout);
}

#[test]
fn evidence_offsets_index_the_text() {
    let root = corpus_articles();
    let out = run(&[
        "scan",
        "-q",
        "--with-text",
        root.join("it").to_str().unwrap(),
    ]);
    let mut with_evidence = 0;
    for record in json_lines(&out) {
        let text = record["text"].as_str().unwrap().as_bytes();
        let mut evidence = Vec::new();
        for s in record["services"].as_array().unwrap() {
            evidence.extend(s["evidence"].as_array().unwrap().iter().cloned());
        }
        for key in ["errors", "causes", "related_dates"] {
            for v in record[key].as_array().unwrap() {
                evidence.push(v["evidence"].clone());
            }
        }
        if !record["incident_date"].is_null() {
            evidence.push(record["incident_date"]["evidence"].clone());
        }
        with_evidence += usize::from(!evidence.is_empty());
        for e in evidence {
            let (s, t) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            let slice = std::str::from_utf8(&text[s..t]).expect("char boundaries");
            assert_eq!(slice, e["text"].as_str().unwrap());
        }
    }
    assert!(with_evidence >= 20, "{with_evidence} records with evidence");
}

#[test]
fn stdin_and_formats() {
    let out = run_with_stdin(
        &["scan", "-q", "-", "--format", "csv"],
        "ChatGPT down: oggi errore 503 per migliaia di utenti, il servizio risulta irraggiungibile."
            .as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv.lines();
    assert!(rows.next().unwrap().starts_with("id,path,error_kind"));
    let row = rows.next().unwrap();
    assert!(row.starts_with("-,-,,,it,true,"), "{row}");
    assert!(row.contains(",ChatGPT,"), "{row}");
    assert!(row.contains(",503,"), "{row}");

    let root = corpus_articles();
    let json = run(&[
        "scan",
        "-q",
        "--format",
        "json",
        root.join("other").to_str().unwrap(),
    ]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON array");
    assert!(value.as_array().unwrap().len() >= 5);
}

#[test]
fn output_file_is_written_whole_and_replaced_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("records.jsonl");
    std::fs::write(&target, "previous run\n").unwrap();
    let root = corpus_articles();
    let out = run(&[
        "scan",
        "-q",
        "-o",
        target.to_str().unwrap(),
        root.join("fr").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.lines().count() >= 14);
    assert!(!written.contains("previous run"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");

    // A failing run (unwritable folder) leaves nothing half-written and exits 2.
    let bad = run(&[
        "scan",
        "-q",
        "-o",
        "/nonexistent-dir/x.jsonl",
        root.join("fr").to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let out = run(&["scan"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["scan", "--reference-date", "yesterday", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));

    let lex = tempfile::tempdir().unwrap();
    std::fs::write(
        lex.path().join("it.toml"),
        "[language]\ncode = \"it\"\n[outage\n",
    )
    .unwrap();
    let out = run(&["scan", "--lexicons", lex.path().to_str().unwrap(), "x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("it.toml:3"), "{err}");
}

#[test]
fn missing_path_is_an_error_record_not_a_crash() {
    let out = run(&["scan", "-q", "/definitely/not/here.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let records = json_lines(&out);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["error"]["kind"], "io");
}

#[test]
fn lexicons_flag_extends_the_embedded_ones() {
    // Dutch has no embedded pack: a file in the flag's folder adds one.
    let lex = tempfile::tempdir().unwrap();
    std::fs::write(
        lex.path().join("nl.toml"),
        "[language]\ncode = \"nl\"\niso639_3 = \"nld\"\nname = \"Dutch\"\n\n[outage]\nstrong = [\"storing\", \"onbereikbaar\"]\n",
    )
    .unwrap();
    let article = corpus_articles()
        .join("other")
        .join("2025-10-20-aws-storing.txt");
    let out = run(&[
        "scan",
        "-q",
        "--lexicons",
        lex.path().to_str().unwrap(),
        article.to_str().unwrap(),
    ]);
    let records = json_lines(&out);
    assert_eq!(records[0]["language"]["code"], "nl");
    assert_eq!(records[0]["is_outage"], true);
}

#[test]
fn help_teaches_with_examples() {
    let out = run(&["scan", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Examples:"));
    assert!(help.contains("--reference-date"));
}

#[test]
fn repair_writes_repaired_text_and_explains() {
    let dir = tempfile::tempdir().unwrap();
    let legacy = dir.path().join("legacy.txt");
    // windows-1252 bytes, then mojibake saved as UTF-8.
    std::fs::write(&legacy, b"Publi\xe9 le 2 mars, d\xe9j\xe0 en panne").unwrap();
    let mojibake = dir.path().join("mojibake.txt");
    std::fs::write(&mojibake, "Ã¢â‚¬Å“Il servizio Ã¨ giÃ¹Ã¢â‚¬Â\u{9d}").unwrap();
    let out = run(&[
        "repair",
        "--explain",
        legacy.to_str().unwrap(),
        mojibake.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Publié le 2 mars, déjà en panne“Il servizio è giù”"
    );
    let explained = String::from_utf8_lossy(&out.stderr);
    assert!(explained.contains("decoded as windows-1252"), "{explained}");
    assert!(
        explained.contains("\"Ã¨\" -> \"è\" (mojibake via windows-1252)"),
        "{explained}"
    );
    assert!(
        explained.contains("via windows-1252 then windows-1252"),
        "{explained}"
    );

    // No file: stdin.
    let out = run_with_stdin(&["repair"], "cittÃ  di Roma".as_bytes());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "città di Roma");

    // A missing file fails with exit 1 but the others are still written.
    let out = run(&["repair", "/nonexistent/x.txt", legacy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Publié"));
}

#[test]
fn repair_jsonl_keeps_order_and_splits_on_newline_only() {
    let input = concat!(
        "{\"text\": \"d\u{c3}\u{a9}j\u{c3}\u{a0} vu\"}\n",
        "{\"text\": \"line\u{2028}separator and next\u{85}line stay inside\"}\n",
        "not json\n",
        "{\"text\": \"AT&amp;T &eacute;\"}\n",
    );
    let out = run_with_stdin(&["repair", "--jsonl"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1), "a malformed line fails the run");
    let records = json_lines(&out);
    assert_eq!(records.len(), 4, "one output line per input line");
    assert_eq!(records[0]["text"], "déjà vu");
    assert_eq!(records[0]["repairs"], 2);
    assert_eq!(
        records[1]["text"],
        "line\u{2028}separator and next\u{85}line stay inside"
    );
    assert_eq!(records[1]["repairs"], 0);
    assert_eq!(records[2]["line"], 3);
    assert!(records[2]["error"].is_string());
    assert_eq!(records[3]["text"], "AT&T é");

    let out = run_with_stdin(
        &["repair", "--jsonl", "--explain"],
        "{\"text\": \"caf\u{c3}\u{a9}\"}\n".as_bytes(),
    );
    let records = json_lines(&out);
    let detail = &records[0]["details"][0];
    assert_eq!(detail["from"], "Ã©");
    assert_eq!(detail["to"], "é");
    assert_eq!(detail["codecs"][0], "windows-1252");
    assert_eq!(
        (detail["start"].as_u64(), detail["end"].as_u64()),
        (Some(3), Some(7))
    );
}

/// An article tree and an expected tree written for the test: one expectation right, one
/// with a wrong service and date, one article without an expectation.
fn eval_trees() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let (articles, expected) = (dir.path().join("articles"), dir.path().join("expected"));
    for sub in [&articles, &expected] {
        std::fs::create_dir_all(sub.join("fr")).expect("mkdir");
    }
    let article = "Publié le 4 mars 2025\n\nPanne géante de WhatsApp ce mardi 4 mars : les messages \
                   ne partent plus depuis ce matin, selon des milliers de signalements sur Downdetector.";
    std::fs::write(articles.join("fr/a.txt"), article).expect("write");
    std::fs::write(articles.join("fr/b.txt"), article).expect("write");
    std::fs::write(articles.join("fr/c.txt"), article).expect("write");
    let expectation = |affected: &str, date: &str| {
        format!(
            r#"{{"language": "fr", "is_outage": true, "published": "2025-03-04",
                "incident_date": "{date}", "services": {{"affected": ["{affected}"], "mentioned": ["Downdetector"]}},
                "http_statuses": [], "error_signals": ["message_send_failure"], "causes": [],
                "surfaces": [], "resolved": null, "related_dates": []}}"#
        )
    };
    std::fs::write(
        expected.join("fr/a.txt.json"),
        expectation("WhatsApp", "2025-03-04"),
    )
    .expect("write");
    std::fs::write(
        expected.join("fr/b.txt.json"),
        expectation("Telegram", "2025-03-05"),
    )
    .expect("write");
    dir
}

#[test]
fn eval_scores_records_against_the_expected_tree() {
    let dir = eval_trees();
    let (articles, expected) = (dir.path().join("articles"), dir.path().join("expected"));
    let args = |extra: &[&str]| -> Vec<String> {
        let mut v = vec![
            "eval".to_string(),
            articles.display().to_string(),
            expected.display().to_string(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let argv = args(&["--json"]);
    let out = run(&argv.iter().map(String::as_str).collect::<Vec<_>>());
    // c.txt has no expectation: reported, exit 1, the others still scored.
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(report["articles"], 2);
    let affected = &report["fields"]["services.affected"];
    assert_eq!(
        (
            affected["tp"].as_u64(),
            affected["fp"].as_u64(),
            affected["fn"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(report["fields"]["incident_date"]["tp"], 1);
    assert_eq!(report["fields"]["language"]["precision"], 1.0);
    let unmatched = report["unmatched"].as_array().expect("list");
    assert_eq!(unmatched.len(), 1, "{unmatched:?}");
    assert!(unmatched[0].as_str().is_some_and(|u| u.contains("c.txt")));

    // The table with misses names the article, the field and both values.
    std::fs::remove_file(articles.join("fr/c.txt")).expect("rm");
    let argv = args(&["--misses"]);
    let out = run(&argv.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.lines().next().is_some_and(|h| h.starts_with("field")),
        "{table}"
    );
    assert!(
        table.contains("fr/b.txt  services.affected: got [WhatsApp] want [Telegram]"),
        "{table}"
    );
    assert!(
        table.contains("fr/b.txt  incident_date: got [2025-03-04] want [2025-03-05]"),
        "{table}"
    );

    // An expectation without its article is reported too.
    std::fs::remove_file(articles.join("fr/a.txt")).expect("rm");
    let argv = args(&[]);
    let out = run(&argv.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no article for expectation"));

    // A missing folder is a usage error.
    let out = run(&["eval", "no/such/articles", &expected.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
}

/// A line of labels (the real-article dev set's format) for the `eval_trees` article.
fn label_line(id: &str, services: &str, mentioned: &str) -> String {
    format!(
        r#"{{"id": "{id}", "lang": "fr", "is_outage": true, "published": "2025-03-04",
            "incident_date": "2025-03-04", "services": [{services}],
            "mentioned_not_affected": [{mentioned}], "http_codes": [],
            "error_signals": ["message_send_failure"], "causes": [], "surfaces": [],
            "resolved": null, "notes": "written for this test"}}"#
    )
    .replace('\n', " ")
}

#[test]
fn eval_labels_prints_the_reference_scorer_table() {
    let dir = eval_trees();
    let articles = dir.path().join("articles");
    std::fs::remove_file(articles.join("fr/c.txt")).expect("rm");
    let labels = dir.path().join("gold.jsonl");
    let write_labels = |lines: &[String]| {
        std::fs::write(&labels, lines.join("\n") + "\n").expect("write labels");
    };
    let a = label_line("a", r#""WhatsApp""#, r#""Downdetector""#);
    let b = label_line("b", r#""Telegram""#, r#""WhatsApp""#);
    write_labels(&[a.clone(), b.clone()]);
    let (labels_arg, articles_arg) = (labels.display().to_string(), articles.display().to_string());
    let eval = |extra: &[&str]| {
        let mut argv = vec!["eval", "--labels", &labels_arg, &articles_arg];
        argv.extend_from_slice(extra);
        run(&argv)
    };

    let out = eval(&["--misses"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("FAIL b: services +['whatsapp'] -['telegram']\n"),
        "{text}"
    );
    assert!(text.contains("\npassed by group: fr 1/2\n"), "{text}");
    assert!(
        text.contains("\nrecords matched                    2/2\n"),
        "{text}"
    );
    assert!(text.contains("\n  affected services, group fr      P  0.500  R  0.500  F1  0.500   (tp 1, fp 1, fn 1)\n"), "{text}");
    assert!(text.ends_with("\nreal-set: 1 passed, 1 failed\n"), "{text}");

    let out = eval(&["--json", "--groups", "fr,neg"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(report["passed_ids"], serde_json::json!(["a"]));
    assert_eq!(
        report["failures"]["b"][0],
        "services +['whatsapp'] -['telegram']"
    );
    assert_eq!(report["services_tp_fp_fn"], serde_json::json!([1, 1, 1]));
    assert_eq!(
        report["score_components"].as_array().map(Vec::len),
        Some(10)
    );

    // A label without its article: scored as wrong, reported, exit 1.
    write_labels(&[a.clone(), b.clone(), label_line("z", "", "")]);
    let out = eval(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("real-set: 1 passed, 2 failed\n"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 labelled articles have no file"));

    // Malformed labels name their line; unknown groups and an empty selection are errors.
    write_labels(&[a.clone(), b.replace(r#""lang": "fr", "#, "")]);
    let out = eval(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("gold.jsonl: line 2: missing field `lang`"),
        "{err}"
    );
    write_labels(&[a, b]);
    for groups in ["it,de", "it"] {
        let out = eval(&["--groups", groups]);
        assert_eq!(out.status.code(), Some(2), "--groups {groups}");
    }
    let out = run(&["eval", "--groups", "it", &articles_arg, &articles_arg]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "eval",
        "--labels",
        &labels_arg,
        &articles_arg,
        &articles_arg,
    ]);
    assert_eq!(out.status.code(), Some(2));

    let out = run(&["eval", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--labels <FILE>"), "{help}");
    assert!(
        help.contains("outage-news eval --labels gold.jsonl articles/"),
        "{help}"
    );
}

#[test]
fn explain_shows_sentences_terms_and_services() {
    let article = corpus_articles().join("it/2025-06-10-chatgpt-down.txt");
    let out = run(&["explain", &article.display().to_string()]);
    assert_eq!(out.status.code(), Some(0));
    let view = String::from_utf8_lossy(&out.stdout);
    assert!(view.starts_with("language: it (ita)"), "{view}");
    // The headline is an incident sentence naming ChatGPT, with its outage word.
    let headline = view
        .lines()
        .find(|l| l.starts_with("[0.."))
        .expect("the headline's line");
    assert!(headline.contains("incident"), "{headline}");
    assert!(view.contains("service \"ChatGPT\" -> ChatGPT"), "{view}");
    assert!(view.contains("term \"down\" Outage"), "{view}");

    let out = run(&["explain", "no/such/article.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/article.txt"));
}

/// Output files get the permissions of any file the user writes: 0666 less the umask.
#[cfg(unix)]
#[test]
fn output_files_are_readable_as_the_umask_allows() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let articles = corpus_articles().join("fr");
    let bin = common::binary().to_str().unwrap().to_string();
    for (umask, mode) in [("022", 0o644), ("027", 0o640)] {
        let records = dir.path().join(format!("records-{umask}.jsonl"));
        let incidents = dir.path().join(format!("incidents-{umask}.jsonl"));
        let report = dir.path().join(format!("report-{umask}.html"));
        let script = format!(
            "umask {umask} && \"$0\" scan -q -o \"$1\" \"$2\" && \"$0\" incidents -q \"$1\" -o \"$3\" \
             && \"$0\" report -q \"$1\" --html \"$4\""
        );
        let status = Command::new("sh")
            .args(["-c", &script, &bin])
            .args([&records, &articles, &incidents, &report])
            .status()
            .unwrap();
        assert!(status.success(), "umask {umask}: {status}");
        for file in [&records, &incidents, &report] {
            let got = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
            assert_eq!(got, mode, "{} with umask {umask}", file.display());
        }
    }
}
