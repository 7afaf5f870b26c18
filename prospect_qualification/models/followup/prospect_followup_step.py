# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The generic activity type of a step: replaced by the type of the lead's
# preferred contact channel (see mail.activity.type.prospect_contact_channel).
GENERIC_FOLLOWUP_TYPE = "prospect_qualification.mail_activity_type_followup"

DELAY_UNITS = [("hours", "Hours"), ("days", "Days")]
# Longest delay of a step by unit (ten years): its due date stays a date.
DELAY_MAX = {"hours": 87600, "days": 3650}
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
    delay = fields.Integer(
        default=0,
        help="Time between the trigger (first step) or the completion of the "
        "previous step, and the due date of this one: from 0 to 3650 days or "
        "from 0 to 87600 hours (ten years).",
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
        # A number too large for the column would fail in the database
        # before the constraints run: refuse it with their message.
        for vals in vals_list:
            self._check_delay_fits(
                vals,
                vals.get("summary") or "",
                self.env["prospect.followup.rule"].browse(vals.get("rule_id")),
            )
        steps = super().create(vals_list)
        steps.rule_id._clear_last_error()
        return steps

    def write(self, vals):
        for step in self:
            self._check_delay_fits(
                dict(vals, delay_unit=vals.get("delay_unit") or step.delay_unit),
                step.display_name,
                step.rule_id,
            )
        res = super().write(vals)
        # Edited: whether the rule runs is told again by its next run.
        self.rule_id._clear_last_error()
        return res

    def unlink(self):
        rules = self.rule_id
        res = super().unlink()
        rules.exists()._clear_last_error()
        return res

    @api.model
    def _check_delay_fits(self, vals, step_name, rule):
        """A delay too large for the database column would fail there before
        the constraints run: refuse it with their message."""
        if int(vals.get("delay") or 0) > max(DELAY_MAX.values()):
            self._raise_delay_error(
                step_name, rule, vals["delay"], vals.get("delay_unit") or "days"
            )

    @api.constrains("delay", "delay_unit")
    def _check_delay(self):
        """Also called by the engine before it plans a step: a value stored
        out of bounds (the constraint checks writes only) stops this rule,
        not the others."""
        for step in self:
            if not 0 <= step.delay <= DELAY_MAX[step.delay_unit]:
                self._raise_delay_error(
                    step.display_name, step.rule_id, step.delay, step.delay_unit
                )

    @api.model
    def _raise_delay_error(self, step_name, rule, delay, unit):
        if unit == "hours":
            message = self.env._(
                "The step “%(step)s” of the follow-up rule “%(rule)s” has a delay "
                "of %(delay)s hours: it must be between 0 and %(max)s hours (ten "
                "years).",
                step=step_name,
                rule=rule.name,
                delay=delay,
                max=DELAY_MAX["hours"],
            )
        else:
            message = self.env._(
                "The step “%(step)s” of the follow-up rule “%(rule)s” has a delay "
                "of %(delay)s days: it must be between 0 and %(max)s days (ten "
                "years).",
                step=step_name,
                rule=rule.name,
                delay=delay,
                max=DELAY_MAX["days"],
            )
        raise ValidationError(message)

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
