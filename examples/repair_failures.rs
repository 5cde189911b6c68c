//! Prints the cases of `tests/data/repair/cases.jsonl` that repair gets wrong (a development
//! aid: `cargo run --example repair_failures`).

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/repair/cases.jsonl");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("cannot read {path}");
        return;
    };
    let mut failed = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(case) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let input = case["input"].as_str().unwrap_or_default();
        let expected = case["expected"].as_str().unwrap_or_default();
        let got = outage_news::repair::repair(input).text;
        if got != expected {
            failed += 1;
            println!("  input:    {input:?}\n  got:      {got:?}");
        }
    }
    println!("{failed} failed");
}
