#!/usr/bin/env bash
# Runs the product: Odoo 18 with property_complaint and its demo data at
# http://localhost:8069 (admin / admin). Set-up happens on first use.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB=${PC_DB:-property_complaint}
PORT=${PC_HTTP_PORT:-8069}

setup_all
write_config "$CACHE/odoo.conf" "$PORT"
ensure_db "$CACHE/odoo.conf" "$DB" property_complaint
log "Odoo at http://localhost:$PORT (database $DB, login admin / admin)"
exec "$PY" -m odoo -c "$CACHE/odoo.conf" -d "$DB" --db-filter="^$DB\$" --log-level=info "$@"
