# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer class of the lead's contact, refreshed when an opportunity
is won or taken back (see res_partner.py for the classification)."""

from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    partner_customer_class = fields.Selection(
        related="partner_id.customer_class",
        string="Customer Class",
        help="Class of the customer: current, active, inactive or never bought.",
    )

    def _prospect_on_state_changes(self, states_before):
        res = super()._prospect_on_state_changes(states_before)
        self._prospect_refresh_customer_class(states_before)
        return res

    def _prospect_refresh_customer_class(self, states_before):
        """Winning an opportunity (or taking a won one back) changes the class
        of its customer: recompute it for their commercial partners at once.
        `states_before`: {lead id: lifecycle state before the change}."""
        changed = self.filtered(
            lambda lead: (
                lead.partner_id
                and (lead.prospect_state == "customer")
                != (states_before.get(lead.id) == "customer")
            )
        )
        if changed:
            # The class is shared derived data: the contacts of the customer
            # may belong to companies or rules the user cannot see.
            changed.partner_id.sudo()._prospect_update_customer_class()
