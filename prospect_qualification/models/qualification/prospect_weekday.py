# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The days of the week, as records (data of the module): the days a contact
prefers to be reached."""

from odoo import fields, models


class ProspectWeekday(models.Model):
    _name = "prospect.weekday"
    _description = "Day of the Week"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    # Monday "0" to Sunday "6", as resource.calendar.attendance's dayofweek.
    dayofweek = fields.Char(string="Day Number", required=True, readonly=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ("dayofweek_uniq", "unique (dayofweek)", "Each day of the week exists once."),
    ]
