#!/usr/bin/env bash
# Runs every test: the addon's Odoo tests (browser tours included), the
# top-level tests against a running server, and OCA helpdesk_mgmt's own suite
# with property_complaint installed. Set-up happens on first use.
# Extra arguments go to pytest (e.g. -k clock, -x).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB=${PC_TEST_DB:-property_complaint_test}
PORT=${PC_TEST_HTTP_PORT:-8169}

setup_all chromium poppler-utils
# A skipped tour is a failure here: the browser must be there.
command -v chromium >/dev/null || die "chromium is missing: the browser tours cannot run"
"$PY" -c "import websocket" || die "websocket-client is missing: the browser tours cannot run"

write_config "$CACHE/odoo-test.conf" "$PORT"
ensure_db "$CACHE/odoo-test.conf" "$DB" property_complaint,helpdesk_mgmt

HELPDESK_TESTS=$("$PY" -c 'import importlib.util as u; print(u.find_spec("odoo.addons.helpdesk_mgmt").submodule_search_locations[0] + "/tests")')
cd "$ROOT"
# Paths given on the command line narrow the run; otherwise every suite runs.
paths=(property_complaint/tests tests "$HELPDESK_TESTS")
for arg in "$@"; do
    [ -e "${arg%%::*}" ] && paths=()
done
set +e
PC_ODOO_CONF=$CACHE/odoo-test.conf PC_DB=$DB PC_PYTHON=$PY \
    "$PY" -m pytest --odoo-config="$CACHE/odoo-test.conf" --odoo-database="$DB" --odoo-http \
    -p no:cacheprovider "$@" "${paths[@]}"
rc=$?
# pytest exits 5 when nothing was collected: that is a failure here.
[ "$rc" = 5 ] && echo "0 passed, 1 failed: no test was collected"
exit "$rc"
