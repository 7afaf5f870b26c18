# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProspectFollowupStepReportMixin(models.AbstractModel):
    """The columns of a report with one row per cadence step
    (prospect.followup.execution): follow-up compliance, contact rate."""

    _name = "prospect.followup.step.report.mixin"
    _description = "Follow-up Step Analysis (columns)"

    execution_id = fields.Many2one(
        "prospect.followup.execution", string="Follow-up Step", readonly=True
    )
    rule_id = fields.Many2one(
        "prospect.followup.rule", string="Follow-up Rule", readonly=True
    )
    activity_type_id = fields.Many2one("mail.activity.type", readonly=True)
    summary = fields.Char(readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        readonly=True,
        help="The person the step was assigned to (who made the attempt).",
    )
    lead_user_id = fields.Many2one(
        "res.users", string="Salesperson of the Lead", readonly=True
    )
    date_done = fields.Datetime(string="Done On", readonly=True)
