# shellcheck shell=bash
# The intake section's databases, one per product, on this machine's cluster:
# plain helpdesk_mgmt, OCA helpdesk_mgmt_sla (its three SLAs are set by
# bench_intake.py in each run's transaction) and this addon (the world of
# benchmarks/generator.py, made on the section's first run). Sourced by run.sh
# after scripts/common.sh.

# ensure_intake_dbs CONFIG
ensure_intake_dbs() {
    local conf=$1
    ensure_db "$conf" pc_bench_intake_plain helpdesk_mgmt --without-demo=all
    ensure_db "$conf" pc_bench_intake_sla helpdesk_mgmt_sla --without-demo=all
    ensure_db "$conf" pc_bench_intake_addon property_complaint,base_automation --without-demo=all
}
