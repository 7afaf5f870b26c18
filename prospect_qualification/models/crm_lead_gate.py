# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stage gates on the lead: every way into a stage goes through the gate of
that stage (see crm_stage.py for the gate's configuration)."""

from markupsafe import Markup

from odoo import api, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._prospect_gate_enforce_created(vals_list)
        return leads

    def write(self, vals):
        stages_before = self._prospect_gate_stages_before(vals)
        res = super().write(vals)
        self._prospect_gate_enforce_moves(stages_before)
        return res

    def _prospect_gate_skipped(self):
        """Trusted server code (data files, migrations) may move cards
        without checking the gates. The context alone is never trusted: any
        client can send one over RPC; it counts only in superuser mode."""
        context = self.env.context
        return self.env.su and bool(
            context.get("prospect_skip_gate") or context.get("install_mode")
        )

    def _prospect_gate_stages_before(self, vals):
        """{lead id: stage} before a write of `vals`, when it moves cards into
        a stage that has a gate; None when there is nothing to check."""
        if not vals.get("stage_id") or self._prospect_gate_skipped():
            return None
        stage = self.env["crm.stage"].browse(vals["stage_id"])
        if stage.sudo().gate_policy == "none":
            return None
        return {lead.id: lead.stage_id for lead in self}

    def _prospect_gate_enforce_moves(self, stages_before):
        """Apply the gate of their new stage to the leads that moved forward
        (to a stage of higher or equal sequence than the one they left; from
        no stage counts as forward). Runs after the write, so that values
        written together with the stage count; an error rolls it back."""
        if not stages_before:
            return
        moved = self.filtered(
            lambda lead: _is_forward_move(stages_before.get(lead.id), lead.stage_id)
        )
        for stage in moved.stage_id:
            stage._prospect_gate_enforce(
                moved.filtered(lambda lead, stage=stage: lead.stage_id == stage)
            )

    def _prospect_gate_enforce_created(self, vals_list):
        """New cards placed in a stage on purpose (stage in the values, as an
        import or an RPC create does, or the kanban column they were created
        in) enter it through its gate. Cards that get the team's first stage
        by default are never checked."""
        if self._prospect_gate_skipped():
            return
        placed = self.browse(
            lead.id
            for lead, vals in zip(self, vals_list, strict=True)
            if vals.get("stage_id") or self.env.context.get("default_stage_id")
        )
        gated = placed.stage_id.filtered(
            lambda stage: stage.sudo().gate_policy != "none"
        )
        for stage in gated:
            stage._prospect_gate_enforce(
                placed.filtered(lambda lead, stage=stage: lead.stage_id == stage)
            )

    def _prospect_gate_log_warning(self, stage, missing):
        """Log in each lead's chatter that it entered `stage` without meeting
        its requirements (`missing`: {lead id: [labels]}); one note per lead,
        created in one batch."""
        title = self.env._(
            "Moved to the stage “%(stage)s” without meeting its requirements:",
            stage=stage.name,
        )
        bodies = {
            lead.id: Markup("<p>%s</p><ul>%s</ul>")
            % (
                title,
                Markup().join(
                    Markup("<li>%s</li>") % label for label in missing[lead.id]
                ),
            )
            for lead in self
        }
        self._message_log_batch(bodies, message_type="comment")


def _is_forward_move(stage_from, stage_to):
    """Moving back to a stage of lower sequence is never gated; stages of
    other teams are compared by sequence too."""
    if not stage_to or stage_from == stage_to:
        return False
    return not stage_from or stage_to.sequence >= stage_from.sequence
