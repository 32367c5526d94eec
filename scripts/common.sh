# shellcheck shell=bash
# Set-up shared by scripts/serve.sh and scripts/test.sh: every step checks what
# exists first, so a warm machine gets through it in seconds.
set -euo pipefail
# A failing command inside $(...) fails the assignment too.
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${PC_CACHE:-$ROOT/.cache}
VENV=$CACHE/venv
PY=$VENV/bin/python
ODOO_SRC=${ODOO_SRC:-/opt/odoo}
ODOO_UPSTREAM=${ODOO_UPSTREAM:-https://github.com/odoo/odoo.git}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_OS_USER=${PG_OS_USER:-postgres}
# One private cluster per checkout, each on its own port.
PC_PGPORT_DEFAULT=$((55000 + $(printf '%s' "$CACHE" | cksum | cut -d' ' -f1) % 1000))
mkdir -p "$CACHE"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- system
APT_UPDATED=
apt_install() {
    [ "$#" -gt 0 ] || return 0
    command -v apt-get >/dev/null || die "missing system packages ($*) and no apt-get to install them"
    [ "$(id -u)" = 0 ] || die "missing system packages ($*): install them as root (apt-get install $*)"
    if [ -z "$APT_UPDATED" ]; then
        log "apt-get update"
        apt-get update -qq >/dev/null
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The packages each command needs: build headers for the requirements Odoo pins
# to source builds, PostgreSQL 15 when no PGHOST is given, wkhtmltopdf and a CJK
# font for Chinese PDFs, Chromium for the browser tours.
ensure_system() {
    local want=(libpq-dev libldap2-dev libsasl2-dev wkhtmltopdf fonts-noto-cjk "$@")
    [ -n "${PGHOST:-}" ] || want+=(postgresql-15)
    local missing=() pkg
    for pkg in "${want[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    apt_install "${missing[@]}"
}

# ---------------------------------------------------------------- odoo source
odoo_is_18() { [ -f "$1/odoo/release.py" ] && grep -q "^version_info = (18, 0" "$1/odoo/release.py"; }

# Odoo from ODOO_SRC, else an importable odoo 18.0, else upstream 18.0 (internet).
find_odoo_source() {
    if odoo_is_18 "$ODOO_SRC"; then
        echo "$ODOO_SRC"; return
    fi
    local imported
    imported=$(python3 -c 'import odoo, os, odoo.release as r; assert r.version_info[:2] == (18, 0); print(os.path.dirname(os.path.dirname(odoo.__file__)))' 2>/dev/null || true)
    if [ -n "$imported" ] && odoo_is_18 "$imported"; then
        echo "$imported"; return
    fi
    if ! odoo_is_18 "$CACHE/odoo"; then
        log "no Odoo 18.0 at ODOO_SRC=$ODOO_SRC nor importable: cloning upstream 18.0 ($ODOO_UPSTREAM)"
        rm -rf "$CACHE/odoo"
        git clone -q --depth 1 --branch 18.0 "$ODOO_UPSTREAM" "$CACHE/odoo" ||
            die "Odoo 18.0 is needed: none at ODOO_SRC=$ODOO_SRC, none importable, and upstream $ODOO_UPSTREAM cannot be reached (no internet?). Put an Odoo 18.0 source tree at ODOO_SRC."
    fi
    echo "$CACHE/odoo"
}

# ---------------------------------------------------------------- python
find_python() {
    local cand
    for cand in ${PYTHON:-} python3.11 python3.12 python3.10 python3; do
        if command -v "$cand" >/dev/null &&
            "$cand" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' 2>/dev/null; then
            command -v "$cand"; return
        fi
    done
    die "Odoo 18 needs Python 3.10 to 3.12"
}

pip_quiet() { # pip_quiet LOG ARGS...: pip install, its chatter kept in LOG
    local logfile=$1
    shift
    PYTHONWARNINGS=ignore "$PY" -m pip install --disable-pip-version-check "$@" >>"$logfile" 2>&1 ||
        { tail -n 40 "$logfile" >&2; die "pip install $* failed (whole log: $logfile)"; }
}

# The virtualenv: Odoo's pinned requirements, Odoo itself as a regular (compat
# mode) editable install so that OCA wheels in site-packages/odoo/addons are
# found, then the addon's and the tests' requirements.
ensure_venv() {
    local odoo_src=$1 stamp
    stamp=$(cat "$odoo_src/requirements.txt" "$ROOT/requirements.txt" "$ROOT/setup.py" | sha1sum | cut -c1-16)-$odoo_src
    if [ -x "$PY" ] && [ "$(cat "$VENV/.stamp" 2>/dev/null)" = "$stamp" ]; then
        return
    fi
    log "building the virtualenv in $VENV (a few minutes the first time)"
    [ -x "$PY" ] || "$(find_python)" -m venv "$VENV"
    local pip=(pip_quiet "$CACHE/pip.log")
    "${pip[@]}" -U "pip>=25.3" wheel "setuptools<81"
    # Some of Odoo's pins build from source and still import pkg_resources.
    echo "setuptools<81" >"$CACHE/build-constraints.txt"
    "${pip[@]}" --build-constraint "$CACHE/build-constraints.txt" -r "$odoo_src/requirements.txt"
    "${pip[@]}" --no-deps --no-build-isolation -e "$odoo_src" --config-settings editable_mode=compat
    "${pip[@]}" --build-constraint "$CACHE/build-constraints.txt" -r "$ROOT/requirements.txt"
    echo "$stamp" >"$VENV/.stamp"
}

# ---------------------------------------------------------------- postgresql
# A private cluster in the cache, owned by an unprivileged user: the server
# refuses to run as root.
ensure_postgres() {
    if [ -n "${PGHOST:-}" ]; then
        DB_HOST=$PGHOST DB_PORT=${PGPORT:-5432} DB_USER=${PGUSER:-odoo} DB_PASSWORD=${PGPASSWORD:-False}
        return
    fi
    local home=$CACHE/postgresql as_pg=()
    local data=$home/data
    if [ "$(id -u)" = 0 ]; then
        id "$PG_OS_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER"
        as_pg=(runuser -u "$PG_OS_USER" --)
        mkdir -p "$home"
        chown "$PG_OS_USER" "$home"
        # The server's user must be able to walk down to the cache folder.
        local dir=$home
        while [ "$dir" != / ]; do
            "${as_pg[@]}" test -x "$dir" || chmod o+x "$dir"
            dir=$(dirname "$dir")
        done
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        log "initialising a private PostgreSQL cluster in $data"
        "${as_pg[@]}" "$PG_BIN/initdb" -D "$data" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    local running=
    "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1 && running=1
    if [ -z "${PC_PGPORT:-}" ]; then
        # The port this cluster had, else one derived from the checkout's
        # path; taken by another server (another checkout), the next free one.
        PC_PGPORT=$(cat "$home/port" 2>/dev/null || echo "$PC_PGPORT_DEFAULT")
        if [ -z "$running" ]; then
            while port_in_use "$PC_PGPORT"; do PC_PGPORT=$((PC_PGPORT + 1)); done
        fi
    fi
    DB_HOST=127.0.0.1 DB_PORT=$PC_PGPORT DB_USER=odoo DB_PASSWORD=False
    if [ -z "$running" ]; then
        log "starting PostgreSQL on 127.0.0.1:$PC_PGPORT"
        "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$home/server.log" -w -s \
            -o "-p $PC_PGPORT -k $home -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start ||
            die "PostgreSQL did not start: see $home/server.log"
        echo "$PC_PGPORT" >"$home/port"
    fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- odoo
# write_config FILE HTTP_PORT: an Odoo configuration using this project's addons.
write_config() {
    local file=$1 port=$2 addons
    addons=$("$PY" -c 'import odoo.addons, os; print(",".join(p for p in odoo.addons.__path__ if os.path.isdir(p)))')
    cat >"$file" <<CONF
[options]
addons_path = $ROOT,$ODOO_SOURCE/addons,$addons
data_dir = $CACHE/filestore
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
admin_passwd = admin
http_interface = 127.0.0.1
http_port = $port
gevent_port = $((port + 3))
without_demo = False
log_level = warn
CONF
}

# db_query DB SQL [PARAM...]: the first column of the first row, the
# parameters bound to the query's %s. A database error stops the script; a
# database that does not exist answers nothing (db_exists tells them apart).
db_query() {
    PC_DB_HOST=$DB_HOST PC_DB_PORT=$DB_PORT PC_DB_USER=$DB_USER PC_DB_PASSWORD=$DB_PASSWORD \
        "$PY" - "$@" <<'PYEOF' || die "query on database $1 failed: $2"
import os
import sys

import psycopg2

dbname, query, params = sys.argv[1], sys.argv[2], sys.argv[3:]
password = os.environ["PC_DB_PASSWORD"]
try:
    conn = psycopg2.connect(
        dbname=dbname,
        host=os.environ["PC_DB_HOST"],
        port=os.environ["PC_DB_PORT"],
        user=os.environ["PC_DB_USER"],
        password=None if password == "False" else password,
    )
except psycopg2.OperationalError as error:
    if f'database "{dbname}" does not exist' in str(error):
        sys.exit(0)
    raise
conn.autocommit = True
with conn.cursor() as cr:
    cr.execute(query, params or None)
    if cr.description:
        row = cr.fetchone()
        print("" if row is None else row[0])
PYEOF
}

# A failed query exits here too: called in a condition, set -e would not.
db_exists() {
    local count
    count=$(db_query postgres "SELECT COUNT(*) FROM pg_database WHERE datname = %s" "$1") || exit 1
    [ "$count" = 1 ]
}

# table_exists DB TABLE: whether the database has that table (a database
# whose install broke early may have none of Odoo's).
table_exists() {
    local found
    found=$(db_query "$1" "SELECT to_regclass(%s) IS NOT NULL" "$2") || exit 1
    [ "$found" = True ]
}

addon_hash() { (cd "$ROOT" && find property_complaint -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-16); }

# main_module MODULES: the module a database is made for, its state telling
# how far the install got: the addon when listed, else the first one listed
# (the benchmark's databases of helpdesk_mgmt alone).
main_module() {
    if [[ ",$1," == *,property_complaint,* ]]; then echo property_complaint; else echo "${1%%,*}"; fi
}

# modules_state DB MODULES: "installed" when every module of the list is,
# else the main module's state (empty without a database, an Odoo in it, or
# the module).
modules_state() {
    local db=$1 modules=$2 missing state
    db_exists "$db" && table_exists "$db" ir_module_module || return 0
    missing=$(db_query "$db" "SELECT COUNT(*) FROM unnest(string_to_array(%s, ',')) AS m(name)
        WHERE m.name NOT IN (SELECT name FROM ir_module_module WHERE state = 'installed')" "$modules")
    if [ "$missing" = 0 ]; then
        echo installed
    else
        state=$(db_query "$db" "SELECT state FROM ir_module_module WHERE name = %s" "$(main_module "$modules")")
        # The main module installed without the others asked for: made half-way.
        [ "$state" = installed ] && state=incomplete
        echo "$state"
    fi
}

drop_db() { # drop_db DB: the database and its filestore
    # An identifier cannot be a parameter: quote_ident quotes it.
    local quoted
    quoted=$(db_query postgres "SELECT quote_ident(%s)" "$1")
    db_query postgres "DROP DATABASE IF EXISTS $quoted WITH (FORCE)" >/dev/null
    ! db_exists "$1" || die "cannot drop the database $1"
    rm -rf "$CACHE/filestore/filestore/$1"
}

# ensure_db CONFIG DB MODULES [INSTALL_ARGS...]: a database with the modules
# listed installed and the addon, when listed, current; made with demo data
# unless INSTALL_ARGS say otherwise (--without-demo=all). One whose install
# broke half-way is dropped and made again.
ensure_db() {
    local conf=$1 db=$2 modules=$3 state stamp_file=$CACHE/$2.stamp hash
    shift 3
    # Two runs at once upgrade the database one after the other.
    exec {lock_fd}>"$CACHE/$db.lock"
    flock "$lock_fd"
    hash=$(addon_hash)
    state=$(modules_state "$db" "$modules")
    if [ "$state" = installed ]; then
        # Without the addon nothing of this checkout's changes there.
        if [ "$(main_module "$modules")" != property_complaint ] ||
            [ "$(cat "$stamp_file" 2>/dev/null)" = "$hash" ]; then
            flock -u "$lock_fd"
            return
        fi
        log "upgrading property_complaint in $db"
        "$PY" -m odoo -c "$conf" -d "$db" -u property_complaint --stop-after-init --no-http
    else
        [ -z "$state" ] || { log "dropping the half-made database $db"; drop_db "$db"; }
        log "creating database $db with $modules${*:+ ($*)}"
        "$PY" -m odoo -c "$conf" -d "$db" -i "$modules" "$@" --stop-after-init --no-http
        # Chinese beside English: loaded at creation it would replace English.
        "$PY" -m odoo -c "$conf" -d "$db" --load-language=zh_CN --stop-after-init --no-http
    fi
    state=$(modules_state "$db" "$modules")
    [ "$state" = installed ] || die "$modules did not install in $db ($(main_module "$modules"): ${state:-none})"
    echo "$hash" >"$stamp_file"
    flock -u "$lock_fd"
}

setup_all() { # setup_all [extra system packages...]
    ensure_system "$@"
    ODOO_SOURCE=$(find_odoo_source)
    ensure_venv "$ODOO_SOURCE"
    ensure_postgres
}

# ---------------------------------------------------------------- test suites
# Each suite adds its line to the summary and its counts to the totals.
SUITE_LINES=()
PASSED_TOTAL=0
FAILED_TOTAL=0

suite_done() { # suite_done NAME PASSED FAILED SKIPPED SECONDS
    SUITE_LINES+=("$(printf '%-76s %4d passed, %d failed, %d skipped in %ds' "$1" "$2" "$3" "$4" "$5")")
    PASSED_TOTAL=$((PASSED_TOTAL + $2))
    FAILED_TOTAL=$((FAILED_TOTAL + $3))
}

# addon_tests MODULE: the tests folder of an addon installed in the virtualenv.
addon_tests() {
    "$PY" -c "import importlib.util as u; print(u.find_spec('odoo.addons.$1').submodule_search_locations[0] + '/tests')"
}

# run_pytest NAME CONFIG DB PYTEST_ARGS...: pytest-odoo on that database.
run_pytest() {
    local name=$1 conf=$2 db=$3 junit=$CACHE/pytest-junit-$3.xml start=$SECONDS rc=0 passed failed skipped
    shift 3
    rm -f "$junit"
    PC_ODOO_CONF=$conf PC_DB=$db PC_PYTHON=$PY \
        "$PY" -m pytest --odoo-config="$conf" --odoo-database="$db" \
        -p no:cacheprovider --junitxml="$junit" "$@" || rc=$?
    # pytest exits 5 when nothing was collected: that is a failure here.
    [ "$rc" != 5 ] || echo "no test was collected" >&2
    read -r passed failed skipped <<<"$(pytest_counts "$junit" "$rc")"
    suite_done "$name" "$passed" "$failed" "$skipped" $((SECONDS - start))
}

# passed_of RUN FAILED SKIPPED: a class whose set-up failed runs no test but
# counts an error, hence never below 0.
passed_of() {
    local passed=$(($1 - $2 - $3))
    echo $((passed > 0 ? passed : 0))
}

# pytest_counts JUNIT_XML PYTEST_RC: "passed failed skipped" of a pytest run.
# A run that ended badly with no failed test (nothing collected, interrupted,
# internal error) counts as one failure.
pytest_counts() {
    "$PY" - "$1" "$2" <<'PYEOF'
import sys
import xml.etree.ElementTree as ET

path, rc = sys.argv[1], int(sys.argv[2])
# One count per test, as pytest's own summary (its subtests are not tests).
try:
    cases = list(ET.parse(path).getroot().iter("testcase"))
except (OSError, ET.ParseError):
    cases = []
passed = failed = skipped = 0
for case in cases:
    outcomes = {child.tag for child in case}
    if outcomes & {"failure", "error"}:
        failed += 1
    elif "skipped" in outcomes:
        skipped += 1
    else:
        passed += 1
if rc != 0 and not failed:
    failed = 1
print(passed, failed, skipped)
PYEOF
}

# print_failures LOG: the ERROR and CRITICAL records of an Odoo log (with their
# tracebacks), then its last lines.
print_failures() {
    awk '/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:,]+ [0-9]+ [A-Z]+ /{keep = ($4 == "ERROR" || $4 == "CRITICAL")}
         keep' "$1" | head -n 300 >&2
    printf -- '--- last lines of %s ---\n' "$1" >&2
    tail -n 25 "$1" >&2
}

# run_odoo_tests NAME CONFIG DB TESTED_MODULES ODOO_ARGS...: runs tests with
# Odoo's own runner (odoo-bin ... --stop-after-init), its log in
# .cache/odoo-tests-DB.log, stopped after PC_ODOO_RUNNER_TIMEOUT seconds: a
# run that hangs is a failure that names the test it hangs in.
run_odoo_tests() {
    local name=$1 conf=$2 db=$3 tested=$4
    shift 4
    local logfile=$CACHE/odoo-tests-$db.log limit=${PC_ODOO_RUNNER_TIMEOUT:-900}
    local start=$SECONDS rc=0 handlers=() module result tests failed errors skipped logged seconds
    # The start of each test (for a hang) and its skips are logged at INFO.
    for module in ${tested//,/ }; do
        handlers+=("--log-handler=odoo.addons.$module.tests:INFO")
    done
    log "$name: Odoo's own test runner on $db (time limit ${limit}s, log $logfile)"
    timeout --kill-after=60 "$limit" "$PY" -m odoo -c "$conf" -d "$db" "$@" --stop-after-init \
        --log-handler=odoo.tests.result:INFO "${handlers[@]}" >"$logfile" 2>&1 || rc=$?
    seconds=$((SECONDS - start))
    logged=$(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$logfile" || true)
    skipped=$(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ INFO \S+ odoo\.addons\.\S+\.tests\S*: skipped ' "$logfile" || true)
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        tests=$(grep -cE ' INFO \S+ odoo\.addons\.\S+\.tests\S*: Starting ' "$logfile" || true)
        print_failures "$logfile"
        printf 'TIMEOUT: %s: Odoo'"'"'s test runner was still running after %ss (PC_ODOO_RUNNER_TIMEOUT) and was stopped; it hangs in %s\n' \
            "$name" "$limit" "$(grep -oE 'Starting \S+' "$logfile" | tail -n 1 | cut -d' ' -f2 || echo 'no test (before any test started)')" >&2
        # The hanging test fails; the ones before it count as they ended.
        failed=$((logged + 1))
        suite_done "$name (TIMEOUT)" "$(passed_of "$tests" "$failed" "$skipped")" "$failed" "$skipped" "$seconds"
        return
    fi
    result=$(grep -oE "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database '$db'" "$logfile" | tail -n 1 || true)
    if [ -z "$result" ]; then
        print_failures "$logfile"
        printf 'ERROR: %s: Odoo exited (code %s) without a test result line\n' "$name" "$rc" >&2
        suite_done "$name (no result)" 0 1 0 "$seconds"
        return
    fi
    read -r failed errors tests <<<"$(sed -E 's/([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/' <<<"$result")"
    failed=$((failed + errors))
    # Odoo exits non-zero on a failed install too, and a run of no test proves nothing.
    if [ "$failed" = 0 ] && { [ "$rc" != 0 ] || [ "$tests" = 0 ]; }; then
        printf 'ERROR: %s: Odoo exited with code %s after %s tests\n' "$name" "$rc" "$tests" >&2
        failed=1
    fi
    [ "$failed" = 0 ] || print_failures "$logfile"
    suite_done "$name" "$(passed_of "$tests" "$failed" "$skipped")" "$failed" "$skipped" "$seconds"
}
