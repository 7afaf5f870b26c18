# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..common import ProspectQualificationCase


@tagged("post_install", "-at_install")
class TestQualificationAccess(ProspectQualificationCase):
    def test_salesman_qualifies_own_lead(self):
        lead = self._create_leads(1).with_user(self.user_salesman)
        lead.write(self._answers(need="yes", budget="partial"))
        lead.write(
            {
                "qualification_notes": "Tiene 3 tiendas",
                "preferred_contact_channel": "whatsapp",
                "preferred_contact_hour_from": 9.5,
                "preferred_contact_hour_to": 13,
                "buying_style": "consults",
                "decision_maker_name": "Luis Gómez",
                "decision_maker_role": "Gerente",
            }
        )
        self.assertEqual(lead.qualification_score, 30)
        self.assertEqual(lead.prospect_state_history_ids.lead_id, lead)

    def test_salesman_cannot_edit_others_lead(self):
        lead = self._create_leads(1, user_id=self.user_salesman_other.id)
        with self.assertRaises(AccessError):
            lead.with_user(self.user_salesman).write(self._answers(need="yes"))

    def test_salesman_reads_but_cannot_edit_criteria(self):
        criterion = self.criteria["need"].with_user(self.user_salesman)
        self.assertEqual(criterion.name, "Need")
        with self.assertRaises(AccessError):
            criterion.weight = 5
        with self.assertRaises(AccessError):
            self.env["prospect.qualification.criterion"].with_user(
                self.user_salesman
            ).create(
                {"name": "Urgencia", "code": "need", "company_id": self.company.id}
            )
        with self.assertRaises(AccessError):
            self.env["prospect.state.history"].with_user(self.user_salesman).create(
                {"lead_id": self._create_leads(1).id, "state_to": "customer"}
            )

    def test_manager_edits_criteria_and_settings(self):
        self.criteria["need"].with_user(self.user_manager).weight = 2
        self.assertEqual(self.criteria["need"].weight, 2)

    def test_salesman_sees_history_of_own_leads_only(self):
        own = self._create_leads(1)
        other = self._create_leads(1, user_id=self.user_salesman_other.id)
        visible = (
            self.env["prospect.state.history"]
            .with_user(self.user_salesman)
            .search([("lead_id", "in", (own | other).ids)])
        )
        self.assertEqual(visible.lead_id, own)

    def test_multi_company_weights(self):
        company_b = self.env["res.company"].create({"name": "Distribuciones Sur SL"})
        user_b = mail_new_test_user(
            self.env,
            login="pq_manager_b",
            groups="sales_team.group_sale_manager",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        lead_a = self._create_leads(1, **self._answers(need="yes"))
        lead_b = self._create_leads(
            1,
            team_id=False,
            user_id=user_b.id,
            company_id=company_b.id,
            **self._answers(need="yes"),
        )
        self.assertEqual(
            (lead_a.qualification_score, lead_b.qualification_score), (20, 20)
        )
        # Company B weighs need 5 times: only its leads change.
        own_need = (
            self.env["prospect.qualification.criterion"]
            .with_user(user_b)
            .with_company(company_b)
            .create(
                {
                    "name": "Dolor",
                    "code": "need",
                    "weight": 5,
                    "company_id": company_b.id,
                }
            )
        )
        self.assertEqual(lead_b.qualification_score, 56)  # 5 / 9
        self.assertEqual(lead_a.qualification_score, 20)
        # Company A's users do not see B's criterion; B's manager sees shared ones.
        Criterion = self.env["prospect.qualification.criterion"]
        self.assertNotIn(own_need, Criterion.with_user(self.user_manager).search([]))
        self.assertIn(
            self.criteria["fit"],
            Criterion.with_user(user_b).with_company(company_b).search([]),
        )
        # B's label and question replace the shared ones on B's forms.
        fields_b = (
            self.env["crm.lead"]
            .with_user(user_b)
            .with_company(company_b)
            .fields_get(["qualification_need"], ["string", "help"])
        )
        self.assertEqual(fields_b["qualification_need"]["string"], "Dolor")
        own_need.weight = 0
        self.assertEqual(lead_b.qualification_score, 0)
        self.assertEqual(lead_a.qualification_score, 20)

    def test_question_shown_as_help(self):
        self.criteria["access"].description = "¿Tenemos su móvil y su horario?"
        fields = self.env["crm.lead"].fields_get(
            ["qualification_access"], ["string", "help"]
        )
        self.assertEqual(
            fields["qualification_access"]["help"], "¿Tenemos su móvil y su horario?"
        )

    def test_preferred_hours_checked(self):
        lead = self._create_leads(1)
        with self.assertRaisesRegex(ValidationError, "must end after they start"):
            lead.write(
                {"preferred_contact_hour_from": 14, "preferred_contact_hour_to": 9}
            )
        with self.assertRaisesRegex(ValidationError, "between 00:00 and 24:00"):
            lead.write({"preferred_contact_hour_from": 25})

    def test_spanish_translation(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["prospect_qualification"], ["es_ES"], overwrite=True
        )
        criterion = self.criteria["budget"].with_context(lang="es_ES")
        self.assertEqual(criterion.name, "Capacidad de pago")
        Lead = self.env["crm.lead"].with_context(lang="es_ES")
        fields = Lead.fields_get(
            ["prospect_state", "qualification_level"], ["selection", "string"]
        )
        self.assertEqual(fields["prospect_state"]["string"], "Estado del ciclo de vida")
        self.assertIn(
            ("qualified", "Prospecto calificado"), fields["prospect_state"]["selection"]
        )
        self.assertIn(("hot", "Caliente"), fields["qualification_level"]["selection"])
        self.assertEqual(
            self.env.ref("prospect_qualification.crm_stage_prospect")
            .with_context(lang="es_ES")
            .name,
            "Prospecto",
        )
