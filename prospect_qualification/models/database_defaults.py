# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Database defaults of the NOT NULL columns the addon adds to another
module's table (crm_lead, crm_stage).

An app loaded before this addon (module order) may insert rows into such a
table while the addon's fields are not in the registry yet, e.g. when it is
installed into a database that has the addon: its data files, its install
tests (crm_sms creates a stage). The ORM leaves our columns out of its INSERT;
a database default equal to the ORM's default lets the row in.
"""

from odoo.tools import SQL


def set_database_defaults(model, defaults):
    """Set the database default of `model`'s columns: `defaults` maps field
    names to the values the ORM gives a new record."""
    for fname, value in defaults.items():
        model.env.cr.execute(
            SQL(
                "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s",
                SQL.identifier(model._table),
                SQL.identifier(fname),
                value,
            )
        )


def orm_defaults(model, fnames):
    """{field name: the field's default value} of `model`'s `fnames`."""
    return {fname: model._fields[fname].default(model) for fname in fnames}
