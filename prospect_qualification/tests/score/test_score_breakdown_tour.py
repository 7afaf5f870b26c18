# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from ..common import ProspectGateFixtures


class ScoreBreakdownTourCase(ProspectGateFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate_fixtures()
        cls.lead = cls._create_leads(
            1,
            name="Ferretería López",
            stage_id=cls.stage_prospect.id,
            **cls._answers(need="yes", budget="yes", access="yes", fit="yes"),
        )

    def _run_tour(self):
        self.assertEqual(self.lead.qualification_score, 80)
        self.start_tour(
            f"/odoo/crm/{self.lead.id}",
            "prospect_score_breakdown_tour",
            login=self.user_salesman.login,
        )
        self.assertEqual(self.lead.qualification_authority, "yes")
        self.assertEqual(self.lead.qualification_score, 100)


@tagged("post_install", "-at_install")
class TestScoreBreakdownTourDesktop(ScoreBreakdownTourCase):
    def test_breakdown_on_desktop(self):
        self._run_tour()


@tagged("post_install", "-at_install")
class TestScoreBreakdownTourMobile(ScoreBreakdownTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_breakdown_on_phone(self):
        self._run_tour()
