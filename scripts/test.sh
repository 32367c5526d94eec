#!/usr/bin/env bash
# Runs every test: the addon's Odoo tests (browser tours included), the
# top-level tests against a running server and OCA helpdesk_mgmt's own suite
# with property_complaint installed, all under pytest; then the addon's suite
# under Odoo's own runner at install, on a new database, and the suites of the
# other OCA helpdesk addons with this addon installed beside them, under Odoo's
# runner and pytest. Set-up happens on first use. Extra arguments go to pytest
# (e.g. -k clock, -x); a path or a selection (-k, -m, --deselect) narrows the
# run to pytest alone. The last line says "all suites: N passed, N failed".
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB=${PC_TEST_DB:-property_complaint_test}
PORT=${PC_TEST_HTTP_PORT:-8169}
# The OCA helpdesk addons whose own suites run with this addon installed.
OCA_ALONGSIDE=helpdesk_mgmt_sla,helpdesk_type

# Whatever stops the run early, CI still reads a closing line that fails.
closed=
trap '[ -n "$closed" ] || echo "all suites: $PASSED_TOTAL passed, $((FAILED_TOTAL + 1)) failed"' EXIT

setup_all chromium poppler-utils
# A skipped tour is a failure here: the browser must be there.
command -v chromium >/dev/null || die "chromium is missing: the browser tours cannot run"
"$PY" -c "import websocket" || die "websocket-client is missing: the browser tours cannot run"

CONF=$CACHE/odoo-test.conf
write_config "$CONF" "$PORT"
ensure_db "$CONF" "$DB" property_complaint,helpdesk_mgmt

cd "$ROOT"
# Paths given on the command line narrow the run; otherwise every suite runs.
paths=(property_complaint/tests tests "$(addon_tests helpdesk_mgmt)")
narrowed=
for arg in "$@"; do
    if [ -e "${arg%%::*}" ]; then
        paths=()
        narrowed=1
    fi
    case $arg in -k* | -m* | --deselect*) narrowed=1 ;; esac
done
# PC_ODOO_RUNNER=1 runs Odoo's runner suites after a narrowed run too, 0 never.
case ${PC_ODOO_RUNNER:-auto} in
    auto) odoo_runner=$([ -z "$narrowed" ] && echo 1 || echo 0) ;;
    *) odoo_runner=$PC_ODOO_RUNNER ;;
esac

run_pytest "pytest-odoo ($DB)" "$CONF" "$DB" --odoo-http "$@" "${paths[@]}"

if [ "$odoo_runner" = 1 ]; then
    # At install, as -i on a new database: dropped and made again each run.
    exec {install_lock}>"$CACHE/${DB}_install.lock"
    flock "$install_lock"
    drop_db "${DB}_install"
    run_odoo_tests "Odoo runner, at install (${DB}_install)" "$CONF" "${DB}_install" property_complaint \
        -i property_complaint --test-enable --test-tags /property_complaint
    flock -u "$install_lock"

    # The other OCA addons' suites, in the database where they run beside this
    # addon. Odoo's runner runs them as their module loads, before this addon's
    # code is (its tables and data are there); pytest-odoo runs them again with
    # the whole registry loaded, this addon's overrides included.
    ensure_db "$CONF" "${DB}_oca" "property_complaint,$OCA_ALONGSIDE"
    run_odoo_tests "Odoo runner, $OCA_ALONGSIDE (${DB}_oca)" "$CONF" "${DB}_oca" "$OCA_ALONGSIDE" \
        --test-tags "/${OCA_ALONGSIDE//,/,/}"
    oca_tests=()
    for module in ${OCA_ALONGSIDE//,/ }; do
        oca_tests+=("$(addon_tests "$module")")
    done
    run_pytest "pytest-odoo, $OCA_ALONGSIDE (${DB}_oca)" "$CONF" "${DB}_oca" -q "${oca_tests[@]}"
fi

log "summary"
printf '  %s\n' "${SUITE_LINES[@]}"
[ "$odoo_runner" = 1 ] || echo "  (a narrowed run: Odoo's own runner suites not run; PC_ODOO_RUNNER=1 runs them)"
closed=1
echo "all suites: $PASSED_TOTAL passed, $FAILED_TOTAL failed"
[ "$FAILED_TOTAL" = 0 ]
