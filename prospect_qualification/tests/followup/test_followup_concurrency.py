# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two workers run the follow-up cron at the same time.

A TransactionCase cannot show this: its data is invisible to any other
cursor. Like odoo/addons/base/tests/test_ir_sequence.py, these tests commit
their data through real cursors of the registry (two connections, two
transactions) and delete everything they created at the end."""

from contextlib import closing

from odoo import SUPERUSER_ID, api
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..committed_common import IdleLeadsCase
from ..followup_common import run_followup_crons

LEADS = 30


@tagged("post_install", "-at_install")
class TestFollowupConcurrency(IdleLeadsCase):
    def setUp(self):
        super().setUp()
        self._setup_idle_leads("Concurrent", LEADS)

    def _run_cron(self, env):
        run_followup_crons(env, batch_size=7)
        env.flush_all()

    def _assert_one_step_per_lead(self):
        with self._env() as env:
            executions = env["prospect.followup.execution"].search(
                [("lead_id", "in", self.lead_ids)]
            )
            self.assertEqual(len(executions), LEADS)
            self.assertEqual(len(executions.lead_id), LEADS)
            activities = env["mail.activity"].search(
                [("res_model", "=", "crm.lead"), ("res_id", "in", self.lead_ids)]
            )
            self.assertEqual(len(activities), LEADS)

    def test_two_workers_at_once(self):
        """Worker 1 holds its batches (not committed yet) while worker 2
        runs: worker 2 skips the locked leads. Once worker 1 committed, a new
        run of worker 2 finds nothing left to do."""
        with (
            closing(self.registry.cursor()) as cr1,
            closing(self.registry.cursor()) as cr2,
        ):
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            self._run_cron(env1)
            self._run_cron(env2)
            self.assertFalse(
                env2["prospect.followup.execution"].search_count(
                    [("lead_id", "in", self.lead_ids)]
                )
            )
            cr1.commit()
            cr2.rollback()
            self._run_cron(env2)
            cr2.commit()
        self._assert_one_step_per_lead()

    @mute_logger("odoo.sql_db")
    def test_worker_with_an_old_snapshot(self):
        """Worker 2 started its transaction before worker 1 committed: it
        does not see worker 1's steps, but the unique index refuses the
        duplicates and its batches are left to the next run."""
        with (
            closing(self.registry.cursor()) as cr1,
            closing(self.registry.cursor()) as cr2,
        ):
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            # Worker 2's snapshot is taken now.
            env2.cr.execute("SELECT 1 FROM crm_lead LIMIT 1")
            self._run_cron(env1)
            cr1.commit()
            self._run_cron(env2)
            cr2.commit()
        self._assert_one_step_per_lead()
        # The next run of either worker changes nothing.
        with self._env() as env:
            self._run_cron(env)
        self._assert_one_step_per_lead()
