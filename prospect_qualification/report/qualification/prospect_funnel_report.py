# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from ...models.selections import PROSPECT_STATES

# Rank of each state on the lifecycle ladder (disqualified is off the ladder).
STATE_RANKS = {"lead": 1, "prospect": 2, "qualified": 3, "customer": 4}
LADDER = list(STATE_RANKS)


def state_rank_sql(column):
    """SQL CASE giving the ladder rank of the state in `column` (0 off it)."""
    whens = SQL(" ").join(
        SQL("WHEN %s THEN %s", state, rank) for state, rank in STATE_RANKS.items()
    )
    return SQL("CASE %s %s ELSE 0 END", column, whens)


class ProspectFunnelReport(models.Model):
    """One row per lead or opportunity (lost ones included): how far it went
    on the lifecycle ladder and whether it was ever disqualified.

    A record counts in a state when it entered that state *or a later one*
    (a lead promoted straight to Qualified was a prospect too), from the
    lifecycle history and its current state. The period is the creation date
    of the record: each period is a cohort of new records, followed to
    wherever they went since.

    Conversion rates are averages of 0/100 values that are empty (NULL) for
    the records that never reached the previous state: the average that
    pivot and graph compute over any group is the conversion rate of that
    group (SQL AVG skips NULL).
    """

    _name = "prospect.funnel.report"
    _inherit = ["prospect.lead.report.mixin"]
    _description = "Qualification Funnel Analysis"
    _auto = False
    # Flush these before reading the view.
    _depends = {
        "crm.lead": [
            "create_date",
            "date_closed",
            "type",
            "prospect_state",
            "team_id",
            "user_id",
            "company_id",
            "partner_id",
            "prospecting_type",
            "medium_id",
            "source_id",
            "campaign_id",
        ],
        "prospect.state.history": ["lead_id", "state_from", "state_to", "date"],
    }
    _rec_name = "lead_id"
    _order = "lead_create_date desc, id desc"

    lead_create_date = fields.Datetime(string="Created On", readonly=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True)
    lead_type = fields.Selection(
        [("lead", "Lead"), ("opportunity", "Opportunity")],
        string="Type",
        readonly=True,
    )
    prospect_state = fields.Selection(
        PROSPECT_STATES, string="Current State", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)

    reached_lead = fields.Integer(string="Leads", readonly=True)
    reached_prospect = fields.Integer(string="Prospects", readonly=True)
    reached_qualified = fields.Integer(string="Qualified Prospects", readonly=True)
    reached_customer = fields.Integer(string="Customers", readonly=True)
    disqualified = fields.Integer(readonly=True)
    disqualified_from = fields.Selection(
        PROSPECT_STATES,
        readonly=True,
        help="The state the record was in when it was disqualified (the first time).",
    )

    prospect_rate = fields.Float(
        string="Lead → Prospect (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the leads that became prospects.",
    )
    qualified_rate = fields.Float(
        string="Prospect → Qualified (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the prospects that became qualified prospects.",
    )
    customer_rate = fields.Float(
        string="Qualified → Customer (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the qualified prospects that became customers.",
    )
    win_rate = fields.Float(
        string="Lead → Customer (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the leads that became customers.",
    )
    disqualified_rate = fields.Float(
        string="Disqualified (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the leads that were disqualified.",
    )

    def _query(self):
        rank = SQL("reached.rank")
        return SQL(
            """
            SELECT lead.id AS id,
                   lead.id AS lead_id,
                   lead.create_date AS lead_create_date,
                   lead.date_closed AS date_closed,
                   lead.type AS lead_type,
                   lead.prospect_state AS prospect_state,
                   lead.team_id AS team_id,
                   lead.user_id AS user_id,
                   lead.company_id AS company_id,
                   lead.partner_id AS partner_id,
                   lead.prospecting_type AS prospecting_type,
                   lead.medium_id AS medium_id,
                   lead.source_id AS source_id,
                   lead.campaign_id AS campaign_id,
                   1 AS reached_lead,
                   (%(rank)s >= 2)::int AS reached_prospect,
                   (%(rank)s >= 3)::int AS reached_qualified,
                   (%(rank)s >= 4)::int AS reached_customer,
                   reached.disqualified::int AS disqualified,
                   reached.disqualified_from AS disqualified_from,
                   (%(rank)s >= 2)::int * 100.0 AS prospect_rate,
                   CASE WHEN %(rank)s >= 2
                        THEN (%(rank)s >= 3)::int * 100.0 END AS qualified_rate,
                   CASE WHEN %(rank)s >= 3
                        THEN (%(rank)s >= 4)::int * 100.0 END AS customer_rate,
                   (%(rank)s >= 4)::int * 100.0 AS win_rate,
                   reached.disqualified::int * 100.0 AS disqualified_rate
              FROM crm_lead lead
             CROSS JOIN LATERAL (
                    SELECT GREATEST(
                               1,
                               MAX(%(history_rank)s),
                               %(current_rank)s
                           ) AS rank,
                           COALESCE(BOOL_OR(history.state_to = 'disqualified'), FALSE)
                               OR lead.prospect_state = 'disqualified' AS disqualified,
                           (ARRAY_AGG(history.state_from
                                      ORDER BY history.date, history.id)
                               FILTER (WHERE history.state_to = 'disqualified'))[1]
                               AS disqualified_from
                      FROM prospect_state_history history
                     WHERE history.lead_id = lead.id
                   ) reached
            """,
            rank=rank,
            history_rank=state_rank_sql(SQL("history.state_to")),
            current_rank=state_rank_sql(SQL("lead.prospect_state")),
        )
