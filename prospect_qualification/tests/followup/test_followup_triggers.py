# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from ...models import trust
from ..followup_common import MONDAY, FollowupCase


@tagged("post_install", "-at_install")
class TestFollowupTriggers(FollowupCase):
    """Every trigger starts the cadence: step 1 is scheduled at once."""

    @freeze_time(MONDAY)
    def test_new_lead_schedules_first_step(self):
        rule = self._make_rule(
            steps=[
                {"summary": "Call the new lead", "note": "<p>Today.</p>"},
                {"summary": "Send the catalogue", "delay": 2},
            ]
        )
        leads = self._create_leads(3)
        executions = self._executions(leads)
        self.assertEqual(len(executions), 3)
        for lead, execution in zip(leads, executions, strict=True):
            activity = execution.activity_id
            self.assertEqual(activity.res_model, "crm.lead")
            self.assertEqual(activity.res_id, lead.id)
            self.assertEqual(activity.activity_type_id, self.type_call)
            self.assertEqual(activity.summary, "Call the new lead")
            self.assertIn("Today.", activity.note)
            self.assertEqual(activity.user_id, self.user_salesman)
            self.assertEqual(activity.date_deadline, MONDAY.date())
            self.assertTrue(activity.automated)
            self.assertEqual(execution.lead_id, lead)
            self.assertEqual(execution.rule_id, rule)
            self.assertEqual(execution.step_id, rule.step_ids[0])
            self.assertEqual(execution.step_sequence, 1)
            self.assertEqual(execution.user_id, self.user_salesman)
            self.assertEqual(execution.team_id, self.team)
            self.assertEqual(execution.company_id, self.company)
            self.assertEqual(execution.date_planned, MONDAY)
            self.assertEqual(execution.state, "planned")
            self.assertEqual(execution.trigger, "lead_created")
            # Due today: on time until midnight in Madrid (23:00 UTC in March).
            self.assertEqual(
                execution.date_deadline,
                fields.Datetime.to_datetime("2026-03-02 22:59:59"),
            )

    def test_stage_entered(self):
        rule = self._make_rule(
            trigger="stage_entered",
            stage_id=self.stage_prospect.id,
            steps=[{"summary": "Qualify the prospect"}],
        )
        leads = self._create_leads(2)
        self.assertFalse(self._executions(leads))
        leads[0].stage_id = self.stage_prospect
        self.assertEqual(self._executions(leads).lead_id, leads[0])
        self.assertEqual(
            self._open_activities(leads[0]).summary, "Qualify the prospect"
        )
        # Created directly in the stage: it entered the stage too.
        created_in_stage = self._create_leads(1, stage_id=self.stage_prospect.id)
        self.assertEqual(len(self._executions(created_in_stage, rule)), 1)
        # Writing the same stage again is not entering it.
        leads[0].write({"stage_id": self.stage_prospect.id})
        self.assertEqual(len(self._executions(leads[0], rule)), 1)

    def test_idle_lead(self):
        self._make_rule(
            trigger="idle",
            idle_days=14,
            team_ids=[(6, 0, self.team.ids)],
            steps=[{"summary": "Get back in touch"}],
        )
        idle, noted, talked, called, young = self._create_leads(5)
        self._backdate(idle | noted | talked | called, MONDAY - timedelta(days=30))
        self._backdate(young, MONDAY - timedelta(days=3))
        with freeze_time(MONDAY - timedelta(days=2)):
            # An internal note is not an exchange with the contact...
            noted.message_post(body="Seen at the fair", subtype_xmlid="mail.mt_note")
            # ...a message to the contact is, and so is a completed activity.
            talked.with_user(self.user_salesman).message_post(
                body="Here is our catalogue",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            called.activity_schedule("mail.mail_activity_data_call").action_done()
        with freeze_time(MONDAY):
            self._run_cron()
        started = self._executions(idle | noted | talked | called | young).lead_id
        self.assertEqual(started, idle | noted)
        self.assertEqual(self._open_activities(idle).summary, "Get back in touch")

    def test_first_response_missed_escalates_to_team_leader(self):
        self._make_rule(
            trigger="first_response_missed",
            steps=[
                {
                    "summary": "Nobody answered",
                    "assign_to": "team_leader",
                    "activity_type_id": self.type_todo.id,
                    "delay_unit": "hours",
                }
            ],
        )
        missed, answered, young = self._create_leads(3, prospecting_type="inbound")
        created = missed.create_date
        with freeze_time(created + timedelta(minutes=20)):
            answered.with_user(self.user_salesman).message_post(
                body="Thanks, I call you in five minutes",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        young.first_response_deadline = created + timedelta(hours=5)
        with freeze_time(created + timedelta(hours=2)):
            self._run_cron()
        self.assertEqual(missed.first_response_sla_state, "breached")
        self.assertEqual(answered.first_response_sla_state, "met")
        self.assertEqual(young.first_response_sla_state, "pending")
        executions = self._executions(missed | answered | young)
        self.assertEqual(executions.lead_id, missed)
        self.assertEqual(executions.user_id, self.user_manager)
        self.assertEqual(executions.activity_id.summary, "Nobody answered")
        self.assertEqual(executions.trigger, "first_response_missed")

    def test_reactivation_follows_the_contacts_last_win(self):
        """The classification hands over companies; their wins were often made
        with a contact: the reactivation takes that win's team and salesperson."""
        self._make_rule(
            trigger="customer_inactive", steps=[{"summary": "Win the customer back"}]
        )
        company = self.env["res.partner"].create(
            {"name": "Talleres Norte SL", "is_company": True}
        )
        contact = self.env["res.partner"].create(
            {"name": "Iñaki Etxeberria", "parent_id": company.id}
        )
        won = self._create_leads(
            1, partner_id=contact.id, user_id=self.user_salesman_other.id
        )
        won.action_set_won()
        reactivation = self.Engine._fire_customer_inactive(company)
        self.assertEqual(reactivation.partner_id, company)
        self.assertEqual(reactivation.team_id, self.team)
        self.assertEqual(reactivation.user_id, self.user_salesman_other)

    def test_inactive_customer_hook_starts_the_cadences(self):
        """The customer classes announce inactive customers through
        res.partner's `_on_customer_inactive`: the follow-up rules answer."""
        rule = self._make_rule(
            trigger="customer_inactive", steps=[{"summary": "Win the customer back"}]
        )
        customer = self.env["res.partner"].create({"name": "Bodega Norte"})
        customer._on_customer_inactive()
        reactivation = self.env["crm.lead"].search(
            [("partner_id", "=", customer.id), ("is_reactivation", "=", True)]
        )
        self.assertEqual(len(reactivation), 1)
        self.assertEqual(self._executions(reactivation).rule_id, rule)

    def test_reactivation_named_in_the_salespersons_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["prospect_qualification"], ["es_ES"], overwrite=True
        )
        self.user_salesman_other.lang = "es_ES"
        customer = self.env["res.partner"].create({"name": "Bodega Ruiz"})
        won = self._create_leads(
            1, partner_id=customer.id, user_id=self.user_salesman_other.id
        )
        won.action_set_won()
        reactivation = self.Engine._fire_customer_inactive(customer)
        self.assertEqual(reactivation.name, "Reactivación: Bodega Ruiz")

    def test_customer_inactive_creates_one_reactivation_opportunity(self):
        inbound_rule = self._make_rule(steps=[{"summary": "New lead call"}])
        rule = self._make_rule(
            trigger="customer_inactive",
            steps=[{"summary": "Win the customer back"}],
        )
        customer = self.env["res.partner"].create({"name": "Ferretería López"})
        newcomer = self.env["res.partner"].create(
            {"name": "Bodega Ruiz", "user_id": self.user_salesman_other.id}
        )
        old_deal = self._create_leads(
            1, partner_id=customer.id, user_id=self.user_salesman_other.id
        )
        old_deal.action_set_won()
        opportunities = self.Engine._fire_customer_inactive(customer | newcomer)
        self.assertEqual(len(opportunities), 2)
        reactivation = opportunities.filtered(lambda o: o.partner_id == customer)
        self.assertEqual(reactivation.name, "Reactivation: Ferretería López")
        self.assertEqual(reactivation.type, "opportunity")
        self.assertEqual(reactivation.team_id, self.team)
        self.assertEqual(reactivation.user_id, self.user_salesman_other)
        self.assertEqual(reactivation.prospecting_type, "outbound")
        self.assertTrue(reactivation.is_reactivation)
        other = opportunities - reactivation
        self.assertEqual(other.user_id, self.user_salesman_other)
        # The inactive-customer cadence runs on them, not the new-lead one.
        executions = self._executions(opportunities)
        self.assertEqual(executions.rule_id, rule)
        self.assertNotIn(inbound_rule, executions.rule_id)
        self.assertEqual(
            self._open_activities(reactivation).summary, "Win the customer back"
        )
        # Idempotent while the reactivation opportunity is open...
        self.assertFalse(self.Engine._fire_customer_inactive(customer))
        self.assertEqual(
            self.env["crm.lead"].search_count(
                [("partner_id", "=", customer.id), ("is_reactivation", "=", True)]
            ),
            1,
        )
        # ...a new one once it is closed.
        reactivation.action_set_lost()
        again = self.Engine._fire_customer_inactive(customer)
        self.assertEqual(len(again), 1)
        self.assertNotEqual(again, reactivation)

    def test_rule_of_a_company_applies_to_leads_without_company(self):
        """Odoo shares records without a company between companies: a rule of
        a company applies to them (a team shared by all companies), not to
        the leads of another company."""
        rule = self._make_rule(steps=[{"summary": "Call"}])
        other_company = self.env["res.company"].create({"name": "PQ Other Company"})
        shared_team = self.env["crm.team"].create(
            {"name": "Shared team", "company_id": False}
        )
        shared = self._create_leads(1, team_id=shared_team.id, company_id=False)
        theirs = self._create_leads(
            1, team_id=False, user_id=False, company_id=other_company.id
        )
        self.assertFalse(shared.company_id)
        self.assertEqual(len(self._executions(shared, rule)), 1)
        self.assertFalse(self._executions(theirs, rule))

    def test_salesperson_cannot_skip_cadences_by_context(self):
        """No context key suppresses cadences: a salesperson (an RPC client)
        sending them still gets the cadences (test_trust_switches.py sends
        every key through every path)."""
        rule = self._make_rule(steps=[{"summary": "Call"}])
        stage_rule = self._make_rule(
            trigger="stage_entered",
            stage_id=self.stage_prospect.id,
            steps=[{"summary": "Qualify"}],
        )
        Lead = self.env["crm.lead"].with_user(self.user_salesman)
        for context in (
            {"prospect_followup_skip_triggers": ["lead_created", "stage_entered"]},
            {"mail_activity_automation_skip": True},
        ):
            with self.subTest(context=context):
                lead = Lead.with_context(**context).create(
                    {
                        "name": "Mine",
                        "type": "opportunity",
                        "team_id": self.team.id,
                        "user_id": self.user_salesman.id,
                        "stage_id": self.stage_new.id,
                    }
                )
                self.assertEqual(len(self._executions(lead, rule)), 1)
                lead.with_context(**context).write({"stage_id": self.stage_prospect.id})
                self.assertEqual(len(self._executions(lead, stage_rule)), 1)

    def test_server_code_may_skip_cadences(self):
        """Server code (the demo data, imports by the server) suppresses
        cadences with the switches of trust.py; mail's public
        mail_activity_automation_skip is no switch, even in superuser mode."""
        rule = self._make_rule(steps=[{"summary": "Call"}])
        stage_rule = self._make_rule(
            trigger="stage_entered",
            stage_id=self.stage_prospect.id,
            steps=[{"summary": "Qualify"}],
        )
        Lead = self.env["crm.lead"].with_user(self.user_salesman).sudo()
        vals = {
            "name": "Old lead",
            "type": "opportunity",
            "team_id": self.team.id,
            "user_id": self.user_salesman.id,
            "stage_id": self.stage_new.id,
        }
        skipped = trust.with_switches(
            Lead, skip_triggers=("lead_created", "stage_entered")
        ).create(vals)
        trust.with_switches(
            skipped, skip_triggers=("stage_entered",)
        ).stage_id = self.stage_prospect
        quiet = trust.with_switches(Lead, skip_cadences=True).create(vals)
        trust.with_switches(quiet, skip_cadences=True).stage_id = self.stage_prospect
        started = self._executions(skipped | quiet).rule_id
        self.assertFalse(started & (rule | stage_rule))
        public = Lead.with_context(mail_activity_automation_skip=True).create(vals)
        self.assertEqual(self._executions(public).rule_id, rule)
