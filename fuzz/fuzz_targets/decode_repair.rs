//! Decode + repair on arbitrary bytes: never panics, and repair is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(repaired) = outage_news::repair::repair_bytes(bytes) {
        let again = outage_news::repair::repair(&repaired.text);
        assert_eq!(again.text, repaired.text, "repair is not idempotent");
    }
});
