#!/usr/bin/env bash
# Shared set-up for start.sh and test.sh: Odoo 18.0 source, a cached Python
# virtual environment and a PostgreSQL server. Source it, then call pq_prepare.
set -euo pipefail

PQ_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PQ_CACHE=${PQ_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/prospect_qualification}
ODOO_SRC=${ODOO_SRC:-$HOME/.cache/odoo/18.0}
ODOO_REPO=${ODOO_REPO:-https://github.com/odoo/odoo.git}
PQ_HTTP_PORT=${PQ_HTTP_PORT:-8069}
PQ_PYTHON=${PQ_PYTHON:-python3}
# Bump when the way the virtual environment is built changes.
PQ_VENV_RECIPE=3

pq_log() { printf '[setup] %s\n' "$*" >&2; }
pq_die() {
    printf '[setup] ERROR: %s\n' "$*" >&2
    exit 1
}

# --- Odoo source ------------------------------------------------------------
pq_ensure_odoo_src() {
    if [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
        if [ -d "$ODOO_SRC" ] && [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
            pq_die "ODOO_SRC=$ODOO_SRC is not empty but holds no odoo/release.py." \
                "Point ODOO_SRC at an Odoo 18.0 source tree, or at an empty folder to clone one."
        fi
        pq_log "No Odoo source in $ODOO_SRC: cloning $ODOO_REPO (branch 18.0, depth 1)..."
        mkdir -p "$(dirname "$ODOO_SRC")"
        if ! git clone --quiet --depth 1 --branch 18.0 "$ODOO_REPO" "$ODOO_SRC"; then
            rm -rf "$ODOO_SRC"
            pq_die "Could not clone Odoo 18.0 from $ODOO_REPO." \
                "Set ODOO_SRC to a folder holding the Odoo 18.0 source (odoo-bin, odoo/release.py)," \
                "or ODOO_REPO to a reachable mirror of odoo/odoo."
        fi
    fi
    local serie
    serie=$("$PQ_PYTHON" - "$ODOO_SRC/odoo/release.py" <<'PY'
import runpy, sys
print(runpy.run_path(sys.argv[1]).get("serie", "unknown"))
PY
    ) || pq_die "Could not read $ODOO_SRC/odoo/release.py."
    [ "$serie" = "18.0" ] ||
        pq_die "ODOO_SRC=$ODOO_SRC holds Odoo $serie; Prospect Qualification needs Odoo 18.0." \
            "Set ODOO_SRC to an Odoo 18.0 source tree."
    [ -f "$ODOO_SRC/odoo-bin" ] || pq_die "$ODOO_SRC/odoo-bin is missing: the Odoo source is incomplete."
    # Upstream layout keeps most addons in addons/; the packaged layout puts
    # everything under odoo/addons.
    ODOO_ADDONS_PATH="$ODOO_SRC/odoo/addons"
    if [ -d "$ODOO_SRC/addons" ]; then
        ODOO_ADDONS_PATH="$ODOO_SRC/addons,$ODOO_ADDONS_PATH"
    fi
    [ -f "$ODOO_SRC/odoo/addons/crm/__manifest__.py" ] || [ -f "$ODOO_SRC/addons/crm/__manifest__.py" ] ||
        pq_die "No crm addon found in $ODOO_ADDONS_PATH."
    ODOO_ADDONS_PATH="$ODOO_ADDONS_PATH,$PQ_ROOT"
    export ODOO_SRC ODOO_ADDONS_PATH
}

# --- Python -----------------------------------------------------------------
pq_ensure_venv() {
    "$PQ_PYTHON" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' ||
        pq_die "$("$PQ_PYTHON" -V 2>&1) cannot run Odoo 18.0: use Python 3.10, 3.11 or 3.12 (set PQ_PYTHON)."
    VENV="$PQ_CACHE/venv"
    local stamp
    stamp=$(cat "$ODOO_SRC/requirements.txt" "$PQ_ROOT/requirements.txt" |
        { cat; "$PQ_PYTHON" -V; echo "recipe $PQ_VENV_RECIPE"; } | sha256sum | cut -c1-32)
    if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.pq-stamp" 2>/dev/null)" = "$stamp" ]; then
        pq_log "Reusing the virtual environment $VENV"
    else
        pq_log "Building the virtual environment $VENV (once; a few minutes)..."
        rm -rf "$VENV"
        mkdir -p "$PQ_CACHE"
        "$PQ_PYTHON" -m venv "$VENV"
        # Odoo pins cbor2 5.4.2 for Python < 3.12, whose sdist no longer builds
        # with current setuptools; python-ldap (auth_ldap only) is optional.
        sed -e 's/^cbor2==5\.4\.2/cbor2==5.6.2/' -e '/^python-ldap/d' \
            "$ODOO_SRC/requirements.txt" >"$PQ_CACHE/odoo-requirements.txt"
        "$VENV/bin/pip" install --quiet --disable-pip-version-check \
            -r "$PQ_CACHE/odoo-requirements.txt" -r "$PQ_ROOT/requirements.txt" ||
            pq_die "pip could not install the requirements (see above)."
        echo "$stamp" >"$VENV/.pq-stamp"
    fi
    # Make `import odoo` work in the venv (pytest-odoo, pylint) for this ODOO_SRC.
    local site
    site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo "$ODOO_SRC" >"$site/odoo_src.pth"
    PATH="$VENV/bin:$PATH"
    export VENV PATH
}

# --- PostgreSQL -------------------------------------------------------------
pq_pg_answers() {
    "$VENV/bin/python" -c 'import psycopg2; psycopg2.connect(dbname="postgres", connect_timeout=3).close()' 2>/dev/null
}

pq_start_private_cluster() {
    local bindir pgdir="$PQ_CACHE/postgresql" port=${PQ_PRIVATE_PGPORT:-54329} runas=()
    bindir=$(pg_config --bindir 2>/dev/null || true)
    [ -x "$bindir/initdb" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -x "$bindir/initdb" ] ||
        pq_die "No PostgreSQL server answers (PGHOST=${PGHOST:-<socket>} PGPORT=${PGPORT:-5432})" \
            "and no initdb was found to start a private one. Install PostgreSQL or set PGHOST/PGPORT/PGUSER."
    local me
    me=$(id -un)
    mkdir -p "$pgdir/run"
    if [ "$(id -u)" = 0 ]; then
        # initdb and postgres refuse to run as root: run the cluster as an
        # unprivileged user, who needs to traverse the folders down to it.
        local user=nobody
        id postgres >/dev/null 2>&1 && user=postgres
        runas=(runuser -u "$user" --)
        chown -R "$user" "$pgdir"
        local d="$pgdir"
        while [ "$d" != / ]; do
            d=$(dirname "$d")
            chmod o+x "$d"
        done
    fi
    if [ ! -f "$pgdir/data/PG_VERSION" ]; then
        pq_log "Creating a private PostgreSQL cluster in $pgdir/data (superuser role: $me)"
        "${runas[@]}" "$bindir/initdb" -D "$pgdir/data" -U "$me" --auth=trust -E UTF8 >"$pgdir/initdb.log" ||
            pq_die "initdb failed: see $pgdir/initdb.log"
    fi
    if ! "${runas[@]}" "$bindir/pg_ctl" -D "$pgdir/data" status >/dev/null 2>&1; then
        pq_log "Starting the private PostgreSQL cluster on socket $pgdir/run, port $port"
        "${runas[@]}" "$bindir/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
            -o "-k $pgdir/run -p $port -c listen_addresses=''" start >/dev/null ||
            pq_die "The private PostgreSQL cluster did not start: see $pgdir/server.log"
    fi
    export PGHOST="$pgdir/run" PGPORT="$port" PGUSER="$me"
}

pq_ensure_postgres() {
    local user=${PGUSER:-$(id -un)}
    [ "$user" != postgres ] ||
        pq_die "Odoo refuses to connect as the 'postgres' role. Set PGUSER to another role (with CREATEDB)."
    if pq_pg_answers; then
        pq_log "PostgreSQL answers at ${PGHOST:-<local socket>}:${PGPORT:-5432} as role $user"
    else
        pq_log "No PostgreSQL answers at ${PGHOST:-<local socket>}:${PGPORT:-5432} as role $user; using a private cluster."
        pq_start_private_cluster
        pq_pg_answers || pq_die "The private PostgreSQL cluster does not answer."
    fi
}

# --- Odoo configuration -----------------------------------------------------
pq_write_config() {
    # One configuration per checkout: two clones can run side by side.
    ODOO_CONF="$PQ_CACHE/odoo-$(printf %s "$PQ_ROOT" | sha256sum | cut -c1-8).conf"
    mkdir -p "$PQ_CACHE/data"
    cat >"$ODOO_CONF" <<CONF
[options]
addons_path = $ODOO_ADDONS_PATH
data_dir = $PQ_CACHE/data
db_host = ${PGHOST:-False}
db_port = ${PGPORT:-False}
db_user = ${PGUSER:-False}
db_password = ${PGPASSWORD:-False}
admin_passwd = ${ODOO_ADMIN_PASSWD:-admin}
http_interface = 127.0.0.1
http_port = $PQ_HTTP_PORT
CONF
    # odoo.conf: the configuration of the checkout prepared last (for tools run
    # outside a checkout; setup/bench.sh and the other scripts use $ODOO_CONF).
    ln -sfn "$ODOO_CONF" "$PQ_CACHE/odoo.conf"
    export ODOO_CONF
}

pq_sql() {
    # Run one statement on the maintenance database (autocommit: CREATE/DROP DATABASE).
    "$VENV/bin/python" - "$1" <<'PY'
import sys, psycopg2
conn = psycopg2.connect(dbname="postgres")
conn.autocommit = True
with conn.cursor() as cr:
    cr.execute(sys.argv[1])
    if cr.description:
        for row in cr.fetchall():
            print(*row)
PY
}

pq_prepare() {
    pq_ensure_odoo_src
    pq_ensure_venv
    pq_ensure_postgres
    pq_write_config
}
