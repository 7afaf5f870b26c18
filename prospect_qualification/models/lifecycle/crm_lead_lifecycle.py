# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lifecycle of a lead: lead → prospect → qualified → customer, or
disqualified, and the history of every change."""

from odoo import api, fields, models

from .. import trust
from ..selections import PROSPECT_STATES

# Fields whose change can move a lead to another lifecycle state.
STATE_TRIGGER_FIELDS = {"type", "active", "probability", "stage_id"}


class CrmLead(models.Model):
    _inherit = "crm.lead"

    prospect_state = fields.Selection(
        PROSPECT_STATES,
        string="Lifecycle State",
        compute="_compute_prospect_state",
        store=True,
        index=True,
        help="Lead → prospect → qualified prospect → customer, or disqualified. "
        "Leads are in state Lead; won opportunities are customers; lost ones "
        "are disqualified; other opportunities take the state of their stage.",
    )
    prospect_state_history_ids = fields.One2many(
        "prospect.state.history",
        "lead_id",
        string="Lifecycle History",
        readonly=True,
    )

    @api.depends(
        "type", "active", "probability", "stage_id.is_won", "stage_id.prospect_state"
    )
    def _compute_prospect_state(self):
        for lead in self:
            lost = not lead.active and not lead.probability
            if lost:
                lead.prospect_state = "disqualified"
            elif lead.stage_id.is_won and lead.type == "opportunity":
                lead.prospect_state = "customer"
            elif lead.type == "lead":
                lead.prospect_state = "lead"
            else:
                lead.prospect_state = lead.stage_id.prospect_state or "lead"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._prospect_on_state_changes({})
        return leads

    def write(self, vals):
        if not STATE_TRIGGER_FIELDS & set(vals):
            return super().write(vals)
        before = {lead.id: lead.prospect_state for lead in self}
        res = super().write(vals)
        self._prospect_on_state_changes(before)
        return res

    def _prospect_on_state_changes(self, states_before):
        """The lifecycle state of these leads may have changed (`states_before`:
        {lead id: state before}); extended by the features that follow it."""
        self._record_prospect_state_changes(states_before)

    def _record_prospect_state_changes(self, states_before):
        """Write a history row for each lead whose state differs from
        `states_before` ({lead id: state}); one batch for all of them. Server
        code that writes the rows itself (with their real dates) skips this
        with the switch `skip_history` (trust.py)."""
        if trust.switch(self.env, "skip_history"):
            return
        changed = self.filtered(
            lambda lead: lead.prospect_state != states_before.get(lead.id)
        )
        if changed:
            self.env["prospect.state.history"]._record_transitions(
                changed, states_before
            )
