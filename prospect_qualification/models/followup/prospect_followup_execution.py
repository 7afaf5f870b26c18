# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from ..selections import FOLLOWUP_OUTCOMES

EXECUTION_STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("overdue", "Overdue"),
    ("cancelled", "Cancelled"),
]
# States of an execution whose activity is still open.
OPEN_STATES = ("planned", "overdue")
STOP_REASONS = [
    ("won", "Won"),
    ("lost", "Lost or archived"),
    ("stage_left", "Left the stage"),
    ("replied", "Customer replied"),
    ("activity_cancelled", "Activity cancelled"),
    ("merged", "Merged into another lead"),
    # The smart exits of a cadence.
    ("company_replied", "Someone of the company replied"),
    ("meeting_booked", "Meeting booked"),
    ("bounced", "E-mail bounced"),
    ("blacklisted", "Contact blacklisted"),
    # A step's branch for the outcome of an attempt ended the cadence.
    ("outcome", "Ended by an outcome"),
]

# What became of a step, as the compliance report shows it.
STEP_RESULTS = [
    ("on_time", "Done on Time"),
    ("late", "Done Late"),
    ("overdue", "Overdue"),
    ("planned", "Planned"),
    ("cancelled", "Cancelled"),
]
# The results of a late step.
LATE_RESULTS = ("late", "overdue")


def step_result(state, deadline, date_done, now=None):
    """What became of a step in `state` with `deadline` and done on
    `date_done` (naive UTC): cancelled; done on time (by its deadline) or
    late (after it); overdue (marked so by the scheduler or, given `now`, its
    deadline passed); planned. `step_result_sql` is the same in SQL
    (tests/speed/test_sla_reports.py checks they agree)."""
    if state == "cancelled":
        return "cancelled"
    if state == "done":
        return "late" if date_done and date_done > deadline else "on_time"
    if state == "overdue" or (now and deadline < now):
        return "overdue"
    return "planned"


def step_result_sql(execution, now=None):
    """`step_result` of the prospect_followup_execution row `execution` (an
    SQL alias), at `now` (SQL) when given."""
    passed = (
        SQL("OR %s.date_deadline < %s", execution, now) if now is not None else SQL()
    )
    return SQL(
        """CASE WHEN %(execution)s.state = 'cancelled' THEN 'cancelled'
                WHEN %(execution)s.state = 'done'
                     AND %(execution)s.date_done > %(execution)s.date_deadline
                    THEN 'late'
                WHEN %(execution)s.state = 'done' THEN 'on_time'
                WHEN %(execution)s.state = 'overdue' %(passed)s THEN 'overdue'
                ELSE 'planned'
           END""",
        execution=execution,
        passed=passed,
    )


class ProspectFollowupExecution(models.Model):
    """One scheduled step of a cadence on a lead: what was planned, for whom,
    by when, and what became of it. Kept after the activity is done (the
    activity itself disappears) so that follow-up compliance can be
    measured: a step is done late when date_done > date_deadline."""

    _name = "prospect.followup.execution"
    _description = "Follow-up Step Execution"
    _order = "date_planned desc, id desc"
    _rec_name = "summary"

    lead_id = fields.Many2one("crm.lead", required=True, index=True, ondelete="cascade")
    rule_id = fields.Many2one(
        "prospect.followup.rule", required=True, index=True, ondelete="cascade"
    )
    trigger = fields.Selection(
        related="rule_id.trigger", store=True, index=True, precompute=True
    )
    step_id = fields.Many2one(
        "prospect.followup.step",
        string="Cadence Step",
        index=True,
        ondelete="set null",
    )
    step_sequence = fields.Integer(
        string="Step", help="Position of the step in the cadence when scheduled."
    )
    activity_id = fields.Many2one(
        "mail.activity",
        index="btree_not_null",
        ondelete="set null",
        help="The open activity; empty once it is done or cancelled.",
    )
    activity_type_id = fields.Many2one("mail.activity.type", ondelete="set null")
    summary = fields.Char()
    user_id = fields.Many2one(
        "res.users", string="Assigned To", index=True, ondelete="set null"
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", index=True, ondelete="set null"
    )
    company_id = fields.Many2one("res.company", index=True, ondelete="cascade")
    date_planned = fields.Datetime(
        string="Scheduled On", required=True, index=True, readonly=True
    )
    date_deadline = fields.Datetime(
        string="Deadline",
        required=True,
        index=True,
        help="Due date and time: the end of the due day for steps counted in days.",
    )
    date_done = fields.Datetime(string="Done On", index=True)
    date_stopped = fields.Datetime(string="Cancelled On")
    state = fields.Selection(
        EXECUTION_STATES, required=True, default="planned", index=True
    )
    stop_reason = fields.Selection(STOP_REASONS, string="Cancelled Because")
    outcome = fields.Selection(
        FOLLOWUP_OUTCOMES,
        index=True,
        help="What came of the attempt, given when its activity was marked done.",
    )
    channel = fields.Selection(
        related="activity_type_id.prospect_contact_channel",
        store=True,
        # Set by the INSERT: no UPDATE per chunk of executions scheduled.
        precompute=True,
        help="The contact channel of the step's activity type.",
    )
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        store=True,
        precompute=True,
        help="Overdue, or done after its deadline.",
    )

    def init(self):
        # Never two open executions of the same step of a rule on one lead,
        # whatever the number of workers running the cron or the events.
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS %s
                    ON %s (lead_id, rule_id, step_id)
                    WHERE state IN %s""",
                SQL.identifier(f"{self._table}_open_step_uniq"),
                SQL.identifier(self._table),
                OPEN_STATES,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        executions = super().create(vals_list)
        self._wake_up_leads_earlier(executions)
        return executions

    def write(self, vals):
        res = super().write(vals)
        if {"lead_id", "date_deadline", "state"} & set(vals):
            self._wake_up_leads_earlier(self)
        return res

    @api.model
    def _wake_up_leads_earlier(self, executions):
        """Planned steps are due at their deadline: their leads must wake up
        by then."""
        planned = executions.filtered(lambda execution: execution.state == "planned")
        self.env["prospect.followup.engine"]._followup_wake_up_earlier_at_commit(
            planned.lead_id
        )

    @api.depends("state", "date_done", "date_deadline")
    def _compute_is_late(self):
        # As the scheduler last marked it: a planned step whose deadline
        # passed is late once the scheduler marks it overdue.
        for execution in self:
            execution.is_late = (
                step_result(
                    execution.state, execution.date_deadline, execution.date_done
                )
                in LATE_RESULTS
            )

    # ------------------------------------------------------------------
    # Life of an execution
    # ------------------------------------------------------------------

    @api.model
    def _stop_cadences(self, leads, reason):
        """Cancel every running cadence of `leads`."""
        if leads:
            self.search(
                [("lead_id", "in", leads.ids), ("state", "in", OPEN_STATES)]
            )._cancel(reason)

    @api.model
    def _stop_stage_cadences(self, leads):
        """Cancel the stage-triggered cadences of `leads` that no longer sit
        in the stage that started them."""
        if not leads:
            return
        running = self.search(
            [
                ("lead_id", "in", leads.ids),
                ("state", "in", OPEN_STATES),
                ("rule_id.trigger", "=", "stage_entered"),
            ]
        )
        running.filtered(
            lambda execution: execution.lead_id.stage_id != execution.rule_id.stage_id
        )._cancel("stage_left")

    def _cancel(self, reason):
        """Cancel these executions and their open activities."""
        if not self:
            return
        activities = self.activity_id
        self.write(
            {
                "state": "cancelled",
                "stop_reason": reason,
                "date_stopped": fields.Datetime.now(),
            }
        )
        # sudo: the activities may be assigned to others than the user who
        # won the lead or changed its stage.
        activities.sudo().unlink()

    def _follow_activities(self):
        """The activities of these executions were reassigned or moved to
        another lead (crm's merge): follow them. A moved step that is already
        open on its new lead is cancelled there (one cadence goes on)."""
        now = fields.Datetime.now()
        for execution in self:
            activity = execution.activity_id
            vals = {"user_id": activity.user_id.id}
            if (
                activity.res_model == "crm.lead"
                and activity.res_id != execution.lead_id.id
            ):
                vals["lead_id"] = activity.res_id
                clash = self.search_count(
                    [
                        ("lead_id", "=", activity.res_id),
                        ("rule_id", "=", execution.rule_id.id),
                        ("step_id", "=", execution.step_id.id),
                        ("state", "in", OPEN_STATES),
                    ],
                    limit=1,
                )
                if clash:
                    vals.update(
                        state="cancelled",
                        stop_reason="merged",
                        date_stopped=now,
                        activity_id=False,
                    )
            execution.write(vals)

    def _mark_done(self):
        self.write({"state": "done", "date_done": fields.Datetime.now()})

    def _get_next_step(self):
        """The step after this one in its rule's current cadence (by
        position when the step was deleted meanwhile)."""
        self.ensure_one()
        if self.step_id:
            return self.step_id._get_next_step()
        steps = self.rule_id.step_ids
        if self.step_sequence < len(steps):
            return steps[self.step_sequence]
        return steps[:0]
