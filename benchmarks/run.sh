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

# What the addon is made of, tests left out: a change there upgrades the
# database before the figures are taken.
bench_addon_hash() {
    (cd "$ROOT" && find property_complaint -type f ! -name '*.pyc' ! -path '*/tests/*' -print0 |
        sort -z | xargs -0 sha1sum | sha1sum | cut -c1-16)
}

ensure_bench_db() {
    local state hash stamp_file=$CACHE/$DB.stamp
    exec {lock_fd}>"$CACHE/$DB.lock"
    flock "$lock_fd"
    if [ -n "${PC_BENCH_FRESH:-}" ]; then
        log "dropping $DB (PC_BENCH_FRESH)"
        db_query postgres "DROP DATABASE IF EXISTS \"$DB\""
        rm -f "$stamp_file"
    fi
    hash=$(bench_addon_hash)
    state=$(db_query "$DB" "SELECT state FROM ir_module_module WHERE name = 'property_complaint'")
    if [ "$state" = installed ]; then
        if [ "$(cat "$stamp_file" 2>/dev/null)" != "$hash" ]; then
            log "upgrading property_complaint in $DB"
            "$PY" -m odoo -c "$CONF" -d "$DB" -u property_complaint --stop-after-init --no-http
        fi
    else
        [ -z "$state" ] || { log "dropping the half-made database $DB"; db_query postgres "DROP DATABASE \"$DB\""; }
        log "creating database $DB with property_complaint, without demo data"
        "$PY" -m odoo -c "$CONF" -d "$DB" -i property_complaint --without-demo=all \
            --stop-after-init --no-http
    fi
    state=$(db_query "$DB" "SELECT state FROM ir_module_module WHERE name = 'property_complaint'")
    [ "$state" = installed ] || die "property_complaint did not install in $DB (state: ${state:-none})"
    echo "$hash" >"$stamp_file"
    flock -u "$lock_fd"
}

setup_all
write_config "$CONF" "$PORT"
ensure_bench_db
cd "$ROOT"
exec "$PY" "$ROOT/benchmarks/bench_reports.py" --config "$CONF" --database "$DB" \
    --http-port "$PORT" "$@"
