#!/usr/bin/env python3
"""Make two folders of review files for measuring `article-review compare`.

Reads `article-review extract --jsonl` output (one document per line, "id" first) and writes
every document twice: as reviewer A's file into A_DIR and, changed the way a second reviewer
would, as reviewer B's file into B_DIR. B's changes, drawn with a fixed seed:
  - a quote's speaker set to another entity (10% of quotes, when there is another entity);
  - a quote rejected (5%);
  - a quote's kind changed (5%);
  - one added quote per article over a sentence with no quote (half of the articles).
Every file stays valid (`article-review validate`). The changes made are counted on stderr.

usage: second_reviewer.py PRED.jsonl A_DIR B_DIR [--seed N]
"""

import argparse
import copy
import json
import os
import random
import re
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pred")
    parser.add_argument("a_dir")
    parser.add_argument("b_dir")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.a_dir, exist_ok=True)
    os.makedirs(args.b_dir, exist_ok=True)
    counts = {"articles": 0, "quotes": 0, "speaker": 0, "rejected": 0, "kind": 0, "added": 0}
    with open(args.pred, encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            doc = json.loads(line)
            if "error" in doc:
                print(f"line {n}: skipped, extraction failed: {doc['error']}", file=sys.stderr)
                continue
            name = re.sub(r"[^A-Za-z0-9_.-]", "_", str(doc.pop("id", n)))
            a = doc
            b = copy.deepcopy(doc)
            counts["articles"] += 1
            counts["quotes"] += len(b["quotes"])
            change(b, rng, counts)
            for folder, review in ((args.a_dir, a), (args.b_dir, b)):
                with open(os.path.join(folder, f"{name}.json"), "w", encoding="utf-8") as out:
                    json.dump(review, out, ensure_ascii=False, indent=1)
    print(json.dumps(counts), file=sys.stderr)


def change(doc, rng, counts):
    entities = [e["id"] for e in doc["entities"]]
    for q in doc["quotes"]:
        roll = rng.random()
        if roll < 0.10:
            others = [e for e in entities if e != q["speaker"]]
            if others:
                speaker = rng.choice(others)
                mention = next(e for e in doc["entities"] if e["id"] == speaker)["mentions"]
                q["speaker"] = speaker
                q["speaker_mention"] = mention[0] if mention else None
                q["status"] = "corrected"
                counts["speaker"] += 1
        elif roll < 0.15:
            q["status"] = "rejected"
            counts["rejected"] += 1
        elif roll < 0.20:
            q["kind"] = rng.choice([k for k in ("direct", "mixed", "indirect") if k != q["kind"]])
            q["status"] = "corrected"
            counts["kind"] += 1
        else:
            q["status"] = "confirmed"
    if rng.random() < 0.5:
        add_quote(doc, rng, counts)


def add_quote(doc, rng, counts):
    """Adds an indirect quote over a sentence no quote touches."""
    text = doc["text"]
    taken = [(q["start"], q["end"]) for q in doc["quotes"]]
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.\n]{20,200}\.", text)]
    free = [s for s in sentences if all(s[1] <= a or b <= s[0] for a, b in taken)]
    if not free:
        return
    start, end = rng.choice(free)
    used = {e["id"] for e in doc["entities"]} | {q["id"] for q in doc["quotes"]}
    n = 1
    while f"q{n}" in used:
        n += 1
    doc["quotes"].append({
        "id": f"q{n}", "kind": "indirect", "start": start, "end": end, "text": text[start:end],
        "speaker": None, "speaker_mention": None, "cue": None, "confidence": 1.0,
        "rule": "manual", "status": "added", "predicted": None,
    })
    doc["quotes"].sort(key=lambda q: (q["start"], q["end"]))
    counts["added"] += 1


if __name__ == "__main__":
    main()
