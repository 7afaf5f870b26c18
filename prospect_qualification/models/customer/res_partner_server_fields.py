# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The fields of a contact the server owns (see
prospect_server_fields_mixin.py): the customer class and what it is
computed from."""

from odoo import models

from .res_partner import CUSTOMER_CLASS_FIELDS


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["prospect.server.fields.mixin", "res.partner"]

    _prospect_server_fields = tuple(CUSTOMER_CLASS_FIELDS)
