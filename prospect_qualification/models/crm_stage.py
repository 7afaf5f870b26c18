# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .selections import STAGE_PROSPECT_STATES


class CrmStage(models.Model):
    _inherit = "crm.stage"

    prospect_state = fields.Selection(
        STAGE_PROSPECT_STATES,
        string="Lifecycle State",
        compute="_compute_prospect_state",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="The lifecycle state of the opportunities in this stage. Won "
        "stages are Customer.",
    )

    @api.depends("is_won")
    def _compute_prospect_state(self):
        for stage in self:
            if stage.is_won:
                stage.prospect_state = "customer"
            elif not stage.prospect_state:
                stage.prospect_state = "prospect"

    def write(self, vals):
        if not {"prospect_state", "is_won"} & set(vals):
            return super().write(vals)
        # The leads of these stages may change state without being written:
        # their history is recorded here.
        leads = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("stage_id", "in", self.ids)])
        )
        before = {lead.id: lead.prospect_state for lead in leads}
        res = super().write(vals)
        leads._record_prospect_state_changes(before)
        leads._prospect_refresh_customer_class(before)
        return res
