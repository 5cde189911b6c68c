#!/usr/bin/env python3
"""Makes the mangled copies of corpus articles under corpus/articles/mangled/.

For each listed article it writes three copies, each with its expected record (the
original's, plus the decoding fields):

  <name>.cp1252.txt    the article encoded in windows-1252 (a legacy charset file)
  <name>.mojibake.txt  UTF-8 bytes decoded as windows-1252 and saved as UTF-8 again, with
                       no-break spaces flattened to plain spaces (the lost-byte case)
  <name>.mixed.txt     the same mojibake in every other paragraph only (half-mangled)

Run from the repository root: python3 corpus/tools/mangle.py
"""
import json
import os

ARTICLES = [
    "it/2025-06-10-chatgpt-down.txt",
    "it/2025-02-28-whatsapp-down.txt",
    "it/2024-07-19-crowdstrike-schermata-blu.txt",
    "fr/2025-06-10-panne-chatgpt.txt",
    "fr/2025-11-18-cloudflare-panne-geante.txt",
    "fr/2025-03-01-outlook-panne.txt",
    "en/2025-03-01-outlook-outage.txt",
    "en/2025-06-10-chatgpt-outage.txt",
]


def mojibake(text):
    raw = text.encode("utf-8")
    out = []
    for b in raw:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))  # latin-1 fallback for bytes cp1252 leaves undefined
    return "".join(out).replace("\u00a0", " ")


def main():
    root = os.path.join(os.path.dirname(__file__), "..")
    for rel in ARTICLES:
        src = os.path.join(root, "articles", rel)
        text = open(src, encoding="utf-8").read()
        expected = json.load(open(os.path.join(root, "expected", rel + ".json"), encoding="utf-8"))
        stem = rel.replace("/", "-")[: -len(".txt")]
        paragraphs = text.split("\n\n")
        variants = {
            "cp1252": (text.encode("cp1252"), "windows-1252", False),
            "mojibake": (mojibake(text).encode("utf-8"), "UTF-8", True),
            "mixed": (
                "\n\n".join(mojibake(p) if i % 2 else p for i, p in enumerate(paragraphs)).encode("utf-8"),
                "UTF-8",
                True,
            ),
        }
        for kind, (data, encoding, repaired) in variants.items():
            name = f"{stem}.{kind}.txt"
            os.makedirs(os.path.join(root, "articles", "mangled"), exist_ok=True)
            os.makedirs(os.path.join(root, "expected", "mangled"), exist_ok=True)
            with open(os.path.join(root, "articles", "mangled", name), "wb") as fh:
                fh.write(data)
            exp = dict(expected, encoding=encoding, mojibake_repaired=repaired)
            with open(os.path.join(root, "expected", "mangled", name + ".json"), "w", encoding="utf-8") as fh:
                json.dump(exp, fh, ensure_ascii=False, indent=2)
                fh.write("\n")


if __name__ == "__main__":
    main()
