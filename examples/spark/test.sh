#!/usr/bin/env bash
# The Spark recipe, tested: runs examples/spark/outage_news_spark.py in local[2] mode over
# corpus/articles and checks that its records equal those of a plain
# `outage-news scan corpus/articles`, byte for byte after sorting by id.
#
# Needs Java 17+ and python3 with venv; installs pyspark into a virtual environment under
# the cargo target folder (reused by later runs). Run from anywhere:
#   examples/spark/test.sh
#
# The one field that legitimately differs is `source.path`: `scan corpus/articles` writes
# the path it read (`corpus/articles/<id>`), the Spark job passes bytes inline, for which
# outage-news repeats the id. The scan records' `corpus/articles/` prefix is removed before
# the comparison; every other byte must match.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() {
  echo "spark test: FAILED: $*" >&2
  exit 1
}

command -v java >/dev/null 2>&1 || fail "java is required (Java 17 or later)"
command -v python3 >/dev/null 2>&1 || fail "python3 is required"

target="${CARGO_TARGET_DIR:-target}"
venv="$target/spark-venv"
if ! "$venv/bin/python" -c 'import pyspark' >/dev/null 2>&1; then
  echo "spark test: installing pyspark into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pyspark
fi

cargo build --quiet --locked --bin outage-news
binary="$target/debug/outage-news"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$binary" scan -q -j 2 corpus/articles > "$work/scan.jsonl" || fail "scan of corpus/articles failed"

started=$(date +%s)
"$venv/bin/python" examples/spark/outage_news_spark.py --master 'local[2]' \
  --binary "$binary" --folder corpus/articles --output "$work/spark" --partitions 4 \
  > "$work/spark.log" 2>&1 || { cat "$work/spark.log" >&2; fail "the Spark job failed"; }
echo "spark test: Spark job took $(( $(date +%s) - started )) s"

sed 's|^\({"schema_version":1,"id":"[^"]*","source":{"path":"\)corpus/articles/|\1|' \
  "$work/scan.jsonl" | LC_ALL=C sort > "$work/expected.jsonl"
cat "$work/spark"/part-* | LC_ALL=C sort > "$work/actual.jsonl"

expected=$(wc -l < "$work/expected.jsonl")
actual=$(wc -l < "$work/actual.jsonl")
[ "$expected" -gt 100 ] || fail "scan gave only $expected records"
if ! cmp -s "$work/expected.jsonl" "$work/actual.jsonl"; then
  echo "spark test: $expected records from scan, $actual from Spark; first differences:" >&2
  diff "$work/expected.jsonl" "$work/actual.jsonl" | head -c 3000 >&2 || true
  fail "Spark records differ from scan records"
fi
echo "spark test: OK, $actual records identical to scan corpus/articles"
