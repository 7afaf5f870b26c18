# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A lead's e-mail that bounces is doubtful and stops its cadences. The
bounces are mail's own counter (mail.thread.blacklist.message_bounce)."""

from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    email_doubtful = fields.Boolean(
        string="Doubtful E-mail",
        compute="_compute_email_doubtful",
        help="An e-mail to this address bounced: check it with the contact. "
        "Cleared when the address changes or a message comes from it.",
    )

    @api.depends("message_bounce")
    def _compute_email_doubtful(self):
        for lead in self:
            lead.email_doubtful = lead.message_bounce > 0

    def write(self, vals):
        # Another address: its bounces are not this one's.
        if "email_from" in vals and "message_bounce" not in vals:
            vals = dict(vals, message_bounce=0)
        return super().write(vals)

    def _message_receive_bounce(self, email, partner):
        """mail's gateway calls it on the records of a bounced address (it
        counts the bounce)."""
        res = super()._message_receive_bounce(email, partner)
        self.env["prospect.followup.engine"]._followup_exit(self, "bounced")
        return res
