# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A lead's e-mail that bounces is doubtful and stops its cadences."""

from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    email_doubtful = fields.Boolean(
        string="Doubtful E-mail",
        copy=False,
        tracking=True,
        help="An e-mail to this address bounced: check it with the contact. "
        "Cleared when the address changes.",
    )

    def write(self, vals):
        if "email_from" in vals and "email_doubtful" not in vals:
            vals = dict(vals, email_doubtful=False)
        return super().write(vals)

    def _message_receive_bounce(self, email, partner):
        """mail's gateway calls it on the records of a bounced address."""
        res = super()._message_receive_bounce(email, partner)
        # sudo: the gateway's user may not see every lead of the address.
        leads = self.sudo()
        leads.filtered(lambda lead: not lead.email_doubtful).write(
            {"email_doubtful": True}
        )
        self.env["prospect.followup.engine"]._followup_exit(leads, "bounced")
        return res
