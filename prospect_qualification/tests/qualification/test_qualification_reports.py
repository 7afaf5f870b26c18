# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta
from statistics import mean, median

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ...models import trust
from ..common import ProspectQualificationCase, ProspectQualificationFixtures

MARCH = datetime(2026, 3, 1, 9, 0)


def day(number):
    """March `number`, 2026, 09:00 (UTC)."""
    return MARCH + timedelta(days=number - 1)


class ReportFixtures(ProspectQualificationFixtures):
    """Six leads with a hand-written lifecycle history (March 2026):

    ======  ===========  ==============================================  ========
    lead    salesperson  history (state: from day → to day)              now
    ======  ===========  ==============================================  ========
    L1      Sara         lead 1→3, prospect 3→10, qualified 10→20,       customer
                         customer 20→
    L2      Sara         lead 1→2, prospect 2→6, qualified 6→            qualified
    L3      Sara         lead 1→5, prospect 5→8, disqualified 8→         lost
    L4      Otto         lead 1→4, disqualified 4→                       lost
    L5      Otto         lead 1→                                         lead
    L6      Otto         lead 1→7, qualified 7→ (skipped prospect)       qualified
    ======  ===========  ==============================================  ========
    """

    HISTORY = {
        "L1": [
            ("lead", 1, 3),
            ("prospect", 3, 10),
            ("qualified", 10, 20),
            ("customer", 20, None),
        ],
        "L2": [("lead", 1, 2), ("prospect", 2, 6), ("qualified", 6, None)],
        "L3": [("lead", 1, 5), ("prospect", 5, 8), ("disqualified", 8, None)],
        "L4": [("lead", 1, 4), ("disqualified", 4, None)],
        "L5": [("lead", 1, None)],
        "L6": [("lead", 1, 7), ("qualified", 7, None)],
    }

    @classmethod
    def _setup_report_fixtures(cls):
        Lead = trust.with_switches(
            cls.env["crm.lead"].with_context(tracking_disable=True), skip_history=True
        )
        stages = {
            "L1": cls.stage_won,
            "L2": cls.stage_qualified,
            "L3": cls.stage_prospect,
            "L4": cls.stage_new,
            "L5": cls.stage_new,
            "L6": cls.stage_qualified,
        }
        users = dict.fromkeys(("L1", "L2", "L3"), cls.user_salesman) | dict.fromkeys(
            ("L4", "L5", "L6"), cls.user_salesman_other
        )
        cls.leads = {}
        for name, stage in stages.items():
            cls.leads[name] = Lead.create(
                {
                    "name": f"Informe {name}",
                    "type": "opportunity",
                    "team_id": cls.team.id,
                    "user_id": users[name].id,
                    "stage_id": stage.id,
                    "company_id": cls.company.id,
                }
            )
        (cls.leads["L3"] | cls.leads["L4"]).action_set_lost()
        History = cls.env["prospect.state.history"]
        History.search(
            [("lead_id", "in", [lead.id for lead in cls.leads.values()])]
        ).unlink()
        vals_list = []
        for name, rows in cls.HISTORY.items():
            previous = False
            for state, start, end in rows:
                vals_list.append(
                    {
                        "lead_id": cls.leads[name].id,
                        "state_from": previous,
                        "state_to": state,
                        "date": day(start),
                        "date_end": day(end) if end else False,
                        "salesperson_id": users[name].id,
                        "team_id": cls.team.id,
                        "company_id": cls.company.id,
                    }
                )
                previous = state
        History.create(vals_list)
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id IN %s",
            [day(1), tuple(lead.id for lead in cls.leads.values())],
        )
        cls.env.invalidate_all()


@tagged("post_install", "-at_install")
class TestFunnelReport(ReportFixtures, ProspectQualificationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_report_fixtures()

    def _funnel(self, groupby=(), user=None):
        Report = self.env["prospect.funnel.report"]
        if user:
            Report = Report.with_user(user)
        return Report.read_group(
            [("team_id", "=", self.team.id)],
            [
                "reached_lead:sum",
                "reached_prospect:sum",
                "reached_qualified:sum",
                "reached_customer:sum",
                "disqualified:sum",
                "prospect_rate:avg",
                "qualified_rate:avg",
                "customer_rate:avg",
                "win_rate:avg",
                "disqualified_rate:avg",
            ],
            list(groupby),
            lazy=False,
        )

    def test_funnel_counts(self):
        [total] = self._funnel()
        self.assertEqual(
            [
                total[measure]
                for measure in (
                    "__count",
                    "reached_lead",
                    "reached_prospect",
                    "reached_qualified",
                    "reached_customer",
                    "disqualified",
                )
            ],
            # L6 skipped Prospect: it counts as a prospect too.
            [6, 6, 4, 3, 1, 2],
        )

    def test_conversion_rates(self):
        [total] = self._funnel()
        self.assertAlmostEqual(total["prospect_rate"], 4 / 6 * 100)
        self.assertAlmostEqual(total["qualified_rate"], 3 / 4 * 100)
        self.assertAlmostEqual(total["customer_rate"], 1 / 3 * 100)
        self.assertAlmostEqual(total["win_rate"], 1 / 6 * 100)
        self.assertAlmostEqual(total["disqualified_rate"], 2 / 6 * 100)

    def test_conversion_rates_per_group(self):
        rows = {row["user_id"][0]: row for row in self._funnel(["user_id"])}
        sara, otto = rows[self.user_salesman.id], rows[self.user_salesman_other.id]
        self.assertEqual((sara["reached_prospect"], sara["reached_qualified"]), (3, 2))
        self.assertAlmostEqual(sara["prospect_rate"], 100)
        self.assertAlmostEqual(sara["qualified_rate"], 2 / 3 * 100)
        self.assertAlmostEqual(sara["customer_rate"], 50)
        self.assertAlmostEqual(otto["prospect_rate"], 1 / 3 * 100)
        self.assertAlmostEqual(otto["qualified_rate"], 100)
        self.assertAlmostEqual(otto["customer_rate"], 0)

    def test_disqualified_from(self):
        rows = self.env["prospect.funnel.report"].search(
            [("team_id", "=", self.team.id), ("disqualified", "=", 1)]
        )
        self.assertEqual(
            {row.lead_id.name: row.disqualified_from for row in rows},
            {"Informe L3": "prospect", "Informe L4": "lead"},
        )

    def test_period_is_the_creation_date(self):
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s",
            [datetime.now() - timedelta(days=400), self.leads["L5"].id],
        )
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id <> %s AND id IN %s",
            [
                datetime.now() - timedelta(days=10),
                self.leads["L5"].id,
                tuple(lead.id for lead in self.leads.values()),
            ],
        )
        Dashboard = self.env["prospect.qualification.dashboard"]
        funnel = Dashboard.get_dashboard_data(365, self.team.id)["funnel"]
        self.assertEqual(funnel["total"], 5)
        funnel = Dashboard.get_dashboard_data(0, self.team.id)["funnel"]
        self.assertEqual(funnel["total"], 6)

    def test_lead_without_history_counts_in_its_state(self):
        lead = self._create_leads(
            1, stage_id=self.stage_qualified.id, name="Sin historial"
        )
        self.env["prospect.state.history"].search([("lead_id", "=", lead.id)]).unlink()
        row = self.env["prospect.funnel.report"].search([("lead_id", "=", lead.id)])
        self.assertEqual(
            (row.reached_lead, row.reached_prospect, row.reached_qualified),
            (1, 1, 1),
        )
        self.assertEqual(row.reached_customer, 0)

    def test_dashboard_funnel(self):
        data = self.env["prospect.qualification.dashboard"].get_dashboard_data(
            0, self.team.id
        )
        funnel = data["funnel"]
        self.assertEqual(
            [(step["state"], step["count"], step["rate"]) for step in funnel["steps"]],
            [
                ("lead", 6, None),
                ("prospect", 4, 66.7),
                ("qualified", 3, 75.0),
                ("customer", 1, 33.3),
            ],
        )
        self.assertEqual(funnel["disqualified"]["count"], 2)
        self.assertEqual(funnel["disqualified"]["rate"], 33.3)
        self.assertEqual(funnel["win_rate"], 16.7)
        self.assertIn(self.team.id, [team["id"] for team in data["teams"]])

    def test_dashboard_speaks_the_users_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["prospect_qualification"], ["es_ES"], overwrite=True
        )
        data = (
            self.env["prospect.qualification.dashboard"]
            .with_context(lang="es_ES")
            .get_dashboard_data(0, self.team.id)
        )
        self.assertEqual(
            [step["label"] for step in data["funnel"]["steps"]],
            ["Lead", "Prospecto", "Prospecto calificado", "Cliente"],
        )
        self.assertEqual(data["funnel"]["disqualified"]["label"], "Descalificado")
        self.assertEqual(data["time_in_state"][2]["label"], "Prospecto calificado")

    def test_dashboard_checks_its_input(self):
        Dashboard = self.env["prospect.qualification.dashboard"]
        with self.assertRaisesRegex(UserError, "Unknown period of 17 days"):
            Dashboard.get_dashboard_data(17)
        with self.assertRaisesRegex(UserError, "Unknown report"):
            Dashboard.action_open_report("forecast")

    def test_dashboard_opens_the_report_with_its_filters(self):
        action = self.env["prospect.qualification.dashboard"].action_open_report(
            "funnel", 90, self.team.id
        )
        self.assertEqual(action["res_model"], "prospect.funnel.report")
        self.assertEqual(
            action["context"],
            {
                "search_default_created_last_90": 1,
                "search_default_team_id": self.team.id,
            },
        )
        action = self.env["prospect.qualification.dashboard"].action_open_report(
            "time_in_state", 0
        )
        self.assertEqual(action["res_model"], "prospect.state.duration.report")
        self.assertEqual(action["context"], {})


@tagged("post_install", "-at_install")
class TestTimeInStateReport(ReportFixtures, ProspectQualificationCase):
    # Closed stays of the fixtures, in days.
    CLOSED = {"lead": [2, 1, 4, 3, 6], "prospect": [7, 4, 3], "qualified": [10]}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_report_fixtures()

    def _stays(self, domain=(), groupby=("state",)):
        return self.env["prospect.state.duration.report"].read_group(
            [("team_id", "=", self.team.id), *domain],
            ["duration_days:avg", "median_duration_days:median"],
            list(groupby),
            lazy=False,
        )

    def test_average_and_median_of_finished_stays(self):
        rows = {row["state"]: row for row in self._stays([("is_open", "=", False)])}
        self.assertEqual(set(rows), set(self.CLOSED))
        for state, durations in self.CLOSED.items():
            with self.subTest(state=state):
                self.assertEqual(rows[state]["__count"], len(durations))
                self.assertAlmostEqual(rows[state]["duration_days"], mean(durations))
                self.assertAlmostEqual(
                    rows[state]["median_duration_days"], median(durations)
                )

    def test_median_per_group(self):
        rows = self._stays(
            [("is_open", "=", False), ("state", "=", "lead")], ["user_id"]
        )
        medians = {row["user_id"][0]: row["median_duration_days"] for row in rows}
        # Sara: 2, 1, 4; Otto: 3, 6 (the median of two is their middle).
        self.assertEqual(
            medians, {self.user_salesman.id: 2, self.user_salesman_other.id: 4.5}
        )

    def test_open_stays_count_until_now(self):
        self.env.cr.execute("SELECT NOW() AT TIME ZONE 'UTC'")
        [now] = self.env.cr.fetchone()
        open_rows = self.env["prospect.state.duration.report"].search(
            [("team_id", "=", self.team.id), ("is_open", "=", True)]
        )
        # L2 and L6 still qualified, L5 still a lead; customer and
        # disqualified are not measured.
        self.assertEqual(
            sorted(open_rows.mapped("state")), ["lead", "qualified", "qualified"]
        )
        for row in open_rows:
            expected = (now - row.date_start).total_seconds() / 86400
            self.assertAlmostEqual(row.duration_days, expected, places=3)

    def test_dashboard_time_in_state(self):
        self.env.cr.execute("SELECT NOW() AT TIME ZONE 'UTC'")
        [now] = self.env.cr.fetchone()

        def days_since(number):
            return (now - day(number)).total_seconds() / 86400

        # Open stays: L5 a lead since day 1, L2 and L6 qualified since 6 and 7.
        open_days = {
            "lead": [days_since(1)],
            "prospect": [],
            "qualified": [days_since(6), days_since(7)],
        }
        data = self.env["prospect.qualification.dashboard"].get_dashboard_data(
            0, self.team.id
        )
        rows = {row["state"]: row for row in data["time_in_state"]}
        self.assertEqual(list(rows), ["lead", "prospect", "qualified"])
        for state, closed in self.CLOSED.items():
            durations = closed + open_days[state]
            with self.subTest(state=state):
                self.assertEqual(rows[state]["count"], len(durations))
                self.assertEqual(rows[state]["avg_days"], round(mean(durations), 1))
                self.assertEqual(
                    rows[state]["median_days"], round(median(durations), 1)
                )

    def test_median_needs_a_number(self):
        with self.assertRaisesRegex(ValueError, "the median needs a number field"):
            self.env["prospect.state.duration.report"]._read_group(
                [], [], ["lead_id:median"]
            )


@tagged("post_install", "-at_install")
class TestReportAccess(ReportFixtures, ProspectQualificationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_report_fixtures()
        cls.unassigned = cls._create_leads(1, user_id=False, name="Sin comercial")
        cls.user_all_leads = mail_new_test_user(
            cls.env,
            login="pq_all_leads",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=cls.company.id,
        )
        cls.user_employee = mail_new_test_user(
            cls.env, login="pq_employee", groups="base.group_user"
        )

    def _visible_leads(self, model, user):
        rows = self.env[model].with_user(user).search([("team_id", "=", self.team.id)])
        return rows.lead_id

    def test_salesperson_sees_own_and_unassigned_leads(self):
        own = self.leads["L1"] | self.leads["L2"] | self.leads["L3"] | self.unassigned
        for model in ("prospect.funnel.report", "prospect.state.duration.report"):
            with self.subTest(model=model):
                self.assertEqual(self._visible_leads(model, self.user_salesman), own)
        data = (
            self.env["prospect.qualification.dashboard"]
            .with_user(self.user_salesman)
            .get_dashboard_data(0, self.team.id)
        )
        self.assertEqual(data["funnel"]["total"], 4)

    def test_all_leads_users_and_managers_see_everything(self):
        everything = self.unassigned
        for lead in self.leads.values():
            everything |= lead
        for user in (self.user_all_leads, self.user_manager):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self._visible_leads("prospect.funnel.report", user), everything
                )

    def test_other_company_is_hidden(self):
        company_b = self.env["res.company"].create({"name": "Distribuciones Sur SL"})
        lead_b = self._create_leads(
            1, team_id=False, user_id=False, company_id=company_b.id
        )
        rows = (
            self.env["prospect.funnel.report"]
            .with_user(self.user_manager)
            .search([("lead_id", "=", lead_b.id)])
        )
        self.assertFalse(rows)

    def test_employee_without_sales_rights_is_refused(self):
        for model in ("prospect.funnel.report", "prospect.state.duration.report"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.user_employee).search([])
        with self.assertRaises(AccessError):
            self.env["prospect.qualification.dashboard"].with_user(
                self.user_employee
            ).get_dashboard_data()

    def test_reports_are_read_only(self):
        row = (
            self.env["prospect.funnel.report"]
            .with_user(self.user_manager)
            .search([("lead_id", "=", self.leads["L1"].id)])
        )
        with self.assertRaises(AccessError):
            row.write({"reached_customer": 0})
