# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""WhatsApp as a follow-up channel: a wa.me link to the lead's number."""

from odoo import models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def _get_whatsapp_number(self):
        """The lead's mobile (else phone) in E.164 digits, for wa.me links."""
        self.ensure_one()
        number = self.mobile or self.phone
        if not number:
            raise UserError(
                self.env._(
                    "%(lead)s has no phone number: add its mobile or phone number "
                    "to write on WhatsApp.",
                    lead=self.display_name,
                )
            )
        country = self.country_id or self.company_id.country_id
        formatted = self._phone_format(
            number=number,
            country=country or self.env.company.country_id,
            force_format="E164",
        )
        if not formatted:
            raise UserError(
                self.env._(
                    "The phone number %(number)s of %(lead)s is not valid: write "
                    "it in international format (e.g. +34 600 123 456) or set the "
                    "lead's country.",
                    number=number,
                    lead=self.display_name,
                )
            )
        return "".join(char for char in formatted if char.isdigit())

    def action_open_whatsapp(self):
        """Open a WhatsApp chat with the lead (web and mobile app)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"https://wa.me/{self._get_whatsapp_number()}",
            "target": "new",
        }
