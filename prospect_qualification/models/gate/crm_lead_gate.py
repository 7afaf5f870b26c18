# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stage gates on the lead: every way into a stage asks the gate service
(prospect_gate.py) whether the cards may enter it."""

from collections import defaultdict

from odoo import api, models

from ..trust import is_server_code


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._prospect_gate_enforce_created(vals_list)
        return leads

    def write(self, vals):
        entries = self._prospect_gate_entries_before(vals)
        res = super().write(vals)
        if entries:
            self._prospect_gate_enforce_entries(entries)
        return res

    def action_set_won(self):
        # Winning is a fact, never refused: the restore of a lost card it
        # starts with is not an entry into the card's old stage.
        Gate = self.env["prospect.gate"]
        with Gate._entry_pass(self.filtered(lambda lead: not lead.active)):
            return super().action_set_won()

    def _prospect_gate_entries_before(self, vals):
        """What the gate needs to know before a write that may put cards in a
        stage: {lead id: (stage before, active before)}; None when the write
        moves no card (nor restores a lost one) or comes from server code."""
        if is_server_code(self.env):
            return None
        if not vals.get("stage_id") and not vals.get("active"):
            return None
        return {lead.id: (lead.stage_id, lead.active) for lead in self}

    def _prospect_gate_enforce_entries(self, before):
        """After the write: the cards that changed stage enter their new
        stage (from the stage they left); the lost cards restored in the same
        stage enter it again (its own gate only)."""
        Gate = self.env["prospect.gate"]
        moved = defaultdict(lambda: self.browse())
        restored = defaultdict(lambda: self.browse())
        for lead in self:
            stage_before, active_before = before[lead.id]
            if lead.stage_id != stage_before:
                moved[lead.stage_id] |= lead
            elif lead.active and not active_before:
                restored[lead.stage_id] |= lead
        for stage, leads in moved.items():
            if stage:
                Gate._enforce(
                    leads,
                    stage,
                    origins={lead.id: before[lead.id][0] for lead in leads},
                )
        for stage, leads in restored.items():
            if stage:
                Gate._enforce(leads, stage, restored=True)

    def _prospect_gate_enforce_created(self, vals_list):
        """New cards placed in a stage on purpose (stage in the values, as an
        import, a copy or an RPC create does, or the kanban column they were
        created in) enter it through its gate, as a forward move from before
        the first stage. Cards that get the team's first stage by default are
        never checked."""
        if is_server_code(self.env):
            return
        default_stage = self.env.context.get("default_stage_id")
        placed = self.browse(
            lead.id
            for lead, vals in zip(self, vals_list, strict=True)
            if vals.get("stage_id") or default_stage
        )
        for stage in placed.stage_id:
            self.env["prospect.gate"]._enforce(
                placed.filtered(lambda lead, stage=stage: lead.stage_id == stage),
                stage,
            )
