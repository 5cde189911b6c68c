"""Generates N articles for measuring: copies of corpus/articles, each with a small change.

    python examples/spark/generate_articles.py 100000 /tmp/gen

writes /tmp/gen/articles/dNNN/NNNNNN-<corpus name> (1,000 files a folder) and
/tmp/gen/articles.jsonl (the same articles as {"id", "bytes_b64"} lines, ids as
`outage-news scan /tmp/gen/articles` gives them).
"""

import base64
import json
import os
import sys


def main(count, out):
    corpus = os.path.join(os.path.dirname(__file__), "..", "..", "corpus", "articles")
    paths = sorted(os.path.join(d, f) for d, _, files in os.walk(corpus) for f in files)
    sources = []
    for path in paths:
        with open(path, "rb") as f:
            sources.append((os.path.relpath(path, corpus).replace(os.sep, "_"), f.read()))
    with open(os.path.join(out, "articles.jsonl"), "w") as jsonl:
        for i in range(count):
            name, body = sources[i % len(sources)]
            body += b"\n\n(" + str(i).encode() + b")\n"
            folder = f"d{i // 1000:03d}"
            os.makedirs(os.path.join(out, "articles", folder), exist_ok=True)
            file_id = f"{folder}/{i:06d}-{name}"
            with open(os.path.join(out, "articles", file_id), "wb") as f:
                f.write(body)
            line = {"id": file_id, "bytes_b64": base64.b64encode(body).decode("ascii")}
            jsonl.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    os.makedirs(sys.argv[2], exist_ok=True)
    main(int(sys.argv[1]), sys.argv[2])
