#!/usr/bin/env bash
# Loads the HTML report of the corpus in headless Chromium (Debian's `chromium` package) and
# checks that the page logs no console errors and fails no load, that its timeline has
# exactly one mark per incident, and that every incident's row shows each of its articles with
# how it joined (`joined_by`: date, content or alone), as `incidents` wrote them. Leaves a
# screenshot for people to look at.
#
#   tests/browser/check-report.sh [OUT_DIR]     (default OUT_DIR: a new temporary folder)
#
# Needs: cargo (builds the debug binary, or set OUTAGE_NEWS=path/to/outage-news), python3,
# chromium (`apt-get install -y chromium`; installed here when missing and running as root).
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

# Every incident's row lists each of its articles with its joined_by, as in incidents.jsonl.
# Prints what is missing or different; exit status 1 when anything is.
sources_shown() {
  python3 - "$1" "$2" <<'PY'
import json, sys
from html.parser import HTMLParser

class Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.row = None
        self.shown = {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and a.get("id"):
            self.row = a["id"]
            self.shown.setdefault(self.row, {})
        elif tag == "li" and "source" in (a.get("class") or "").split() and self.row:
            self.shown[self.row][a.get("data-article")] = a.get("data-joined-by")
    def handle_endtag(self, tag):
        if tag == "tr":
            self.row = None

rows = Rows()
with open(sys.argv[2], encoding="utf-8") as f:
    rows.feed(f.read())
problems = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        incident = json.loads(line)
        shown = rows.shown.get(incident["incident_id"])
        expected = {s["id"]: s["joined_by"] for s in incident["sources"]}
        if shown != expected:
            problems += 1
            print(f"{incident['incident_id']}: shown {shown} expected {expected}")
sys.exit(1 if problems else 0)
PY
}

# The source check must see a missing joined_by when there is one.
sed '0,/ data-joined-by="[a-z]*"/s// data-joined-by="nowhere"/' "$out/dom.html" > "$out/planted-dom.html"
if sources_shown "$out/incidents.jsonl" "$out/planted-dom.html" > /dev/null; then
  echo "check-report: FAIL the source check missed a wrong joined_by" >&2
  exit 1
fi
sources_problems=$(sources_shown "$out/incidents.jsonl" "$out/dom.html" || true)
joined=$(grep -o 'data-joined-by="[a-z]*"' "$out/dom.html" | sed 's/.*="\(.*\)"/\1/' | sort | uniq -c \
  | awk '{printf "%s%s %s", sep, $2, $1; sep=", "}')
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
if [ -n "$sources_problems" ]; then
  echo "check-report: FAIL incident rows do not show their articles and joined_by as incidents.jsonl says:" >&2
  echo "$sources_problems" | head -20 >&2
  status=1
fi
if [ ! -s "$out/report.png" ]; then
  echo "check-report: FAIL no screenshot" >&2
  status=1
fi
if [ "$status" = 0 ]; then
  echo "check-report: ok: $marks timeline marks for $incidents incidents, every article shown with its joined_by ($joined), no console errors; screenshot $out/report.png"
fi
exit "$status"
