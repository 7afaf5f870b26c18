# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..followup_common import FOLLOWUP_CRONS, FollowupCase, run_followup_crons


@tagged("post_install", "-at_install")
class TestFollowupDueDate(FollowupCase):
    """Each lead stores when it next needs the scheduler; the cron reads only
    the leads whose time has come. The date may be early, never late."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_team = cls.env["crm.team"].create(
            {"name": "Equipo Sur", "company_id": cls.company.id}
        )
        cls.idle_rule = cls._make_rule(
            name="Idle",
            trigger="idle",
            team_ids=[(6, 0, cls.team.ids)],
            idle_days=14,
        )
        cls._clear_due_dates()

    def _idle_date(self, lead, days=14):
        return lead.create_date + timedelta(days=days)

    def test_new_lead_is_due_at_its_first_deadline(self):
        lead = self._create_leads(1)
        self._commit_hooks()
        self.assertTrue(lead.first_response_deadline)
        self.assertEqual(
            lead.followup_due_date,
            min(lead.first_response_deadline, self._idle_date(lead)),
        )

    def test_nothing_due_costs_one_query_whatever_the_leads(self):
        # A first run fills the caches (whether a no-reply or date rule is
        # active).
        run_followup_crons(self.env)
        for size in (10, 300):
            self._create_leads(size)
            self.env.flush_all()
            for name in FOLLOWUP_CRONS:
                with self.subTest(cron=name, leads=size), self.assertQueryCount(1):
                    self.assertEqual(getattr(self.Engine, name)(), 0)

    def test_cron_sets_the_exact_date_after_a_reply(self):
        lead = self._create_leads(1)
        lead.first_response_missed = True  # server code: no escalation here
        self._backdate(lead, fields.Datetime.now() - timedelta(days=30))
        self.assertLessEqual(lead.followup_due_date, fields.Datetime.now())
        # A message 2 days ago: not idle, due 12 days from now.
        message = lead.message_post(
            body="Hola", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        two_days_ago = fields.Datetime.now() - timedelta(days=2)
        message.date = two_days_ago
        self._run_cron()
        self.assertFalse(self._executions(lead))
        self.assertEqual(lead.followup_due_date, two_days_ago + timedelta(days=14))

    def test_lead_out_of_every_scope_waits_for_nothing(self):
        lead = self._create_leads(1, team_id=self.other_team.id)
        lead.first_response_missed = True
        self._backdate(lead, fields.Datetime.now() - timedelta(days=30))
        self._run_cron()
        self.assertFalse(self._executions(lead))
        self.assertFalse(lead.followup_due_date)
        # Moved into the rule's scope: due at once, and the cron takes it.
        lead.team_id = self.team
        self._commit_hooks()
        self.assertLessEqual(lead.followup_due_date, fields.Datetime.now())
        self._run_cron()
        self.assertEqual(len(self._executions(lead, self.idle_rule)), 1)

    def test_a_shorter_rule_brings_the_date_nearer(self):
        lead = self._create_leads(1)
        lead.first_response_missed = True
        self.Engine._followup_set_exact_wake_up(lead.ids)
        self.assertEqual(lead.followup_due_date, self._idle_date(lead))
        self._make_rule(
            name="Idle 3 days",
            trigger="idle",
            team_ids=[(6, 0, self.team.ids)],
            idle_days=3,
        )
        self.assertEqual(lead.followup_due_date, self._idle_date(lead, 3))
        # Archived again: the cron finds nothing and moves the date back.
        self.Rule.search([("name", "=", "Idle 3 days")]).active = False
        self.Engine._followup_set_exact_wake_up(lead.ids)
        self.assertEqual(lead.followup_due_date, self._idle_date(lead))

    def test_date_filters_look_again_the_next_day(self):
        """A filter on the date may take a lead any day: a lead it leaves out
        is looked at again tomorrow, not every run, not never."""
        self.idle_rule.filter_domain = "[('date_deadline', '<', context_today())]"
        lead = self._create_leads(1)
        lead.first_response_missed = True
        self._backdate(lead, fields.Datetime.now() - timedelta(days=30))
        before = fields.Datetime.now()
        self._run_cron()
        self.assertFalse(self._executions(lead))
        self.assertGreaterEqual(lead.followup_due_date, before + timedelta(days=1))
        self.assertLessEqual(
            lead.followup_due_date, fields.Datetime.now() + timedelta(days=1)
        )

    def test_planned_step_and_closed_lead(self):
        lead = self._create_leads(1)
        lead.first_response_missed = True
        self._backdate(lead, fields.Datetime.now() - timedelta(days=30))
        self._run_cron()
        execution = self._executions(lead, self.idle_rule)
        self.assertEqual(lead.followup_due_date, execution.date_deadline)
        # Won: the cadence stops; the date left early is cleared by the cron.
        lead.action_set_won()
        self.assertEqual(execution.state, "cancelled")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET followup_due_date = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(minutes=1), lead.id],
        )
        lead.invalidate_recordset(["followup_due_date"])
        self._run_cron()
        self.assertFalse(lead.followup_due_date)

    def test_reopened_lead_is_looked_at_again(self):
        """Taken out of a won stage, or restored once lost: it may turn idle
        again, so the cron must look at it."""
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        ways = {
            "won, then back to New": (
                lambda lead: lead.write({"stage_id": won_stage.id}),
                lambda lead: lead.write({"stage_id": self.stage_new.id}),
            ),
            "lost, then restored": (
                lambda lead: lead.action_archive(),
                lambda lead: lead.action_unarchive(),
            ),
        }
        for way, (close, reopen) in ways.items():
            with self.subTest(way):
                lead = self._create_leads(1)
                lead.first_response_missed = True
                self._backdate(lead, fields.Datetime.now() - timedelta(days=30))
                close(lead)
                self._run_cron()
                self.assertFalse(lead.followup_due_date)
                reopen(lead)
                self._commit_hooks()
                self.assertLessEqual(lead.followup_due_date, fields.Datetime.now())
                self._run_cron()
                self.assertEqual(len(self._executions(lead, self.idle_rule)), 1)

    def test_clients_cannot_set_it(self):
        lead = self._create_leads(1).with_user(self.user_salesman)
        with self.assertRaises(UserError):
            lead.write({"followup_due_date": "2999-01-01 00:00:00"})
        with self.assertRaises(UserError):
            lead.create({"name": "Forged", "followup_due_date": "2999-01-01"})
