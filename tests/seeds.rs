//! The seed acceptance check: `../shared/check-seeds` over the five seed articles must
//! report `0 failed`. The seeds live outside this repository (they are real articles and
//! are never copied in); CI has them beside the checkout.

use std::path::Path;
use std::process::Command;

#[test]
fn seed_articles_pass_the_acceptance_check() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/check-seeds");
    if !script.exists() {
        eprintln!(
            "check-seeds not found at {}: the seeds are not beside this checkout",
            script.display()
        );
        return;
    }
    let out = Command::new("python3")
        .arg(&script)
        .arg("--bin")
        .arg(env!("CARGO_BIN_EXE_outage-news"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python3 runs check-seeds");
    let report = String::from_utf8_lossy(&out.stdout);
    println!("{report}");
    assert!(out.status.success(), "check-seeds failed:\n{report}");
    assert!(report.contains(" 0 failed"), "{report}");
}
