# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Promises made to a prospect ("cumple con lo acordado"): what we promised,
to whom, by when, and whether we kept our word.

A promise lives as an activity of the "Promise" type, planned for its
salesperson at its due date:

- activity done on or before the due date (in the salesperson's time zone):
  kept;
- done after the due date, but by the end of the next day: late (kept late);
- activity cancelled (deleted without being done): broken;
- still not done at the end of the day after the due date: broken (the
  daily cron). The activity stays: the work is still owed, but a promise
  missed stays missed, even when its activity is done afterwards.

The salesperson is reminded the day before (the daily cron).
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import trust
from ..working_time import user_tz

PROMISE_STATES = [
    ("open", "Open"),
    ("kept", "Kept"),
    ("late", "Kept Late"),
    ("broken", "Broken"),
]
# Days after its due date an unfinished promise is still "late", not broken.
PROMISE_GRACE_DAYS = 1
PROMISE_ACTIVITY_TYPE = "prospect_qualification.mail_activity_type_promise"
# What was promised: fixed once the promise is kept or broken.
PROMISE_TERMS = {"lead_id", "name", "partner_id", "user_id", "date_due"}
# Promises the cron settles or reminds per transaction.
PROMISE_CRON_BATCH = 500


class ProspectPromise(models.Model):
    _name = "prospect.promise"
    _inherit = ["prospect.server.fields.mixin"]
    _description = "Promise to a Prospect"
    _order = "date_due, id"
    _check_company_auto = True

    # A client sees and edits what it promised; whether it was kept is the
    # server's to say.
    _prospect_server_fields = (
        "state",
        "date_done",
        "activity_id",
        "date_reminded",
        "date_broken",
    )

    lead_id = fields.Many2one(
        "crm.lead",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    name = fields.Char(
        string="Promise",
        required=True,
        help="What we promised, e.g. “send the quote”.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Promised To",
        index="btree_not_null",
        ondelete="set null",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The person we promised it to; the lead's contact by default.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Who must keep the promise: the activity is theirs.",
    )
    date_due = fields.Date(string="Due Date", required=True, index=True)
    date_done = fields.Date(string="Done On", readonly=True, copy=False)
    date_reminded = fields.Date(readonly=True, copy=False)
    date_broken = fields.Date(
        string="Broken On",
        readonly=True,
        copy=False,
        help="The day the promise was cancelled or missed (UTC).",
    )
    state = fields.Selection(
        PROMISE_STATES,
        string="Status",
        required=True,
        default="open",
        readonly=True,
        index=True,
        copy=False,
    )
    activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The open activity of the promise; empty once done or cancelled.",
    )
    team_id = fields.Many2one(
        related="lead_id.team_id", string="Sales Team", store=True, index=True
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)

    @api.depends("lead_id")
    def _compute_partner_id(self):
        for promise in self:
            if not promise.partner_id:
                promise.partner_id = promise.lead_id.partner_id

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        # Every promise starts open, whatever a client's context says (the
        # mixin drops the defaults of server fields, this one included).
        if "state" in fields_list:
            defaults["state"] = "open"
        return defaults

    @api.model
    def _check_lead_access(self, leads):
        """A promise plans an activity on its lead, as superuser: whoever
        records a promise on a lead, or moves one to it, must be allowed to
        schedule activities there, as in the chatter (mail's rule for
        activities: the lead's posting access)."""
        leads.check_access(leads._mail_post_access)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_lead_access(
            self.env["crm.lead"].browse(
                {vals["lead_id"] for vals in vals_list if vals.get("lead_id")}
            )
        )
        promises = super().create(vals_list)
        promises._plan_activities()
        return promises

    def write(self, vals):
        if (
            PROMISE_TERMS & set(vals)
            and not trust.is_server_code(self.env)
            and any(promise.state != "open" for promise in self)
        ):
            raise UserError(
                self.env._(
                    "A kept or broken promise is history: it cannot be changed. "
                    "Record a new promise instead."
                )
            )
        if vals.get("lead_id"):
            self._check_lead_access(self.env["crm.lead"].browse(vals["lead_id"]))
        res = super().write(vals)
        if {"name", "date_due", "user_id"} & set(vals):
            self._sync_activities()
        return res

    def _activity_values(self):
        self.ensure_one()
        return {
            "summary": self.name,
            "date_deadline": self.date_due,
            "user_id": self.user_id.id,
        }

    def _plan_activities(self):
        """One activity of the Promise type per open promise, for its
        salesperson at its due date."""
        activity_type = self.env.ref(PROMISE_ACTIVITY_TYPE)
        model_id = self.env["ir.model"]._get_id("crm.lead")
        # A promise recorded from its activity (scheduled in the chatter,
        # mail_activity.py) has it already.
        promises = self.filtered(
            lambda promise: promise.state == "open" and not promise.activity_id
        )
        # sudo: the salesperson may plan a promise for a colleague, whose
        # activity they could not create on a lead they only read.
        activities = (
            # The promise exists: the activity does not record another.
            trust.with_switches(
                self.env["mail.activity"].sudo(), promise_planning=True
            ).create(
                [
                    {
                        **promise._activity_values(),
                        "res_model_id": model_id,
                        "res_id": promise.lead_id.id,
                        "activity_type_id": activity_type.id,
                    }
                    for promise in promises
                ]
            )
        )
        for promise, activity in zip(promises, activities, strict=True):
            promise.sudo().activity_id = activity

    def _sync_activities(self):
        # sudo: the activity belongs to the promise; the promise's rules apply.
        for promise in self.sudo().filtered("activity_id"):
            activity = promise.activity_id
            values = promise._activity_values()
            changed = {
                fname: value
                for fname, value in values.items()
                if activity._fields[fname].convert_to_write(activity[fname], activity)
                != value
            }
            if changed:
                activity.write(changed)

    # Activity events (mail_activity.py)

    def _on_activities_done(self):
        """The activities of these promises are done today (the salesperson's
        day): kept by the due date, late after it; a broken promise stays
        broken."""
        today = fields.Date.context_today(self)
        for promise in self.sudo():
            values = {"date_done": today, "activity_id": False}
            if promise.state == "open":
                values["state"] = "kept" if today <= promise.date_due else "late"
            promise.write(values)

    def _on_activities_cancelled(self):
        self.sudo().filtered(lambda promise: promise.state == "open").write(
            {
                "state": "broken",
                "activity_id": False,
                "date_broken": fields.Date.today(),
            }
        )

    # Daily cron

    @api.model
    def _cron_settle_promises(self):
        """Mark broken the open promises not done by the end of the day after
        their due date, and remind the salespeople of the promises due
        tomorrow (each in their time zone)."""
        assert trust.is_server_code(self.env)
        # Any time zone is at most one day ahead or behind UTC: the two
        # searches take a superset and the exact day is checked per user.
        utc_today = fields.Date.today()
        late = self.search(
            [
                ("state", "=", "open"),
                (
                    "date_due",
                    "<",
                    utc_today + timedelta(days=1 - PROMISE_GRACE_DAYS),
                ),
            ],
            limit=PROMISE_CRON_BATCH,
        )
        broken = late.filtered(
            lambda promise: (
                promise.date_due + timedelta(days=PROMISE_GRACE_DAYS)
                < promise._user_today()
            )
        )
        broken.write({"state": "broken", "date_broken": utc_today})
        upcoming = self.search(
            [
                ("state", "=", "open"),
                ("date_reminded", "=", False),
                ("date_due", ">=", utc_today - timedelta(days=1)),
                ("date_due", "<=", utc_today + timedelta(days=2)),
            ],
            limit=PROMISE_CRON_BATCH,
        )
        to_remind = upcoming.filtered(
            lambda promise: (
                promise.date_due - timedelta(days=1)
                <= promise._user_today()
                <= promise.date_due
            )
        )
        to_remind._send_reminders()

    def _user_today(self):
        """Today for the salesperson (their time zone, else their company's:
        models/working_time.py)."""
        self.ensure_one()
        tz = user_tz(self.user_id, self.company_id)
        return fields.Date.context_today(self.with_context(tz=tz))

    def _send_reminders(self):
        """A notification to each salesperson, in their language, on the
        lead (not a message of its chatter)."""
        for promise in self:
            user = promise.user_id
            promise_lang = promise.with_context(lang=user.lang or "en_US")
            body = promise_lang.env["ir.qweb"]._render(
                "prospect_qualification.prospect_promise_reminder",
                {"promise": promise_lang},
                minimal_qcontext=True,
            )
            promise.lead_id.message_notify(
                partner_ids=user.partner_id.ids,
                subject=promise_lang.env._(
                    "Reminder: you promised “%(promise)s” by %(date)s",
                    promise=promise.name,
                    date=fields.Date.to_string(promise.date_due),
                ),
                body=body,
            )
        self.write({"date_reminded": fields.Date.today()})
