# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Writes that may lose a race with another transaction without failing
the request that makes them.

Odoo runs every transaction in REPEATABLE READ: a row changed by a
transaction that committed after this one began cannot be written
(serialization failure), and a row it inserted cannot be seen (a second
insert meets the unique index). An HTTP request is then replayed whole, but
the mail gateway does not replay an e-mail (fetchmail marks it read), and
replaying a whole request for a side write is costly. The callers decide
what to do instead: skip the write, or make it in a transaction of its own.
"""

from psycopg2 import errors as pg_errors

CONCURRENT_UPDATE = (pg_errors.SerializationFailure,)
CONCURRENT_INSERT = (pg_errors.UniqueViolation,)


def run_unless_concurrent(env, function, errors=CONCURRENT_UPDATE):
    """Run `function()` and flush it in a savepoint. When the database
    refuses it with one of `errors` (another transaction got there first),
    roll it back, forget what the ORM cached of it, and return the error;
    otherwise return None.

    Everything pending is flushed first: the savepoint then holds only the
    work of `function`, and the rollback discards nothing else. The cursor's
    precommit hooks are kept (a flushing savepoint would clear them)."""
    env.flush_all()
    try:
        with env.cr.savepoint(flush=False):
            function()
            env.flush_all()
    except errors as error:
        # Only the savepoint's work was cached or pending.
        env.transaction.clear()
        return error
    return None
