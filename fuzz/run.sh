#!/usr/bin/env bash
# Seeds a fuzz target's corpus from the project's articles and runs it on one core.
#   fuzz/run.sh TARGET [SECONDS]      e.g. fuzz/run.sh process 600
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:?usage: fuzz/run.sh TARGET [SECONDS]}"
seconds="${2:-600}"
mkdir -p "corpus/$target"
# Seeds: every corpus article and the HTML test pages (copied, never committed).
for dir in ../corpus/articles ../tests/data/html; do
  [ -d "$dir" ] || continue
  find "$dir" -type f -print0 | while IFS= read -r -d '' f; do
    cp "$f" "corpus/$target/seed-$(basename "$f")"
  done
done
cargo +nightly fuzz run "$target" "corpus/$target" -- \
  -max_total_time="$seconds" -max_len=65536 -jobs=1 -workers=1 -print_final_stats=1
