# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Outcomes of cadence attempts and the branches they follow: one tap gives
the outcome and marks the activity done; the step's branch for it decides
what comes next."""

from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from ..followup_common import FollowupCase


@tagged("post_install", "-at_install")
class TestFollowupOutcome(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The Prospect stage needs Fit and Access answered.
        cls.stage_prospect.write(
            {
                "gate_policy": "block",
                "gate_criterion_ids": [
                    Command.set((cls.criteria["fit"] | cls.criteria["access"]).ids)
                ],
            }
        )
        cls.rule = cls._make_rule(
            stop_on_reply=True,
            steps=[
                {"summary": "First call"},
                {
                    "summary": "WhatsApp",
                    "activity_type_id": cls.type_whatsapp.id,
                    "delay": 2,
                    "delay_unit": "hours",
                },
                {"summary": "Second call"},
                {"summary": "E-mail", "activity_type_id": cls.type_email.id},
            ],
        )
        cls.call, cls.whatsapp, cls.call_again, cls.email = cls.rule.step_ids
        cls.Branch = cls.env["prospect.followup.branch"]
        cls.Branch.create(
            [
                {
                    "step_id": cls.call.id,
                    "outcome": "no_answer",
                    "action": "goto",
                    "target_step_id": cls.whatsapp.id,
                },
                {
                    "step_id": cls.call.id,
                    "outcome": "connected",
                    "action": "goto",
                    "target_step_id": cls.email.id,
                },
                {
                    "step_id": cls.call.id,
                    "outcome": "wrong_number",
                    "action": "stop_no_access",
                },
                {
                    "step_id": cls.call.id,
                    "outcome": "not_interested",
                    "action": "disqualify",
                },
                {
                    "step_id": cls.call.id,
                    "outcome": "meeting_booked",
                    "action": "meeting",
                },
                {
                    "step_id": cls.call.id,
                    "outcome": "voicemail",
                    "action": "stage",
                    "stage_id": cls.stage_prospect.id,
                },
                {"step_id": cls.whatsapp.id, "outcome": "replied", "action": "stop"},
            ]
        )

    def _lead(self, **values):
        return self._create_leads(1, **values)

    def _activity(self, lead):
        return self._open_activities(lead, self.rule)

    def _done(self, lead, outcome, feedback=False, user=None):
        activity = self._activity(lead)
        self.assertEqual(len(activity), 1)
        if user:
            activity = activity.with_user(user)
        return activity.action_prospect_done_with_outcome(outcome, feedback=feedback)

    def _open_steps(self, lead):
        return self._executions(lead, self.rule, ("planned", "overdue")).step_id

    # --- Asking for the outcome ------------------------------------------

    def test_outcome_options_by_channel(self):
        lead = self._lead()
        keys = [key for key, _label in self._activity(lead).prospect_outcome_options]
        self.assertEqual(
            keys,
            [
                "connected",
                "no_answer",
                "voicemail",
                "wrong_number",
                "not_interested",
                "meeting_booked",
            ],
        )
        self._done(lead, "no_answer")
        keys = [key for key, _label in self._activity(lead).prospect_outcome_options]
        self.assertEqual(keys, ["sent", "replied", "bounced"])
        # Labels in the user's language.
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["prospect_qualification"], ["es_ES"], overwrite=True
        )
        labels = dict(
            self._activity(lead).with_context(lang="es_ES").prospect_outcome_options
        )
        self.assertEqual(labels["replied"], "Respondió")

    def test_no_outcome_for_activities_outside_cadences(self):
        lead = self._lead()
        manual = lead.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.user_salesman.id
        )
        self.assertFalse(manual.prospect_outcome_options)
        with self.assertRaisesRegex(UserError, "is not an outcome"):
            manual.action_prospect_done_with_outcome("no_answer")
        self.assertTrue(manual.exists(), "refused: the activity is not done")

    def test_unknown_or_wrong_channel_outcome_refused(self):
        lead = self._lead()
        activity = self._activity(lead)
        for outcome in ("replied", "teleported", False, 12):
            with self.subTest(outcome=outcome), self.assertRaises(UserError):
                activity.action_prospect_done_with_outcome(outcome)
        self.assertTrue(activity.exists())
        execution = self._executions(lead, self.rule)
        self.assertFalse(execution.outcome)
        self.assertEqual(execution.state, "planned")

    def test_outcome_stored_and_written_in_chatter(self):
        lead = self._lead()
        execution = self._executions(lead, self.rule)
        message_id = self._done(
            lead, "no_answer", feedback="Rang 8 times", user=self.user_salesman
        )
        self.assertEqual(execution.outcome, "no_answer")
        self.assertEqual(execution.state, "done")
        message = self.env["mail.message"].browse(message_id)
        self.assertIn("Outcome: No answer", message.body)
        self.assertIn("Rang 8 times", message.body)
        self.assertEqual(message.author_id, self.user_salesman.partner_id)

    def test_salesperson_cannot_give_outcome_on_others_activity(self):
        lead = self._lead(user_id=self.user_salesman_other.id)
        with self.assertRaises(AccessError):
            self._done(lead, "connected", user=self.user_salesman)
        self.assertFalse(self._executions(lead, self.rule).outcome)

    # --- Branches ----------------------------------------------------------

    def test_no_answer_goes_to_whatsapp_in_two_hours(self):
        lead = self._lead()
        self._done(lead, "no_answer")
        execution = self._executions(lead, self.rule, ("planned",))
        self.assertEqual(execution.step_id, self.whatsapp)
        self.assertEqual(execution.activity_id.activity_type_id, self.type_whatsapp)
        # Two hours later, or the first moment after that the contact may be
        # reached (test_followup_contact_hours.py).
        self.assertGreaterEqual(
            execution.date_deadline, execution.date_planned + timedelta(hours=2)
        )

    def test_branch_skips_steps(self):
        lead = self._lead()
        self._done(lead, "connected")
        self.assertEqual(self._open_steps(lead), self.email)

    def test_branch_backwards_after_reordering_goes_on_to_next_step(self):
        # The WhatsApp step moved before the first call: "no answer → step
        # WhatsApp" would go back; the cadence goes on with the next step.
        self.whatsapp.sequence = 0
        self.env.invalidate_all()  # the cadence is read again, in its new order
        self.assertEqual(self.rule.step_ids[0], self.whatsapp)
        lead = self._lead()
        self._done(lead, "sent")  # the WhatsApp, now first
        self._done(lead, "no_answer")  # the call
        self.assertEqual(self._open_steps(lead), self.call_again)

    def test_outcome_without_branch_goes_to_next_step(self):
        lead = self._lead()
        self._done(lead, "no_answer")
        self._done(lead, "sent")
        self.assertEqual(self._open_steps(lead), self.call_again)

    def test_done_without_outcome_goes_to_next_step(self):
        lead = self._lead()
        self._activity(lead).action_feedback(feedback="Called")
        self.assertEqual(self._open_steps(lead), self.whatsapp)
        self.assertFalse(self._executions(lead, self.rule)[0].outcome)

    def test_stop_branch_ends_cadence(self):
        lead = self._lead()
        self._done(lead, "no_answer")
        self._done(lead, "replied")
        executions = self._executions(lead, self.rule)
        self.assertEqual(executions.mapped("state"), ["done", "done"])
        self.assertEqual(executions[-1].stop_reason, "outcome")
        self.assertFalse(self._open_steps(lead))

    def test_wrong_number_sets_access_no_and_stops(self):
        lead = self._lead(qualification_access="yes")
        self._done(lead, "wrong_number", user=self.user_salesman)
        self.assertEqual(lead.qualification_access, "no")
        self.assertFalse(self._open_steps(lead))
        self.assertEqual(self._executions(lead, self.rule).stop_reason, "outcome")
        self.assertIn("Wrong number", lead.message_ids[0].body)

    def test_not_interested_proposes_disqualification(self):
        lead = self._lead()
        self._done(lead, "not_interested")
        self.assertFalse(self._open_steps(lead))
        todo = lead.activity_ids
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.activity_type_id, self.type_todo)
        self.assertEqual(todo.user_id, self.user_salesman)
        self.assertIn("disqualify", todo.summary)
        self.assertTrue(lead.active, "proposed, not done: the salesperson decides")

    def test_meeting_booked_plans_the_meeting(self):
        lead = self._lead()
        self._done(lead, "meeting_booked")
        self.assertFalse(self._open_steps(lead))
        self.assertEqual(lead.activity_ids.activity_type_id, self.type_meeting)

    def test_stage_branch_through_gate_refused(self):
        # The Prospect stage needs Fit and Access: not answered.
        lead = self._lead()
        self._done(lead, "voicemail", user=self.user_salesman)
        self.assertEqual(lead.stage_id, self.stage_new, "the gate refused the move")
        self.assertIn("refused", lead.message_ids[0].body)
        self.assertEqual(self._open_steps(lead), self.whatsapp, "the cadence goes on")

    def test_stage_branch_through_gate_met(self):
        lead = self._lead(**self._answers(fit="yes", access="yes"))
        self._done(lead, "voicemail", user=self.user_salesman)
        self.assertEqual(lead.stage_id, self.stage_prospect)
        self.assertFalse(self._open_steps(lead))
        self.assertEqual(self._executions(lead, self.rule).stop_reason, "outcome")

    # --- Configuration -----------------------------------------------------

    def test_branch_must_go_forward_in_same_cadence(self):
        other = self._make_rule(name="Other")
        cases = [
            {"step_id": self.whatsapp.id, "target_step_id": self.call.id},
            {"step_id": self.whatsapp.id, "target_step_id": self.whatsapp.id},
            {"step_id": self.whatsapp.id, "target_step_id": other.step_ids.id},
            {"step_id": self.whatsapp.id, "target_step_id": False},
        ]
        for vals in cases:
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.Branch.create(dict(vals, outcome="sent", action="goto"))
        with self.assertRaisesRegex(ValidationError, "choose the stage"):
            self.Branch.create(
                {"step_id": self.call_again.id, "outcome": "sent", "action": "stage"}
            )

    def test_one_branch_per_outcome(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.Branch.create(
                {"step_id": self.whatsapp.id, "outcome": "replied", "action": "stop"}
            )

    def test_salesperson_cannot_edit_branches(self):
        with self.assertRaises(AccessError):
            self.Branch.with_user(self.user_salesman).create(
                {"step_id": self.call_again.id, "outcome": "sent", "action": "stop"}
            )

    def test_manager_edits_branches_in_step_form(self):
        with (
            Form(self.call_again.with_user(self.user_manager)) as step,
            step.branch_ids.new() as branch,
        ):
            branch.outcome = "no_answer"
            branch.action = "goto"
            branch.target_step_id = self.email
        self.assertEqual(
            self.call_again.branch_ids.mapped("display_name"),
            ["No answer → step 4, E-mail"],
        )

    def test_flow_reads_steps_and_branches(self):
        flow = self.rule.flow_html
        self.assertIn("No answer → step 2, WhatsApp", flow)
        self.assertIn("Wrong number → Stop: Access becomes No", flow)
        self.assertIn("Any other outcome → step 3", flow)
        self.assertIn("Any other outcome → end of the cadence", flow)
        self.assertIn("No answer → step 2", self.call.branch_summary)

    def test_copied_rule_branches_point_to_its_own_steps(self):
        copy = self.rule.copy()
        branch = copy.step_ids[0].branch_ids.filtered(
            lambda branch: branch.outcome == "no_answer"
        )
        self.assertEqual(branch.target_step_id, copy.step_ids[1])
        self.assertEqual(len(copy.step_ids.branch_ids), 7)


@tagged("post_install", "-at_install")
class TestDefaultBranchingCadence(TransactionCase):
    def test_default_prospecting_cadence_branches(self):
        rule = self.env.ref("prospect_qualification.prospect_followup_rule_prospecting")
        steps = rule.step_ids
        self.assertEqual(len(steps), 6, "6 attempts")
        channels = set(steps.activity_type_id.mapped("prospect_contact_channel"))
        self.assertEqual(channels, {"phone", "whatsapp", "email"})
        first = steps[0]
        no_answer = first._get_branch("no_answer")
        self.assertEqual(no_answer.target_step_id.activity_type_id.name, "WhatsApp")
        self.assertEqual(
            (no_answer.target_step_id.delay, no_answer.target_step_id.delay_unit),
            (2, "hours"),
        )
        second_call = steps[2]
        self.assertEqual(second_call.activity_type_id.prospect_contact_channel, "phone")
        email = second_call._get_branch("no_answer").target_step_id
        self.assertEqual(email.activity_type_id.prospect_contact_channel, "email")
        self.assertEqual((email.delay, email.working_days), (1, True))
        self.assertEqual(first._get_branch("wrong_number").action, "stop_no_access")
        self.assertEqual(first._get_branch("meeting_booked").action, "meeting")
        # About two weeks: every delay in working days adds up to less.
        days = sum(step.delay for step in steps if step.delay_unit == "days")
        self.assertLessEqual(days, 10)
