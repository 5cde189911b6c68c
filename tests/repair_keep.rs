//! The must-keep suite: correct text in many languages and scripts that repair must return
//! unchanged, byte for byte, with no repair reported.
//!
//! - `tests/data/repair/keep/udhr.jsonl`: paragraphs of the Universal Declaration of Human
//!   Rights in 100 languages and 30 scripts (see the README beside it for the source and
//!   licence);
//! - `tests/data/repair/keep/traps.jsonl`: correct text written for this suite that looks like
//!   mojibake: all-caps with NBSP and ™, Nordic Å, µ and Ω units, line art, leetspeak, code,
//!   names.
//!
//! Run with `--nocapture` to see the counts by language and script.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use outage_news::repair::repair;
use serde::Deserialize;

#[derive(Deserialize)]
struct Keep {
    lang: String,
    #[serde(default)]
    script: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    text: String,
}

fn load(name: &str) -> Vec<Keep> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/repair/keep")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
        .collect()
}

/// The texts of `cases` that repair changes, with what it made of them.
fn changed(cases: &[Keep]) -> Vec<String> {
    cases
        .iter()
        .filter_map(|case| {
            let r = repair(&case.text);
            (r.text != case.text || r.repairs != 0).then(|| {
                format!(
                    "[{} {}] {:?}\n  got {:?}",
                    case.lang,
                    case.kind.as_deref().unwrap_or_default(),
                    case.text,
                    r.text
                )
            })
        })
        .collect()
}

#[test]
fn udhr_sentences_never_change() {
    let cases = load("udhr.jsonl");
    let langs: BTreeSet<&str> = cases.iter().map(|c| c.lang.as_str()).collect();
    let scripts: BTreeSet<&str> = cases.iter().filter_map(|c| c.script.as_deref()).collect();
    println!(
        "udhr: {} paragraphs, {} languages, {} scripts",
        cases.len(),
        langs.len(),
        scripts.len()
    );
    assert!(cases.len() >= 1000, "{} paragraphs", cases.len());
    assert!(langs.len() >= 40, "{} languages", langs.len());
    assert!(scripts.len() >= 25, "{} scripts", scripts.len());
    let changed = changed(&cases);
    assert!(changed.is_empty(), "changed:\n{}", changed.join("\n"));
}

#[test]
fn traps_never_change() {
    let cases = load("traps.jsonl");
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &cases {
        *by_kind
            .entry(case.kind.as_deref().unwrap_or_default())
            .or_default() += 1;
    }
    println!("traps: {} texts {by_kind:?}", cases.len());
    assert!(cases.len() >= 100, "{} traps", cases.len());
    for kind in [
        "caps", "units", "box", "leet", "prose", "names", "code", "garble",
    ] {
        assert!(by_kind.contains_key(kind), "no trap of kind {kind}");
    }
    let changed = changed(&cases);
    assert!(changed.is_empty(), "changed:\n{}", changed.join("\n"));
}
