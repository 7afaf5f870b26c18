# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.selections import PROSPECT_STATES
from .prospect_funnel_report import LADDER
from .prospect_state_duration_report import MEASURED_STATES

# Periods offered by the dashboard, in days (0: all time).
DASHBOARD_PERIODS = (30, 90, 180, 365, 0)
DEFAULT_PERIOD = 180

FUNNEL_MEASURES = {
    "lead": "reached_lead",
    "prospect": "reached_prospect",
    "qualified": "reached_qualified",
    "customer": "reached_customer",
}


class ProspectQualificationDashboard(models.AbstractModel):
    """Figures of the Qualification dashboard (CRM ▸ Reporting ▸
    Qualification ▸ Dashboard), read through the report models with the
    user's rights: a salesperson sees the figures of their own and unassigned
    leads, like in the pipeline."""

    _name = "prospect.qualification.dashboard"
    _description = "Qualification Dashboard"

    @api.model
    def get_dashboard_data(self, period_days=DEFAULT_PERIOD, team_id=False):
        """Everything the dashboard shows for leads created in the last
        `period_days` days (0: all), of sales team `team_id` (False: all)."""
        domain = self._dashboard_domain(period_days, team_id)
        return {
            "period_days": period_days,
            "team_id": team_id,
            "periods": list(DASHBOARD_PERIODS),
            "teams": [
                {"id": team.id, "name": team.display_name}
                for team in self.env["crm.team"].search([])
            ],
            "funnel": self._dashboard_funnel(domain),
            "time_in_state": self._dashboard_time_in_state(domain),
            # --- Slots of the follow-up rules (issue 5) --------------------
            # False hides the card; see the methods for the expected shape.
            "speed_to_lead": self._dashboard_speed_to_lead(period_days, team_id),
            "followup_compliance": self._dashboard_followup_compliance(
                period_days, team_id
            ),
        }

    @api.model
    def _dashboard_domain(self, period_days, team_id, date_field="lead_create_date"):
        """Domain of the report models for the dashboard's filters: the
        period filters the creation date of the leads (cohorts)."""
        if period_days not in DASHBOARD_PERIODS:
            raise UserError(
                self.env._(
                    "Unknown period of %(days)s days: choose one of %(periods)s.",
                    days=period_days,
                    periods=", ".join(str(days) for days in DASHBOARD_PERIODS),
                )
            )
        domain = []
        if period_days:
            # As the "Created in the Last N Days" filters of the reports.
            start = fields.Date.context_today(self) - timedelta(days=period_days)
            domain.append((date_field, ">=", fields.Date.to_string(start)))
        if team_id:
            domain.append(("team_id", "=", team_id))
        return domain

    @api.model
    def _dashboard_funnel(self, domain):
        Report = self.env["prospect.funnel.report"]
        aggregates = [f"{measure}:sum" for measure in FUNNEL_MEASURES.values()]
        [row] = Report._read_group(domain, [], [*aggregates, "disqualified:sum"])
        counts = [value or 0 for value in row]
        labels = dict(PROSPECT_STATES)
        steps, previous = [], None
        for state, count in zip(LADDER, counts, strict=False):
            steps.append(
                {
                    "state": state,
                    "label": labels[state],
                    "count": count,
                    "rate": _rate(count, previous) if previous is not None else None,
                }
            )
            previous = count
        total, disqualified = counts[0], counts[-1]
        return {
            "total": total,
            "steps": steps,
            "disqualified": {
                "label": labels["disqualified"],
                "count": disqualified,
                "rate": _rate(disqualified, total),
            },
            "win_rate": _rate(counts[3], total),
        }

    @api.model
    def _dashboard_time_in_state(self, domain):
        Report = self.env["prospect.state.duration.report"]
        groups = Report._read_group(
            domain,
            ["state"],
            ["__count", "duration_days:avg", "median_duration_days:median"],
        )
        by_state = {state: (count, avg, median) for state, count, avg, median in groups}
        return [
            {
                "state": state,
                "label": label,
                "count": by_state.get(state, (0,))[0],
                "avg_days": _days(by_state.get(state, (0, None))[1]),
                "median_days": _days(by_state.get(state, (0, None, None))[2]),
            }
            for state, label in MEASURED_STATES
        ]

    @api.model
    def _dashboard_speed_to_lead(self, period_days, team_id):
        """TODO(issue 5, follow-up rules): speed-to-lead card.

        Return False (no card) until crm.lead has the first-response fields.
        Then return, for the leads of the dashboard's filters (a report model
        ``prospect.speed.report`` over crm_lead, see the README), a dict::

            {"avg_hours": 3.4,        # average first_response_hours, answered leads
             "median_hours": 1.5,     # optional
             "met": 40, "breached": 8, "pending": 5,
             "met_rate": 83.3}        # met / (met + breached) * 100
        """
        return False

    @api.model
    def _dashboard_followup_compliance(self, period_days, team_id):
        """TODO(issue 5, follow-up rules): follow-up compliance card.

        Return False (no card) until prospect.followup.execution exists. Then
        return one row per salesperson (a report model
        ``prospect.followup.compliance.report`` over the executions, period on
        date_deadline), best first::

            [{"user_id": 7, "user": "Lucía Fernández",
              "on_time": 12, "late": 3, "overdue": 2, "cancelled": 1,
              "on_time_rate": 70.6}]  # on_time / (on_time + late + overdue)
        """
        return False

    @api.model
    def action_open_report(self, report, period_days=DEFAULT_PERIOD, team_id=False):
        """The analysis behind a card, with the dashboard's filters."""
        actions = {
            "funnel": "prospect_qualification.prospect_funnel_report_action",
            "time_in_state": (
                "prospect_qualification.prospect_state_duration_report_action"
            ),
        }
        if report not in actions:
            raise UserError(self.env._("Unknown report %(report)s.", report=report))
        self._dashboard_domain(period_days, team_id)  # checks the period
        action = self.env["ir.actions.act_window"]._for_xml_id(actions[report])
        # The same filters, as facets of the search bar that the user may
        # remove or change.
        context = {}
        if period_days:
            context[f"search_default_created_last_{period_days}"] = 1
        if team_id:
            context["search_default_team_id"] = team_id
        action["context"] = context
        return action


def _rate(part, whole):
    return round(part * 100.0 / whole, 1) if whole else 0.0


def _days(value):
    return round(value, 1) if value is not None and value is not False else None
