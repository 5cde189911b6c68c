//! A lexicon file with a typo or a contradiction, given with `--lexicons DIR`, stops the run
//! before anything is read or written: exit status 2, the file, line and reason on stderr,
//! and nothing on stdout (nothing is half-loaded).

mod common;

use std::process::{Command, Output};

/// Runs `scan` on a good article with `files` (name, contents) as the lexicon folder.
fn scan_with_lexicons(files: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, contents) in files {
        std::fs::write(dir.path().join(name), contents).expect("write lexicon");
    }
    let article = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/articles/it/2025-06-10-chatgpt-down.txt"
    );
    Command::new(common::binary())
        .args(["scan", "-q", "--lexicons"])
        .arg(dir.path())
        .arg(article)
        .output()
        .expect("runs")
}

/// Asserts the run was rejected at start-up with `location` (`file:line`) and `reason`.
fn assert_rejected(out: &Output, location: &str, reason: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "nothing may be written: {:?}",
        out.stdout
    );
    assert!(
        stderr.contains(location),
        "expected {location} in: {stderr}"
    );
    assert!(stderr.contains(reason), "expected `{reason}` in: {stderr}");
}

const SERVICES_HEAD: &str = "\
# A small services lexicon replacing the embedded one.
[[service]]
name = \"ChatGPT\"
vendor = \"OpenAI\"
aliases = [\"chat gpt\"]
";

#[test]
fn malformed_toml_is_rejected_with_its_line() {
    let services = format!("{SERVICES_HEAD}\n[[service]]\nname = \"Gemini\nvendor = \"Google\"\n");
    let out = scan_with_lexicons(&[("services.toml", &services)]);
    assert_rejected(&out, "services.toml:8:", "");
}

#[test]
fn an_unknown_field_is_rejected_with_its_line() {
    // `alias` for `aliases`: a typo that would otherwise silently drop the aliases.
    let services = format!(
        "{SERVICES_HEAD}\n[[service]]\nname = \"Gemini\"\nvendor = \"Google\"\nalias = [\"bard\"]\n"
    );
    let out = scan_with_lexicons(&[("services.toml", &services)]);
    assert_rejected(&out, "services.toml:10:", "unknown field `alias`");
}

#[test]
fn an_alias_of_two_services_is_rejected_at_the_second_definition() {
    let services = format!(
        "{SERVICES_HEAD}\n[[service]]\nname = \"Gemini\"\nvendor = \"Google\"\naliases = [\"bard\", \"Chat GPT\"]\n"
    );
    let out = scan_with_lexicons(&[("services.toml", &services)]);
    assert_rejected(
        &out,
        "services.toml:10:",
        "alias `chat gpt` belongs to two different entries",
    );

    // A service's own name used as another's alias, in a different case.
    let services = format!(
        "{SERVICES_HEAD}\n[[service]]\nname = \"Copilot\"\nvendor = \"Microsoft\"\naliases = [\"CHATGPT\"]\n"
    );
    let out = scan_with_lexicons(&[("services.toml", &services)]);
    assert_rejected(
        &out,
        "services.toml:10:",
        "belongs to two different entries",
    );
}

#[test]
fn an_exact_case_alias_of_two_services_is_rejected() {
    let services = format!(
        "{SERVICES_HEAD}exact = [\"GPT\"]\n\n[[service]]\nname = \"Copilot\"\nvendor = \"Microsoft\"\nexact = [\"GPT\"]\n"
    );
    let out = scan_with_lexicons(&[("services.toml", &services)]);
    assert_rejected(
        &out,
        "services.toml:11:",
        "alias `GPT` belongs to two different entries",
    );
}

#[test]
fn a_duplicate_service_is_rejected() {
    let services =
        format!("{SERVICES_HEAD}\n[[service]]\nname = \"ChatGPT\"\nvendor = \"Other\"\n");
    let out = scan_with_lexicons(&[("services.toml", &services)]);
    assert_rejected(
        &out,
        "services.toml:8:",
        "service `ChatGPT` is defined twice",
    );
}

#[test]
fn a_contradictory_language_pack_is_rejected_with_the_term_line() {
    let pack = "[language]\ncode = \"es\"\niso639_3 = \"spa\"\n\n[outage]\nstrong = [\"caída\"]\n\n\
        [resolution]\nresolved = [\"restablecido\"]\nongoing = [\"sigue caído\", \"Restablecido\"]\n";
    let out = scan_with_lexicons(&[("es.toml", pack)]);
    assert_rejected(&out, "es.toml:10:", "both `resolved` and `ongoing`");
}

#[test]
fn out_of_range_and_unknown_vocabulary_values_are_rejected() {
    let pack = "[language]\ncode = \"es\"\niso639_3 = \"spa\"\n\n[dates]\nmonths = { enero = 1, trece = 13 }\n";
    let out = scan_with_lexicons(&[("es.toml", pack)]);
    assert_rejected(&out, "es.toml:6:", "13");

    let pack = "[language]\ncode = \"es\"\niso639_3 = \"spa\"\n\n[causes]\nsolar_flare = [\"tormenta solar\"]\n";
    let out = scan_with_lexicons(&[("es.toml", pack)]);
    assert_rejected(&out, "es.toml:6:", "solar_flare");
}

#[test]
fn a_missing_lexicon_folder_is_a_configuration_error() {
    let out = Command::new(common::binary())
        .args(["scan", "-q", "--lexicons", "/nonexistent/lexicons", "x.txt"])
        .output()
        .expect("runs");
    assert_rejected(&out, "/nonexistent/lexicons", "");
}

/// The names of the services the embedded lexicons find in `text` (scan read from stdin).
fn service_names(text: &str) -> Vec<String> {
    let out = common::run_with_stdin(&["scan", "-q", "-", "--format", "jsonl"], text.as_bytes());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = common::json_lines(&out);
    let mut names: Vec<String> = records[0]["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| s["name"].as_str().expect("name").to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn the_embedded_services_lexicon_tells_brands_from_ordinary_words() {
    // Operators, sub-brands and banks are found under their own names; ordinary words that
    // are also brand names ("tout le monde", "les cartes bancaires", "ideal", "three hours",
    // "the verge of") are not services.
    let names = service_names(
        "Panne chez Free Mobile et Sosh ce matin : tout le monde est touché, les cartes \
         bancaires fonctionnent. Les clients de La Banque Postale et de Boursorama ne peuvent \
         plus se connecter.",
    );
    assert_eq!(
        names,
        ["Boursorama", "Free Mobile", "La Banque Postale", "Sosh"]
    );

    let names = service_names(
        "Rogers outage: Rogers, Fido and Chatr customers could not call for three hours. It \
         was not an ideal time, and the network was on the verge of collapse; Interac payments \
         failed too, while the Lloyds Bank and Halifax apps were down.",
    );
    assert_eq!(
        names,
        [
            "Chatr",
            "Fido",
            "Halifax",
            "Interac",
            "Lloyds Bank",
            "Rogers"
        ]
    );
}

/// The keys of a language pack the engine reads, per table: a pack missing one of them (or
/// leaving it empty) is half-made. `[signals]`, `[causes]`, `[surfaces]` and
/// `[signal_frames.actions]` are checked against the union of every pack's keys.
const PACK_KEYS: &[(&str, &[&str])] = &[
    ("language", &["code", "iso639_3", "name", "day_first"]),
    ("outage", &["strong", "weak", "not_outage", "trouble"]),
    (
        "dates",
        &[
            "months",
            "weekdays",
            "relative_days",
            "now",
            "published",
            "past",
            "day_suffixes",
        ],
    ),
    ("http", &["context"]),
    ("signal_frames", &["blocked", "failing", "actions"]),
    (
        "cues",
        &[
            "hedge",
            "confirm",
            "negation",
            "background",
            "dependency",
            "working",
            "unaffected",
            "channel",
            "channel_prepositions",
            "channel_nouns",
            "channel_gap",
            "clause_break",
            "alternative",
            "negators",
            "relative",
            "earlier",
        ],
    ),
    (
        "resolution",
        &[
            "resolved",
            "ongoing",
            "pending",
            "prospective",
            "denied",
            "updates",
            "live",
            "over",
            "live_auxiliaries",
            "over_auxiliaries",
        ],
    ),
];

/// Every language pack of `lexicons/`: file name and parsed TOML.
fn language_packs() -> Vec<(String, toml::Table)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
    let mut packs = Vec::new();
    for entry in std::fs::read_dir(dir).expect("lexicons folder") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if !name.ends_with(".toml") || name == "common.toml" || name == "services.toml" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("pack");
        packs.push((name, text.parse::<toml::Table>().expect("valid TOML")));
    }
    packs.sort_by(|a, b| a.0.cmp(&b.0));
    packs
}

/// Whether a TOML value holds something: a non-empty array or table, or any scalar.
fn is_filled(value: &toml::Value) -> bool {
    match value {
        toml::Value::Array(a) => !a.is_empty(),
        toml::Value::Table(t) => !t.is_empty(),
        _ => true,
    }
}

#[test]
fn every_language_pack_defines_every_section_the_engine_reads() {
    let packs = language_packs();
    assert!(packs.len() >= 6, "only {} packs", packs.len());
    // The keys of the vocabulary tables: what any pack defines, every pack must define.
    let mut union: Vec<(&str, Vec<String>)> = Vec::new();
    for table in ["signals", "causes", "surfaces"] {
        let mut keys: Vec<String> = packs
            .iter()
            .filter_map(|(_, pack)| pack.get(table).and_then(|t| t.as_table()))
            .flat_map(|t| t.keys().cloned())
            .collect();
        keys.sort();
        keys.dedup();
        union.push((table, keys));
    }
    let mut missing = Vec::new();
    for (name, pack) in &packs {
        for (table, keys) in PACK_KEYS {
            let section = pack.get(*table).and_then(|t| t.as_table());
            for key in *keys {
                if !section.and_then(|s| s.get(*key)).is_some_and(is_filled) {
                    missing.push(format!("{name}: [{table}] {key}"));
                }
            }
        }
        for (table, keys) in &union {
            let section = pack.get(*table).and_then(|t| t.as_table());
            for key in keys {
                if !section.and_then(|s| s.get(key)).is_some_and(is_filled) {
                    missing.push(format!("{name}: [{table}] {key}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "half-made packs:\n{}",
        missing.join("\n")
    );
}
