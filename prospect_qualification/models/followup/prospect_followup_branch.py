# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a cadence step does on each outcome of its attempt: go on with a
later step, stop, stop and propose to disqualify, stop and plan the meeting,
stop because the number is wrong, or move the lead to a stage (through its
gate). A step without a branch for an outcome goes on with the next step."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..selections import FOLLOWUP_OUTCOMES

BRANCH_ACTIONS = [
    ("goto", "Go to step"),
    ("stop", "Stop the cadence"),
    ("stop_no_access", "Stop: Access becomes No"),
    ("disqualify", "Stop and propose to disqualify"),
    ("meeting", "Stop and plan the meeting"),
    ("stage", "Move to stage"),
]


class ProspectFollowupBranch(models.Model):
    _name = "prospect.followup.branch"
    _inherit = ["prospect.input.check.mixin"]
    _description = "Follow-up Cadence Branch"
    _order = "step_id, id"

    step_id = fields.Many2one(
        "prospect.followup.step",
        string="Cadence Step",
        required=True,
        index=True,
        ondelete="cascade",
    )
    rule_id = fields.Many2one(related="step_id.rule_id", store=True, index=True)
    outcome = fields.Selection(
        FOLLOWUP_OUTCOMES,
        required=True,
        help="The outcome of the step's attempt, given when its activity is "
        "marked done.",
    )
    action = fields.Selection(
        BRANCH_ACTIONS,
        string="Then",
        required=True,
        default="goto",
        help="Go to step: the cadence goes on with that later step (its delay "
        "counts from now).\n"
        "Stop the cadence: no more steps.\n"
        "Stop: Access becomes No: a wrong number; the lead's Access criterion "
        "is answered No.\n"
        "Stop and propose to disqualify: the salesperson gets an activity to "
        "decide whether to mark the lead as lost.\n"
        "Stop and plan the meeting: the salesperson gets a meeting activity.\n"
        "Move to stage: the lead moves to the stage if it meets its "
        "requirements (the cadence stops); otherwise the refusal is noted in "
        "the chatter and the cadence goes on with the next step.",
    )
    target_step_id = fields.Many2one(
        "prospect.followup.step",
        string="Go To",
        ondelete="cascade",
        domain="[('rule_id', '=', rule_id), ('id', '!=', step_id)]",
        help="A later step of the same cadence.",
    )
    stage_id = fields.Many2one("crm.stage", ondelete="cascade")

    _sql_constraints = [
        (
            "step_outcome_uniq",
            "UNIQUE(step_id, outcome)",
            "A step has one branch per outcome.",
        ),
    ]

    @api.constrains("action", "target_step_id", "stage_id", "step_id")
    def _check_action(self):
        for branch in self:
            step = branch.step_id
            if branch.action == "goto":
                target = branch.target_step_id
                if not target:
                    raise ValidationError(
                        self.env._(
                            "The branch “%(outcome)s” of the step “%(step)s” goes to "
                            "a step: choose which one.",
                            outcome=branch._outcome_label(),
                            step=step.display_name,
                        )
                    )
                if target.rule_id != step.rule_id or target._get_position() <= (
                    step._get_position()
                ):
                    raise ValidationError(
                        self.env._(
                            "The branch “%(outcome)s” of the step “%(step)s” must go "
                            "to a later step of the same cadence (a cadence never "
                            "goes back, so it always ends).",
                            outcome=branch._outcome_label(),
                            step=step.display_name,
                        )
                    )
            if branch.action == "stage" and not branch.stage_id:
                raise ValidationError(
                    self.env._(
                        "The branch “%(outcome)s” of the step “%(step)s” moves the "
                        "lead to a stage: choose the stage.",
                        outcome=branch._outcome_label(),
                        step=step.display_name,
                    )
                )

    def _outcome_label(self):
        self.ensure_one()
        return dict(self._fields["outcome"]._description_selection(self.env)).get(
            self.outcome, self.outcome
        )

    @api.depends("outcome", "action", "target_step_id", "stage_id")
    def _compute_display_name(self):
        actions = dict(self._fields["action"]._description_selection(self.env))
        for branch in self:
            if branch.action == "goto" and branch.target_step_id:
                then = self.env._(
                    "step %(position)s, %(step)s",
                    position=branch.target_step_id._get_position(),
                    step=branch.target_step_id.display_name,
                )
            elif branch.action == "stage" and branch.stage_id:
                then = self.env._("move to %(stage)s", stage=branch.stage_id.name)
            else:
                then = actions.get(branch.action, "")
            branch.display_name = f"{branch._outcome_label()} → {then}"
