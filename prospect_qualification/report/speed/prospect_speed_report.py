# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from ...models.selections import PROSPECT_STATES
from ...models.speed.crm_lead_speed import (
    FIRST_RESPONSE_BANDS,
    FIRST_RESPONSE_SLA_STATES,
    first_response_sla_state_sql,
)
from ..prospect_report_median_mixin import MEDIAN


class ProspectSpeedReport(models.Model):
    """Speed to lead: one row per lead or opportunity (lost ones included)
    that has a first-response deadline, with how long it waited for its
    first answer and whether the deadline was met.

    The deadline status is evaluated when the report is read (a lead not
    answered by its deadline is breached at once, without waiting for the
    scheduler that marks it on the lead). The response time is known for
    answered leads only: the averages and medians leave the others out.

    The percentage of deadlines met is the average of a 0/100 value that is
    empty (NULL) for pending leads, so that the average that pivot and graph
    compute over any group is the share of met deadlines among the decided
    ones (SQL AVG skips NULL).

    The period is the creation date of the leads, as in the funnel.
    """

    _name = "prospect.speed.report"
    _inherit = ["prospect.lead.report.mixin", "prospect.report.median.mixin"]
    _description = "Speed to Lead Analysis"
    _auto = False
    _rec_name = "lead_id"
    _order = "lead_create_date desc, id desc"
    # Flushed before the view is read.
    _depends = {
        "crm.lead": [
            "create_date",
            "type",
            "prospect_state",
            "team_id",
            "user_id",
            "company_id",
            "prospecting_type",
            "medium_id",
            "source_id",
            "campaign_id",
            "first_response_deadline",
            "first_response_date",
            "first_response_minutes",
            "first_response_band",
        ],
    }

    lead_create_date = fields.Datetime(string="Created On", readonly=True)
    lead_type = fields.Selection(
        [("lead", "Lead"), ("opportunity", "Opportunity")],
        string="Type",
        readonly=True,
    )
    prospect_state = fields.Selection(
        PROSPECT_STATES, string="Current State", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)

    first_response_deadline = fields.Datetime(string="Deadline", readonly=True)
    first_response_date = fields.Datetime(string="Answered On", readonly=True)
    sla_state = fields.Selection(
        FIRST_RESPONSE_SLA_STATES,
        string="First Response",
        readonly=True,
        help="Pending: not answered yet, deadline not passed. Met: answered by "
        "the deadline. Breached: answered late or not answered by the deadline.",
    )
    allowed_hours = fields.Float(
        aggregator="avg",
        readonly=True,
        digits=(16, 1),
        help="Hours the sales team gives itself to answer (from the creation of "
        "the lead to its deadline).",
    )
    first_response_hours = fields.Float(
        string="Average Response (Hours)",
        aggregator="avg",
        readonly=True,
        digits=(16, 2),
        help="Hours from the creation of the lead to its first answer (answered "
        "leads only).",
    )
    median_first_response_hours = fields.Float(
        string="Median Response (Hours)",
        aggregator=MEDIAN,
        readonly=True,
        digits=(16, 2),
        help="Median of the hours from the creation of the lead to its first "
        "answer (answered leads only).",
    )
    first_response_minutes = fields.Float(
        string="Average Response (Working Minutes)",
        aggregator="avg",
        readonly=True,
        digits=(16, 1),
        help="Working minutes from the creation of the lead to its first "
        "answer, in the team's working hours (answered leads only).",
    )
    band = fields.Selection(
        FIRST_RESPONSE_BANDS,
        string="Answered Within",
        readonly=True,
        help="How fast the lead was answered, in working time; never: not "
        "answered by its deadline. Empty while it waits within its deadline.",
    )
    band_5min = fields.Integer(string="≤ 5 min", readonly=True)
    band_1h = fields.Integer(string="≤ 1 h", readonly=True)
    band_24h = fields.Integer(string="≤ 24 h", readonly=True)
    band_later = fields.Integer(string="Later", readonly=True)
    band_never = fields.Integer(string="Never", readonly=True)
    met = fields.Integer(readonly=True)
    breached = fields.Integer(readonly=True)
    pending = fields.Integer(readonly=True)
    unanswered = fields.Integer(
        string="Not Answered",
        readonly=True,
        help="Leads without any answer yet (pending or breached).",
    )
    met_rate = fields.Float(
        string="Deadlines Met (%)",
        aggregator="avg",
        readonly=True,
        digits=(16, 1),
        help="Share of the first-response deadlines met, among the leads whose "
        "deadline is met or breached (pending leads are left out).",
    )

    def _query(self):
        return SQL(
            """
            SELECT lead.id AS id,
                   lead.id AS lead_id,
                   lead.create_date AS lead_create_date,
                   lead.type AS lead_type,
                   lead.prospect_state AS prospect_state,
                   lead.team_id AS team_id,
                   lead.user_id AS user_id,
                   lead.company_id AS company_id,
                   lead.prospecting_type AS prospecting_type,
                   lead.medium_id AS medium_id,
                   lead.source_id AS source_id,
                   lead.campaign_id AS campaign_id,
                   lead.first_response_deadline AS first_response_deadline,
                   lead.first_response_date AS first_response_date,
                   sla.state AS sla_state,
                   EXTRACT(EPOCH FROM lead.first_response_deadline - lead.create_date)
                       / 3600.0 AS allowed_hours,
                   sla.hours AS first_response_hours,
                   sla.hours AS median_first_response_hours,
                   lead.first_response_minutes AS first_response_minutes,
                   sla.band AS band,
                   (sla.band = '5min')::int AS band_5min,
                   (sla.band = '1h')::int AS band_1h,
                   (sla.band = '24h')::int AS band_24h,
                   (sla.band = 'later')::int AS band_later,
                   (sla.band = 'never')::int AS band_never,
                   (sla.state = 'met')::int AS met,
                   (sla.state = 'breached')::int AS breached,
                   (sla.state = 'pending')::int AS pending,
                   (lead.first_response_date IS NULL)::int AS unanswered,
                   CASE WHEN sla.state IN ('met', 'breached')
                        THEN (sla.state = 'met')::int * 100.0 END AS met_rate
              FROM crm_lead lead
             CROSS JOIN LATERAL (
                    SELECT %(sla_state)s AS state,
                           -- GREATEST skips NULL: unanswered leads get none.
                           CASE WHEN lead.first_response_date IS NOT NULL
                                THEN GREATEST(
                                         EXTRACT(EPOCH FROM lead.first_response_date
                                                            - lead.create_date)
                                             / 3600.0,
                                         0
                                     )
                           END AS hours,
                           -- Never: not answered by the deadline, now.
                           CASE WHEN lead.first_response_date IS NOT NULL
                                THEN lead.first_response_band
                                WHEN lead.first_response_deadline
                                     < NOW() AT TIME ZONE 'UTC'
                                THEN 'never'
                           END AS band
                   ) sla
             WHERE lead.first_response_deadline IS NOT NULL
            """,
            sla_state=first_response_sla_state_sql(
                SQL.identifier("lead"), SQL("NOW() AT TIME ZONE 'UTC'")
            ),
        )
