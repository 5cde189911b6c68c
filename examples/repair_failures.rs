//! Prints the cases of a repair suite (`tests/data/repair/cases.jsonl` unless a path is
//! given) that repair gets wrong, and how many: a development aid,
//! `cargo run --example repair_failures [-- tests/data/repair/cases_extra.jsonl]`.

fn main() {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/repair/cases.jsonl");
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| default.to_string());
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("cannot read {path}");
        return;
    };
    let mut failed = 0;
    let mut total = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(case) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let input = case["input"].as_str().unwrap_or_default();
        let expected = case["expected"].as_str().unwrap_or_default();
        let got = outage_news::repair::repair(input).text;
        total += 1;
        if got != expected {
            failed += 1;
            println!("  input:    {input:?}\n  got:      {got:?}");
        }
    }
    println!("{} passed, {failed} failed", total - failed);
}
