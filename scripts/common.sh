# shellcheck shell=bash
# Set-up shared by scripts/serve.sh and scripts/test.sh: every step checks what
# exists first, so a warm machine gets through it in seconds.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${PC_CACHE:-$ROOT/.cache}
VENV=$CACHE/venv
PY=$VENV/bin/python
ODOO_SRC=${ODOO_SRC:-/opt/odoo}
ODOO_UPSTREAM=${ODOO_UPSTREAM:-https://github.com/odoo/odoo.git}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_OS_USER=${PG_OS_USER:-postgres}
# One private cluster per checkout, each on its own port.
PC_PGPORT=${PC_PGPORT:-$((55000 + $(printf '%s' "$CACHE" | cksum | cut -d' ' -f1) % 1000))}
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
    DB_HOST=127.0.0.1 DB_PORT=$PC_PGPORT DB_USER=odoo DB_PASSWORD=False
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
    if ! "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        log "starting PostgreSQL on 127.0.0.1:$PC_PGPORT"
        "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$home/server.log" -w -s \
            -o "-p $PC_PGPORT -k $home -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start ||
            die "PostgreSQL did not start: see $home/server.log"
    fi
}

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

db_query() { # db_query DB SQL
    "$PY" - "$1" "$2" <<PYEOF
import sys, psycopg2
try:
    conn = psycopg2.connect(dbname=sys.argv[1], host="$DB_HOST", port=$DB_PORT, user="$DB_USER",
                            password=None if "$DB_PASSWORD" == "False" else "$DB_PASSWORD")
except psycopg2.OperationalError:
    sys.exit(0)
conn.autocommit = True
with conn.cursor() as cr:
    try:
        cr.execute(sys.argv[2])
        print(cr.fetchone()[0] if cr.description else "")
    except psycopg2.Error:
        pass
PYEOF
}

addon_hash() { (cd "$ROOT" && find property_complaint -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-16); }

# ensure_db CONFIG DB MODULES: a database with the addon installed and current.
# One whose install broke half-way is dropped and made again.
ensure_db() {
    local conf=$1 db=$2 modules=$3 state stamp_file=$CACHE/$2.stamp hash
    # Two runs at once upgrade the database one after the other.
    exec {lock_fd}>"$CACHE/$db.lock"
    flock "$lock_fd"
    hash=$(addon_hash)
    state=$(db_query "$db" "SELECT state FROM ir_module_module WHERE name = 'property_complaint'")
    if [ "$state" = installed ]; then
        if [ "$(cat "$stamp_file" 2>/dev/null)" = "$hash" ]; then
            flock -u "$lock_fd"
            return
        fi
        log "upgrading property_complaint in $db"
        "$PY" -m odoo -c "$conf" -d "$db" -u property_complaint --stop-after-init --no-http
    else
        [ -z "$state" ] || { log "dropping the half-made database $db"; db_query postgres "DROP DATABASE \"$db\""; }
        log "creating database $db with $modules and demo data"
        "$PY" -m odoo -c "$conf" -d "$db" -i "$modules" --stop-after-init --no-http
        # Chinese beside English: loaded at creation it would replace English.
        "$PY" -m odoo -c "$conf" -d "$db" --load-language=zh_CN --stop-after-init --no-http
    fi
    state=$(db_query "$db" "SELECT state FROM ir_module_module WHERE name = 'property_complaint'")
    [ "$state" = installed ] || die "property_complaint did not install in $db (state: ${state:-none})"
    echo "$hash" >"$stamp_file"
    flock -u "$lock_fd"
}

setup_all() { # setup_all [extra system packages...]
    ensure_system "$@"
    ODOO_SOURCE=$(find_odoo_source)
    ensure_venv "$ODOO_SOURCE"
    ensure_postgres
}
