# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ...models.speed.crm_lead_speed import FIRST_RESPONSE_BANDS
from ..followup.prospect_contact_rate_report import ATTEMPT_GROUPS
from .prospect_funnel_report import LADDER
from .prospect_state_duration_report import MEASURED_STATES

# Periods offered by the dashboard, in days (0: all time).
DASHBOARD_PERIODS = (30, 90, 180, 365, 0)
DEFAULT_PERIOD = 180

# Contact rate: an hour of calls needs this many attempts to be a best hour;
# the best hours shown; the share of the leads reached the attempts card
# counts up to.
MIN_BEST_HOUR_ATTEMPTS = 3
BEST_HOURS = 3
REACH_TARGET = 90.0

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
            # Speed to lead: leads created in the period, like the funnel;
            # compliance: follow-up steps due in the period.
            "speed_to_lead": self._dashboard_speed_to_lead(period_days, team_id),
            "followup_compliance": self._dashboard_followup_compliance(
                period_days, team_id
            ),
            # Promises due in the period.
            "promises": self._dashboard_promises(period_days, team_id),
            # Attempts made in the period.
            "contact_rate": self._dashboard_contact_rate(period_days, team_id),
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
        if team_id and (isinstance(team_id, bool) or not isinstance(team_id, int)):
            # Sent by the client: anything but an id would reach the database.
            raise UserError(
                self.env._(
                    "Unknown sales team %(team)s: send the id of a sales team, or "
                    "nothing for every team.",
                    team=repr(team_id)[:50],
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
    def _state_labels(self):
        """{state: label} in the user's language."""
        field = self.env["crm.lead"]._fields["prospect_state"]
        return dict(field._description_selection(self.env))

    @api.model
    def _dashboard_funnel(self, domain):
        Report = self.env["prospect.funnel.report"]
        aggregates = [f"{measure}:sum" for measure in FUNNEL_MEASURES.values()]
        [row] = Report._read_group(domain, [], [*aggregates, "disqualified:sum"])
        counts = [value or 0 for value in row]
        labels = self._state_labels()
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
        labels = self._state_labels()
        return [
            {
                "state": state,
                "label": labels[state],
                "count": by_state.get(state, (0,))[0],
                "avg_days": _days(by_state.get(state, (0, None))[1]),
                "median_days": _days(by_state.get(state, (0, None, None))[2]),
            }
            for state, _label in MEASURED_STATES
        ]

    @api.model
    def _dashboard_speed_to_lead(self, period_days, team_id):
        """Speed to lead of the leads created in the period (with a
        first-response deadline): average and median hours to the first
        answer (answered leads), deadlines met / breached / pending and the
        share met among the decided ones."""
        domain = self._dashboard_domain(period_days, team_id)
        [row] = self.env["prospect.speed.report"]._read_group(
            domain,
            [],
            [
                "__count",
                "first_response_hours:avg",
                "median_first_response_hours:median",
                "met:sum",
                "breached:sum",
                "pending:sum",
                "unanswered:sum",
            ],
        )
        count, avg_hours, median_hours, met, breached, pending, unanswered = row
        met, breached = met or 0, breached or 0
        return {
            "bands": self._dashboard_speed_bands(domain),
            "count": count,
            "avg_hours": _hours(avg_hours),
            "median_hours": _hours(median_hours),
            "met": met,
            "breached": breached,
            "pending": pending or 0,
            "unanswered": unanswered or 0,
            "met_rate": _rate(met, met + breached) if met + breached else None,
        }

    @api.model
    def _dashboard_speed_bands(self, domain):
        """How fast the leads were answered, in working time, per sales team
        and per salesperson::

            {"labels": [["5min", "≤ 5 min"], ...],
             "total": {"5min": 12, "1h": 3, "24h": 1, "later": 0, "never": 2},
             "teams": [{"id": 1, "name": "Europe", "5min": 12, ...}],
             "users": [...]}
        """
        Report = self.env["prospect.speed.report"]
        bands = [band for band, _label in FIRST_RESPONSE_BANDS]
        aggregates = [f"band_{band}:sum" for band in bands]
        result = {
            "labels": [
                list(item)
                for item in Report._fields["band"]._description_selection(self.env)
            ]
        }
        total = dict.fromkeys(bands, 0)
        for key, groupby in (("teams", "team_id"), ("users", "user_id")):
            rows = []
            for record, *sums in Report._read_group(domain, [groupby], aggregates):
                figures = dict(zip(bands, (v or 0 for v in sums), strict=True))
                if key == "teams":
                    for band in bands:
                        total[band] += figures[band]
                if not any(figures.values()):
                    continue
                rows.append(
                    {
                        "id": record.id,
                        "name": record.display_name or self.env._("Unassigned"),
                        **figures,
                    }
                )
            rows.sort(key=lambda row: row["name"])
            result[key] = rows
        result["total"] = total
        return result

    @api.model
    def _dashboard_followup_compliance(self, period_days, team_id):
        """Follow-up compliance of the steps due in the period (their
        deadline), per salesperson (the assignee of the step; those with
        planned steps only are left out), best on-time rate first, and for
        everyone::

            {"users": [{"user_id": 7, "user": "Lucía Fernández",
                        "on_time": 12, "late": 3, "overdue": 2,
                        "cancelled": 1, "planned": 4,
                        "on_time_rate": 70.6}],  # the report's On Time (%)
             "total": {...the same without user...}}
        """
        domain = self._dashboard_domain(period_days, team_id, "date_deadline")
        counts = ("on_time", "late", "overdue", "cancelled", "planned")
        # The on-time rate is the report's own measure (one home: its SQL).
        aggregates = [f"{name}:sum" for name in counts] + ["on_time_rate:avg"]
        Report = self.env["prospect.followup.compliance.report"]
        users = []
        for user, *values, rate in Report._read_group(domain, ["user_id"], aggregates):
            figures = dict(zip(counts, (value or 0 for value in values), strict=True))
            if not any(figures[name] for name in counts if name != "planned"):
                continue  # nothing due yet: nothing to say about them
            users.append(
                {
                    "user_id": user.id,
                    "user": user.display_name or self.env._("Unassigned"),
                    **figures,
                    "on_time_rate": _rounded_rate(rate),
                }
            )
        users.sort(
            key=lambda row: (
                row["on_time_rate"] is None,
                -(row["on_time_rate"] or 0),
                row["user"],
            )
        )
        [(*values, rate)] = Report._read_group(domain, [], aggregates)
        total = dict(zip(counts, (value or 0 for value in values), strict=True))
        return {"users": users, "total": dict(total, on_time_rate=_rounded_rate(rate))}

    @api.model
    def _dashboard_promises(self, period_days, team_id):
        """Promises due in the period, per salesperson (who must keep them)
        and per sales team, best kept rate first, and for everyone::

            {"users": [{"id": 7, "name": "Lucía Fernández", "kept": 8,
                        "late": 1, "broken": 1, "open": 2,
                        "kept_rate": 80.0}],  # the report's Kept on Time (%)
             "teams": [...the same per team...],
             "total": {...the same without id and name...}}
        """
        domain = self._dashboard_domain(period_days, team_id, "date_due")
        counts = ("kept", "late", "broken", "open")
        Report = self.env["prospect.promise.report"]
        # The kept rate is the report's own measure (one home: its SQL).
        aggregates = [f"{name}:sum" for name in counts] + ["kept_rate:avg"]
        result = {}
        for key, groupby in (("users", "user_id"), ("teams", "team_id")):
            rows = []
            for record, *sums, rate in Report._read_group(
                domain, [groupby], aggregates
            ):
                figures = dict(zip(counts, (value or 0 for value in sums), strict=True))
                rows.append(
                    {
                        "id": record.id,
                        "name": record.display_name or self.env._("Unassigned"),
                        **figures,
                        "kept_rate": _rounded_rate(rate),
                    }
                )
            rows.sort(
                key=lambda row: (
                    row["kept_rate"] is None,
                    -(row["kept_rate"] or 0),
                    row["name"],
                )
            )
            result[key] = rows
        [(*sums, rate)] = Report._read_group(domain, [], aggregates)
        total = dict(zip(counts, (value or 0 for value in sums), strict=True))
        result["total"] = dict(total, kept_rate=_rounded_rate(rate))
        return result

    @api.model
    def _dashboard_contact_rate(self, period_days, team_id):
        """What reaches people, for the attempts made in the period (two
        queries): the contact rate of the calls per hour of the day (on the
        salesperson's clock) with the best hours, per channel, and per
        attempt number on the lead with the cumulative share of the leads
        reached::

            {"attempts": 120, "reached": 48, "rate": 40.0,
             "hours": [{"hour": 9, "attempts": 14, "reached": 8,
                        "rate": 57.1, "best": True}, ...],   # calls only
             "best_hours": [10, 9, 17],                      # best first
             "channels": [{"channel": "phone", "label": "Phone call",
                           "attempts": 80, "reached": 30, "rate": 37.5}],
             "by_attempt": [{"attempt": "1", "label": "1", "attempts": 60,
                             "reached": 20, "rate": 33.3, "first_reached": 20,
                             "cumulative": 45.5}, ...],      # 1 .. 6+
             "attempts_to_target": "4", "target": 90.0}
        """
        domain = self._dashboard_domain(period_days, team_id, "date_done")
        Report = self.env["prospect.contact.rate.report"]
        channel_labels = dict(
            Report._fields["channel"]._description_selection(self.env)
        )
        channels, hours = {}, []
        for channel, hour, count, reached in Report._read_group(
            domain, ["channel", "hour_of_day"], ["__count", "reached:sum"]
        ):
            reached = reached or 0
            figures = channels.setdefault(
                channel,
                {
                    "channel": channel or "",
                    "label": channel_labels.get(channel) or self.env._("Other"),
                    "attempts": 0,
                    "reached": 0,
                },
            )
            figures["attempts"] += count
            figures["reached"] += reached
            if channel == "phone":
                hours.append(
                    {
                        "hour": hour,
                        "attempts": count,
                        "reached": reached,
                        "rate": _rate(reached, count),
                        "best": False,
                    }
                )
        hours.sort(key=lambda row: row["hour"])
        best = sorted(
            (row for row in hours if row["attempts"] >= MIN_BEST_HOUR_ATTEMPTS),
            key=lambda row: (-row["rate"], -row["attempts"], row["hour"]),
        )[:BEST_HOURS]
        for row in best:
            row["best"] = True
        channel_rows = sorted(
            (
                dict(figures, rate=_rate(figures["reached"], figures["attempts"]))
                for figures in channels.values()
            ),
            key=lambda row: (-row["rate"], row["label"]),
        )
        by_group = {
            group: (count, reached or 0, first or 0)
            for group, count, reached, first in Report._read_group(
                domain,
                ["attempt_group"],
                ["__count", "reached:sum", "first_reached:sum"],
            )
        }
        leads_reached = sum(first for _count, _reached, first in by_group.values())
        by_attempt, cumulated, to_target = [], 0, None
        for group, label in ATTEMPT_GROUPS:
            count, reached, first = by_group.get(group, (0, 0, 0))
            cumulated += first
            cumulative = _rate(cumulated, leads_reached) if leads_reached else None
            if to_target is None and (cumulative or 0) >= REACH_TARGET:
                to_target = label
            by_attempt.append(
                {
                    "attempt": group,
                    "label": label,
                    "attempts": count,
                    "reached": reached,
                    "rate": _rate(reached, count) if count else None,
                    "first_reached": first,
                    "cumulative": cumulative,
                }
            )
        attempts = sum(row["attempts"] for row in channel_rows)
        reached = sum(row["reached"] for row in channel_rows)
        return {
            "attempts": attempts,
            "reached": reached,
            "rate": _rate(reached, attempts) if attempts else None,
            "hours": hours,
            "best_hours": [row["hour"] for row in best],
            "channels": channel_rows,
            "by_attempt": by_attempt,
            "leads_reached": leads_reached,
            "attempts_to_target": to_target,
            "target": REACH_TARGET,
        }

    @api.model
    def action_open_report(self, report, period_days=DEFAULT_PERIOD, team_id=False):
        """The analysis behind a card, with the dashboard's filters."""
        actions = {
            "funnel": "prospect_qualification.prospect_funnel_report_action",
            "time_in_state": (
                "prospect_qualification.prospect_state_duration_report_action"
            ),
            "speed": "prospect_qualification.prospect_speed_report_action",
            "compliance": (
                "prospect_qualification.prospect_followup_compliance_report_action"
            ),
            "promises": "prospect_qualification.prospect_promise_report_action",
            "contact_rate": (
                "prospect_qualification.prospect_contact_rate_report_action"
            ),
        }
        if report not in actions:
            raise UserError(self.env._("Unknown report %(report)s.", report=report))
        self._dashboard_domain(period_days, team_id)  # checks the period
        action = self.env["ir.actions.act_window"]._for_xml_id(actions[report])
        # The same filters, as facets of the search bar that the user may
        # remove or change. Compliance counts the steps due in the period.
        context = {}
        if period_days:
            if report in ("compliance", "promises"):
                prefix = "due_last"
            elif report == "contact_rate":
                prefix = "done_last"  # the attempts made in the period
            else:
                prefix = "created_last"
            context[f"search_default_{prefix}_{period_days}"] = 1
        if team_id:
            context["search_default_team_id"] = team_id
        action["context"] = context
        return action


def _rate(part, whole):
    return round(part * 100.0 / whole, 1) if whole else 0.0


def _rounded_rate(rate):
    """A rate (0-100) of a report as the dashboard shows it; None when the
    report has nothing to rate (its average of no row)."""
    return round(rate, 1) if rate is not None and rate is not False else None


def _hours(value):
    return round(value, 2) if value is not None and value is not False else None


def _days(value):
    return round(value, 1) if value is not None and value is not False else None
