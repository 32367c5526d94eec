#!/usr/bin/env bash
# Times the quality records on a month of 100 000 complaints, in a database of
# its own (property_complaint_bench, property_complaint without demo data).
# The complaints are generated on the first run and reused afterwards.
#
#   benchmarks/run.sh                      # generate if needed, then time
#   benchmarks/run.sh --runs 5 --profile   # arguments go to bench_reports.py
#   PC_BENCH_FRESH=1 benchmarks/run.sh     # drop the database and start again
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"

DB=${PC_BENCH_DB:-property_complaint_bench}
PORT=${PC_BENCH_HTTP_PORT:-8269}
CONF=$CACHE/odoo-bench.conf

setup_all
write_config "$CONF" "$PORT"
if [ -n "${PC_BENCH_FRESH:-}" ]; then
    log "dropping $DB (PC_BENCH_FRESH)"
    drop_db "$DB"
fi
ensure_db "$CONF" "$DB" property_complaint --without-demo=all
cd "$ROOT"
exec "$PY" "$ROOT/benchmarks/bench_reports.py" --config "$CONF" --database "$DB" \
    --http-port "$PORT" "$@"
