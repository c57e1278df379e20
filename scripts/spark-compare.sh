#!/usr/bin/env bash
# Runs INPUT through `extract --jsonl --threads 2` and through spark_extract.py in local mode,
# prints both wall-clock times and checks that the outputs are equal apart from
# review.updated_at.
#
#   scripts/spark-compare.sh INPUT [BINARY] [PYTHON]
#
# PYTHON must have pyspark (default: python3); BINARY defaults to the release engine build.
set -euo pipefail
cd "$(dirname "$0")/.."
input=$1
binary=${2:-${CARGO_TARGET_DIR:-target}/release/article-review}
python=${3:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

start=$EPOCHREALTIME
status=0
"$binary" extract --jsonl --threads 2 < "$input" > "$work/direct.jsonl" || status=$?
direct=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN {print b - a}')
[ "$status" -le 1 ] || { echo "direct run failed ($status)" >&2; exit 1; }

start=$EPOCHREALTIME
"$python" scripts/spark_extract.py "$input" "$work/spark" --master 'local[2]' --binary "$binary" \
  2> "$work/spark.log" || { tail -n 20 "$work/spark.log" >&2; exit 1; }
spark=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN {print b - a}')

"$python" - "$work/direct.jsonl" "$work/spark" <<'PY'
import json, pathlib, sys
def records(lines):
    for line in lines:
        record = json.loads(line)
        if isinstance(record.get("review"), dict):
            record["review"].pop("updated_at", None)
        yield record
direct = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
parts = sorted(p for p in pathlib.Path(sys.argv[2]).iterdir() if p.name.startswith("part-"))
spark = [l for p in parts for l in p.read_text(encoding="utf-8").splitlines()]
same = len(direct) == len(spark) and all(a == b for a, b in zip(records(direct), records(spark)))
print(f"lines: direct {len(direct)}, spark {len(spark)} in {len(parts)} part files; "
      f"equal apart from review.updated_at: {'yes' if same else 'NO'}")
sys.exit(0 if same else 1)
PY
printf 'direct --threads 2: %.1f s   spark local[2]: %.1f s\n' "$direct" "$spark"
