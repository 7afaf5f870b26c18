# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fields the server owns are refused from clients (Odoo does not enforce
readonly on RPC): a salesperson or a manager acting as an API client cannot
forge a score, a lifecycle state, a speed-to-lead date or a customer class."""

from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ProspectQualificationCase

FORGED_LEAD_VALUES = {
    "qualification_score": 100,
    "qualification_level": "hot",
    "prospect_state": "customer",
    "first_response_deadline": datetime(2020, 1, 1),
    "first_response_date": datetime(2020, 1, 1),
    "first_response_hours": 0.5,
    "first_response_sla_state": "met",
    "first_response_missed": True,
    "is_reactivation": True,
    "first_response_minutes": 3.0,
    "first_response_band": "5min",
    "first_response_reassign_due": datetime(2020, 1, 1),
    "first_response_reassign_count": 5,
    "first_response_missed_user_ids": [(6, 0, [1])],
}
FORGED_PARTNER_VALUES = {
    "customer_class": "current",
    "customer_last_purchase_date": date(2020, 1, 1),
    "customer_purchase_count": 12,
}
REFUSED = "computed by the server"


@tagged("post_install", "-at_install")
class TestServerFields(ProspectQualificationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls._create_leads(1, name="Forja")
        cls.partner = cls.env["res.partner"].create({"name": "Forja S.L."})

    def _lead_vals(self, **values):
        return {
            "name": "Cliente forjado",
            "type": "opportunity",
            "team_id": self.team.id,
            "user_id": self.user_salesman.id,
            "stage_id": self.stage_new.id,
            **values,
        }

    def _stored(self, record, fnames):
        record.invalidate_recordset()
        return {fname: record[fname] for fname in fnames}

    def test_forged_score_with_stage_refused_as_a_whole(self):
        lead = self.lead.with_user(self.user_salesman)
        with self.assertRaisesRegex(UserError, REFUSED + ".*Qualification Score"):
            lead.write(
                {"qualification_score": 100, "stage_id": self.stage_qualified.id}
            )
        self.assertEqual(
            self._stored(self.lead, ["qualification_score", "stage_id"]),
            {"qualification_score": 0, "stage_id": self.stage_new},
        )

    def test_every_server_field_refused_on_write(self):
        lead = self.lead.with_user(self.user_salesman)
        before = self._stored(self.lead, FORGED_LEAD_VALUES)
        for fname, value in FORGED_LEAD_VALUES.items():
            with self.subTest(field=fname), self.assertRaisesRegex(UserError, REFUSED):
                lead.write({fname: value, "description": "forjado"})
        self.assertEqual(self._stored(self.lead, FORGED_LEAD_VALUES), before)
        self.assertFalse(self.lead.description)

    def test_every_server_field_refused_on_create(self):
        Lead = self.env["crm.lead"].with_user(self.user_salesman)
        for fname, value in FORGED_LEAD_VALUES.items():
            with self.subTest(field=fname), self.assertRaisesRegex(UserError, REFUSED):
                Lead.create([self._lead_vals(), self._lead_vals(**{fname: value})])
        self.assertFalse(
            self.env["crm.lead"].search_count([("name", "=", "Cliente forjado")])
        )

    def test_message_names_the_fields_in_the_user_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["prospect_qualification"], ["es_ES"], overwrite=True
        )
        # An RPC call carries the language of the user in its context.
        lead = self.lead.with_user(self.user_salesman).with_context(lang="es_ES")
        with self.assertRaises(UserError) as caught:
            lead.write({"prospect_state": "customer", "is_reactivation": True})
        self.assertEqual(
            str(caught.exception),
            "El servidor calcula estos campos y no se pueden establecer: Estado "
            "del ciclo de vida, Reactivación. Quítelos de los valores que envía.",
        )

    def test_manager_refused_too(self):
        lead = self.lead.with_user(self.user_manager)
        with self.assertRaisesRegex(UserError, REFUSED):
            lead.write({"prospect_state": "customer"})
        with self.assertRaisesRegex(UserError, REFUSED):
            self.partner.with_user(self.user_manager).write(
                {"customer_class": "current"}
            )
        self.assertEqual(
            self._stored(self.lead, ["prospect_state"]), {"prospect_state": "lead"}
        )

    def test_partner_class_refused(self):
        Partner = self.env["res.partner"].with_user(self.user_manager)
        for fname, value in FORGED_PARTNER_VALUES.items():
            with self.subTest(field=fname):
                with self.assertRaisesRegex(UserError, REFUSED):
                    self.partner.with_user(self.user_salesman).write({fname: value})
                with self.assertRaisesRegex(UserError, REFUSED):
                    Partner.create({"name": "Forja Dos", fname: value})
        self.assertEqual(self.partner.customer_class, "none")
        self.assertFalse(Partner.search_count([("name", "=", "Forja Dos")]))

    def test_partner_class_not_written_through_the_lead(self):
        # The lead shows its customer's class (a related field): writing it
        # on the lead does not reach the partner.
        self.lead.partner_id = self.partner
        self.lead.with_user(self.user_salesman).write(
            {"partner_customer_class": "current"}
        )
        self.partner.invalidate_recordset()
        self.assertEqual(self.partner.customer_class, "none")

    def test_server_code_sets_them(self):
        self.lead.sudo().write(
            {"first_response_date": datetime(2026, 3, 2), "is_reactivation": True}
        )
        self.assertEqual(self.lead.first_response_date, datetime(2026, 3, 2))
        self.assertTrue(self.lead.is_reactivation)
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_salesman)
            .sudo()
            .create(self._lead_vals(is_reactivation=True))
        )
        self.assertTrue(lead.is_reactivation)

    def test_defaults_from_the_client_are_ignored(self):
        forged = {
            "default_is_reactivation": True,
            "default_first_response_date": "2020-01-01 00:00:00",
            "default_first_response_missed": True,
        }
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_salesman)
            .with_context(**forged)
            .create(self._lead_vals())
        )
        self.assertFalse(lead.is_reactivation)
        self.assertFalse(lead.first_response_date)
        self.assertFalse(lead.first_response_missed)
        self.assertTrue(lead.first_response_deadline)
        # Server code may use them.
        lead = self.env["crm.lead"].with_context(**forged).create(self._lead_vals())
        self.assertTrue(lead.is_reactivation)

    def test_import_refused(self):
        Lead = self.env["crm.lead"].with_user(self.user_salesman)
        result = Lead.load(
            ["name", "qualification_score"], [["Importado forjado", "100"]]
        )
        self.assertFalse(result["ids"])
        self.assertIn(REFUSED, result["messages"][0]["message"])
        self.assertFalse(
            self.env["crm.lead"].search_count([("name", "=", "Importado forjado")])
        )
        # Updating existing leads goes through write().
        result = Lead.load([".id", "prospect_state"], [[str(self.lead.id), "customer"]])
        self.assertFalse(result["ids"])
        self.assertIn(REFUSED, result["messages"][0]["message"])
        self.assertEqual(
            self._stored(self.lead, ["prospect_state"]), {"prospect_state": "lead"}
        )
        # An import without them works.
        result = Lead.load(["name"], [["Importado"]])
        self.assertEqual(len(result["ids"]), 1, result["messages"])

    def test_copy_leaves_them_out(self):
        self.lead.sudo().write(
            {"first_response_date": datetime(2026, 3, 2), "is_reactivation": True}
        )
        copy = self.lead.with_user(self.user_salesman).copy()
        self.assertFalse(copy.is_reactivation)
        self.assertFalse(copy.first_response_date)
        self.assertTrue(copy.first_response_deadline)
        with self.assertRaisesRegex(UserError, REFUSED):
            self.lead.with_user(self.user_salesman).copy({"is_reactivation": True})

    def test_partner_merge_wizard(self):
        """Odoo's contact merge leaves computed fields out of what it writes."""
        won = self._create_leads(1, partner_id=self.partner.id)
        won.sudo().action_set_won()
        self.assertEqual(self.partner.customer_class, "active")
        other = self.env["res.partner"].create({"name": "Forja SL"})
        admin = self.env.ref("base.user_admin")
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(admin)
            .create(
                {
                    "partner_ids": [(6, 0, (self.partner | other).ids)],
                    "dst_partner_id": other.id,
                }
            )
        )
        wizard.action_merge()
        self.assertFalse(self.partner.exists())
        self.assertEqual(won.partner_id, other)
