#!/usr/bin/env bash
# Main job: Odoo 18.0 with prospect_qualification and demo data in database
# prospect_demo (created on the first run, upgraded on later runs), served on
# http://127.0.0.1:$PQ_HTTP_PORT. Ctrl-C stops it.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
pq_prepare

DB=${PQ_DB:-prospect_demo}
installed=$(pq_sql "SELECT 1 FROM pg_database WHERE datname = '$DB'")
if [ -n "$installed" ]; then
    installed=$("$VENV/bin/python" - "$DB" <<'PY'
import sys, psycopg2
with psycopg2.connect(dbname=sys.argv[1]) as conn, conn.cursor() as cr:
    cr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
    if cr.fetchone()[0]:
        cr.execute("SELECT 1 FROM ir_module_module WHERE name = 'prospect_qualification' AND state = 'installed'")
        print("yes" if cr.fetchone() else "")
PY
    )
fi
if [ "$installed" = yes ]; then
    pq_log "Database $DB exists: upgrading prospect_qualification"
    mode=(-u prospect_qualification)
else
    pq_log "Creating database $DB with prospect_qualification and demo data (first run: a minute or two)"
    # Spanish too: the demo salespeople work in Spanish.
    mode=(-i prospect_qualification --load-language=es_ES)
fi

url="http://127.0.0.1:$PQ_HTTP_PORT"
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" --db-filter "^$DB\$" \
    "${mode[@]}" "$@" &
odoo_pid=$!
stop() {
    pq_log "Stopping Odoo..."
    kill -INT "$odoo_pid" 2>/dev/null || true
    wait "$odoo_pid" 2>/dev/null || true
    exit 0
}
trap stop INT TERM

# Announce the URL once the server answers.
"$VENV/bin/python" - "$url/web/login" "$odoo_pid" <<'PY' &
import os, sys, time, urllib.request
url, pid = sys.argv[1], int(sys.argv[2])
while True:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(0)
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            if resp.status == 200:
                break
    except Exception:
        pass
    time.sleep(2)
print(f"\n  Prospect Qualification is ready: {url.rsplit('/web', 1)[0]}\n"
      "  Log in as admin / admin. Press Ctrl-C to stop.\n", flush=True)
PY
wait "$odoo_pid"
