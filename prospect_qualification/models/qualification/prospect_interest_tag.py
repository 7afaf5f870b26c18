# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from random import randint

from odoo import fields, models


class ProspectInterestTag(models.Model):
    _name = "prospect.interest.tag"
    _inherit = ["prospect.input.check.mixin"]
    _description = "Prospect Interest"
    _order = "name"
    # The unique index on the name holds a few kilobytes per entry.
    _prospect_input_max_length = {"name": 100}

    def _default_color(self):
        return randint(1, 11)

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: self._default_color())
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique (name)", "An interest with this name already exists."),
    ]
