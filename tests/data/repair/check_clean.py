#!/usr/bin/env python3
"""Sanity checks for clean.jsonl, the "must not change" suite of the repair stage.

Checks every line for:
  * valid JSON object with a non-empty string "lang" and "text" (and optional string "note")
  * text is in Unicode NFC form
  * no C1 control characters (U+0080..U+009F) and no U+FFFD / lone surrogates
  * no HTML/XML character reference (&name; &#123; &#x1F;) unless lang == "html"
Prints the number of cases per language and the number of distinct languages.
Exits non-zero on any failure.
"""
import collections
import json
import os
import re
import sys
import unicodedata

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "clean.jsonl")
ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
C1 = re.compile("[\u0080-\u009f]")
REQUIRED_LANGS = (
    "it fr en es de pt pl cs sk hu ro tr hr sl lt lv is da sv nl ca vi el ru uk bg sr "
    "ar he fa hi th zh ja ko emoji math symbols code html"
).split()
MIN_CASES = 220


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else PATH
    errors = []
    counts = collections.Counter()
    notes = multi = 0
    seen = set()
    with open(path, encoding="utf-8", newline="") as f:
        raw = f.read()
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        where = f"line {n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{where}: invalid JSON: {e}")
            continue
        if not isinstance(obj, dict):
            errors.append(f"{where}: not a JSON object")
            continue
        extra = set(obj) - {"lang", "note", "text"}
        if extra:
            errors.append(f"{where}: unexpected keys {sorted(extra)}")
        lang, text, note = obj.get("lang"), obj.get("text"), obj.get("note")
        if not isinstance(lang, str) or not lang:
            errors.append(f"{where}: missing/empty lang")
            continue
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: missing/empty text")
            continue
        if note is not None:
            if not isinstance(note, str) or not note:
                errors.append(f"{where}: note must be a non-empty string")
            else:
                notes += 1
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            errors.append(f"{where}: lone surrogate in text")
            continue
        if not unicodedata.is_normalized("NFC", text):
            errors.append(f"{where}: text is not NFC")
        m = C1.search(text)
        if m:
            errors.append(f"{where}: C1 control U+{ord(m.group()):04X}")
        if "\ufffd" in text:
            errors.append(f"{where}: contains U+FFFD")
        if lang != "html":
            m = ENTITY.search(text)
            if m:
                errors.append(f"{where}: HTML entity {m.group()!r} outside an html case")
        if text in seen:
            errors.append(f"{where}: duplicate text")
        seen.add(text)
        if "\n\n" in text:
            multi += 1
        counts[lang] += 1

    for lang, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{lang:8} {c}")
    total = sum(counts.values())
    print(f"total cases: {total}")
    print(f"distinct languages/scripts: {len(counts)}")
    print(f"cases with a note: {notes}")
    print(f"multi-paragraph cases: {multi}")

    missing = [l for l in REQUIRED_LANGS if l not in counts]
    if missing:
        errors.append(f"missing languages: {missing}")
    if total < MIN_CASES:
        errors.append(f"only {total} cases, need at least {MIN_CASES}")
    if errors:
        print(f"\nFAILED ({len(errors)} problems):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
