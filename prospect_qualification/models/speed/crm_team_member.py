# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    prospect_reassign_date = fields.Datetime(
        string="Last Reassigned Lead",
        readonly=True,
        copy=False,
        help="When the member last received a lead reassigned because its "
        "first response was missed: the round robin gives the next one to "
        "the member who waited longest.",
    )
