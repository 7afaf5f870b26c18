# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from ..followup_common import MONDAY, FollowupCase


@tagged("post_install", "-at_install")
class TestFollowupCadence(FollowupCase):
    """Step n+1 is scheduled when step n is marked done, counted from then."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls._make_rule(
            name="Prospecting",
            steps=[
                {"summary": "First call"},
                {
                    "summary": "Introduction e-mail",
                    "activity_type_id": cls.type_email.id,
                    "delay": 2,
                },
                {
                    "summary": "WhatsApp",
                    "activity_type_id": cls.type_whatsapp.id,
                    "delay": 3,
                },
            ],
        )

    def _mark_done(self, lead, user=None):
        activity = self._open_activities(lead, self.rule)
        self.assertEqual(len(activity), 1)
        activity.with_user(user or self.user_salesman).action_feedback("Done")
        return activity

    def test_progression_on_done(self):
        with freeze_time(MONDAY):
            lead = self._create_leads(1)
        first = self._executions(lead)
        self.assertEqual(first.activity_id.summary, "First call")
        # Done on Monday afternoon: on time; the e-mail is due two days later.
        afternoon = MONDAY + timedelta(hours=4)
        with freeze_time(afternoon):
            self._mark_done(lead)
        self.assertEqual(first.state, "done")
        self.assertEqual(first.date_done, afternoon)
        self.assertFalse(first.activity_id, "the activity disappears once done")
        self.assertFalse(first.is_late)
        second = self._executions(lead, states=["planned"])
        self.assertEqual(second.step_id, self.rule.step_ids[1])
        self.assertEqual(second.step_sequence, 2)
        self.assertEqual(second.date_planned, afternoon)
        self.assertEqual(second.activity_id.activity_type_id, self.type_email)
        self.assertEqual(
            second.activity_id.date_deadline, (MONDAY + timedelta(days=2)).date()
        )
        # Done late (the next Monday): recorded as late; the next step follows.
        next_monday = MONDAY + timedelta(days=7)
        with freeze_time(next_monday):
            self._mark_done(lead)
        self.assertEqual(second.state, "done")
        self.assertTrue(second.is_late)
        third = self._executions(lead, states=["planned"])
        self.assertEqual(third.activity_id.activity_type_id, self.type_whatsapp)
        self.assertEqual(
            third.activity_id.date_deadline, (next_monday + timedelta(days=3)).date()
        )
        # The last step done ends the cadence.
        with freeze_time(next_monday):
            self._mark_done(lead)
        self.assertFalse(self._open_activities(lead))
        self.assertEqual(self._executions(lead).mapped("state"), ["done"] * 3)

    def test_done_by_another_user_or_with_next_activity(self):
        lead = self._create_leads(1)
        activity = self._open_activities(lead)
        # "Done & Schedule Next" of the chatter goes through the same path.
        activity.with_user(self.user_manager).action_feedback_schedule_next("ok")
        self.assertEqual(self._open_activities(lead).summary, "Introduction e-mail")

    def test_cancelled_activity_stops_the_cadence(self):
        lead = self._create_leads(1)
        execution = self._executions(lead)
        execution.activity_id.with_user(self.user_salesman).unlink()
        self.assertEqual(execution.state, "cancelled")
        self.assertEqual(execution.stop_reason, "activity_cancelled")
        self.assertFalse(self._open_activities(lead))

    def test_archived_rule_schedules_no_next_step(self):
        lead = self._create_leads(1)
        self.rule.active = False
        self._mark_done(lead)
        self.assertFalse(self._open_activities(lead))

    def test_activity_reassigned_or_merged(self):
        leads = self._create_leads(2)
        execution = self._executions(leads[1])
        execution.activity_id.user_id = self.user_salesman_other
        self.assertEqual(execution.user_id, self.user_salesman_other)
        executions = self._executions(leads)
        merged = leads.merge_opportunity(auto_unlink=True)
        # Both executions survive on the merged lead; one cadence goes on.
        self.assertEqual(executions.exists(), executions)
        self.assertEqual(executions.lead_id, merged)
        self.assertEqual(sorted(executions.mapped("state")), ["cancelled", "planned"])
        self.assertEqual(
            executions.filtered(lambda e: e.state == "cancelled").stop_reason,
            "merged",
        )
        self.assertEqual(len(self._open_activities(merged)), 1)

    def test_overdue_then_done_late(self):
        with freeze_time(MONDAY):
            lead = self._create_leads(1)
        execution = self._executions(lead)
        with freeze_time(MONDAY + timedelta(days=1)):
            self._run_cron()
        self.assertEqual(execution.state, "overdue")
        self.assertTrue(execution.is_late)
        with freeze_time(MONDAY + timedelta(days=2)):
            self._mark_done(lead)
        self.assertEqual(execution.state, "done")
        self.assertTrue(execution.is_late)
        self.assertGreater(execution.date_done, execution.date_deadline)

    def test_single_cadence_per_lead(self):
        rule = self._make_rule(
            trigger="stage_entered",
            stage_id=self.stage_prospect.id,
            steps=[{"summary": "A"}, {"summary": "B"}],
        )
        lead = self._create_leads(1, stage_id=self.stage_prospect.id)
        self._open_activities(lead, rule).action_feedback()
        self.assertEqual(self._open_activities(lead, rule).summary, "B")
        # The trigger fires again while the cadence runs: ignored...
        self.Engine._start_cadences(rule, lead)
        self.assertEqual(self._open_activities(lead, rule).summary, "B")
        # ...unless the rule allows several runs: a second one starts.
        rule.single_cadence = False
        self.Engine._start_cadences(rule, lead)
        self.assertEqual(
            sorted(self._open_activities(lead, rule).mapped("summary")), ["A", "B"]
        )
        # Never the same step open twice on a lead.
        self.Engine._start_cadences(rule, lead)
        self.assertEqual(len(self._open_activities(lead, rule)), 2)
        # Leaving the stage stops both runs; entering it again starts anew.
        lead.stage_id = self.stage_new
        self.assertFalse(self._open_activities(lead, rule))
        lead.stage_id = self.stage_prospect
        self.assertEqual(self._open_activities(lead, rule).summary, "A")
