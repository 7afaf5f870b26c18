# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The batch-and-commit helper every cron of the addon uses.

A cron works through its records in batches: each batch in a savepoint of
its own, committed once done, so that a large database never holds one long
transaction and a crash loses one batch at most; its progress is reported to
ir.cron (done / remaining), which calls the cron again at once while records
remain. A batch that fails is rolled back and logged, and the run goes on
with the next one.

Workers may run the same cron at once (two servers, a manual run): the
processing functions lock the rows of their batch and skip those another
worker holds (`lock_rows`, SKIP LOCKED); the unique indexes of the models
refuse the rest, and such a batch is left to the next run.

Commits happen outside tests only: a test's cursor must not commit (Odoo's
TransactionCase refuses it; the data of the test would stay). See
`running_tests`."""

import logging
import threading
from typing import NamedTuple

from psycopg2 import errors as pg_errors

from odoo.modules import module as odoo_module
from odoo.tools import SQL, config, split_every

_logger = logging.getLogger(__name__)

# Database errors of a batch that another worker processed at the same time:
# the batch is rolled back to its savepoint and left to the next run.
CONCURRENCY_ERRORS = (
    pg_errors.UniqueViolation,
    pg_errors.SerializationFailure,
    pg_errors.LockNotAvailable,
    pg_errors.DeadlockDetected,
)


class BatchJob(NamedTuple):
    """Work of a cron: `process(batch_ids)` on the ids of `ids`, a batch at a
    time. `on_failure(error)`, when given, is told of a batch that failed
    (after its rollback)."""

    label: str
    ids: list
    process: object
    on_failure: object = None


def running_tests():
    """Whether this process runs tests: then nothing commits.

    Odoo's test runner and pytest-odoo both set the `test_enable` option
    while tests run, which is what OCA's queue_job checks before it commits;
    Odoo 18 also marks the thread running the tests (`testing`), Odoo 19 no
    longer does but names the running test in
    `odoo.modules.module.current_test` (pytest-odoo too, on 19). Any of them
    means tests. A test that needs a cron's commits (a worker killed between
    two batches) patches this function."""
    return bool(
        config["test_enable"]
        or odoo_module.current_test
        or getattr(threading.current_thread(), "testing", False)
    )


def run_in_batches(env, jobs, batch_size, limit=None, logger=_logger):
    """Run the BatchJobs `jobs` one after the other, in batches of
    `batch_size` ids, each in a savepoint, committed (outside tests) and
    reported to the running cron. After `limit` ids, stop and report the rest
    as remaining: ir.cron calls the cron again at once. Returns the number of
    ids done."""
    commit = not running_tests()
    total = sum(len(job.ids) for job in jobs)
    if not total:
        return 0
    if commit:
        # Each batch then starts a fresh transaction (and snapshot) with its
        # lock: it sees what other workers committed meanwhile.
        env.cr.commit()  # pylint: disable=invalid-commit
    done = 0
    for job in jobs:
        for batch_ids in split_every(batch_size, job.ids, list):
            try:
                with env.cr.savepoint():
                    job.process(batch_ids)
            except CONCURRENCY_ERRORS as error:
                logger.info(
                    "Batch of %s (%s records) left to the next run, processed "
                    "concurrently: %s",
                    job.label,
                    len(batch_ids),
                    error,
                )
            except Exception as error:
                logger.exception(
                    "Batch of %s (%s records) failed and was skipped",
                    job.label,
                    len(batch_ids),
                )
                if job.on_failure:
                    job.on_failure(error)
            done += len(batch_ids)
            env["ir.cron"]._notify_progress(done=done, remaining=total - done)
            if commit:
                # Batches are independent: keep what is done.
                env.cr.commit()  # pylint: disable=invalid-commit
            # What was read for this batch is not needed any more.
            env.invalidate_all()
            if limit and limit <= done < total:
                return done
    return done


def lock_rows(env, table, ids):
    """The ids of `ids` whose rows of `table` this transaction could lock;
    those another worker holds are skipped (it is processing them)."""
    rows = env.execute_query(
        SQL(
            "SELECT id FROM %s WHERE id IN %s ORDER BY id "
            "FOR NO KEY UPDATE SKIP LOCKED",
            SQL.identifier(table),
            tuple(ids),
        )
    )
    return [row[0] for row in rows]
