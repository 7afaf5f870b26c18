#!/usr/bin/env bash
# The scale-out load test: two Odoo servers in multi-worker mode on one
# database, concurrent JSON-RPC salespeople and the follow-up cron on both
# servers (tests/benchmarks/load.py). Options: --quick (6 clients x 20
# operations, for CI), --clients N, --ops N, --db NAME (run on that database,
# kept), --from NAME (copy that database), --keep, --json PATH,
# --port N / --gevent-port N (ports N and N+1; default: free ports).
# Exits non-zero when an assertion fails. See docs/load.md.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
pq_prepare
cd "$PQ_ROOT"

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/pq-load.XXXXXX")
driver=
cleanup() {
    local status=$?
    # Interrupted: the driver stops its servers and drops its database.
    if [ -n "$driver" ] && kill -0 "$driver" 2>/dev/null; then
        kill -TERM "$driver" 2>/dev/null || true
        wait "$driver" 2>/dev/null || true
    fi
    # A driver killed hard leaves its servers: each runs in its own process
    # group (workers included).
    if [ -f "$SCRATCH/pids" ]; then
        while read -r pid; do
            kill -- "-$pid" 2>/dev/null || true
        done <"$SCRATCH/pids"
    fi
    if [ "$status" != 0 ]; then
        # What the servers said about it (the log files go with SCRATCH).
        grep -h -A3 -E ' (ERROR|CRITICAL) ' "$SCRATCH"/server*.log 2>/dev/null | tail -60 >&2 || true
    fi
    if [ -n "${PQ_LOAD_KEEP_LOGS:-}" ]; then
        pq_log "Server logs kept in $SCRATCH"
    else
        rm -rf "$SCRATCH"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# This checkout's configuration (ODOO_CONF of pq_prepare). In the
# background, so that a signal to this script reaches the trap at once.
"$VENV/bin/python" tests/benchmarks/load.py -c "$ODOO_CONF" --scratch "$SCRATCH" "$@" &
driver=$!
wait "$driver"
