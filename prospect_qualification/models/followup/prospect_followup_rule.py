# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The configuration of a follow-up rule: its trigger, scope and cadence.
The follow-up engine (prospect.followup.engine) applies it."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

from .. import trust
from ..bounds import bounded_field

FOLLOWUP_TRIGGERS = [
    ("lead_created", "New lead or opportunity"),
    ("stage_entered", "Stage entered"),
    ("idle", "Idle lead"),
    ("first_response_missed", "First-response deadline missed"),
    ("customer_inactive", "Customer became inactive"),
    ("no_reply", "No reply to our e-mail"),
    ("date", "Date of the lead or its contact"),
]
# Triggers the crons evaluate; a record runs at most one cadence of such a
# rule at a time (otherwise every run would start a new one).
TIME_TRIGGERS = ("idle", "first_response_missed", "no_reply", "date")
# Triggers a cron looks for once an hour, whatever the leads' wake-ups;
# each fires once per e-mail or date (prospect.followup.trigger.mark).
SCANNED_TRIGGERS = ("no_reply", "date")
# Leads a cadence may run on: not archived (lost) and not won.
OPEN_LEAD_DOMAIN = [
    ("active", "=", True),
    "|",
    ("stage_id", "=", False),
    ("stage_id.is_won", "=", False),
]
# Models whose date fields a date rule may watch: the lead's own, or its
# contact's through this field of the lead.
DATE_FIELD_MODELS = {"crm.lead": None, "res.partner": "partner_id"}
# Dates kept for the system, not reasons to get in touch: never offered.
SYSTEM_DATE_FIELDS = {
    "crm.lead": {
        "write_date",
        "date_automation_last",
        "followup_due_date",
        "first_response_deadline",
        "first_response_reassign_due",
    },
    "res.partner": {"write_date", "calendar_last_notif_ack"},
}
# What the engine records about the last run of a rule: the server's alone.
RUN_STATUS_FIELDS = {"last_error", "last_error_date"}
# Settings of a rule that decide which leads turn idle, and when.
IDLE_SCOPE_FIELDS = {
    "trigger",
    "idle_days",
    "active",
    "company_id",
    "team_ids",
    "filter_domain",
}
# Names a filter uses to depend on the day it is evaluated.
DATE_NAMES = ("context_today", "datetime", "time", "relativedelta")


class ProspectFollowupRule(models.Model):
    """A follow-up rule: when its trigger fires on a lead that passes its
    scope (company, sales teams, filter), it starts a cadence of activities
    (its steps), one after the other: step n+1 is scheduled when step n is
    marked done."""

    _name = "prospect.followup.rule"
    _inherit = ["prospect.input.check.mixin"]
    _description = "Follow-up Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to apply the rule to the leads of every company. A "
        "rule of a company also applies to the leads without a company.",
    )
    team_ids = fields.Many2many(
        "crm.team",
        "prospect_followup_rule_crm_team_rel",
        "rule_id",
        "team_id",
        string="Sales Teams",
        check_company=True,
        help="Leave empty to apply the rule to the leads of every sales team.",
    )
    trigger = fields.Selection(
        FOLLOWUP_TRIGGERS,
        required=True,
        default="lead_created",
        help="New lead or opportunity: as soon as it is created (speed to lead).\n"
        "Stage entered: when a lead moves into the stage below.\n"
        "Idle lead: no activity done and no message exchanged for the days "
        "below.\n"
        "First-response deadline missed: nobody answered the lead in time "
        "(escalation).\n"
        "Customer became inactive: a reactivation opportunity is created for "
        "the customer and the cadence runs on it.\n"
        "No reply to our e-mail: the last e-mail or message we sent on the lead "
        "has had no answer for the days below (once per e-mail).\n"
        "Date of the lead or its contact: some days before or after a date "
        "(renewal, anniversary, last purchase), once per date.",
    )
    stage_id = fields.Many2one(
        "crm.stage",
        ondelete="set null",
        help="The cadence starts when a lead enters this stage and stops when "
        "it leaves it.",
    )
    idle_days = bounded_field(
        fields.Integer,
        "idle_days",
        "Days without a completed activity and without any message exchanged "
        "with the contact.",
        string="Idle For (Days)",
        default=14,
    )
    no_reply_days = bounded_field(
        fields.Integer,
        "no_reply_days",
        "Days since our last e-mail or message on the lead without an answer "
        "from the contact.",
        string="No Reply For (Days)",
        default=3,
    )
    date_field = fields.Selection(
        selection="_selection_date_field",
        string="Date",
        help="The date of the lead, or of its contact, the cadence is counted "
        "from. A new date starts it again.",
    )
    date_offset_days = bounded_field(
        fields.Integer,
        "date_offset_days",
        "When the cadence starts, in days from the date: negative before it "
        "(-30: a month before a renewal), positive after it, 0 on the day.",
        string="Days From the Date",
    )
    filter_domain = fields.Char(
        string="Apply To",
        default="[]",
        help="Only the leads matching this filter get the cadence.",
    )
    step_ids = fields.One2many(
        "prospect.followup.step", "rule_id", string="Cadence", copy=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Gets the activities when the lead has no salesperson and its "
        "team has no leader.",
    )
    stop_on_reply = fields.Boolean(
        string="Stop When the Customer Replies",
        default=True,
        help="Cancel the cadence when an e-mail or message arrives from the "
        "lead's contact or from anyone of its company (on any of its leads), "
        "when a meeting is booked with them, when the lead's e-mail bounces "
        "or when the address is blacklisted.",
    )
    single_cadence = fields.Boolean(
        string="One Running Cadence per Lead",
        default=True,
        help="Do not start the cadence again on a lead while a previous run "
        "of it is not finished. Rules run by the scheduler (idle leads, "
        "missed deadlines, no reply, dates) always work this way.",
    )
    notify_assignees = fields.Boolean(
        string="Notify Assignees by E-mail",
        help="Send the usual 'activity assigned to you' e-mail for every "
        "activity this rule schedules. Off by default: a rule may schedule "
        "hundreds of activities at once.",
    )
    step_count = fields.Integer(compute="_compute_step_count")
    execution_ids = fields.One2many(
        "prospect.followup.execution", "rule_id", string="Executions"
    )
    execution_count = fields.Integer(compute="_compute_execution_count")
    last_error = fields.Text(
        readonly=True,
        copy=False,
        groups="sales_team.group_sale_manager",
        help="Why the rule could not be applied the last time it ran (its "
        "filter no longer works, a number out of bounds...). The rule is "
        "skipped until it is fixed; the other rules run. Cleared when the rule "
        "is edited or runs fine again.",
    )
    last_error_date = fields.Datetime(
        string="Last Error On",
        readonly=True,
        copy=False,
        groups="sales_team.group_sale_manager",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not trust.is_server_code(self.env):
            vals_list = [self._drop_run_status(vals) for vals in vals_list]
        rules = super().create(vals_list)
        rules._idle_scope_changed()
        return rules

    def write(self, vals):
        if not trust.is_server_code(self.env):
            vals = self._drop_run_status(vals)
        if set(vals) - RUN_STATUS_FIELDS - {"sequence"}:
            # Edited: whether the rule runs is told again by its next run.
            vals = dict(vals, last_error=False, last_error_date=False)
        res = super().write(vals)
        if IDLE_SCOPE_FIELDS & set(vals):
            self._idle_scope_changed()
        return res

    def _idle_scope_changed(self):
        """Idle rules were added or changed: leads may turn idle sooner than
        the scheduler expects them to."""
        self.env.registry.clear_cache()  # the fields of the idle scopes
        if any(rule.trigger == "idle" and rule.active for rule in self):
            self.env["prospect.followup.engine"]._followup_wake_up_earlier()

    @api.model
    def _drop_run_status(self, vals):
        """`vals` without the run status, which only the engine records."""
        return {
            key: value for key, value in vals.items() if key not in RUN_STATUS_FIELDS
        }

    def _clear_last_error(self):
        """Forget the last error of these rules (their steps were edited)."""
        # sudo: the run status is the server's; whoever edits the rule
        # clears it.
        failed = self.sudo().filtered("last_error")
        if failed:
            failed.write({"last_error": False, "last_error_date": False})

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------

    @api.depends("step_ids")
    def _compute_step_count(self):
        for rule in self:
            rule.step_count = len(rule.step_ids)

    def _compute_execution_count(self):
        counts = dict(
            self.env["prospect.followup.execution"]._read_group(
                [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
            )
        )
        for rule in self:
            rule.execution_count = counts.get(rule, 0)

    @api.constrains("trigger", "stage_id")
    def _check_stage(self):
        for rule in self:
            if rule.trigger == "stage_entered" and not rule.stage_id:
                raise ValidationError(
                    self.env._(
                        "The follow-up rule “%(rule)s” starts when a lead enters "
                        "a stage: choose the stage.",
                        rule=rule.name,
                    )
                )

    @api.constrains("idle_days")
    def _check_idle_days(self):
        """Also called by the engine before it evaluates an idle rule: a
        value stored out of bounds (by SQL, or with an older version of the
        addon; the constraint checks writes only) stops this rule, not the
        others."""
        self._prospect_check_bounds(["idle_days"])

    @api.model
    def _selection_date_field(self):
        """The date and datetime fields stored on leads, then those of their
        contacts ("partner_id.<field>")."""
        options = []
        for model, path in DATE_FIELD_MODELS.items():
            for name, field in sorted(self.env[model]._fields.items()):
                if _is_watchable_date(model, name, field):
                    label = field._description_string(self.env)
                    if path:
                        options.append(
                            (
                                f"{path}.{name}",
                                self.env._("Contact: %(field)s", field=label),
                            )
                        )
                    else:
                        options.append((name, label))
        return options

    @api.constrains("no_reply_days")
    def _check_no_reply_days(self):
        """Also called by the engine before it evaluates a no-reply rule."""
        self._prospect_check_bounds(["no_reply_days"])

    @api.model
    def _raise_date_field_error(self, name, path):
        raise ValidationError(
            self.env._(
                "The follow-up rule “%(rule)s” counts from “%(field)s”, which is not "
                "a date of the lead nor of its contact: choose one in the list.",
                rule=name,
                field=path or "",
            )
        )

    @api.constrains("trigger", "date_field", "date_offset_days")
    def _check_date_trigger(self):
        """Also called by the engine before it evaluates a date rule: a
        field since removed does not stop the other rules."""
        self._prospect_check_bounds(["date_offset_days"])
        for rule in self:
            if rule.trigger == "date" and not rule._get_date_field(rule.date_field):
                self._raise_date_field_error(rule.name, rule.date_field)

    @api.model
    def _get_date_field(self, path):
        """(model, field name, path to the model from the lead or None) of
        the date field `path` of a date rule ("date_deadline",
        "partner_id.date"), or None when it is not a stored date or datetime
        field of the lead or of its contact."""
        if not path or not isinstance(path, str):
            return None
        link, _dot, name = path.rpartition(".")
        models_by_link = {link: model for model, link in DATE_FIELD_MODELS.items()}
        model = models_by_link.get(link or None)
        field = model and self.env[model]._fields.get(name)
        if field and _is_watchable_date(model, name, field):
            return model, name, link or None
        return None

    @api.constrains("filter_domain")
    def _check_filter_domain(self):
        Lead = self.env["crm.lead"]
        for rule in self:
            try:
                domain = rule._get_filter_domain()
                # Run it once, on no record: unknown fields, bad operators and
                # values of the wrong type fail here rather than in the cron.
                with self.env.cr.savepoint(flush=False):
                    Lead.with_context(active_test=False).search_count(
                        expression.AND([domain, [("id", "=", 0)]])
                    )
            except Exception as error:  # any error means "invalid"
                raise ValidationError(
                    self.env._(
                        "The filter of the follow-up rule “%(rule)s” is not a valid "
                        "filter on leads: %(error)s. Fix it with the filter editor.",
                        rule=rule.name,
                        error=error,
                    )
                ) from error

    def _filter_depends_on_date(self):
        """The filter uses the date: leads enter its scope as days pass."""
        self.ensure_one()
        return any(name in (self.filter_domain or "") for name in DATE_NAMES)

    def _get_filter_domain(self):
        """The rule's filter as a domain, evaluated now (it may use uid,
        user, context_today(), datetime, relativedelta)."""
        self.ensure_one()
        if not self.filter_domain:
            return []
        domain = safe_eval(
            self.filter_domain,
            {
                "uid": self.env.uid,
                "user": self.env.user,
                "time": safe_time,
                "datetime": safe_datetime,
                "relativedelta": relativedelta,
                "context_today": lambda: fields.Date.context_today(self),
            },
        )
        if not isinstance(domain, list | tuple):
            raise TypeError(self.env._("a filter is a list of conditions"))
        return list(domain)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_executions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "prospect_qualification.prospect_followup_execution_action"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        action["context"] = {"search_default_group_state": 1}
        return action

    # ------------------------------------------------------------------
    # Scope
    # ------------------------------------------------------------------

    def _get_lead_scope_domain(self):
        """Domain of the open leads this rule applies to. A rule of a company
        also applies to the leads without a company, which Odoo shares
        between companies."""
        self.ensure_one()
        domain = list(OPEN_LEAD_DOMAIN)
        if self.company_id:
            domain.append(("company_id", "in", [self.company_id.id, False]))
        if self.team_ids:
            domain.append(("team_id", "in", self.team_ids.ids))
        return expression.AND([domain, self._get_filter_domain()])

    def _filter_leads(self, leads):
        """The leads of `leads` (sudo) this rule applies to: one query."""
        self.ensure_one()
        if not leads:
            return leads
        domain = expression.AND(
            [[("id", "in", leads.ids)], self._get_lead_scope_domain()]
        )
        return leads.search(domain, order="id")


def _is_watchable_date(model, name, field):
    """A date rule may watch `field` (`name` of `model`): a stored date or
    datetime that is not kept for the system only."""
    return (
        field.type in ("date", "datetime")
        and field.store
        and name not in SYSTEM_DATE_FIELDS.get(model, ())
    )
