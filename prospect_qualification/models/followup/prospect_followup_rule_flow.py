# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A cadence read as a flow: its steps in order, each with what happens on
the outcomes of its attempt (prospect.followup.branch)."""

from markupsafe import Markup

from odoo import api, fields, models


class ProspectFollowupRule(models.Model):
    _inherit = "prospect.followup.rule"

    flow_html = fields.Html(
        string="Flow",
        compute="_compute_flow_html",
        sanitize=False,
        help="The cadence as a flow: each step and its branches.",
    )

    @api.depends(
        "step_ids.sequence",
        "step_ids.display_name",
        "step_ids.delay",
        "step_ids.delay_unit",
        "step_ids.working_days",
        "step_ids.branch_ids.display_name",
    )
    def _compute_flow_html(self):
        for rule in self:
            rule.flow_html = Markup(
                self.env["ir.qweb"]._render(
                    "prospect_qualification.prospect_followup_rule_flow",
                    {"rule": rule, "steps": list(rule.step_ids)},
                    minimal_qcontext=True,
                )
            )

    def copy(self, default=None):
        """The branches of the copies point to the copies' steps."""
        copies = super().copy(default)
        vals_list = []
        for rule, new in zip(self, copies, strict=True):
            new_steps = dict(zip(rule.step_ids, new.step_ids, strict=True))
            for branch in rule.step_ids.branch_ids:
                vals_list.append(
                    {
                        "step_id": new_steps[branch.step_id].id,
                        "outcome": branch.outcome,
                        "action": branch.action,
                        "target_step_id": new_steps.get(
                            branch.target_step_id, branch.target_step_id
                        ).id,
                        "stage_id": branch.stage_id.id,
                    }
                )
        self.env["prospect.followup.branch"].create(vals_list)
        return copies
