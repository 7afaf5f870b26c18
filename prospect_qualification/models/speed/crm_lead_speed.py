# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Speed to lead: the first-response deadline of a lead, when it was first
answered, and whether the deadline was met.

Targets are working minutes of the team's working hours (the company's
calendar by default, in its time zone, public holidays left out): a lead
that arrives at 22:00 counts from the next working morning."""

import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ...tools.work_time import to_naive_utc
from .. import contact_notions
from ..bounds import BOUNDS
from ..concurrency import run_unless_concurrent
from ..working_time import work_schedule

_logger = logging.getLogger(__name__)

FIRST_RESPONSE_SLA_STATES = [
    ("pending", "Pending"),
    ("met", "Met"),
    ("breached", "Breached"),
]


def first_response_sla_state(deadline, answered, now):
    """The first-response SLA state of a lead whose deadline is `deadline`
    and first answer `answered` (naive UTC, or None), at `now`: met
    (answered by the deadline), breached (answered late, or not answered
    and the deadline passed), pending (not answered, deadline not passed),
    False without a deadline. `first_response_sla_state_sql` is the same in
    SQL (tests/speed/test_sla_reports.py checks they agree)."""
    if not deadline:
        return False
    if answered:
        return "met" if answered <= deadline else "breached"
    return "pending" if now <= deadline else "breached"


def first_response_sla_state_sql(lead, now):
    """`first_response_sla_state` of the crm_lead row `lead` (an SQL alias)
    at `now` (SQL): NULL without a deadline."""
    return SQL(
        """CASE WHEN %(lead)s.first_response_deadline IS NULL THEN NULL
                WHEN %(lead)s.first_response_date IS NOT NULL THEN
                    CASE WHEN %(lead)s.first_response_date
                              <= %(lead)s.first_response_deadline
                         THEN 'met' ELSE 'breached' END
                WHEN %(now)s <= %(lead)s.first_response_deadline THEN 'pending'
                ELSE 'breached'
           END""",
        lead=lead,
        now=now,
    )


# How fast leads were answered, in working time; "never": not answered by
# the deadline.
FIRST_RESPONSE_BANDS = [
    ("5min", "≤ 5 min"),
    ("1h", "≤ 1 h"),
    ("24h", "≤ 24 h"),
    ("later", "Later"),
    ("never", "Never"),
]
# Upper bounds of the bands, in working minutes.
BAND_LIMITS = (("5min", 5), ("1h", 60), ("24h", 1440))
# Fields whose change moves the first-response deadline.
DEADLINE_FIELDS = {"team_id", "prospecting_type", "medium_id"}


class CrmLead(models.Model):
    _inherit = "crm.lead"

    first_response_deadline = fields.Datetime(
        readonly=True,
        copy=False,
        index=True,
        help="When the lead must have had its first answer: its creation plus "
        "the working minutes its sales team gives to inbound or outbound "
        "leads, counted in the team's working hours. Leads created before the "
        "addon was installed have none.",
    )
    first_response_date = fields.Datetime(
        readonly=True,
        copy=False,
        help="First answer by an internal user: a message sent from the lead "
        "(internal notes do not count) or an activity marked done (a logged "
        "call, e-mail, meeting...).",
    )
    first_response_hours = fields.Float(
        compute="_compute_first_response_hours",
        store=True,
        aggregator="avg",
        help="Hours from the creation of the lead to its first answer.",
    )
    first_response_minutes = fields.Float(
        string="Response Time (Working Minutes)",
        compute="_compute_first_response_minutes",
        store=True,
        aggregator="avg",
        digits=(16, 1),
        help="Working minutes from the creation of the lead to its first "
        "answer, in the team's working hours (nights, weekends and public "
        "holidays do not count).",
    )
    first_response_band = fields.Selection(
        FIRST_RESPONSE_BANDS,
        string="Answered Within",
        compute="_compute_first_response_band",
        store=True,
        index=True,
        help="How fast the lead was answered, in working time: within 5 "
        "minutes, 1 hour, 24 hours, later, or never (not answered by its "
        "deadline). Empty while it waits within its deadline.",
    )
    first_response_sla_state = fields.Selection(
        FIRST_RESPONSE_SLA_STATES,
        string="First Response",
        compute="_compute_first_response_sla_state",
        store=True,
        index=True,
        help="Pending: not answered yet, deadline not passed. Met: answered by "
        "the deadline. Breached: answered late or not answered by the deadline.",
    )
    first_response_missed = fields.Boolean(
        readonly=True,
        copy=False,
        help="The deadline passed without an answer; set by the scheduler, "
        "which then runs the escalation rules.",
    )

    @api.depends("create_date", "first_response_date")
    def _compute_first_response_hours(self):
        for lead in self:
            if lead.first_response_date and lead.create_date:
                seconds = (lead.first_response_date - lead.create_date).total_seconds()
                lead.first_response_hours = max(seconds, 0.0) / 3600.0
            else:
                lead.first_response_hours = 0.0

    @api.depends("create_date", "first_response_date")
    def _compute_first_response_minutes(self):
        answered = self.filtered(
            lambda lead: lead.create_date and lead.first_response_date
        )
        (self - answered).first_response_minutes = 0.0
        for calendar, leads in answered._prospect_group_by_calendar().items():
            schedule = work_schedule(calendar)
            if not schedule:
                for lead in leads:
                    seconds = (
                        lead.first_response_date - lead.create_date
                    ).total_seconds()
                    lead.first_response_minutes = max(seconds, 0.0) / 60.0
                continue
            timeline = schedule.timeline(
                min(leads.mapped("create_date")),
                max(leads.mapped("first_response_date")) + timedelta(days=1),
            )
            for lead in leads:
                lead.first_response_minutes = timeline.minutes_between(
                    lead.create_date, lead.first_response_date
                )

    @api.depends(
        "first_response_date", "first_response_minutes", "first_response_sla_state"
    )
    def _compute_first_response_band(self):
        for lead in self:
            if not lead.first_response_date:
                lead.first_response_band = (
                    "never" if lead.first_response_sla_state == "breached" else False
                )
                continue
            lead.first_response_band = next(
                (
                    band
                    for band, limit in BAND_LIMITS
                    if lead.first_response_minutes <= limit
                ),
                "later",
            )

    def _prospect_group_by_calendar(self):
        """{working calendar: leads}: the team's first-response hours, else
        the company's (no calendar, or one without attendances: day and
        night)."""
        groups = defaultdict(lambda: self.browse())
        Calendar = self.env["resource.calendar"]
        for lead in self:
            groups[Calendar.browse(lead._prospect_deadline_key()[0])] |= lead
        return groups

    @api.depends("first_response_deadline", "first_response_date")
    def _compute_first_response_sla_state(self):
        # Time-dependent: the escalation cron recomputes the pending leads
        # whose deadline passed (_recompute_first_response_sla).
        now = fields.Datetime.now()
        for lead in self:
            lead.first_response_sla_state = first_response_sla_state(
                lead.first_response_deadline, lead.first_response_date, now
            )

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._followup_set_first_response_deadline()
        return leads

    def write(self, vals):
        watched = bool(DEADLINE_FIELDS & set(vals))
        before = (
            {lead: lead._prospect_deadline_key() for lead in self} if watched else {}
        )
        res = super().write(vals)
        if watched:
            # Only the pending leads whose target changed: a lead assigned to
            # a team with the same hours and minutes keeps its deadline (and
            # crm's assignment costs no query more).
            self.filtered(
                lambda lead: (
                    lead.first_response_deadline
                    and lead.first_response_sla_state == "pending"
                    and before[lead] != lead._prospect_deadline_key()
                )
            )._followup_set_first_response_deadline()
        return res

    def _prospect_deadline_key(self):
        """What this lead's first-response deadline depends on besides its
        creation: (working calendar, target minutes)."""
        self.ensure_one()
        lead = self.sudo()
        company = lead.company_id or lead.team_id.company_id or self.env.company
        calendar = (
            lead.team_id.first_response_calendar_id or company.resource_calendar_id
        )
        return calendar.id, lead.team_id._get_first_response_minutes(
            lead.prospecting_type
        )

    def _recompute_first_response_sla(self):
        self.env.add_to_compute(self._fields["first_response_sla_state"], self)
        self.flush_recordset(["first_response_sla_state"])
        # Not answered by the deadline: "never" (computing a field does not
        # mark the fields that depend on it).
        self.env.add_to_compute(self._fields["first_response_band"], self)
        self.flush_recordset(["first_response_band"])

    def _followup_set_first_response_deadline(self):
        """Deadline of the first answer: creation + the team's working
        minutes for the lead's prospecting type (inbound when not set), in
        the team's working hours. It is also when a team that reassigns
        missed first responses looks at the lead (crm_lead_reassign.py)."""
        # sudo: a system-maintained field, whoever creates or moves the lead.
        leads = self.sudo().filtered(lambda lead: not lead.first_response_date)
        now = fields.Datetime.now()
        deadlines = leads._prospect_first_response_deadlines(
            {lead: lead.create_date or now for lead in leads}
        )
        for lead in leads:
            deadline = deadlines.get(lead, False)
            lead.first_response_deadline = deadline
            lead.first_response_reassign_due = (
                deadline if lead.team_id.first_response_reassign else False
            )
        self.env["prospect.followup.engine"]._followup_wake_up_earlier_at_commit(self)

    def _prospect_first_response_deadlines(self, starts):
        """{lead: deadline} (naive UTC) of these leads' first answer counted
        from {lead: start}: the team's working minutes for their prospecting
        type, in the team's working hours. A lead whose team's minutes are
        out of bounds gets none."""
        deadlines = {}
        for calendar, group in self._prospect_group_by_calendar().items():
            targets = {}
            for lead in group:
                minutes = lead.team_id._get_first_response_minutes(
                    lead.prospecting_type
                )
                if minutes in BOUNDS["first_response_minutes"]:
                    targets[lead] = (starts[lead], minutes)
                    continue
                # Stored out of bounds (the team's constraint checks writes
                # only): the lead is created, without a deadline.
                _logger.warning(
                    "Lead %s gets no first-response deadline: the %s minutes "
                    "of sales team %r (id %s) are out of bounds. Fix the team.",
                    lead.id,
                    minutes,
                    lead.team_id.name,
                    lead.team_id.id,
                )
            if not targets:
                continue
            schedule = work_schedule(calendar)
            timeline = None
            if schedule:
                first = min(start for start, _minutes in targets.values())
                last = max(start for start, _minutes in targets.values())
                longest = max(minutes for _start, minutes in targets.values())
                # Enough days for the longest target in most calendars; a
                # deadline past them (long holidays) is planned on its own.
                timeline = schedule.timeline(
                    first, last + timedelta(days=14 + longest // 120)
                )
            for lead, (start, minutes) in targets.items():
                if not timeline:
                    deadline = start + timedelta(minutes=minutes)
                else:
                    deadline = timeline.add_minutes(start, minutes)
                    if not deadline:
                        deadline = schedule.add_working_time(
                            start, timedelta(minutes=minutes)
                        )
                        deadline = deadline and to_naive_utc(deadline)
                deadlines[lead] = deadline or False
        return deadlines

    def _followup_register_first_response(self, date):
        """`date` is an answer to these leads; the first one counts.

        The answer (an activity done, a message) does not need the lead row
        otherwise: when a transaction committed since this one began changed
        the lead (a colleague qualifying it), PostgreSQL refuses the write
        (serialization failure) and Odoo would replay the whole request. The
        write is then skipped: the answer is in the chatter, and the
        scheduler takes its date from there before it escalates the lead
        (`_followup_first_answer_dates`)."""
        unanswered = self.sudo().filtered(lambda lead: not lead.first_response_date)
        if not unanswered:
            return
        if run_unless_concurrent(
            self.env,
            lambda: unanswered.write(
                {"first_response_date": date, "first_response_reassign_due": False}
            ),
        ):
            _logger.info(
                "First response of leads %s left to the scheduler: changed "
                "concurrently.",
                unanswered.ids,
            )

    def _followup_first_answer_dates(self):
        """{lead id: date of its first answer in the chatter} for these
        leads: their first message that answers them
        (`contact_notions.answers`). One query."""
        if not self:
            return {}
        rows = self.env.execute_query(
            SQL(
                """SELECT lead.id, MIN(message.date)
                     FROM crm_lead lead
                     JOIN mail_message message ON %(answers)s
                    WHERE lead.id IN %(ids)s
                    GROUP BY lead.id""",
                answers=contact_notions.answers_sql(self.env, SQL.identifier("lead")),
                ids=tuple(self.ids),
            )
        )
        return dict(rows)

    def _followup_record_first_answers(self):
        """Record the first answer found in the chatter of these unanswered
        leads (its write was skipped, see `_followup_register_first_response`);
        return the leads answered."""
        leads_by_date = defaultdict(lambda: self.browse())
        for lead_id, date in self._followup_first_answer_dates().items():
            leads_by_date[date] |= self.browse(lead_id)
        # Rare (a write skipped under contention): one write per date.
        for date, leads in leads_by_date.items():
            leads.write(
                {"first_response_date": date, "first_response_reassign_due": False}
            )
        return self.browse(
            [lead.id for leads in leads_by_date.values() for lead in leads]
        )

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        # The first answer of ours (a message sent, an activity done) sets
        # the first-response date.
        if contact_notions.answers(self, message):
            self._followup_register_first_response(message.date)
        return res
