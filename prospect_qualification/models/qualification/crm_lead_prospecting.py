# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Inbound or outbound prospecting: they came to us, or we went to them."""

from odoo import api, fields, models

from ..selections import PROSPECTING_TYPES


class CrmLead(models.Model):
    _inherit = "crm.lead"

    prospecting_type = fields.Selection(
        PROSPECTING_TYPES,
        compute="_compute_prospecting_type",
        store=True,
        readonly=False,
        tracking=True,
        help="Inbound: they came to us (web form, newsletter, e-book, social "
        "networks, word of mouth). Outbound: we went to them (cold call, "
        "unsolicited e-mail, SMS or WhatsApp). Set from the medium; editable.",
    )

    @api.depends("medium_id.prospecting_type")
    def _compute_prospecting_type(self):
        for lead in self:
            lead.prospecting_type = (
                lead.medium_id.prospecting_type or lead.prospecting_type
            )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        # A lead created from an incoming e-mail came to us.
        custom_values = dict(custom_values or {})
        custom_values.setdefault("prospecting_type", "inbound")
        return super().message_new(msg_dict, custom_values=custom_values)
