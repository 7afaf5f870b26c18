# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two workers run the follow-up cron at the same time.

A TransactionCase cannot show this: its data is invisible to any other
cursor. Like odoo/addons/base/tests/test_ir_sequence.py, these tests commit
their data through real cursors of the registry (two connections, two
transactions) and delete everything they created at the end."""

from contextlib import closing, contextmanager

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

LEADS = 30


@tagged("post_install", "-at_install")
class TestFollowupConcurrency(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    @contextmanager
    def _env(self):
        """An environment on a new cursor, committed at the end."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})

    def setUp(self):
        super().setUp()
        with self._env() as env:
            Rule = env["prospect.followup.rule"]
            # Only our rule works during the test; the others come back after.
            self.paused_rule_ids = Rule.search([]).ids
            Rule.browse(self.paused_rule_ids).write({"active": False})
            self.team_id = env["crm.team"].create({"name": "PQ Concurrency"}).id
            self.rule_id = Rule.create(
                {
                    "name": "PQ Concurrent idle rule",
                    "trigger": "idle",
                    "idle_days": 1,
                    "company_id": False,
                    "team_ids": [(6, 0, [self.team_id])],
                    "user_id": env.ref("base.user_admin").id,
                    "step_ids": [
                        (
                            0,
                            0,
                            {
                                "activity_type_id": env.ref(
                                    "mail.mail_activity_data_call"
                                ).id,
                                "summary": "Concurrent call",
                            },
                        )
                    ],
                }
            ).id
            leads = (
                env["crm.lead"]
                .with_context(mail_create_nolog=True, mail_notrack=True)
                .create(
                    [
                        {
                            "name": f"PQ Concurrent {index}",
                            "type": "opportunity",
                            "team_id": self.team_id,
                            "user_id": False,
                        }
                        for index in range(LEADS)
                    ]
                )
            )
            env.flush_all()
            env.cr.execute(
                "UPDATE crm_lead SET create_date = create_date - interval '3 days' "
                "WHERE id IN %s",
                [tuple(leads.ids)],
            )
            env["prospect.followup.engine"]._followup_due_lower(leads)
            self.lead_ids = leads.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._env() as env:
            env["crm.lead"].with_context(active_test=False).browse(
                self.lead_ids
            ).exists().unlink()
            env["prospect.followup.rule"].browse(self.rule_id).exists().unlink()
            env["crm.team"].browse(self.team_id).exists().unlink()
            env["prospect.followup.rule"].browse(self.paused_rule_ids).exists().write(
                {"active": True}
            )

    def _run_cron(self, env):
        env["prospect.followup.engine"]._cron_run_followup(batch_size=7)
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
