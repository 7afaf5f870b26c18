# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Speed to lead and follow-up compliance: the reports, their access and
the dashboard, on a hand-built data set."""

import random
from datetime import datetime, timedelta
from statistics import mean, median

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.mail.tests.common import mail_new_test_user

from ...models.followup.prospect_followup_execution import (
    LATE_RESULTS,
    step_result,
    step_result_sql,
)
from ...models.speed.crm_lead_speed import (
    first_response_sla_state,
    first_response_sla_state_sql,
)
from ..common import ProspectQualificationCase
from ..qualification.test_qualification_reports import ReportFixtures, day

HOUR = timedelta(hours=1)


class SlaReportFixtures(ReportFixtures):
    """The six leads of the funnel fixtures (created on March 1, 09:00),
    with first responses and follow-up steps written by hand.

    Speed to lead (deadline and answer, from the creation):

    ====  =====  ========  ========  ==========  ==========
    lead  owner  type      deadline  answered    status
    ====  =====  ========  ========  ==========  ==========
    L1    Sara   inbound   1 h       0.5 h       met
    L2    Sara   inbound   1 h       2 h         breached
    L3    Sara   outbound  24 h      6 h         met (lost)
    L4    Otto   inbound   1 h       0.25 h      met (lost)
    L5    Otto   outbound  24 h      30 h        breached
    L6    Otto   inbound   1 h       never       breached
    ====  =====  ========  ========  ==========  ==========

    Follow-up steps (deadline on day N of March, 09:00; done relative to
    it; "planned, passed": the scheduler did not mark it overdue yet):

    ===  ====  =====  ========  ==================  ==========
    E    lead  who    deadline  state / done        result
    ===  ====  =====  ========  ==================  ==========
    E1   L1    Sara   day 2     done 2 h before     on time
    E2   L2    Sara   day 3     done at deadline    on time
    E3   L2    Sara   day 4     done 24 h after     late
    E4   L3    Sara   day 5     overdue             overdue
    E5   L1    Sara   day 6     planned, passed     overdue
    E6   L1    Sara   day 7     cancelled           cancelled
    E7   L2    Sara   in 2 days planned             planned
    E8   L5    Otto   day 2     done 1 h before     on time
    E9   L6    Otto   day 3     done 3 h after      late
    E10  L5    Otto   day 4     cancelled           cancelled
    E11  L6    Marta  day 2     done 30 min before  on time
    E12  L1    Marta  day 3     done 1 h before     on time
    ===  ===  =====  ========  ==================  ==========
    """

    SPEED = {
        # lead: (prospecting type, hours allowed, hours to answer or None)
        "L1": ("inbound", 1, 0.5),
        "L2": ("inbound", 1, 2),
        "L3": ("outbound", 24, 6),
        "L4": ("inbound", 1, 0.25),
        "L5": ("outbound", 24, 30),
        "L6": ("inbound", 1, None),
    }
    FUTURE = "future"
    STEPS = {
        # name: (lead, assignee, deadline day, state, hours done after deadline)
        "E1": ("L1", "sara", 2, "done", -2),
        "E2": ("L2", "sara", 3, "done", 0),
        "E3": ("L2", "sara", 4, "done", 24),
        "E4": ("L3", "sara", 5, "overdue", None),
        "E5": ("L1", "sara", 6, "planned", None),
        "E6": ("L1", "sara", 7, "cancelled", None),
        "E7": ("L2", "sara", FUTURE, "planned", None),
        "E8": ("L5", "otto", 2, "done", -1),
        "E9": ("L6", "otto", 3, "done", 3),
        "E10": ("L5", "otto", 4, "cancelled", None),
        "E11": ("L6", "marta", 2, "done", -0.5),
        "E12": ("L1", "marta", 3, "done", -1),
    }

    @classmethod
    def _setup_sla_fixtures(cls):
        # Only the steps written here: no rule schedules anything.
        cls.env["prospect.followup.rule"].search([]).active = False
        cls._setup_report_fixtures()
        for name, (kind, allowed, answered) in cls.SPEED.items():
            cls._set_first_response(cls.leads[name], kind, allowed, answered)
        cls.users = {
            "sara": cls.user_salesman,
            "otto": cls.user_salesman_other,
            "marta": cls.user_manager,
        }
        cls.rule = cls.env["prospect.followup.rule"].create(
            {
                "name": "PQ Cadence",
                "active": False,
                "trigger": "lead_created",
                "company_id": cls.company.id,
                "user_id": cls.user_manager.id,
                "step_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "activity_type_id": cls.env.ref(
                                "mail.mail_activity_data_call"
                            ).id,
                            "summary": "Llamar",
                        }
                    )
                ],
            }
        )
        now = datetime.now().replace(microsecond=0)
        vals_list = []
        for name, (lead, who, deadline_day, state, done_after) in cls.STEPS.items():
            deadline = (
                now + timedelta(days=2)
                if deadline_day == cls.FUTURE
                else day(deadline_day)
            )
            vals_list.append(
                {
                    "lead_id": cls.leads[lead].id,
                    "rule_id": cls.rule.id,
                    "step_id": cls.rule.step_ids.id,
                    "summary": name,
                    "user_id": cls.users[who].id,
                    "team_id": cls.team.id,
                    "company_id": cls.company.id,
                    "date_planned": deadline - timedelta(days=1),
                    "date_deadline": deadline,
                    "state": state,
                    "date_done": deadline + done_after * HOUR
                    if state == "done"
                    else False,
                    "stop_reason": "won" if state == "cancelled" else False,
                }
            )
        executions = cls.env["prospect.followup.execution"].create(vals_list)
        cls.steps = dict(zip(cls.STEPS, executions, strict=True))

    @classmethod
    def _set_first_response(cls, lead, kind, allowed, answered, created=None):
        """Write the speed-to-lead columns as the follow-up would have."""
        cls.env.flush_all()
        created = created or lead.create_date
        cls.env.cr.execute(
            """UPDATE crm_lead
                  SET create_date = %s, prospecting_type = %s,
                      first_response_deadline = %s, first_response_date = %s
                WHERE id = %s""",
            [
                created,
                kind,
                created + allowed * HOUR,
                created + answered * HOUR if answered is not None else None,
                lead.id,
            ],
        )
        cls.env.invalidate_all()


class SlaReportCase(SlaReportFixtures, ProspectQualificationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_sla_fixtures()
        cls.Dashboard = cls.env["prospect.qualification.dashboard"]


@tagged("post_install", "-at_install")
class TestSpeedReport(SlaReportCase):
    ANSWERED = [0.5, 2, 6, 0.25, 30]

    def _speed(self, groupby=(), domain=()):
        return self.env["prospect.speed.report"].read_group(
            [("team_id", "=", self.team.id), *domain],
            [
                "first_response_hours:avg",
                "median_first_response_hours:median",
                "met:sum",
                "breached:sum",
                "pending:sum",
                "unanswered:sum",
                "met_rate:avg",
                "allowed_hours:avg",
            ],
            list(groupby),
            lazy=False,
        )

    def test_response_times_and_deadlines_met(self):
        [total] = self._speed()
        self.assertEqual(total["__count"], 6)
        self.assertEqual(
            (total["met"], total["breached"], total["pending"], total["unanswered"]),
            (3, 3, 0, 1),
        )
        self.assertAlmostEqual(total["first_response_hours"], mean(self.ANSWERED))
        self.assertAlmostEqual(
            total["median_first_response_hours"], median(self.ANSWERED)
        )
        self.assertAlmostEqual(total["met_rate"], 50)
        self.assertAlmostEqual(total["allowed_hours"], (1 + 1 + 24 + 1 + 24 + 1) / 6)

    def test_per_salesperson(self):
        rows = {row["user_id"][0]: row for row in self._speed(["user_id"])}
        sara, otto = rows[self.user_salesman.id], rows[self.user_salesman_other.id]
        self.assertAlmostEqual(sara["first_response_hours"], mean([0.5, 2, 6]))
        self.assertAlmostEqual(sara["median_first_response_hours"], 2)
        self.assertAlmostEqual(sara["met_rate"], 2 / 3 * 100)
        # The never answered lead counts as breached, not in the times.
        self.assertAlmostEqual(otto["first_response_hours"], mean([0.25, 30]))
        self.assertAlmostEqual(otto["median_first_response_hours"], 15.125)
        self.assertAlmostEqual(otto["met_rate"], 1 / 3 * 100)
        self.assertEqual(otto["unanswered"], 1)

    def test_pending_lead_is_left_out_of_the_rate(self):
        lead = self._create_leads(1, name="Recién llegado")
        self.assertEqual(lead.first_response_sla_state, "pending")
        [total] = self._speed()
        self.assertEqual((total["__count"], total["pending"]), (7, 1))
        self.assertEqual(total["unanswered"], 2)
        self.assertAlmostEqual(total["met_rate"], 50)
        row = self.env["prospect.speed.report"].search([("lead_id", "=", lead.id)])
        self.assertEqual(row.sla_state, "pending")
        self.assertFalse(row.first_response_hours)

    def test_deadline_passed_is_breached_before_the_scheduler_runs(self):
        lead = self.leads["L6"]
        # The scheduler has not seen it: the lead still says pending.
        self.assertEqual(lead.first_response_sla_state, "pending")
        self.assertFalse(lead.first_response_missed)
        row = self.env["prospect.speed.report"].search([("lead_id", "=", lead.id)])
        self.assertEqual(
            (row.sla_state, row.breached, row.met_rate), ("breached", 1, 0)
        )

    def test_same_status_as_the_lead(self):
        """Once the leads are recomputed, report and lead agree."""
        leads = self.env["crm.lead"].with_context(active_test=False)
        for lead in self.leads.values():
            leads |= lead
        # The columns were written by SQL: let the ORM compute from them.
        self.env.add_to_compute(leads._fields["first_response_hours"], leads)
        leads._recompute_first_response_sla()
        rows = self.env["prospect.speed.report"].search([("lead_id", "in", leads.ids)])
        self.assertEqual(
            {row.lead_id: row.sla_state for row in rows},
            {lead: lead.first_response_sla_state for lead in leads},
        )
        for row in rows.filtered("first_response_date"):
            self.assertAlmostEqual(
                row.first_response_hours, row.lead_id.first_response_hours
            )

    def test_leads_without_deadline_are_left_out(self):
        # Leads created before the addon was installed have no deadline.
        self.env.cr.execute(
            "UPDATE crm_lead SET first_response_deadline = NULL WHERE id = %s",
            [self.leads["L1"].id],
        )
        self.assertFalse(
            self.env["prospect.speed.report"].search(
                [("lead_id", "=", self.leads["L1"].id)]
            )
        )

    def test_answer_before_the_creation_counts_as_immediate(self):
        self._set_first_response(self.leads["L1"], "inbound", 1, -0.5)
        row = self.env["prospect.speed.report"].search(
            [("lead_id", "=", self.leads["L1"].id)]
        )
        self.assertEqual((row.first_response_hours, row.sla_state), (0, "met"))

    def test_period_is_the_creation_date(self):
        old = datetime.now() - timedelta(days=400)
        self._set_first_response(self.leads["L5"], "outbound", 24, 30, created=old)
        recent = datetime.now() - timedelta(days=10)
        for name in ("L1", "L2", "L3", "L4", "L6"):
            kind, allowed, answered = self.SPEED[name]
            self._set_first_response(
                self.leads[name], kind, allowed, answered, created=recent
            )
        speed = self.Dashboard.get_dashboard_data(365, self.team.id)["speed_to_lead"]
        self.assertEqual((speed["count"], speed["breached"]), (5, 2))
        speed = self.Dashboard.get_dashboard_data(0, self.team.id)["speed_to_lead"]
        self.assertEqual((speed["count"], speed["breached"]), (6, 3))


@tagged("post_install", "-at_install")
class TestComplianceReport(SlaReportCase):
    def _compliance(self, groupby=(), domain=()):
        return self.env["prospect.followup.compliance.report"].read_group(
            [("team_id", "=", self.team.id), *domain],
            [
                "on_time:sum",
                "late:sum",
                "overdue:sum",
                "cancelled:sum",
                "planned:sum",
                "on_time_rate:avg",
                "delay_hours:avg",
            ],
            list(groupby),
            lazy=False,
        )

    def test_result_of_each_step(self):
        rows = self.env["prospect.followup.compliance.report"].search(
            [("rule_id", "=", self.rule.id)]
        )
        self.assertEqual(
            {row.summary: row.result for row in rows},
            {
                "E1": "on_time",
                "E2": "on_time",  # done at the deadline: on time
                "E3": "late",
                "E4": "overdue",
                "E5": "overdue",  # deadline passed, scheduler not run yet
                "E6": "cancelled",
                "E7": "planned",
                "E8": "on_time",
                "E9": "late",
                "E10": "cancelled",
                "E11": "on_time",
                "E12": "on_time",
            },
        )
        # As the step's own "late" flag, for the steps done.
        for row in rows.filtered(lambda row: row.state == "done"):
            self.assertEqual(row.result == "late", row.execution_id.is_late)

    def test_per_salesperson(self):
        rows = {row["user_id"][0]: row for row in self._compliance(["user_id"])}
        expected = {
            # on time, late, overdue, cancelled, planned, % on time
            self.user_salesman: (2, 1, 2, 1, 1, 40),
            self.user_salesman_other: (1, 1, 0, 1, 0, 50),
            self.user_manager: (2, 0, 0, 0, 0, 100),
        }
        for user, figures in expected.items():
            row = rows[user.id]
            with self.subTest(user=user.name):
                self.assertEqual(
                    tuple(
                        row[name]
                        for name in ("on_time", "late", "overdue", "cancelled")
                    )
                    + (row["planned"],),
                    figures[:5],
                )
                self.assertAlmostEqual(row["on_time_rate"], figures[5])

    def test_totals_and_delay(self):
        [total] = self._compliance()
        self.assertEqual(total["__count"], 12)
        self.assertAlmostEqual(total["on_time_rate"], 5 / 9 * 100)
        # Late steps only: 24 and 3 hours after their deadline.
        self.assertAlmostEqual(total["delay_hours"], 13.5)

    def test_dimensions_of_the_lead(self):
        rows = self._compliance(["prospecting_type"])
        counts = {row["prospecting_type"]: row["__count"] for row in rows}
        # L3 and L5 are outbound: E4, E8, E10.
        self.assertEqual(counts, {"inbound": 9, "outbound": 3})

    def test_scheduler_and_report_agree(self):
        # The fixture wrote its steps' past deadlines in SQL: their leads are
        # due, as the events that plan steps leave them.
        engine = self.env["prospect.followup.engine"]
        self.env.flush_all()
        self.env.cr.precommit.run()
        engine._followup_wake_up_earlier(self.steps["E5"].lead_id)
        engine._cron_mark_overdue_steps()
        self.assertEqual(self.steps["E5"].state, "overdue")
        row = self.env["prospect.followup.compliance.report"].browse(
            self.steps["E5"].id
        )
        self.assertEqual(row.result, "overdue")


@tagged("post_install", "-at_install")
class TestSlaReportAccess(SlaReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unassigned = cls._create_leads(1, user_id=False, name="Sin comercial")
        cls.user_all_leads = mail_new_test_user(
            cls.env,
            login="pq_sla_all_leads",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=cls.company.id,
        )
        cls.user_employee = mail_new_test_user(
            cls.env, login="pq_sla_employee", groups="base.group_user"
        )

    def _rows(self, model, user):
        return self.env[model].with_user(user).search([("team_id", "=", self.team.id)])

    def test_salesperson_sees_own_and_unassigned_leads(self):
        rows = self._rows("prospect.speed.report", self.user_salesman)
        self.assertEqual(
            rows.lead_id,
            self.leads["L1"] | self.leads["L2"] | self.leads["L3"] | self.unassigned,
        )

    def test_salesperson_sees_own_steps_and_the_steps_of_own_leads(self):
        rows = self._rows("prospect.followup.compliance.report", self.user_salesman)
        # Hers, and Marta's step on her lead L1; not Otto's, nor Marta's on L6.
        self.assertEqual(
            sorted(rows.mapped("summary")),
            sorted(["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E12"]),
        )
        compliance = self.Dashboard.with_user(self.user_salesman).get_dashboard_data(
            0, self.team.id
        )["followup_compliance"]
        self.assertEqual(
            {row["user_id"] for row in compliance["users"]},
            {self.user_salesman.id, self.user_manager.id},
        )

    def test_all_leads_users_and_managers_see_everything(self):
        for user in (self.user_all_leads, self.user_manager):
            with self.subTest(user=user.login):
                self.assertEqual(
                    len(self._rows("prospect.followup.compliance.report", user)), 12
                )
                self.assertEqual(len(self._rows("prospect.speed.report", user)), 7)

    def test_other_company_is_hidden(self):
        company_b = self.env["res.company"].create({"name": "Distribuciones Sur SL"})
        lead_b = self._create_leads(
            1, team_id=False, user_id=False, company_id=company_b.id
        )
        self.env["prospect.followup.execution"].create(
            {
                "lead_id": lead_b.id,
                "rule_id": self.rule.id,
                "company_id": company_b.id,
                "date_planned": day(1),
                "date_deadline": day(2),
            }
        )
        for model in ("prospect.speed.report", "prospect.followup.compliance.report"):
            with self.subTest(model=model):
                rows = (
                    self.env[model]
                    .with_user(self.user_manager)
                    .search([("lead_id", "=", lead_b.id)])
                )
                self.assertFalse(rows)

    def test_employee_without_sales_rights_is_refused(self):
        for model in ("prospect.speed.report", "prospect.followup.compliance.report"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.user_employee).search([])

    def test_reports_are_read_only(self):
        row = self._rows("prospect.followup.compliance.report", self.user_manager)[0]
        with self.assertRaises(AccessError):
            row.write({"on_time": 0})


@tagged("post_install", "-at_install")
class TestSlaDashboard(SlaReportCase):
    def test_speed_to_lead_card(self):
        speed = self.Dashboard.get_dashboard_data(0, self.team.id)["speed_to_lead"]
        # The bands in working minutes: test_speed_business_hours.py.
        self.assertEqual(set(speed.pop("bands")), {"labels", "total", "teams", "users"})
        self.assertEqual(
            speed,
            {
                "count": 6,
                "avg_hours": 7.75,
                "median_hours": 2.0,
                "met": 3,
                "breached": 3,
                "pending": 0,
                "unanswered": 1,
                "met_rate": 50.0,
            },
        )

    def test_compliance_card_best_first(self):
        compliance = self.Dashboard.get_dashboard_data(0, self.team.id)[
            "followup_compliance"
        ]
        self.assertEqual(
            [
                (
                    row["user"],
                    row["on_time"],
                    row["late"],
                    row["overdue"],
                    row["cancelled"],
                    row["on_time_rate"],
                )
                for row in compliance["users"]
            ],
            [
                ("Marta Jefa", 2, 0, 0, 0, 100.0),
                ("Otto Otro", 1, 1, 0, 1, 50.0),
                ("Sara Vendedora", 2, 1, 2, 1, 40.0),
            ],
        )
        self.assertEqual(
            compliance["total"],
            {
                "on_time": 5,
                "late": 2,
                "overdue": 2,
                "cancelled": 2,
                "planned": 1,
                "on_time_rate": 55.6,
            },
        )

    def test_compliance_period_is_the_deadline(self):
        # Only E7 (due in two days) is due in the last 30 days or later: a
        # planned step, nobody has anything due yet.
        compliance = self.Dashboard.get_dashboard_data(30, self.team.id)[
            "followup_compliance"
        ]
        self.assertEqual(compliance["users"], [])
        self.assertEqual(compliance["total"]["planned"], 1)
        self.assertIsNone(compliance["total"]["on_time_rate"])
        self.steps["E9"].date_deadline = datetime.now() - timedelta(days=3)
        self.steps["E9"].date_done = datetime.now() - timedelta(days=2)
        compliance = self.Dashboard.get_dashboard_data(30, self.team.id)[
            "followup_compliance"
        ]
        self.assertEqual(
            [(row["user"], row["late"]) for row in compliance["users"]],
            [("Otto Otro", 1)],
        )

    def test_team_filter(self):
        other_team = self.env["crm.team"].create({"name": "Equipo Sur"})
        data = self.Dashboard.get_dashboard_data(0, other_team.id)
        self.assertEqual(data["speed_to_lead"]["count"], 0)
        self.assertIsNone(data["speed_to_lead"]["met_rate"])
        self.assertIsNone(data["speed_to_lead"]["avg_hours"])
        self.assertEqual(data["followup_compliance"]["users"], [])

    def test_cards_open_their_report_with_the_filters(self):
        action = self.Dashboard.action_open_report("speed", 90, self.team.id)
        self.assertEqual(action["res_model"], "prospect.speed.report")
        self.assertEqual(
            action["context"],
            {
                "search_default_created_last_90": 1,
                "search_default_team_id": self.team.id,
            },
        )
        action = self.Dashboard.action_open_report("compliance", 30)
        self.assertEqual(action["res_model"], "prospect.followup.compliance.report")
        self.assertEqual(action["context"], {"search_default_due_last_30": 1})

    def test_compliance_queries_do_not_grow_with_the_steps(self):
        users = list(self.users.values())

        def make_steps(count):
            return self.env["prospect.followup.execution"].create(
                [
                    {
                        "lead_id": self.leads["L2"].id,
                        "rule_id": self.rule.id,
                        "user_id": users[index % 3].id,
                        "team_id": self.team.id,
                        "company_id": self.company.id,
                        "date_planned": day(1),
                        "date_deadline": day(2),
                        # Closed steps: only one step of a rule may be
                        # open on a lead.
                        "state": ("done", "done", "cancelled")[index % 3],
                        "date_done": day(1 + index % 3) if index % 3 < 2 else False,
                    }
                    for index in range(count)
                ]
            )

        def dashboard(_steps):
            # As a salesperson: record rules in every report query.
            self.Dashboard.with_user(self.user_salesman).get_dashboard_data(
                0, self.team.id
            )

        # One query per card (and the teams, the names of the salespeople;
        # speed bands and promises per team and per salesperson, compliance
        # and promises for everyone: the reports' own rates; contact rate
        # per channel and hour, per attempt), however many steps, once the
        # caches are warm.
        self.assertFlatQueryCount(make_steps, dashboard, 16)


@tagged("post_install", "-at_install")
class TestSqlAgreesWithPython(TransactionCase):
    """The SLA state of a lead and the result of a follow-up step: the
    Python of the stored fields and the SQL of the reports agree on random
    values (missing dates, equal dates, before and after now)."""

    NOW = datetime(2026, 3, 10, 12, 0)

    def _random_moment(self, rng):
        return rng.choice(
            [None, self.NOW, self.NOW + timedelta(minutes=rng.randint(-3000, 3000))]
        )

    def _evaluate(self, rows, columns, expression):
        """{row number: expression} over `rows` as the alias `row`, whose
        `columns` are [(name, SQL type)]."""
        values = SQL(", ").join(
            SQL(
                "(%s, %s)",
                number,
                SQL(", ").join(
                    SQL("%s::%s", value, SQL(sql_type))
                    for value, (_name, sql_type) in zip(row, columns, strict=True)
                ),
            )
            for number, row in enumerate(rows)
        )
        query = SQL(
            "SELECT row.number, %s FROM (VALUES %s) AS row(number, %s)",
            expression,
            values,
            SQL(", ").join(SQL.identifier(name) for name, _type in columns),
        )
        return dict(self.env.execute_query(query))

    def test_first_response_sla_state(self):
        rng = random.Random(22)
        rows = [
            (self._random_moment(rng), self._random_moment(rng))
            for _index in range(300)
        ]
        by_sql = self._evaluate(
            rows,
            [
                ("first_response_deadline", "timestamp"),
                ("first_response_date", "timestamp"),
            ],
            first_response_sla_state_sql(SQL("row"), SQL("%s::timestamp", self.NOW)),
        )
        by_python = {
            number: first_response_sla_state(deadline, answered, self.NOW) or None
            for number, (deadline, answered) in enumerate(rows)
        }
        self.assertEqual(by_sql, by_python)
        self.assertEqual(set(by_python.values()), {None, "met", "breached", "pending"})

    def test_step_result_and_lateness(self):
        rng = random.Random(22)
        states = ["planned", "done", "overdue", "cancelled"]
        rows = [
            (
                rng.choice(states),
                rng.choice([self.NOW, self.NOW + timedelta(hours=rng.randint(-9, 9))]),
                self._random_moment(rng),
            )
            for _index in range(300)
        ]
        columns = [
            ("state", "varchar"),
            ("date_deadline", "timestamp"),
            ("date_done", "timestamp"),
        ]
        for now in (self.NOW, None):
            with self.subTest(now=now):
                by_sql = self._evaluate(
                    rows,
                    columns,
                    step_result_sql(
                        SQL("row"),
                        SQL("%s::timestamp", now) if now else None,
                    ),
                )
                by_python = {
                    number: step_result(*row, now=now)
                    for number, row in enumerate(rows)
                }
                self.assertEqual(by_sql, by_python)
                self.assertEqual(len(set(by_python.values())), 5)
        # A step is late as the scheduler left it: done late, or overdue.
        Execution = self.env["prospect.followup.execution"]
        for state, deadline, date_done in rows:
            execution = Execution.new(
                {"state": state, "date_deadline": deadline, "date_done": date_done}
            )
            self.assertEqual(
                execution.is_late,
                step_result(state, deadline, date_done) in LATE_RESULTS,
            )
