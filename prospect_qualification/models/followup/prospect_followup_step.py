# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..bounds import BOUNDS, bounded_field

# The generic activity type of a step: replaced by the type of the lead's
# preferred contact channel (see mail.activity.type.prospect_contact_channel).
GENERIC_FOLLOWUP_TYPE = "prospect_qualification.mail_activity_type_followup"

DELAY_UNITS = [("hours", "Hours"), ("days", "Days")]
ASSIGNEES = [
    ("salesperson", "Salesperson"),
    ("team_leader", "Team Leader"),
    ("user", "Given User"),
]


class ProspectFollowupStep(models.Model):
    """One activity of a rule's cadence."""

    _name = "prospect.followup.step"
    _inherit = ["prospect.input.check.mixin"]
    _description = "Follow-up Cadence Step"
    _order = "rule_id, sequence, id"

    rule_id = fields.Many2one(
        "prospect.followup.rule", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        required=True,
        ondelete="restrict",
        domain="['|', ('res_model', '=', False), ('res_model', '=', 'crm.lead')]",
        default=lambda self: self.env.ref(
            GENERIC_FOLLOWUP_TYPE, raise_if_not_found=False
        ),
        help="With the generic Follow-up type, the activity takes the type of "
        "the lead's preferred contact channel (call, e-mail, WhatsApp, meeting).",
    )
    summary = fields.Char(translate=True)
    note = fields.Html(translate=True, sanitize_style=True)
    delay = bounded_field(
        fields.Integer,
        ("step_delay_days", "step_delay_hours"),
        "Time between the trigger (first step) or the completion of the "
        "previous step, and the due date of this one.",
        default=0,
    )
    delay_unit = fields.Selection(DELAY_UNITS, required=True, default="days")
    working_days = fields.Boolean(
        string="Working Time Only",
        help="Count the delay in working days (or working hours) of the "
        "company's working schedule, skipping weekends and public holidays.",
    )
    assign_to = fields.Selection(
        ASSIGNEES,
        required=True,
        default="salesperson",
        help="Who gets the activity. Without a salesperson the team leader "
        "gets it; without a team leader, the rule's responsible.",
    )
    user_id = fields.Many2one(
        "res.users",
        domain="[('share', '=', False)]",
        help="The user who gets the activity when 'Assign To' is a given user.",
    )
    branch_ids = fields.One2many(
        "prospect.followup.branch",
        "step_id",
        string="Branches",
        copy=False,
        help="What happens on each outcome of the attempt. Without a branch "
        "for an outcome, the cadence goes on with the next step.",
    )
    branch_summary = fields.Char(
        string="On Outcome",
        compute="_compute_branch_summary",
        help="The branches of the step, read as a flow.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        steps.rule_id._clear_last_error()
        return steps

    def write(self, vals):
        res = super().write(vals)
        # Edited: whether the rule runs is told again by its next run.
        self.rule_id._clear_last_error()
        return res

    def unlink(self):
        rules = self.rule_id
        res = super().unlink()
        rules.exists()._clear_last_error()
        return res

    @api.constrains("delay", "delay_unit")
    def _check_delay(self):
        """Also called by the engine before it plans a step: a value stored
        out of bounds (the constraint checks writes only) stops this rule,
        not the others."""
        self._prospect_check_bounds(["delay"])

    def _prospect_bound(self, fname, vals):
        if fname == "delay":
            # An unknown unit is refused by the mixin after this check.
            unit = vals.get("delay_unit") or self.delay_unit
            return BOUNDS.get(f"step_delay_{unit}", BOUNDS["step_delay_days"])
        return super()._prospect_bound(fname, vals)

    def _prospect_bound_subject(self, vals):
        step = self.display_name or vals.get("summary") or ""
        rule = self.rule_id
        rule_id = vals.get("rule_id")
        if not rule and isinstance(rule_id, int) and not isinstance(rule_id, bool):
            rule = rule.browse(rule_id).exists()
        if not rule:
            return self.env._("Step “%(step)s”", step=step)
        return self.env._(
            "Step “%(step)s” of the follow-up rule “%(rule)s”",
            step=step,
            rule=rule.name,
        )

    @api.constrains("assign_to", "user_id")
    def _check_user(self):
        for step in self:
            if step.assign_to == "user" and not step.user_id:
                raise ValidationError(
                    self.env._(
                        "A step of the follow-up rule “%(rule)s” is assigned to a "
                        "given user: choose the user.",
                        rule=step.rule_id.name,
                    )
                )

    @api.depends(
        "branch_ids.display_name", "rule_id.step_ids.sequence", "rule_id.step_ids"
    )
    def _compute_branch_summary(self):
        for step in self:
            step.branch_summary = " · ".join(step.branch_ids.mapped("display_name"))

    @api.depends("rule_id", "summary", "activity_type_id")
    def _compute_display_name(self):
        for step in self:
            step.display_name = step.summary or step.activity_type_id.name or ""

    # ------------------------------------------------------------------
    # What the configuration means for a lead (read by the engine)
    # ------------------------------------------------------------------

    def _get_position(self):
        """1-based position of the step in its rule's cadence."""
        self.ensure_one()
        steps = self.rule_id.step_ids
        return list(steps).index(self) + 1 if self in steps else 0

    def _get_next_step(self):
        self.ensure_one()
        steps = list(self.rule_id.step_ids)
        if self not in steps:
            return self.browse()
        index = steps.index(self)
        return steps[index + 1] if index + 1 < len(steps) else self.browse()

    def _get_assignee(self, lead):
        """The user who gets this step's activity on `lead`: the salesperson,
        the team leader or a given user; when that person is missing (or
        archived), the team leader, then the rule's responsible."""
        self.ensure_one()
        if self.assign_to == "user":
            candidates = (self.user_id, self.rule_id.user_id)
        elif self.assign_to == "team_leader":
            candidates = (lead.team_id.user_id, self.rule_id.user_id)
        else:
            candidates = (lead.user_id, lead.team_id.user_id, self.rule_id.user_id)
        return next((user for user in candidates if user and user.active), None) or (
            self.rule_id.user_id
        )

    def _get_branch(self, outcome):
        """The branch of this step for `outcome` (empty: the next step)."""
        self.ensure_one()
        return self.branch_ids.filtered(lambda branch: branch.outcome == outcome)[:1]

    def _get_activity_type(self, lead, generic_type, channel_types):
        """The step's activity type, or the type of the lead's preferred
        contact channel when the step uses the generic follow-up type."""
        self.ensure_one()
        if (
            generic_type
            and self.activity_type_id == generic_type
            and lead.preferred_contact_channel in channel_types
        ):
            return channel_types[lead.preferred_contact_channel]
        return self.activity_type_id
