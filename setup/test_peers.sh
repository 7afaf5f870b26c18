#!/usr/bin/env bash
# Odoo's own CRM apps tested with the addon installed (README, "Odoo's CRM
# apps tested with the addon"): one database of their own with these apps,
# the addon and demo data (test_main_flows needs it), installed once; then
# their test folders and the suite's tests/peers (the apps' channels) run by
# pytest-odoo, browser tours included. Known failures are named in
# tests/peers/conftest.py (XFAIL in the summary, strict).
#
# Sourced by setup/test.sh after common.sh and pq_prepare: pq_peers_install
# starts the install in the background (it overlaps the main database's
# install and tests), pq_peers_test waits for it and runs the tests,
# pq_peers_cleanup stops it and drops the database.

PQ_PEER_APPS=(
    crm_livechat crm_mail_plugin crm_sms event_crm sale_crm test_crm_full
    website_crm website_crm_partner_assign test_main_flows
)
PQ_PEERS_DB=
PQ_PEERS_PID=
PQ_PEERS_LOG=

# The folder of addon $1 in the addons path.
pq_addon_dir() {
    local dir
    IFS=, read -ra addons_dirs <<<"$ODOO_ADDONS_PATH"
    for dir in "${addons_dirs[@]}"; do
        if [ -f "$dir/$1/__manifest__.py" ]; then
            echo "$dir/$1"
            return
        fi
    done
    pq_die "No addon $1 in the addons path ($ODOO_ADDONS_PATH)."
}

# pq_peers_install DB LOGFILE
pq_peers_install() {
    PQ_PEERS_DB=$1
    PQ_PEERS_LOG=$2
    local apps
    apps=$(IFS=,; echo "${PQ_PEER_APPS[*]}")
    pq_log "Creating the database $PQ_PEERS_DB of Odoo's CRM apps with the addon (in the background)"
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$PQ_PEERS_DB" \
        -i "$apps,prospect_qualification" --stop-after-init --http-port 0 \
        --log-level=warn --logfile "$PQ_PEERS_LOG" &
    PQ_PEERS_PID=$!
}

# pq_peers_test [pytest arguments]
pq_peers_test() {
    local app folders=()
    for app in "${PQ_PEER_APPS[@]}"; do
        folders+=("$(pq_addon_dir "$app")/tests")
    done
    pq_log "Waiting for the database $PQ_PEERS_DB of Odoo's CRM apps"
    if ! wait "$PQ_PEERS_PID"; then
        PQ_PEERS_PID=
        cat "$PQ_PEERS_LOG" >&2
        pq_die "Installing Odoo's CRM apps with prospect_qualification failed."
    fi
    PQ_PEERS_PID=
    if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$PQ_PEERS_LOG" >&2; then
        pq_die "Installing Odoo's CRM apps with prospect_qualification logged errors (above)."
    fi
    pq_log "Running Odoo's CRM apps' tests with the addon: ${PQ_PEER_APPS[*]}, and tests/peers"
    "$VENV/bin/python" -m pytest -c "$PQ_ROOT/pytest.ini" --rootdir "$PQ_ROOT" \
        "${folders[@]}" tests/peers \
        --odoo-config "$ODOO_CONF" --odoo-database "$PQ_PEERS_DB" --odoo-http \
        --odoo-log-level warn -p no:cacheprovider "$@"
}

pq_peers_cleanup() {
    if [ -n "$PQ_PEERS_PID" ]; then
        kill "$PQ_PEERS_PID" 2>/dev/null || true
        wait "$PQ_PEERS_PID" 2>/dev/null || true
    fi
    if [ -n "$PQ_PEERS_DB" ]; then
        pq_sql "DROP DATABASE IF EXISTS \"$PQ_PEERS_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
        rm -rf "$PQ_CACHE/data/filestore/$PQ_PEERS_DB"
    fi
}
