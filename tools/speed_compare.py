#!/usr/bin/env python3
"""CPU time of `extract --jsonl` on one thread against spaCy + textacy on the same input.

    python3 tools/speed_compare.py RUNS GOLD.jsonl BINARY [BINARY...] [--peer PYTHON]

Runs every command RUNS times, interleaved (so that a busy machine slows them alike), and prints
the median CPU seconds (user + system, from getrusage; start-up included) and characters of
"text" per CPU-second. `--peer PYTHON` adds the peer: PYTHON (a virtualenv's interpreter with
spacy, textacy and the en_core_web_sm model, package name in SPACY_MODEL, default
en_core_web_sm) running this file with `peer`: the entities and direct quotations of every text.
"""
import json
import os
import resource
import statistics
import subprocess
import sys


def peer():
    """spaCy's small English pipeline and textacy's direct quotations, one document a line."""
    import spacy
    import textacy.extract

    nlp = spacy.load(os.environ.get("SPACY_MODEL", "en_core_web_sm"))
    for line in sys.stdin:
        doc = nlp(json.loads(line)["text"])
        entities = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        quotes = []
        try:
            for q in textacy.extract.triples.direct_quotations(doc):
                quotes.append((q.content.start_char, q.content.end_char))
        except Exception as e:  # textacy raises on some unbalanced quotation marks
            quotes.append(str(e))
        sys.stdout.write(json.dumps({"entities": entities, "quotes": quotes}) + "\n")


def main():
    args = sys.argv[1:]
    peer_python = None
    if "--peer" in args:
        at = args.index("--peer")
        peer_python = args[at + 1]
        del args[at : at + 2]
    runs, path, binaries = int(args[0]), args[1], args[2:]
    chars = sum(len(json.loads(l)["text"]) for l in open(path, encoding="utf-8") if l.strip())
    commands = {b: [b, "extract", "--jsonl", "--threads", "1"] for b in binaries}
    if peer_python:
        commands["spaCy + textacy"] = [peer_python, os.path.abspath(__file__), "peer"]
    times = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            with open(path, encoding="utf-8") as f:
                subprocess.run(command, stdin=f, stdout=subprocess.DEVNULL, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[name].append(
                after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            )
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name}: median {median:.3f} CPU-s ({' '.join(f'{t:.3f}' for t in values)}), "
            f"{chars / median / 1e6:.3f} M characters per CPU-second ({chars} characters)"
        )


if __name__ == "__main__":
    if sys.argv[1:] == ["peer"]:
        peer()
    else:
        main()
