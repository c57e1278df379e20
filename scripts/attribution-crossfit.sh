#!/usr/bin/env bash
# Cross-fitted figures of the attribution model on its own training data, with the real scorer.
#
#   scripts/attribution-crossfit.sh DATA_DIR [BINARY] [OUT_DIR]
#
# DATA_DIR holds polnear-train.jsonl (the shared gold data; never copied into the repository) and
# is also where score_quotes.py is looked for, in DATA_DIR/../eval/. The articles are split in two
# folds by line parity; a model trained on one fold (`train --attribution`, seed 1, 6 epochs)
# extracts the other, and both folds' predictions are scored together: every article is scored by
# a model that never saw it, trained on half the data (so slightly weaker than the bundled model).
# The rules alone are scored on the same articles for comparison. BINARY defaults to a release
# engine build (built here, without the window).
set -euo pipefail
cd "$(dirname "$0")/.."

data=${1:?usage: scripts/attribution-crossfit.sh DATA_DIR [BINARY] [OUT_DIR]}
binary=${2:-}
out=${3:-$(mktemp -d)}
score="$data/../eval/score_quotes.py"
if [ -z "$binary" ]; then
  cargo build --release --quiet --no-default-features
  binary="${CARGO_TARGET_DIR:-target}/release/article-review"
fi
mkdir -p "$out"
awk 'NR % 2 == 1' "$data/polnear-train.jsonl" > "$out/fold0.jsonl"
awk 'NR % 2 == 0' "$data/polnear-train.jsonl" > "$out/fold1.jsonl"
for k in 0 1; do
  other=$((1 - k))
  "$binary" train --attribution --data "$out/fold$other.jsonl" --epochs 6 --seed 1 \
    -o "$out/model-not$k.bin" 2> "$out/train-not$k.log"
  "$binary" extract --jsonl --threads 1 --attribution "$out/model-not$k.bin" \
    < "$out/fold$k.jsonl" > "$out/pred$k.jsonl"
done
cat "$out/fold0.jsonl" "$out/fold1.jsonl" > "$out/gold.jsonl"
cat "$out/pred0.jsonl" "$out/pred1.jsonl" > "$out/pred.jsonl"
"$binary" extract --jsonl --threads 1 --attribution rules < "$out/gold.jsonl" > "$out/pred-rules.jsonl"
echo "cross-fitted model (predictions in $out/pred.jsonl):"
python3 "$score" "$out/gold.jsonl" "$out/pred.jsonl" | tail -n 9
echo "the rules alone:"
python3 "$score" "$out/gold.jsonl" "$out/pred-rules.jsonl" | tail -n 1
