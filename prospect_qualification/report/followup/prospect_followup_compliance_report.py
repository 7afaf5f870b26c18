# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ...models.followup.prospect_followup_execution import (
    EXECUTION_STATES,
    STEP_RESULTS,
    STOP_REASONS,
    step_result_sql,
)


class ProspectFollowupComplianceReport(models.Model):
    """Follow-up compliance: one row per step that a follow-up rule scheduled
    (prospect.followup.execution), with what became of it: done on time
    (by its deadline), done late, overdue (deadline passed, not done),
    planned (not due yet) or cancelled (the cadence stopped).

    The result is evaluated when the report is read: a planned step whose
    deadline passed is overdue at once, without waiting for the scheduler.
    The on-time rate is the average of a 0/100 value that is empty (NULL)
    for planned and cancelled steps, so that the average of any group is the
    share of the steps due that were done on time.

    "Per salesperson" is per assignee of the step (who had to do it); the
    sales team is the lead's when the step was scheduled; the period is the
    deadline of the step.
    """

    _name = "prospect.followup.compliance.report"
    _inherit = ["prospect.lead.report.mixin", "prospect.followup.step.report.mixin"]
    _description = "Follow-up Compliance Analysis"
    _auto = False
    _rec_name = "summary"
    _order = "date_deadline desc, id desc"
    # Flushed before the view is read.
    _depends = {
        "prospect.followup.execution": [
            "lead_id",
            "rule_id",
            "step_id",
            "activity_type_id",
            "summary",
            "user_id",
            "team_id",
            "company_id",
            "date_planned",
            "date_deadline",
            "date_done",
            "state",
            "stop_reason",
        ],
        "crm.lead": [
            "user_id",
            "prospecting_type",
            "medium_id",
            "source_id",
            "campaign_id",
        ],
    }

    step_id = fields.Many2one(
        "prospect.followup.step", string="Cadence Step", readonly=True
    )

    date_planned = fields.Datetime(string="Scheduled On", readonly=True)
    date_deadline = fields.Datetime(string="Due On", readonly=True)
    state = fields.Selection(EXECUTION_STATES, string="Status", readonly=True)
    stop_reason = fields.Selection(
        STOP_REASONS, string="Cancelled Because", readonly=True
    )
    result = fields.Selection(
        STEP_RESULTS,
        readonly=True,
        help="Done on time: done by its deadline. Done late: done after it. "
        "Overdue: deadline passed, not done. Planned: not due yet. Cancelled: "
        "the cadence stopped (won, lost, customer replied...).",
    )
    on_time = fields.Integer(string="Done on Time", readonly=True)
    late = fields.Integer(string="Done Late", readonly=True)
    overdue = fields.Integer(readonly=True)
    planned = fields.Integer(readonly=True)
    cancelled = fields.Integer(readonly=True)
    on_time_rate = fields.Float(
        string="On Time (%)",
        aggregator="avg",
        readonly=True,
        digits=(16, 1),
        help="Share of the steps due (done on time, done late or overdue) that "
        "were done on time; planned and cancelled steps are left out.",
    )
    delay_hours = fields.Float(
        string="Average Delay (Hours)",
        aggregator="avg",
        readonly=True,
        digits=(16, 1),
        help="Hours between the deadline and the moment the step was done, for "
        "the steps done late.",
    )

    def _query(self):
        return SQL(
            """
            SELECT execution.id AS id,
                   execution.id AS execution_id,
                   execution.lead_id AS lead_id,
                   execution.rule_id AS rule_id,
                   execution.step_id AS step_id,
                   execution.activity_type_id AS activity_type_id,
                   execution.summary AS summary,
                   execution.user_id AS user_id,
                   lead.user_id AS lead_user_id,
                   execution.team_id AS team_id,
                   execution.company_id AS company_id,
                   lead.prospecting_type AS prospecting_type,
                   lead.medium_id AS medium_id,
                   lead.source_id AS source_id,
                   lead.campaign_id AS campaign_id,
                   execution.date_planned AS date_planned,
                   execution.date_deadline AS date_deadline,
                   execution.date_done AS date_done,
                   execution.state AS state,
                   execution.stop_reason AS stop_reason,
                   outcome.result AS result,
                   (outcome.result = 'on_time')::int AS on_time,
                   (outcome.result = 'late')::int AS late,
                   (outcome.result = 'overdue')::int AS overdue,
                   (outcome.result = 'planned')::int AS planned,
                   (outcome.result = 'cancelled')::int AS cancelled,
                   CASE WHEN outcome.result IN ('on_time', 'late', 'overdue')
                        THEN (outcome.result = 'on_time')::int * 100.0
                   END AS on_time_rate,
                   CASE WHEN outcome.result = 'late'
                        THEN EXTRACT(EPOCH FROM execution.date_done
                                                - execution.date_deadline) / 3600.0
                   END AS delay_hours
              FROM prospect_followup_execution execution
              -- LEFT: the planner drops the join when no column of the lead
              -- is read (lead_id is required, so it changes no row).
              LEFT JOIN crm_lead lead ON lead.id = execution.lead_id
             CROSS JOIN LATERAL (
                    SELECT %(result)s AS result
                   ) outcome
            """,
            result=step_result_sql(
                SQL.identifier("execution"), SQL("NOW() AT TIME ZONE 'UTC'")
            ),
        )

    def init(self):
        # The dashboard and the reports filter the steps on a sales team and
        # a period of deadlines: one index answers both (the team's own index
        # would read every step of the team, then filter the dates).
        tools.create_index(
            self.env.cr,
            "prospect_followup_execution_team_id_date_deadline_idx",
            "prospect_followup_execution",
            ["team_id", "date_deadline"],
        )
        return super().init()
