# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from ..common import ProspectQualificationFixtures


class QualificationTourCase(ProspectQualificationFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_prospect_fixtures()
        cls.lead = cls._create_leads(1, name="Ferretería López")

    def _run_tour(self, tour):
        self.start_tour(
            f"/odoo/crm/{self.lead.id}", tour, login=self.user_salesman.login
        )
        self.assertEqual(self.lead.qualification_need, "yes")
        self.assertEqual(self.lead.qualification_fit, "partial")
        self.assertEqual(self.lead.qualification_score, 90)
        self.assertEqual(self.lead.qualification_level, "hot")


@tagged("post_install", "-at_install")
class TestQualificationTourDesktop(QualificationTourCase):
    def test_qualify_on_desktop(self):
        self._run_tour("prospect_qualification_desktop_tour")
        self.assertEqual(self.lead.stage_id, self.stage_qualified)
        self.assertEqual(self.lead.prospect_state, "qualified")


@tagged("post_install", "-at_install")
class TestQualificationTourMobile(QualificationTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_qualify_on_phone(self):
        self._run_tour("prospect_qualification_mobile_tour")
        self.assertEqual(self.lead.prospect_state, "lead")
