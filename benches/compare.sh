#!/usr/bin/env bash
# vanban vs raw tantivy vs SQLite FTS5 vs PostgreSQL full-text search on one
# generated corpus, in one run. See BENCHMARKS.md for what is measured and how
# to read the table.
#
# Usage: benches/compare.sh [DOCS] [runner options...]
#   DOCS          documents to generate (default 10000; ≈ 28 KB each)
#   runner options are passed to `cargo bench --bench compare --`, e.g.
#   --passes 20 --requests 2000 --reps 50 --threads 2 --heap-mb 256 --skip-index
# Environment: SEED (42), PROVINCES (63 or 34), BENCH_DIR (target/bench),
#   PG_PORT (18574), NO_PG=1 (leave PostgreSQL out), NO_OHA=1 (no oha: the
#   runner's own one-connection-per-request client at concurrency 1 and 8).
#
# What it sets up, and how:
# - GNU time (peak RSS of the indexers): `apt-get install -y time` when missing.
# - oha (the HTTP load generator, keep-alive connections): the one on PATH, else
#   $BENCH_DIR/tools/bin/oha, else `cargo install oha --locked --root
#   $BENCH_DIR/tools` (a few minutes, once; its TLS library needs cmake, which
#   is installed with apt-get when missing).
# - PostgreSQL: a private server of the newest /usr/lib/postgresql/*/bin, its
#   data folder in $WORK/pg, listening on a Unix socket in that folder only (no
#   TCP), started with pg_ctl before the run and stopped after it, whatever
#   happens; as root it runs as the `postgres` user. A system cluster is never
#   touched.
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
PG_PORT="${PG_PORT:-18574}"
mkdir -p "$BENCH_DIR" "$WORK"

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

# GNU time gives the indexers' peak RSS.
if [ ! -x /usr/bin/time ]; then
    echo "compare.sh: installing GNU time (for peak RSS)" >&2
    $SUDO apt-get install -y time >/dev/null 2>&1 \
        || echo "compare.sh: no /usr/bin/time; peak RSS of indexing will be missing" >&2
fi

# oha, for /api/search under load over keep-alive connections.
OHA=""
if [ "${NO_OHA:-}" != 1 ]; then
    if command -v oha >/dev/null 2>&1; then
        OHA="$(command -v oha)"
    elif [ -x "$BENCH_DIR/tools/bin/oha" ]; then
        OHA="$BENCH_DIR/tools/bin/oha"
    else
        echo "== cargo install oha (once, into $BENCH_DIR/tools)" >&2
        command -v cmake >/dev/null 2>&1 || $SUDO apt-get install -y cmake >/dev/null 2>&1 || true
        if cargo install oha --locked --root "$BENCH_DIR/tools" >&2; then
            OHA="$BENCH_DIR/tools/bin/oha"
        else
            echo "compare.sh: oha could not be installed; HTTP load uses the runner's own client" >&2
        fi
    fi
fi

# A private PostgreSQL server for the run.
PG=""
PG_DATA=""
PG_RUN=()
stop_pg() {
    if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
        "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
}
trap stop_pg EXIT
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ "${NO_PG:-}" != 1 ] && [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]; then
    PG_DIR="$(realpath "$WORK")/pg"
    PG_DATA="$PG_DIR/data"
    # --skip-index reuses the previous run's database; otherwise start afresh.
    REUSE=""
    case " $* " in *" --skip-index "*) [ -f "$PG_DATA/PG_VERSION" ] && REUSE=1 ;; esac
    if [ -z "$REUSE" ]; then
        rm -rf "$PG_DIR"
    fi
    mkdir -p "$PG_DIR"
    if [ "$(id -u)" = 0 ]; then
        # initdb refuses to run as root.
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        chown postgres "$PG_DIR"
        PG_RUN=(runuser -u postgres --)
    else
        PG_RUN=(env)
    fi
    echo "== PostgreSQL ($PG_BIN) in $PG_DIR, socket only, port $PG_PORT" >&2
    if [ -z "$REUSE" ]; then
        "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 \
            --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1
    fi
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" -w \
        -o "-c listen_addresses='' -k $PG_DIR -p $PG_PORT -c shared_buffers=256MB -c max_wal_size=4GB" \
        start >/dev/null
    PG="host=$PG_DIR port=$PG_PORT user=postgres dbname=postgres"
else
    echo "compare.sh: PostgreSQL left out (NO_PG=1 or no /usr/lib/postgresql/*/bin/initdb)" >&2
fi

# One build: `cargo bench --no-run` builds the runner and, for it, the vanban
# binary, both in the bench profile (release optimisations). A separate
# `cargo build --release` would compile tantivy and vanban a second time.
echo "== build (bench profile: release optimisations)" >&2
cargo bench --bench compare --no-run
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
    --corpus "$CORPUS" --vanban "$VANBAN" --work "$WORK" --out "$OUT" \
    --pg "$PG" --oha "$OHA" "$@" \
    | tee "$BENCH_DIR/compare-$DOCS.txt"
