# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An app loaded before the addon (module order) inserts stages and leads
without the addon's fields in the registry: the columns the addon adds to
another module's table must not refuse those rows."""

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

ADDON = "prospect_qualification"


@tagged("post_install", "-at_install")
class TestDatabaseDefaults(TransactionCase):
    def test_rows_inserted_without_the_addon_fields(self):
        # Only crm's own required columns, as crm's ORM would insert them
        # before this addon's fields are loaded (crm_sms's install test).
        cr = self.env.cr
        cr.execute(
            """INSERT INTO crm_stage (name) VALUES ('{"en_US": "Raw Stage"}')
               RETURNING gate_policy, prospect_state"""
        )
        self.assertEqual(cr.fetchone(), ("none", "prospect"))
        cr.execute(
            """INSERT INTO crm_lead (name, type) VALUES ('Raw Lead', 'lead')
               RETURNING qualification_need, qualification_budget,
                         qualification_authority, qualification_access,
                         qualification_fit"""
        )
        self.assertEqual(cr.fetchone(), ("unknown",) * 5)

    def test_not_null_columns_on_other_tables_have_a_default(self):
        fields = self.env["ir.model.fields"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", ADDON), ("model", "=", "ir.model.fields")])
            .mapped("res_id")
        )
        columns = {}
        for field in fields:
            model = self.env.get(field.model)
            if (
                model is None
                or model._abstract
                or not model._auto
                or model._original_module == ADDON
                or field.name not in model._fields
                or not model._fields[field.name].column_type
            ):
                continue
            columns[(model._table, field.name)] = f"{field.model}.{field.name}"
        rows = self.env.execute_query(
            SQL(
                """SELECT table_name, column_name, column_default
                     FROM information_schema.columns
                    WHERE table_schema = current_schema()
                      AND is_nullable = 'NO'
                      AND (table_name, column_name) IN %s""",
                tuple(columns),
            )
        )
        # Some exist (the criteria on crm_lead, the stage's state and gate).
        self.assertIn(("crm_stage", "prospect_state"), {row[:2] for row in rows})
        self.assertFalse(
            [columns[row[:2]] for row in rows if row[2] is None],
            "NOT NULL columns of the addon on another module's table without a "
            "database default (see models/database_defaults.py)",
        )
