# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo data, when the database has it: the figures of the reports are
those of the demo tables, and the records are consistent (history, answers,
dates)."""

from datetime import timedelta
from itertools import pairwise

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..demo.prospect_demo_loader import (
    DEMO_CUSTOMERS,
    DEMO_PROSPECTS,
    DEMO_TEAM_LEADER,
    DEMO_USERS,
    PATHS,
    demo_team,
    history_team,
)

LADDER = ["lead", "prospect", "qualified", "customer"]


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = demo_team(cls.env)
        if cls.team:
            team_records = (
                cls.env["crm.lead"]
                .with_context(active_test=False)
                .search([("team_id", "=", cls.team.id)])
            )
            # The demo tables, and the opportunities the follow-up rules open
            # for the customers that turned inactive when the demo loaded.
            cls.reactivations = team_records.filtered("is_reactivation")
            cls.leads = team_records - cls.reactivations

    def setUp(self):
        super().setUp()
        if not self.env.ref("base.module_prospect_qualification").demo:
            self.skipTest("the addon was installed without demo data")
        self.assertTrue(self.team, "installed with demo data but no demo team")

    def test_loaded_at_install_outside_the_registry(self):
        """The post-init hook loads the demo with a plain module: no demo
        model in the registry or in ir.model, the demo data all the same."""
        self.assertNotIn("prospect.demo.loader", self.env.registry)
        self.assertFalse(
            self.env["ir.model"].search([("model", "=", "prospect.demo.loader")])
        )
        self.assertEqual(self.team.user_id, self.env.ref(DEMO_USERS[DEMO_TEAM_LEADER]))
        self.assertEqual(len(self.leads), len(self._paths()))

    def _paths(self):
        """Path of each demo record, from the demo tables."""
        paths = ["won" for *_row, purchases in DEMO_CUSTOMERS for _day in purchases]
        return paths + [row[5] for row in DEMO_PROSPECTS]

    def test_sixty_records_spread_over_states_media_salespeople(self):
        self.assertEqual(len(self.leads), len(self._paths()))
        self.assertGreaterEqual(len(self.leads), 55)
        self.assertEqual(
            set(self.leads.mapped("prospect_state")),
            {"lead", "prospect", "qualified", "customer", "disqualified"},
        )
        self.assertGreaterEqual(len(self.leads.medium_id), 7)
        self.assertEqual(
            set(self.leads.mapped("prospecting_type")), {"inbound", "outbound"}
        )
        self.assertEqual(len(self.leads.user_id), 3)
        self.assertTrue(all(self.leads.mapped("partner_id.email")))

    def test_funnel_matches_the_demo_tables(self):
        reached = dict.fromkeys(LADDER, 0)
        disqualified = 0
        for path in self._paths():
            states = PATHS[path][0]
            for state in LADDER:
                reached[state] += state in states
            disqualified += "disqualified" in states
        for reactivation in self.reactivations:
            reached["lead"] += 1
            self.assertEqual(reactivation.prospect_state, "lead")
        funnel = self.env["prospect.qualification.dashboard"].get_dashboard_data(
            0, self.team.id
        )["funnel"]
        self.assertEqual(
            {step["state"]: step["count"] for step in funnel["steps"]}, reached
        )
        self.assertEqual(funnel["disqualified"]["count"], disqualified)

    def test_history_is_continuous_and_in_the_last_six_months(self):
        now = fields.Datetime.now()
        History = self.env["prospect.state.history"]
        rows = History.search([("lead_id", "in", self.leads.ids)], order="date, id")
        by_lead = {}
        for row in rows:
            by_lead.setdefault(row.lead_id, []).append(row)
        self.assertEqual(set(by_lead), set(self.leads))
        old_purchases = sum(
            1 for *_row, purchases in DEMO_CUSTOMERS for day in purchases if day > 180
        )
        old = self.leads.filtered(
            lambda lead: lead.create_date < now - timedelta(days=181)
        )
        self.assertEqual(len(old), old_purchases, "only old purchases are older")
        for lead, history in by_lead.items():
            with self.subTest(lead=lead.name):
                self.assertEqual(history[0].state_to, "lead")
                self.assertEqual(history[-1].state_to, lead.prospect_state)
                self.assertFalse(history[-1].date_end)
                for current, following in pairwise(history):
                    self.assertEqual(current.date_end, following.date)
                    self.assertEqual(following.state_from, current.state_to)
                self.assertLessEqual(history[-1].date, now)
                self.assertEqual(lead.create_date, history[0].date)

    def test_answers_satisfy_the_stage_gates(self):
        for lead in self.leads:
            reached = lead.prospect_state_history_ids.mapped("state_to")
            with self.subTest(lead=lead.name):
                if "prospect" in reached:
                    self.assertEqual(
                        (lead.qualification_fit, lead.qualification_access),
                        ("yes", "yes"),
                    )
                if "qualified" in reached:
                    self.assertEqual(
                        {
                            lead.qualification_need,
                            lead.qualification_budget,
                            lead.qualification_authority,
                        },
                        {"yes"},
                    )
                    self.assertGreaterEqual(lead.qualification_score, 70)

    def test_customers_of_every_class(self):
        entities = self.leads.partner_id.commercial_partner_id
        classes = {entity.name: entity.customer_class for entity in entities}
        self.assertEqual(classes["Panadería Hermanos García SL"], "current")
        self.assertEqual(classes["Clínica Dental Sonrisas SL"], "current")
        self.assertEqual(classes["Librería El Quijote SL"], "active")
        self.assertEqual(classes["Hostal Las Palmeras SL"], "inactive")
        self.assertEqual(classes["Restaurante La Tasca de Pepe SL"], "none")
        self.assertEqual(
            set(classes.values()), {"current", "active", "inactive", "none"}
        )
        inactive = entities.filtered(lambda p: p.customer_class == "inactive")
        for partner in inactive:
            self.assertIn(
                "Became an inactive customer", str(partner.message_ids.mapped("body"))
            )
        # Each got one reactivation opportunity, in the team of its last win.
        self.assertEqual(self.reactivations.partner_id, inactive)
        self.assertEqual(len(self.reactivations), len(inactive))
        self.assertTrue(all(self.reactivations.mapped("user_id")))

    def test_open_records_have_a_next_activity(self):
        open_leads = self.leads.filtered(
            lambda lead: lead.prospect_state in ("lead", "prospect", "qualified")
        )
        self.assertTrue(all(open_leads.mapped("activity_ids")))
        deadlines = open_leads.activity_ids.mapped("date_deadline")
        today = fields.Date.context_today(self.env.user)
        self.assertTrue(any(day < today for day in deadlines), "some overdue")
        self.assertTrue(any(day > today for day in deadlines), "some planned")

    def test_enough_history_for_a_calibration(self):
        """The second demo team's closed opportunities give a calibration of
        the score that suggests weights (at least 30 won and 30 lost)."""
        team = history_team(self.env)
        self.assertTrue(team)
        calibration = self.env["prospect.score.calibration"].create(
            {"team_id": team.id}
        )
        calibration.action_compute()
        self.assertGreaterEqual(calibration.won_count, 30)
        self.assertGreaterEqual(calibration.lost_count, 30)
        self.assertTrue(calibration.enough_data)
        self.assertGreater(calibration.cv_auc_suggested, calibration.cv_auc_current)
        weights = {
            line.criterion_id.code: line.suggested_weight
            for line in calibration.line_ids
        }
        # The demo's history favours need and authority, access hardly counts.
        self.assertGreater(weights["need"], weights["access"])
        self.assertGreater(weights["authority"], weights["access"])
        self.assertFalse(team.member_ids, "no membership taken from the demo team")
