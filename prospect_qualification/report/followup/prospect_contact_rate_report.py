# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from ...models.selections import CONTACT_CHANNELS, FOLLOWUP_OUTCOMES, REACHED_OUTCOMES
from ...tools.time_zone import time_zone_sql

WEEKDAYS = [
    ("1", "Monday"),
    ("2", "Tuesday"),
    ("3", "Wednesday"),
    ("4", "Thursday"),
    ("5", "Friday"),
    ("6", "Saturday"),
    ("7", "Sunday"),
]
# The n-th attempt on a lead; from the sixth on, one group.
LAST_ATTEMPT_GROUP = 6
ATTEMPT_GROUPS = [(str(number), str(number)) for number in range(1, 6)] + [
    (str(LAST_ATTEMPT_GROUP), "6+")
]


class ProspectContactRateReport(models.Model):
    """What reaches people: one row per attempt of a follow-up cadence
    (prospect.followup.execution done, with an outcome), with whether the
    person was reached (outcome connected, not interested, meeting booked
    or replied).

    When: the hour of day and the weekday are those of the moment the
    attempt was marked done, on the clock of the salesperson who made it
    (their time zone, else their company's: the resolver's order,
    tools/time_zone.py): the hour they dialled, which is what a team
    can change. Computed in SQL with AT TIME ZONE, so that daylight saving
    time moves with the date.

    How many times: the attempt number is the n-th attempt with an outcome
    on the lead (by the moment it was done), over all the lead's attempts,
    whatever the filters: not the position of the step in its cadence (two
    cadences, or a retried step, count as they happened).

    The contact rate is the average of a 0/100 value per attempt, so that
    the average that pivot and graph compute over any group is the share of
    the attempts that reached someone. ``first_reached`` is 1 on the attempt
    that reached the lead for the first time: its sum per attempt number
    says after how many attempts the leads were reached.

    "Per salesperson" is per assignee of the step (who made the attempt);
    the sales team is the lead's when the step was scheduled; the period is
    the moment the attempt was done.
    """

    _name = "prospect.contact.rate.report"
    _inherit = ["prospect.lead.report.mixin", "prospect.followup.step.report.mixin"]
    _description = "Contact Rate Analysis"
    _auto = False
    _rec_name = "summary"
    _order = "date_done desc, id desc"
    # Flushed before the view is read.
    _depends = {
        "prospect.followup.execution": [
            "lead_id",
            "rule_id",
            "activity_type_id",
            "summary",
            "user_id",
            "team_id",
            "company_id",
            "date_done",
            "state",
            "outcome",
            "channel",
        ],
        "crm.lead": [
            "user_id",
            "prospecting_type",
            "medium_id",
            "source_id",
            "campaign_id",
        ],
        "res.users": ["partner_id"],
        "res.partner": ["tz"],
        "res.company": ["resource_calendar_id", "partner_id"],
        "resource.calendar": ["tz"],
    }

    channel = fields.Selection(CONTACT_CHANNELS, readonly=True)
    outcome = fields.Selection(FOLLOWUP_OUTCOMES, readonly=True)
    hour_of_day = fields.Integer(
        readonly=True,
        aggregator=None,
        help="Hour at which the attempt was made, on the salesperson's clock "
        "(their time zone, else their company's).",
    )
    weekday = fields.Selection(
        WEEKDAYS,
        readonly=True,
        help="Day of the week of the attempt, on the salesperson's clock.",
    )
    attempt_number = fields.Integer(
        readonly=True,
        aggregator=None,
        help="The n-th attempt with an outcome on the lead, in the order they "
        "were made.",
    )
    attempt_group = fields.Selection(
        ATTEMPT_GROUPS,
        string="Attempt",
        readonly=True,
        help="The n-th attempt on the lead; 6+: the sixth and later ones.",
    )
    attempts = fields.Integer(readonly=True)
    reached = fields.Integer(
        readonly=True,
        help="Attempts that reached the person: connected, not interested, "
        "meeting booked or replied.",
    )
    first_reached = fields.Integer(
        string="Leads Reached",
        readonly=True,
        help="1 on the attempt that reached the lead for the first time: per "
        "attempt number, how many leads it took that many attempts to reach.",
    )
    contact_rate = fields.Float(
        string="Contact Rate (%)",
        aggregator="avg",
        readonly=True,
        digits=(16, 1),
        help="Share of the attempts that reached the person.",
    )

    def _query(self):
        reached = SQL("attempt.outcome IN %s", REACHED_OUTCOMES)
        return SQL(
            """
            SELECT attempt.id AS id,
                   attempt.id AS execution_id,
                   attempt.lead_id AS lead_id,
                   attempt.rule_id AS rule_id,
                   attempt.activity_type_id AS activity_type_id,
                   attempt.summary AS summary,
                   attempt.user_id AS user_id,
                   lead.user_id AS lead_user_id,
                   attempt.team_id AS team_id,
                   attempt.company_id AS company_id,
                   lead.prospecting_type AS prospecting_type,
                   lead.medium_id AS medium_id,
                   lead.source_id AS source_id,
                   lead.campaign_id AS campaign_id,
                   attempt.date_done AS date_done,
                   attempt.channel AS channel,
                   attempt.outcome AS outcome,
                   EXTRACT(HOUR FROM clock.local_done)::int AS hour_of_day,
                   EXTRACT(ISODOW FROM clock.local_done)::int::varchar AS weekday,
                   attempt.number AS attempt_number,
                   LEAST(attempt.number, %(last_group)s)::varchar AS attempt_group,
                   1 AS attempts,
                   (%(reached)s)::int AS reached,
                   (%(reached)s)::int * 100.0 AS contact_rate,
                   (%(reached)s AND attempt.reached_before = 0)::int AS first_reached
              FROM (
                    -- Numbered over every attempt of the lead: the filters
                    -- of the report apply after (they are not pushed into
                    -- the window).
                    SELECT execution.*,
                           ROW_NUMBER() OVER lead_attempts AS number,
                           COALESCE(
                               SUM((execution.outcome IN %(reached_outcomes)s)::int)
                                   OVER (lead_attempts ROWS BETWEEN UNBOUNDED
                                         PRECEDING AND 1 PRECEDING),
                               0
                           ) AS reached_before
                      FROM prospect_followup_execution execution
                     WHERE execution.state = 'done'
                       AND execution.outcome IS NOT NULL
                       AND execution.date_done IS NOT NULL
                    WINDOW lead_attempts AS (
                        PARTITION BY execution.lead_id
                        ORDER BY execution.date_done, execution.id
                    )
                   ) attempt
              LEFT JOIN crm_lead lead ON lead.id = attempt.lead_id
              LEFT JOIN res_users assignee ON assignee.id = attempt.user_id
              LEFT JOIN res_partner assignee_partner
                     ON assignee_partner.id = assignee.partner_id
              LEFT JOIN res_company company ON company.id = attempt.company_id
              LEFT JOIN resource_calendar calendar
                     ON calendar.id = company.resource_calendar_id
              LEFT JOIN res_partner company_partner
                     ON company_partner.id = company.partner_id
             CROSS JOIN LATERAL (
                    -- date_done is UTC without time zone: make it UTC, then
                    -- read it on the salesperson's clock.
                    SELECT (attempt.date_done AT TIME ZONE 'UTC')
                               AT TIME ZONE %(user_tz)s AS local_done
                   ) clock
            """,
            # The user's time zone, else the company's (tools/time_zone.py).
            user_tz=time_zone_sql(
                SQL("assignee_partner.tz"),
                SQL("calendar.tz"),
                SQL("company_partner.tz"),
            ),
            last_group=LAST_ATTEMPT_GROUP,
            reached=reached,
            reached_outcomes=REACHED_OUTCOMES,
        )
