# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from ...models.selections import STAGE_PROSPECT_STATES
from ..prospect_report_median_mixin import MEDIAN

# Time is measured in the states a lead moves on from; customer and
# disqualified are where it ends.
MEASURED_STATES = [s for s in STAGE_PROSPECT_STATES if s[0] != "customer"]


class ProspectStateDurationReport(models.Model):
    """One row per stay of a lead in the lead, prospect or qualified state
    (from the lifecycle history): how many days it stayed. A stay that is
    not over yet counts until now, so that leads waiting for too long weigh
    on the figures.

    Two measures read the same duration: the average, and the median, an
    aggregate that Odoo does not have (prospect.report.median.mixin), so
    that pivot, graph and list show the exact median of any group.

    The team, salesperson and other dimensions are the lead's current ones,
    like in the funnel; the period is the lead's creation date (the same
    cohorts as the funnel) or the date it entered the state.
    """

    _name = "prospect.state.duration.report"
    _inherit = ["prospect.lead.report.mixin", "prospect.report.median.mixin"]
    _description = "Time in Lifecycle State Analysis"
    _auto = False
    # Flush these before reading the view.
    _depends = {
        "crm.lead": [
            "create_date",
            "type",
            "team_id",
            "user_id",
            "company_id",
            "prospecting_type",
            "medium_id",
            "source_id",
            "campaign_id",
        ],
        "prospect.state.history": ["lead_id", "state_to", "date", "date_end"],
    }
    _rec_name = "lead_id"
    _order = "date_start desc, id desc"

    state = fields.Selection(MEASURED_STATES, readonly=True)
    date_start = fields.Datetime(string="Entered State On", readonly=True)
    date_end = fields.Datetime(string="Left State On", readonly=True)
    is_open = fields.Boolean(
        string="Still in State",
        readonly=True,
        help="The lead has not left this state yet: its time counts until now.",
    )
    duration_days = fields.Float(
        string="Average Days",
        aggregator="avg",
        readonly=True,
        digits=(16, 1),
    )
    median_duration_days = fields.Float(
        string="Median Days",
        aggregator=MEDIAN,
        readonly=True,
        digits=(16, 1),
    )
    lead_create_date = fields.Datetime(string="Created On", readonly=True)
    lead_type = fields.Selection(
        [("lead", "Lead"), ("opportunity", "Opportunity")],
        string="Type",
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)

    def _query(self):
        duration = SQL(
            "EXTRACT(EPOCH FROM (COALESCE(history.date_end, "
            "NOW() AT TIME ZONE 'UTC') - history.date)) / 86400.0"
        )
        return SQL(
            """
            SELECT history.id AS id,
                   history.lead_id AS lead_id,
                   history.state_to AS state,
                   history.date AS date_start,
                   history.date_end AS date_end,
                   history.date_end IS NULL AS is_open,
                   %(duration)s AS duration_days,
                   %(duration)s AS median_duration_days,
                   lead.create_date AS lead_create_date,
                   lead.type AS lead_type,
                   lead.team_id AS team_id,
                   lead.user_id AS user_id,
                   lead.company_id AS company_id,
                   lead.prospecting_type AS prospecting_type,
                   lead.medium_id AS medium_id,
                   lead.source_id AS source_id,
                   lead.campaign_id AS campaign_id
              FROM prospect_state_history history
              JOIN crm_lead lead ON lead.id = history.lead_id
             WHERE history.state_to IN %(states)s
            """,
            duration=duration,
            states=tuple(state for state, _label in MEASURED_STATES),
        )
