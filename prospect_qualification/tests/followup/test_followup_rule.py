# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from ..followup_common import FollowupCase


@tagged("post_install", "-at_install")
class TestFollowupRuleConfiguration(FollowupCase):
    """Sales managers configure rules; bad input is refused on save."""

    def test_manager_builds_a_rule_in_the_form(self):
        form = Form(self.env["prospect.followup.rule"].with_user(self.user_manager))
        form.name = "Stage Prospect cadence"
        form.trigger = "stage_entered"
        form.stage_id = self.stage_prospect
        form.team_ids.add(self.team)
        form.filter_domain = "[('prospecting_type', '=', 'outbound')]"
        with form.step_ids.new() as step:
            step.activity_type_id = self.type_call
            step.summary = "Call"
        with form.step_ids.new() as step:
            step.activity_type_id = self.type_whatsapp
            step.summary = "WhatsApp"
            step.delay = 2
            step.working_days = True
            step.assign_to = "team_leader"
        rule = form.save()
        self.assertEqual(rule.step_ids.mapped("summary"), ["Call", "WhatsApp"])
        self.assertEqual(rule.user_id, self.user_manager)
        self.assertEqual(rule.company_id, self.env.company)
        lead = self._create_leads(1, prospecting_type="outbound")
        lead.with_user(self.user_salesman).stage_id = self.stage_prospect
        self.assertEqual(self._executions(lead, rule).activity_id.summary, "Call")

    def test_invalid_filter_is_refused(self):
        for domain in (
            "[('no_such_field', '=', 1)]",
            "[('name', 'no_such_operator', 1)]",
            "[('name', '=', ",
            "'not a domain'",
            "[('stage_id.is_won', '=', undefined_name)]",
        ):
            with (
                self.subTest(domain=domain),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                self._make_rule(filter_domain=domain)
        rule = self._make_rule()
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            rule.filter_domain = "[('no_such_field', '=', 1)]"
        # Dates, the user and the empty filter are fine.
        rule.filter_domain = (
            "[('user_id', '=', uid), "
            "('create_date', '>=', (context_today() - relativedelta(days=7)))]"
        )
        rule.filter_domain = False

    def test_required_settings(self):
        cases = [
            (
                {"trigger": "stage_entered"},
                "starts when a lead enters a stage: choose the stage.",
            ),
            (
                {"steps": [{"assign_to": "user"}]},
                "is assigned to a given user: choose the user.",
            ),
            (
                {"steps": [{"delay": -1}]},
                "“Delay” must be between 0 and 3650 days (received -1)",
            ),
            (
                {"trigger": "idle", "idle_days": 0},
                "“Idle For (Days)” must be between 1 and 3650 days (received 0)",
            ),
        ]
        for values, message in cases:
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(ValidationError, re.escape(message)),
                self.env.cr.savepoint(),
            ):
                self._make_rule(**values)

    def test_salespeople_read_but_do_not_configure(self):
        rule = self._make_rule()
        self.assertEqual(rule.with_user(self.user_salesman).name, "PQ Rule")
        with self.assertRaises(AccessError):
            self._make_rule().with_user(self.user_salesman).write({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.env["prospect.followup.rule"].with_user(self.user_salesman).create(
                {"name": "Mine", "user_id": self.user_salesman.id}
            )

    def test_salespeople_see_the_steps_of_their_leads(self):
        self._make_rule()
        mine = self._create_leads(1)
        theirs = self._create_leads(1, user_id=self.user_salesman_other.id)
        Execution = self.env["prospect.followup.execution"].with_user(
            self.user_salesman
        )
        visible = Execution.search([("lead_id", "in", (mine | theirs).ids)])
        self.assertEqual(visible.lead_id, mine)
        with self.assertRaises(AccessError):
            visible.write({"state": "done"})
        # The lead form shows them.
        self.assertEqual(
            mine.with_user(self.user_salesman).followup_execution_ids, visible
        )

    def test_other_company_rules_are_hidden(self):
        other_company = self.env["res.company"].create({"name": "PQ Other Company"})
        hidden = self._make_rule(name="Theirs", company_id=other_company.id)
        shared = self._make_rule(name="Shared", company_id=False)
        rules = (
            self.env["prospect.followup.rule"]
            .with_user(self.user_manager)
            .search([("id", "in", (hidden | shared).ids)])
        )
        self.assertEqual(rules, shared)

    def test_executions_smart_button(self):
        rule = self._make_rule()
        self._create_leads(3)
        self.assertEqual(rule.execution_count, 3)
        action = rule.action_view_executions()
        self.assertEqual(
            self.env["prospect.followup.execution"].search_count(action["domain"]), 3
        )

    def test_default_rules(self):
        """The rules shipped with the addon (data/prospect_followup_rule_data.xml)."""

        def rule(name):
            return self.env.ref(f"prospect_qualification.prospect_followup_rule_{name}")

        def steps(name):
            return [
                (step.activity_type_id, step.delay, step.delay_unit)
                for step in rule(name).step_ids
            ]

        self.assertEqual(rule("new_inbound").trigger, "lead_created")
        self.assertEqual(steps("new_inbound")[0], (self.type_call, 0, "days"))
        self.assertEqual(
            steps("prospecting"),
            [
                (self.type_call, 0, "days"),
                (self.type_whatsapp, 2, "hours"),
                (self.type_call, 1, "days"),
                (self.type_email, 1, "days"),
                (self.type_whatsapp, 3, "days"),
                (self.type_call, 5, "days"),
            ],
        )
        self.assertEqual(rule("idle").trigger, "idle")
        self.assertEqual(rule("idle").idle_days, 14)
        self.assertEqual(rule("escalation").trigger, "first_response_missed")
        self.assertEqual(rule("escalation").step_ids.assign_to, "team_leader")
        self.assertEqual(rule("inactive_customer").trigger, "customer_inactive")
        # Translated into Spanish from es.po.
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["prospect_qualification"], ["es_ES"], overwrite=True
        )
        spanish = rule("prospecting").with_context(lang="es_ES")
        self.assertEqual(spanish.name, "Cadencia de prospección")
        self.assertEqual(spanish.step_ids[0].summary, "Primera llamada")
        self.assertEqual(self.type_whatsapp.with_context(lang="es_ES").name, "WhatsApp")
        self.assertEqual(
            self.type_followup.with_context(lang="es_ES").name, "Seguimiento"
        )

    def test_numbers_within_bounds(self):
        """Every number is checked when saved, with bounds that keep the dates
        computable (ten years for a rule or a step, a year for a first
        response); the bounds are accepted, a step beyond is refused with a
        message naming the record and the range, and the help states them."""
        Rule = self.env["prospect.followup.rule"].with_user(self.user_manager)
        rule = Rule.browse(self._make_rule(trigger="idle", idle_days=3650).id)
        rule.idle_days = 1
        for days in (0, -5, 3651, 1_000_000):
            with (
                self.subTest(idle_days=days),
                self.assertRaisesRegex(ValidationError, "PQ Rule.*between 1 and 3650"),
                self.env.cr.savepoint(),
            ):
                rule.idle_days = days
        # Too large even for the database column: the same message.
        with (
            self.assertRaisesRegex(ValidationError, "between 1 and 3650"),
            self.env.cr.savepoint(),
        ):
            Rule.create({"name": "Forever", "trigger": "idle", "idle_days": 10**12})
        with (
            self.assertRaisesRegex(ValidationError, "PQ Rule.*between 1 and 3650"),
            self.env.cr.savepoint(),
        ):
            rule.write({"idle_days": 10**12})

        rule = self._make_rule(
            steps=[
                {"summary": "In ten years", "delay": 3650},
                {"summary": "In hours", "delay": 87600, "delay_unit": "hours"},
            ]
        )
        in_days, in_hours = rule.step_ids.with_user(self.user_manager)
        in_days.delay = 0
        in_days.write({"delay": 5000, "delay_unit": "hours"})
        for step, vals, message in (
            (in_days, {"delay": -1}, "In ten years.*between 0 and 87600 hours"),
            (in_days, {"delay_unit": "days"}, "3650 days \\(received 5000\\)"),
            (in_hours, {"delay": 87601}, "PQ Rule.*between 0 and 87600 hours"),
            (in_hours, {"delay": 10**9, "delay_unit": "days"}, "0 and 3650 days"),
            (in_hours, {"delay": 10**12}, "In hours.*0 and 87600 hours"),
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(ValidationError, message),
                self.env.cr.savepoint(),
            ):
                step.write(vals)
        with (
            self.assertRaisesRegex(ValidationError, "between 0 and 3650 days"),
            self.env.cr.savepoint(),
        ):
            self._make_rule(steps=[{"delay": 10**12}])

        team = self.team.with_user(self.user_manager)
        team.write(
            {
                "first_response_minutes_inbound": 28800,
                "first_response_minutes_outbound": 1,
            }
        )
        for fname in (
            "first_response_minutes_inbound",
            "first_response_minutes_outbound",
        ):
            for minutes in (0, -1, 28801, 2 * 10**9):
                with (
                    self.subTest(fname=fname, minutes=minutes),
                    self.assertRaisesRegex(
                        ValidationError,
                        "Equipo Prospección.*between 1 and 28800 working minutes",
                    ),
                    self.env.cr.savepoint(),
                ):
                    team.write({fname: minutes})

        def help_of(model, fname):
            return self.env[model]._fields[fname]._description_help(self.env)

        self.assertIn("3650", help_of("prospect.followup.rule", "idle_days"))
        self.assertIn("3650", help_of("prospect.followup.step", "delay"))
        self.assertIn("87600", help_of("prospect.followup.step", "delay"))
        for fname in (
            "first_response_minutes_inbound",
            "first_response_minutes_outbound",
        ):
            self.assertIn("28800", help_of("crm.team", fname))
