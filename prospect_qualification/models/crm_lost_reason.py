# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmLostReason(models.Model):
    _inherit = "crm.lost.reason"

    prospect_disqualification = fields.Boolean(
        string="Disqualification Reason",
        help="Offered when a salesperson disqualifies a lead: it does not meet "
        "a qualification criterion (no need, no budget, no authority, not "
        "reachable, outside our target).",
    )
