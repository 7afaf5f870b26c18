# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from ..common import ProspectGateFixtures


class PromotionTourCase(ProspectGateFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate_fixtures()
        cls.lead = cls._create_leads(1, **cls._answers(fit="yes", access="yes"))
        cls.lead.write({"name": "Ferretería López", "stage_id": cls.stage_prospect.id})

    def _assert_promoted(self):
        self.assertEqual(self.lead.stage_id, self.stage_qualified)
        self.assertEqual(self.lead.prospect_state, "qualified")
        self.assertEqual(self.lead.qualification_score, 100)
        notes = self.lead.message_ids.filtered(
            lambda message: message.message_type == "comment"
        )
        self.assertEqual(len(notes), 1)
        self.assertIn("Promoted from PQ Prospect to PQ Qualified", notes.body)
        self.assertIn("presupuesto aprobado", notes.body)
        self.assertEqual(notes.author_id, self.user_salesman.partner_id)


@tagged("post_install", "-at_install")
class TestPromotionTourDesktop(PromotionTourCase):
    def test_refused_then_promoted_on_desktop(self):
        self.start_tour(
            f"/odoo/crm/{self.lead.id}",
            "prospect_promotion_desktop_tour",
            login=self.user_salesman.login,
        )
        self._assert_promoted()

    def test_kanban_drop_refused(self):
        # A qualified card gives the qualified stage its column.
        self._create_leads(
            1,
            name="Ya calificada",
            stage_id=self.stage_qualified.id,
            **self._qualified_answers(),
        )
        action = self.env.ref("crm.crm_lead_action_pipeline")
        self.start_tour(
            f"/odoo/action-{action.id}",
            "prospect_promotion_kanban_tour",
            login=self.user_salesman.login,
        )
        self.assertEqual(self.lead.stage_id, self.stage_prospect)


@tagged("post_install", "-at_install")
class TestPromotionTourMobile(PromotionTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_refused_then_promoted_on_phone(self):
        self.start_tour(
            f"/odoo/crm/{self.lead.id}",
            "prospect_promotion_mobile_tour",
            login=self.user_salesman.login,
        )
        self._assert_promoted()
