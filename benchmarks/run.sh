#!/usr/bin/env bash
# The scale benchmark: the addon against the helpdesk it extends, at 10 000,
# 100 000 and 1 000 000 complaints, each section in a process of its own and
# every database its own (none is the product's or the tests').
#
#   benchmarks/run.sh                                 # everything, every size
#   benchmarks/run.sh --sizes 10000 enforcement desk  # some sections, some sizes
#   benchmarks/run.sh --section-args latency='--minutes 3' latency
#   PC_BENCH_FRESH=1 benchmarks/run.sh                # drop the databases first
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
source "$ROOT/benchmarks/intake_dbs.sh"

PORT=${PC_BENCH_HTTP_PORT:-8269}
CONF=$CACHE/odoo-bench.conf
SIZES=10000,100000,1000000
SECTIONS=()
ARGS=()
while [ "$#" -gt 0 ]; do
    case $1 in
    --sizes) SIZES=$2; shift 2 ;;
    --section-args) ARGS+=(--section-args "$2"); shift 2 ;;
    -*) die "unknown option $1" ;;
    *) SECTIONS+=("$1"); shift ;;
    esac
done
wants() { [ "${#SECTIONS[@]}" = 0 ] || [[ " ${SECTIONS[*]} " == *" $1 "* ]]; }

setup_all
write_config "$CONF" "$PORT"
for size in ${SIZES//,/ }; do
    db=pc_bench_$size
    [ -z "${PC_BENCH_FRESH:-}" ] || { log "dropping $db (PC_BENCH_FRESH)"; drop_db "$db"; }
    ensure_db "$CONF" "$db" property_complaint,base_automation --without-demo=all
done
if wants intake; then
    ensure_intake_dbs "$CONF"
fi
cd "$ROOT"
exec "$PY" "$ROOT/benchmarks/run.py" --config "$CONF" --sizes "$SIZES" "${ARGS[@]}" "${SECTIONS[@]}"
