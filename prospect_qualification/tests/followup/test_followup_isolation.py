# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..followup_common import FollowupCase

ENGINE_LOGGER = (
    "odoo.addons.prospect_qualification.models.followup.prospect_followup_engine"
)


@tagged("post_install", "-at_install")
class TestFollowupIsolation(FollowupCase):
    """One bad setting stops nothing: a rule that cannot be evaluated (a
    filter on a field that was uninstalled, a number stored out of bounds)
    is skipped, its error logged and stored on the rule, and the other
    rules, the lead's creation and the crons go on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.good_rule = cls._make_rule(name="Good", steps=[{"summary": "Call"}])

    def _create_as_salesperson(self, count=2, **values):
        return (
            self.env["crm.lead"]
            .with_user(self.user_salesman)
            .create(
                [
                    dict(
                        {
                            "name": f"Lead {index}",
                            "type": "opportunity",
                            "team_id": self.team.id,
                            "user_id": self.user_salesman.id,
                            "stage_id": self.stage_new.id,
                        },
                        **values,
                    )
                    for index in range(count)
                ]
            )
        )

    def test_unknown_field_in_filter_skips_only_that_rule(self):
        bad = self._make_rule(name="Uninstalled field", steps=[{"summary": "Bad"}])
        self._store_in_db(bad, filter_domain="[('x_uninstalled', '=', 1)]")
        with self.assertLogs(ENGINE_LOGGER, "WARNING") as logs:
            leads = self._create_as_salesperson(2)
        self.assertEqual(len(self._executions(leads, self.good_rule)), 2)
        self.assertFalse(self._executions(leads, bad))
        self.assertIn("x_uninstalled", bad.last_error)
        self.assertTrue(bad.last_error_date)
        self.assertFalse(self.good_rule.last_error)
        self.assertIn("Uninstalled field", logs.output[0])
        # Fixed (here behind the form's back): it runs and forgets the error.
        self._store_in_db(bad, filter_domain="[]")
        leads = self._create_as_salesperson(1)
        self.assertEqual(len(self._executions(leads, bad)), 1)
        self.assertFalse(bad.last_error)
        self.assertFalse(bad.last_error_date)

    def test_editing_the_rule_clears_its_error(self):
        bad = self._make_rule(name="Broken", steps=[{"summary": "Bad"}])
        self._store_in_db(bad, filter_domain="[('x_uninstalled', '=', 1)]")
        with mute_logger(ENGINE_LOGGER):
            self._create_as_salesperson(1)
        self.assertTrue(bad.last_error)
        bad.with_user(self.user_manager).filter_domain = "[]"
        self.assertFalse(bad.last_error)
        # Editing a step of the rule clears it too.
        self._store_in_db(bad, filter_domain="[('x_uninstalled', '=', 1)]")
        with mute_logger(ENGINE_LOGGER):
            self._create_as_salesperson(1)
        self.assertTrue(bad.last_error)
        bad.step_ids.with_user(self.user_manager).summary = "Fixed"
        self.assertFalse(bad.last_error)

    def test_the_error_is_shown_to_managers_only(self):
        bad = self._make_rule(name="Broken")
        self._store_in_db(bad, filter_domain="[('x_uninstalled', '=', 1)]")
        with mute_logger(ENGINE_LOGGER):
            self._create_as_salesperson(1)
        Rule = self.env["prospect.followup.rule"]
        arch = Rule.with_user(self.user_manager).get_views([(False, "form")])
        self.assertIn("last_error", arch["views"]["form"]["arch"])
        arch = Rule.with_user(self.user_salesman).get_views([(False, "form")])
        self.assertNotIn("last_error", arch["views"]["form"]["arch"])
        self.assertEqual(
            Rule.with_user(self.user_manager)
            .search([("last_error", "!=", False), ("id", "=", bad.id)])
            .last_error,
            bad.last_error,
        )
        # The run status is the server's: a client cannot write it.
        bad.with_user(self.user_manager).write({"last_error": False, "name": "Fixed?"})
        self.assertFalse(bad.last_error)  # cleared because the rule was edited...
        bad.with_user(self.user_manager).write({"last_error": "Forged"})
        self.assertFalse(bad.last_error)  # ...never set by a client

    def test_delay_saved_out_of_bounds_does_not_stop_lead_creation(self):
        bad = self._make_rule(name="Far away", steps=[{"summary": "Never"}])
        self._store_in_db(bad.step_ids, delay=10**9)
        with self.assertLogs(ENGINE_LOGGER, "WARNING"):
            leads = self._create_as_salesperson(2)
        self.assertEqual(len(self._executions(leads, self.good_rule)), 2)
        self.assertFalse(self._executions(leads, bad))
        self.assertIn("3650", bad.last_error)

    def test_next_step_out_of_bounds_does_not_stop_marking_done(self):
        rule = self._make_rule(
            name="Two steps", steps=[{"summary": "First"}, {"summary": "Second"}]
        )
        self._store_in_db(rule.step_ids[1], delay=10**9, delay_unit="hours")
        lead = self._create_as_salesperson(1)
        activity = self._open_activities(lead, rule)
        with self.assertLogs(ENGINE_LOGGER, "WARNING"):
            activity.with_user(self.user_salesman).action_feedback("Called")
        self.assertEqual(self._executions(lead, rule).mapped("state"), ["done"])
        self.assertIn("87600", rule.last_error)

    def test_team_minutes_saved_out_of_bounds_do_not_stop_lead_creation(self):
        self._store_in_db(self.team, first_response_minutes_inbound=2 * 10**9)
        with self.assertLogs(
            "odoo.addons.prospect_qualification.models.speed.crm_lead_speed", "WARNING"
        ):
            leads = self._create_as_salesperson(2, prospecting_type="inbound")
        self.assertFalse(any(leads.mapped("first_response_deadline")))
        self.assertEqual(len(self._executions(leads, self.good_rule)), 2)
        # Its outbound minutes are fine: those leads get their deadline.
        outbound = self._create_as_salesperson(1, prospecting_type="outbound")
        self.assertTrue(outbound.first_response_deadline)

    def test_cron_goes_on_past_broken_rules(self):
        """Idle rules with an uninstalled field, an idle period saved out of
        bounds and a filter the database refuses: each is skipped with its
        error, the good idle rule and the escalations run."""
        self.good_rule.active = False
        escalation = self._make_rule(
            name="Escalation",
            trigger="first_response_missed",
            steps=[{"summary": "Answer it", "assign_to": "team_leader"}],
        )
        good_idle = self._make_rule(name="Idle", trigger="idle", idle_days=14)
        unknown_field, overflow, refused = (
            self._make_rule(name=name, trigger="idle", idle_days=14)
            for name in ("Idle unknown field", "Idle overflow", "Idle refused")
        )
        self._store_in_db(unknown_field, filter_domain="[('x_uninstalled', '=', 1)]")
        self._store_in_db(overflow, idle_days=1_000_000)
        self._store_in_db(refused, filter_domain="[('create_date', '>=', 'soon')]")
        idle = self._create_leads(3)
        self._backdate(idle, fields.Datetime.now() - timedelta(days=30))
        missed = self._create_leads(2)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET first_response_deadline = %s WHERE id IN %s",
            [fields.Datetime.now() - timedelta(hours=1), tuple(missed.ids)],
        )
        missed.invalidate_recordset(["first_response_deadline"])
        self.Engine._followup_wake_up_earlier(missed)
        with mute_logger("odoo.sql_db"), self.assertLogs(ENGINE_LOGGER, "WARNING"):
            self._run_cron()
        self.assertEqual(len(self._executions(idle, good_idle)), 3)
        self.assertEqual(len(self._executions(missed, escalation)), 2)
        broken = unknown_field | overflow | refused
        self.assertFalse(self._executions(idle).rule_id & broken)
        self.assertIn("x_uninstalled", unknown_field.last_error)
        self.assertIn("3650", overflow.last_error)
        self.assertIn("soon", refused.last_error)
        self.assertFalse(good_idle.last_error or escalation.last_error)

    def test_cron_batch_that_fails_is_skipped(self):
        """A batch that fails in the database is rolled back and logged; the
        other batches and jobs run."""
        self.good_rule.active = False
        first = self._make_rule(name="Idle A", trigger="idle", idle_days=14)
        second = self._make_rule(name="Idle B", trigger="idle", idle_days=14)
        idle = self._create_leads(2)
        self._backdate(idle, fields.Datetime.now() - timedelta(days=30))
        Engine = type(self.Engine)
        start = Engine._batch_start_idle_cadences

        def start_or_fail(engine, rule, lead_ids, now):
            if rule == first:
                engine.env.cr.execute("SELECT 1 / 0")
            return start(engine, rule, lead_ids, now)

        self.patch(Engine, "_batch_start_idle_cadences", start_or_fail)
        with mute_logger("odoo.sql_db", ENGINE_LOGGER):
            self._run_cron()
        self.assertFalse(self._executions(idle, first))
        self.assertEqual(len(self._executions(idle, second)), 2)
        self.assertIn("division by zero", first.last_error)
