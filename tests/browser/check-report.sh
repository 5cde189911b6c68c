#!/usr/bin/env bash
# Loads the HTML report of the corpus in headless Chromium (Debian's `chromium` package) and
# checks that the page logs no console errors and fails no load, and that its timeline has
# exactly one mark per incident. Leaves a screenshot for people to look at.
#
#   tests/browser/check-report.sh [OUT_DIR]     (default OUT_DIR: a new temporary folder)
#
# Needs: cargo (builds the debug binary, or set OUTAGE_NEWS=path/to/outage-news), chromium
# (`apt-get install -y chromium`; installed here when missing and running as root).
# Exit status: 0 all checks passed, 1 a check failed, 2 missing tools.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=${1:-$(mktemp -d)}
mkdir -p "$out"

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "check-report: installing chromium" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "check-report: chromium is required (apt-get install -y chromium)" >&2
    exit 2
  fi
fi

bin=${OUTAGE_NEWS:-}
if [ -z "$bin" ]; then
  cargo build --quiet
  bin="${CARGO_TARGET_DIR:-target}/debug/outage-news"
fi

"$bin" scan corpus/articles -q -o "$out/records.jsonl"
"$bin" incidents "$out/records.jsonl" -q -o "$out/incidents.jsonl"
"$bin" report "$out/records.jsonl" -q --html "$out/report.html"
incidents=$(wc -l < "$out/incidents.jsonl")

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chrome() {
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}

# What Chromium logs about a page: any console message (the report has no script, so any is
# unexpected; Chromium logs console.error at INFO level), uncaught exceptions, failed loads.
page_errors() {
  grep -E 'CONSOLE|Uncaught|net::ERR_|Failed to load|Refused to' "$1" || true
}

# The detector must see an error when there is one.
printf '<!DOCTYPE html><title>x</title><script>console.error("x1")</script>' > "$out/planted.html"
chrome --dump-dom "file://$(realpath "$out/planted.html")" > /dev/null 2> "$out/planted.log" || true
if [ -z "$(page_errors "$out/planted.log")" ]; then
  echo "check-report: FAIL the console-error detector missed a planted console.error" >&2
  exit 1
fi

chrome --dump-dom "file://$(realpath "$out/report.html")" > "$out/dom.html" 2> "$out/console.log"
chrome --screenshot="$out/report.png" --window-size=1400,1000 --hide-scrollbars \
  "file://$(realpath "$out/report.html")" > /dev/null 2>> "$out/console.log"

marks=$(grep -o '<circle class="incident-mark[^"]*" data-incident="[^"]*"' "$out/dom.html" | sort -u | wc -l)
errors=$(page_errors "$out/console.log")
status=0
if [ -n "$errors" ]; then
  echo "check-report: FAIL console errors:" >&2
  echo "$errors" >&2
  status=1
fi
if [ "$marks" -ne "$incidents" ] || [ "$incidents" -eq 0 ]; then
  echo "check-report: FAIL $marks timeline marks for $incidents incidents" >&2
  status=1
fi
if [ ! -s "$out/report.png" ]; then
  echo "check-report: FAIL no screenshot" >&2
  status=1
fi
if [ "$status" = 0 ]; then
  echo "check-report: ok: $marks timeline marks for $incidents incidents, no console errors; screenshot $out/report.png"
fi
exit "$status"
