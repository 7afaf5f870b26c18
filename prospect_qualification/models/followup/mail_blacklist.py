# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class MailBlacklist(models.Model):
    """An address blacklisted (by its owner unsubscribing, or by us) ends
    the cadences of the open leads written to it (a smart exit,
    prospect_followup_engine_exit.py)."""

    _inherit = "mail.blacklist"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["prospect.followup.engine"]._on_emails_unreachable(
            records.filtered("active").mapped("email"), "blacklisted"
        )
        return records

    def write(self, vals):
        res = super().write(vals)
        if vals.get("active"):
            self.env["prospect.followup.engine"]._on_emails_unreachable(
                self.mapped("email"), "blacklisted"
            )
        return res
