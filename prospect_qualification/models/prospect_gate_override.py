# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ProspectGateOverride(models.Model):
    """A card promoted by a sales manager into a stage whose blocking
    requirements it did not meet: who, when, why and what was missing."""

    _name = "prospect.gate.override"
    _description = "Stage Requirements Override"
    _order = "date desc, id desc"
    _rec_name = "lead_id"

    lead_id = fields.Many2one(
        "crm.lead", required=True, index=True, ondelete="cascade", readonly=True
    )
    stage_from_id = fields.Many2one(
        "crm.stage", string="From Stage", ondelete="set null", readonly=True
    )
    stage_id = fields.Many2one(
        "crm.stage", string="To Stage", ondelete="set null", readonly=True
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Overridden By",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
    )
    reason = fields.Text(required=True, readonly=True)
    missing_requirements = fields.Text(readonly=True)
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        index=True,
    )

    @api.depends("lead_id.company_id")
    def _compute_company_id(self):
        for override in self:
            override.company_id = override.lead_id.company_id
