#!/usr/bin/env bash
# vanban vs raw tantivy vs SQLite FTS5 on one generated corpus, in one run.
# See BENCHMARKS.md for what is measured and how to read the table.
#
# Usage: benches/compare.sh [DOCS] [runner options...]
#   DOCS          documents to generate (default 10000; ≈ 28 KB each)
#   runner options are passed to `cargo bench --bench compare --`, e.g.
#   --passes 20 --requests 2000 --reps 50 --threads 2 --heap-mb 256 --skip-index
# Environment: SEED (42), PROVINCES (63 or 34), BENCH_DIR (target/bench).
#
# Outputs: $BENCH_DIR/compare-DOCS.json and .txt; the corpus is kept in
# $BENCH_DIR/corpus-DOCS-sSEED-pPROVINCES and reused by later runs.
set -euo pipefail
cd "$(dirname "$0")/.."

DOCS="${1:-10000}"
shift || true
SEED="${SEED:-42}"
PROVINCES="${PROVINCES:-63}"
BENCH_DIR="${BENCH_DIR:-target/bench}"
TARGET="${CARGO_TARGET_DIR:-target}"
CORPUS="$BENCH_DIR/corpus-$DOCS-s$SEED-p$PROVINCES"
WORK="$BENCH_DIR/work-$DOCS"
OUT="$BENCH_DIR/compare-$DOCS.json"
mkdir -p "$BENCH_DIR"

# GNU time gives the indexers' peak RSS.
if [ ! -x /usr/bin/time ]; then
    echo "compare.sh: installing GNU time (for peak RSS)" >&2
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get install -y time >/dev/null 2>&1 \
        || echo "compare.sh: no /usr/bin/time; peak RSS of indexing will be missing" >&2
fi

echo "== build (release)" >&2
cargo build --release --bin vanban
VANBAN="$TARGET/release/vanban"

if [ ! -f "$CORPUS/ground_truth.jsonl" ]; then
    echo "== generate $DOCS documents (seed $SEED, $PROVINCES provinces)" >&2
    rm -rf "$CORPUS"
    start=$(date +%s%N)
    "$VANBAN" gen-corpus --docs "$DOCS" --seed "$SEED" --provinces "$PROVINCES" --out "$CORPUS"
    echo "gen-corpus wall: $(( ($(date +%s%N) - start) / 1000000 )) ms" >&2
fi

echo "== compare" >&2
cargo bench --bench compare -- \
    --corpus "$CORPUS" --vanban "$VANBAN" --work "$WORK" --out "$OUT" "$@" \
    | tee "$BENCH_DIR/compare-$DOCS.txt"
