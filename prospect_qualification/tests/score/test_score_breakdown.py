# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The score breakdown of a lead: points per criterion, the next question,
the next level and the gate of the next stage."""

from odoo.tests import Form, tagged

from ..common import ProspectGateCase


@tagged("post_install", "-at_install")
class TestScoreBreakdown(ProspectGateCase):
    def _breakdown(self, lead):
        return str(lead.with_user(self.user_salesman).qualification_breakdown)

    def test_points_next_level_and_next_gate(self):
        lead = self._create_leads(
            1,
            stage_id=self.stage_prospect.id,
            **self._answers(fit="yes", access="yes", need="yes", budget="partial"),
        )
        self.assertEqual(lead.qualification_score, 70)
        html = self._breakdown(lead)
        # Each criterion: points earned out of the points possible.
        self.assertIn("<strong>20</strong>\n                        / 20", html)
        self.assertIn("<strong>10</strong>\n                        / 20", html)
        # Authority is unknown: the next question, +20, and the gate of the
        # next stage asks for it.
        self.assertIn("Is our contact allowed to decide the purchase?", html)
        self.assertIn("Confirm Authority: +20 → PQ Qualified", html)
        self.assertIn("Confirm Budget: +10 → PQ Qualified", html)
        self.assertIn("Hot: the highest level.", html)

    def test_next_level_names_the_criteria_to_confirm(self):
        lead = self._create_leads(1, **self._answers(fit="yes"))
        html = self._breakdown(lead)
        self.assertIn("20 points to Warm (from 40): confirm", html)
        self.assertIn("(+20)", html)
        # The next stage (PQ Prospect) needs fit and access: access is missing.
        self.assertIn("Confirm Access: +20 → PQ Prospect", html)
        self.assertNotIn("Confirm Fit", html)

    def test_weights_change_the_points(self):
        self.criteria["authority"].weight = 3.0  # 3 of 7
        lead = self._create_leads(1, stage_id=self.stage_prospect.id)
        html = self._breakdown(lead)
        self.assertIn("Confirm Authority: +42,9 → PQ Qualified".replace(",", "."), html)
        self.assertIn("Score of at least 70 (now 0) → PQ Qualified", html)

    def test_gate_met_and_closed_leads(self):
        lead = self._create_leads(1, **self._qualified_answers())
        self.assertIn("Ready for PQ Prospect", self._breakdown(lead))
        lead.action_set_lost()
        html = self._breakdown(lead)
        self.assertNotIn("Ready for", html)
        self.assertNotIn("→", html)

    def test_new_lead_form_follows_the_answers(self):
        """In the form of a new lead (onchange, no id yet) the breakdown
        follows each answer before saving."""
        form = Form(
            self.env["crm.lead"]
            .with_user(self.user_salesman)
            .with_context(default_type="opportunity", default_team_id=self.team.id)
        )
        form.name = "Papelería Nueva"
        form.stage_id = self.stage_new
        self.assertIn("Confirm Fit: +20 → PQ Prospect", form.qualification_breakdown)
        form.qualification_fit = "yes"
        self.assertNotIn("Confirm Fit", form.qualification_breakdown)
        self.assertIn("Confirm Access: +20 → PQ Prospect", form.qualification_breakdown)
        lead = form.save()
        self.assertEqual(lead.qualification_score, 20)

    def test_salesperson_reads_breakdown_in_constant_queries(self):
        """Computing the breakdown of 20 or 200 leads costs the same queries
        (criteria and labels are cached, pipelines read once)."""

        def make(count):
            leads = self._create_leads(
                count, **self._answers(fit="yes", access="partial")
            )
            # Read from the database in the warm-up too (rules, templates).
            self.env.flush_all()
            self.env.invalidate_all()
            return leads.with_user(self.user_salesman)

        def read(leads):
            leads.mapped("qualification_breakdown")

        self.assertFlatQueryCount(make, read, 11)
