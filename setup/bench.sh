#!/usr/bin/env bash
# The benchmark: prospect_qualification against plain Odoo CRM on generated
# data (100 000 leads by default), in two throwaway databases dropped at the
# end. Options: --quick (10 000 leads, 3 runs per figure), --leads N,
# --runs N, --json PATH (write the figures), --keep (keep the databases).
# A missed goal is printed, not an error: the exit status is that of the
# benchmark itself. See docs/performance.md.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
pq_prepare
cd "$PQ_ROOT"
# This checkout's configuration (ODOO_CONF of pq_prepare), not $PQ_CACHE/odoo.conf,
# which points at whichever checkout was prepared last.
exec "$VENV/bin/python" tests/benchmarks/bench.py -c "$ODOO_CONF" "$@"
