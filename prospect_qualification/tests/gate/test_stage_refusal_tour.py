# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A stage the gate refuses from the form's statusbar is undone in the form
(static/src/gate/stage_refusal.js): the next Save goes through and the card
stays in its stage."""

from odoo.tests import HttpCase, tagged

from ..common import ProspectGateFixtures


class StageRefusalTourCase(ProspectGateFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate_fixtures()
        cls.lead = cls._create_leads(1, **cls._answers(fit="yes", access="yes"))
        cls.lead.write({"name": "Ferretería Ruiz", "stage_id": cls.stage_prospect.id})

    def _run_saved_card(self):
        self.start_tour(
            f"/odoo/crm/{self.lead.id}",
            "prospect_stage_refusal_tour",
            login=self.user_salesman.login,
        )
        self.assertEqual(self.lead.stage_id, self.stage_prospect)
        # The answer given before the refused move and the one given after
        # are both saved.
        self.assertEqual(self.lead.qualification_need, "yes")
        self.assertEqual(self.lead.qualification_budget, "yes")

    def _run_quick_save(self):
        self.start_tour(
            f"/odoo/crm/{self.lead.id}",
            "prospect_stage_refusal_quick_save_tour",
            login=self.user_salesman.login,
        )
        self.assertEqual(self.lead.stage_id, self.stage_prospect)
        self.assertEqual(self.lead.qualification_need, "yes")

    def _run_new_card(self):
        self.start_tour(
            "/odoo/crm/new",
            "prospect_stage_refusal_new_tour",
            login=self.user_salesman.login,
        )
        lead = self.env["crm.lead"].search([("name", "=", "Taller Gómez")])
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.stage_id, self.stage_new)
        self.assertEqual(lead.qualification_fit, "yes")
        self.assertEqual(lead.user_id, self.user_salesman)


@tagged("post_install", "-at_install")
class TestStageRefusalTourDesktop(StageRefusalTourCase):
    def test_refused_stage_undone_on_saved_card(self):
        self._run_saved_card()

    def test_save_clicked_before_refusal(self):
        self._run_quick_save()

    def test_refused_stage_undone_on_new_card(self):
        self._run_new_card()


@tagged("post_install", "-at_install")
class TestStageRefusalTourMobile(StageRefusalTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_refused_stage_undone_on_saved_card(self):
        self._run_saved_card()

    def test_save_clicked_before_refusal(self):
        self._run_quick_save()

    def test_refused_stage_undone_on_new_card(self):
        self._run_new_card()
