# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from ..common import ProspectQualificationCase

REASONS = (
    "lost_reason_no_need",
    "lost_reason_no_budget",
    "lost_reason_no_authority",
    "lost_reason_not_reachable",
    "lost_reason_outside_target",
)


@tagged("post_install", "-at_install")
class TestDisqualification(ProspectQualificationCase):
    def _disqualify_form(self, leads):
        action = self.env.ref("prospect_qualification.crm_lead_disqualify_action")
        self.assertEqual(action.res_model, "crm.lead.lost")
        context = safe_eval(action.context, {"active_ids": leads.ids})
        self.assertTrue(context["prospect_disqualify"])
        return Form(
            self.env["crm.lead.lost"]
            .with_user(self.user_salesman)
            .with_context(**context)
        )

    def test_disqualification_reasons_are_data(self):
        reasons = self.env["crm.lost.reason"].search(
            [("prospect_disqualification", "=", True)]
        )
        self.assertEqual(
            reasons,
            self.env["crm.lost.reason"].concat(
                *(self.env.ref(f"prospect_qualification.{xmlid}") for xmlid in REASONS)
            ),
        )
        self.assertFalse(self.env.ref("crm.lost_reason_1").prospect_disqualification)

    def test_disqualify_uses_odoo_lost_flow(self):
        leads = self._create_leads(2, name="Sin presupuesto")
        no_budget = self.env.ref("prospect_qualification.lost_reason_no_budget")
        form = self._disqualify_form(leads)
        # A reason is required when disqualifying.
        with self.assertRaises(AssertionError):
            form.save()
        form.lost_reason_id = no_budget
        form.lost_feedback = "<p>Nos llaman el año que viene</p>"
        form.save().action_lost_reason_apply()
        self.assertEqual(leads.mapped("active"), [False, False])
        self.assertEqual(set(leads.mapped("prospect_state")), {"disqualified"})
        self.assertEqual(leads.lost_reason_id, no_budget)
        # Odoo's lost analysis counts them under the reason.
        self.assertEqual(no_budget.leads_count, 2)
        lost = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [
                    ("id", "in", leads.ids),
                    ("active", "=", False),
                    ("probability", "=", 0),
                ],
                ["lost_reason_id"],
                ["__count"],
            )
        )
        self.assertEqual(lost, [(no_budget, 2)])
        # Restoring takes the card back to the state of its stage.
        leads.toggle_active()
        self.assertEqual(set(leads.mapped("prospect_state")), {"lead"})
        self.assertFalse(leads.lost_reason_id)

    def test_lost_without_disqualify_keeps_odoo_behaviour(self):
        lead = self._create_leads(1)
        form = Form(
            self.env["crm.lead.lost"]
            .with_user(self.user_salesman)
            .with_context(default_lead_ids=lead.ids)
        )
        form.save().action_lost_reason_apply()
        self.assertFalse(lead.active)
        self.assertFalse(lead.lost_reason_id)
        self.assertEqual(lead.prospect_state, "disqualified")
