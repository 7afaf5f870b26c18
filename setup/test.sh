#!/usr/bin/env bash
# The whole test suite: linters, then a throwaway database with the addon
# installed, the addon's Odoo tests, the suite in tests/ and Odoo's own crm
# tests run by pytest-odoo (browser tours included), Odoo's CRM apps' tests in
# a second throwaway database with those apps and the addon
# (setup/test_peers.sh; PQ_PEERS=0 skips them), the quick load test on a
# copy (setup/load.sh --quick), then the databases are dropped. Extra
# arguments go to the first pytest run (e.g. -k promotion).
#
# --quick (for developers, not CI): linters, the install, and the addon's own
# tests without the browser tours; no suite tests, no crm or CRM apps' tests,
# no load test (docs/testing.md).
QUICK=0
if [ "${1:-}" = --quick ]; then
    QUICK=1
    shift
fi
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/test_peers.sh"
pq_prepare
cd "$PQ_ROOT"

pq_log "Linters: ruff, pylint-odoo"
ruff check prospect_qualification tests setup conftest.py
ruff format --check prospect_qualification tests setup conftest.py
pylint --rcfile=.pylintrc-mandatory prospect_qualification

# Tours need Chromium; without it Odoo skips them (conftest.py fails a skipped tour).
if [ "$QUICK" = 0 ] && ! command -v chromium >/dev/null && ! command -v google-chrome >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        pq_log "Installing Debian's chromium for the browser tests"
        apt-get install -y -q chromium >/dev/null || pq_die "apt-get install chromium failed."
    else
        pq_die "Chromium is needed for the browser tests: install Debian's 'chromium' package."
    fi
fi

# Odoo's own crm tests run with the addon installed: the addon must not break
# crm. Their folder is crm's in the addons path (addons/crm upstream,
# odoo/addons/crm in the packaged layout); pytest-odoo imports them as
# odoo.addons.crm.tests.* either way.
CRM_TESTS=
IFS=, read -ra addons_dirs <<<"$ODOO_ADDONS_PATH"
for dir in "${addons_dirs[@]}"; do
    if [ -f "$dir/crm/__manifest__.py" ]; then
        CRM_TESTS="$dir/crm/tests"
        break
    fi
done
[ -d "$CRM_TESTS" ] || pq_die "No tests folder in crm's addon (addons path: $ODOO_ADDONS_PATH)."

DB=${PQ_TEST_DB:-pq_test_$$}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/pq-test.XXXXXX")
cleanup() {
    pq_peers_cleanup
    pq_sql "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$PQ_CACHE/data/filestore/$DB" "$SCRATCH"
}
trap cleanup EXIT

# Odoo's CRM apps' database installs while the addon's is installed and tested.
if [ "$QUICK" = 1 ]; then
    PQ_PEERS=0
fi
if [ "${PQ_PEERS:-1}" != 0 ]; then
    pq_peers_install "${DB}_peers" "$SCRATCH/install_peers.log"
fi

pq_log "Creating the test database $DB with prospect_qualification"
install_log="$SCRATCH/install.log"
if ! "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" -i prospect_qualification \
    --stop-after-init --http-port 0 --log-level=warn --logfile "$install_log"; then
    cat "$install_log" >&2
    pq_die "Installing prospect_qualification failed."
fi
if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$install_log" >&2; then
    pq_die "Installing prospect_qualification logged errors (above)."
fi

# Chromium leaves its profile folders in TMPDIR: keep them in the scratch folder.
export TMPDIR="$SCRATCH" PQ_ODOO_CONF="$ODOO_CONF" PQ_ODOO_BIN="$ODOO_SRC/odoo-bin" PQ_PYTHON_BIN="$VENV/bin/python"
if [ "$QUICK" = 1 ]; then
    pq_log "Quick run: the addon's tests without the browser tours (not what CI runs)"
    PQ_QUICK=1 "$VENV/bin/python" -m pytest -c "$PQ_ROOT/pytest.ini" --rootdir "$PQ_ROOT" \
        prospect_qualification/tests \
        --odoo-config "$ODOO_CONF" --odoo-database "$DB" --odoo-log-level warn \
        -p no:cacheprovider "$@"
    exit
fi

pq_log "Running the tests: the addon's, the suite's, then crm's ($CRM_TESTS)"
# -c / --rootdir: crm's folder lies outside the checkout; pytest.ini and
# conftest.py (a skipped tour or a folder without tests fails) apply to all.
# tests/peers needs Odoo's CRM apps: it runs in their database, below.
"$VENV/bin/python" -m pytest -c "$PQ_ROOT/pytest.ini" --rootdir "$PQ_ROOT" \
    prospect_qualification/tests tests "$CRM_TESTS" --ignore=tests/peers \
    --odoo-config "$ODOO_CONF" --odoo-database "$DB" --odoo-http --odoo-log-level warn \
    -p no:cacheprovider "$@"

if [ "${PQ_PEERS:-1}" != 0 ]; then
    pq_peers_test
fi

# The scale-out load test, short: two multi-worker servers on a copy of the
# test database, 6 clients x 20 operations. A failed assertion fails CI.
pq_log "Load test (--quick) on a copy of $DB"
bash "$PQ_ROOT/setup/load.sh" --quick --from "$DB"
