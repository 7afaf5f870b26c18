# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
        "previous step, and the due date of this one.",
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

    _sql_constraints = [
        (
            "delay_positive",
            "CHECK(delay >= 0)",
            "The delay of a cadence step cannot be negative.",
        ),
    ]

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

    @api.depends("rule_id", "summary", "activity_type_id")
    def _compute_display_name(self):
        for step in self:
            step.display_name = step.summary or step.activity_type_id.name or ""

    # ------------------------------------------------------------------
    # Scheduling
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

    def _schedule(self, leads, start=None):
        """Schedule this step on `leads` (sudo, open, in the rule's scope):
        one activity and one execution per lead, created in batch. Leads on
        which this step of the rule is already open are skipped. Returns the
        executions created."""
        self.ensure_one()
        Execution = self.env["prospect.followup.execution"].sudo()
        if not leads or self.env.context.get("mail_activity_automation_skip"):
            return Execution
        rule = self.rule_id
        already = {
            lead.id
            for (lead,) in Execution._read_group(
                [
                    ("rule_id", "=", rule.id),
                    ("step_id", "=", self.id),
                    ("lead_id", "in", leads.ids),
                    ("state", "in", ("planned", "overdue")),
                ],
                ["lead_id"],
            )
        }
        leads = leads.filtered(lambda lead: lead.id not in already)
        if not leads:
            return Execution
        start = start or fields.Datetime.now()
        position = self._get_position()
        generic_type = self.env.ref(GENERIC_FOLLOWUP_TYPE, raise_if_not_found=False)
        channel_types = self.env["mail.activity.type"]._get_prospect_channel_types()
        planner = _DeadlinePlanner(self)
        texts = {}
        activity_vals, execution_vals = [], []
        model_id = self.env["ir.model"]._get_id("crm.lead")
        for lead in leads:
            user = self._get_assignee(lead)
            activity_type = self._get_activity_type(lead, generic_type, channel_types)
            calendar = (
                lead.company_id.resource_calendar_id
                or self.env.company.resource_calendar_id
            )
            tz = user.tz or calendar.tz or "UTC"
            deadline, due_date = planner.plan(start, calendar, tz)
            lang = user.lang or self.env.lang
            if lang not in texts:
                step = self.with_context(lang=lang)
                texts[lang] = (step.summary, step.note)
            summary, note = texts[lang]
            activity_vals.append(
                {
                    "res_model_id": model_id,
                    "res_id": lead.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary or activity_type.summary,
                    "note": note or activity_type.default_note,
                    "date_deadline": due_date,
                    "user_id": user.id,
                    "automated": True,
                }
            )
            execution_vals.append(
                {
                    "lead_id": lead.id,
                    "rule_id": rule.id,
                    "step_id": self.id,
                    "step_sequence": position,
                    "activity_type_id": activity_type.id,
                    "summary": summary or activity_type.name,
                    "user_id": user.id,
                    "team_id": lead.team_id.id,
                    "company_id": (lead.company_id or self.env.company).id,
                    "date_planned": start,
                    "date_deadline": deadline,
                    "state": "planned",
                }
            )
        # Without notify_assignees, no "activity assigned to you" e-mail per
        # activity (the same switch Odoo uses when editing activities fast).
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=not rule.notify_assignees)
            .create(activity_vals)
        )
        for vals, activity in zip(execution_vals, activities, strict=True):
            vals["activity_id"] = activity.id
        return Execution.create(execution_vals)


class _DeadlinePlanner:
    """Deadlines of one step for many leads started at the same moment:
    computed once per (calendar, timezone) rather than once per lead."""

    def __init__(self, step):
        self.step = step
        self.cache = {}

    def plan(self, start, calendar, tz):
        """(deadline as naive UTC datetime, due date in `tz`) of the step
        started at `start` (naive UTC)."""
        key = (start, calendar.id, tz)
        if key not in self.cache:
            self.cache[key] = self._plan(start, calendar, pytz.timezone(tz))
        return self.cache[key]

    def _plan(self, start, calendar, tz):
        step = self.step
        local_start = pytz.utc.localize(start).astimezone(tz)
        if step.delay_unit == "hours":
            deadline = None
            if step.working_days and calendar:
                deadline = calendar.plan_hours(
                    step.delay, local_start, compute_leaves=True
                )
            if not deadline:
                deadline = local_start + timedelta(hours=step.delay)
            deadline = deadline.astimezone(tz)
            return _to_utc(deadline), deadline.date()
        today = local_start.date()
        if step.working_days:
            due_date = _add_working_days(calendar, today, step.delay)
        else:
            due_date = today + timedelta(days=step.delay)
        # A step due on a day is on time until the end of that day.
        deadline = tz.localize(datetime.combine(due_date, time(23, 59, 59)))
        return _to_utc(deadline), due_date


def _to_utc(value):
    return value.astimezone(pytz.utc).replace(tzinfo=None)


def _add_working_days(calendar, day, count):
    """The `count`-th working day after `day` (with 0: `day` itself when it
    is a working day, else the next one), by the working schedule
    `calendar` and its public holidays; Monday to Friday without one."""
    if calendar:
        cal_tz = pytz.timezone(calendar.tz or "UTC")
        first = day if count == 0 else day + timedelta(days=1)
        start = cal_tz.localize(datetime.combine(first, time.min))
        planned = calendar.plan_days(max(count, 1), start, compute_leaves=True)
        if planned:
            return planned.astimezone(cal_tz).date()
    if count == 0:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day
