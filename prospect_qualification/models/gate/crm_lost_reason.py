# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmLostReason(models.Model):
    _inherit = "crm.lost.reason"

    prospect_disqualification = fields.Boolean(
        string="Disqualification Reason",
        help="Offered when a salesperson disqualifies a lead: it does not meet "
        "a qualification criterion (no need, no budget, no authority, not "
        "reachable, outside our target).",
    )

    @api.ondelete(at_uninstall=True)
    def _unlink_except_used_by_leads(self):
        """Lost leads point to their reason with ondelete restrict: deleting a
        used reason fails in SQL, which the uninstall of the addon (its
        disqualification reasons) logs as an error. Refuse first: the
        uninstall then keeps the used reasons, with their XML ids so that a
        reinstall finds them, and deletes the others."""
        # sudo: a lead the user cannot see still uses the reason.
        leads = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search([("lost_reason_id", "in", self.ids)], limit=1)
        )
        if leads:
            raise UserError(
                self.env._(
                    "The lost reason %(reason)s is used by leads or "
                    "opportunities: archive it instead.",
                    reason=leads.lost_reason_id.name,
                )
            )
