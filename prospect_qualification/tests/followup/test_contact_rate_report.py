# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What reaches people: the contact-rate report (per channel, hour of the
day on the salesperson's clock, weekday, attempt number), its access and
the dashboard's card, on attempts written by hand."""

from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..common import ProspectQualificationCase

CHANNEL_TYPES = {
    "phone": "mail.mail_activity_data_call",
    "email": "mail.mail_activity_data_email",
    "whatsapp": "prospect_qualification.mail_activity_type_whatsapp",
}


def utc(day, hour, minute=0):
    """January `day`, 2026, at `hour` UTC (winter: Madrid is UTC+1, New
    York UTC-5). January 5 is a Monday."""
    return datetime(2026, 1, day, hour, minute)


class ContactRateFixtures:
    """Three leads of the test team and their attempts. Sara works on
    Madrid's clock (her time zone); Otto has none: his company's working
    hours are on New York's.

    ====  ====  =====  ========  =============  ============  ===============
    lead  n     who    channel   UTC            local         outcome
    ====  ====  =====  ========  =============  ============  ===============
    L1    1     Sara   phone     Mon 5, 08:00   Mon 09:00     no answer
    L1    2     Sara   phone     Mon 5, 15:00   Mon 16:00     connected
    L1    3     Sara   email     Mon 5, 23:30   Tue 00:30     sent
    L2    1     Sara   phone     Mon 5, 08:30   Mon 09:30     connected
    L2    2     Sara   whatsapp  Wed 7, 10:00   Wed 11:00     replied
    L3    1     Otto   phone     Tue 6, 14:00   Tue 09:00     no answer
    L3    2     Otto   phone     Tue 6, 21:00   Tue 16:00     voicemail
    L3    3     Otto   email     Wed 7, 14:00   Wed 09:00     sent
    L3    4     Otto   whatsapp  Thu 8, 14:00   Thu 09:00     sent
    L3    5     Otto   phone     Fri 9, 14:00   Fri 09:00     no answer
    L3    6     Otto   phone     Mon 12, 14:00  Mon 09:00     no answer
    L3    7     Otto   phone     Tue 13, 21:00  Tue 16:00     meeting booked
    ====  ====  =====  ========  =============  ============  ===============

    Besides: a step done without outcome (L1) and a cancelled one (L3),
    which are no attempts.
    """

    ATTEMPTS = [
        # (lead, who, channel, UTC, outcome), not in the order they happened
        ("L2", "sara", "whatsapp", utc(7, 10), "replied"),
        ("L1", "sara", "phone", utc(5, 8), "no_answer"),
        ("L1", "sara", "phone", utc(5, 15), "connected"),
        ("L1", "sara", "email", utc(5, 23, 30), "sent"),
        ("L2", "sara", "phone", utc(5, 8, 30), "connected"),
        ("L3", "otto", "phone", utc(13, 21), "meeting_booked"),
        ("L3", "otto", "phone", utc(6, 14), "no_answer"),
        ("L3", "otto", "phone", utc(6, 21), "voicemail"),
        ("L3", "otto", "email", utc(7, 14), "sent"),
        ("L3", "otto", "whatsapp", utc(8, 14), "sent"),
        ("L3", "otto", "phone", utc(9, 14), "no_answer"),
        ("L3", "otto", "phone", utc(12, 14), "no_answer"),
    ]

    @classmethod
    def _setup_contact_rate_fixtures(cls):
        # Only the steps written here: no rule schedules anything.
        cls.env["prospect.followup.rule"].search([]).active = False
        cls.user_salesman.tz = "Europe/Madrid"
        cls.user_salesman_other.tz = False
        cls.company.resource_calendar_id.tz = "America/New_York"
        cls.users = {"sara": cls.user_salesman, "otto": cls.user_salesman_other}
        cls.leads = {
            "L1": cls._create_leads(1, name="Contacto L1"),
            "L2": cls._create_leads(1, name="Contacto L2"),
            "L3": cls._create_leads(
                1, name="Contacto L3", user_id=cls.user_salesman_other.id
            ),
        }
        cls.types = {
            channel: cls.env.ref(xmlid) for channel, xmlid in CHANNEL_TYPES.items()
        }
        cls.rule = cls.env["prospect.followup.rule"].create(
            {
                "name": "PQ Contact Cadence",
                "active": False,
                "trigger": "lead_created",
                "company_id": cls.company.id,
                "user_id": cls.user_manager.id,
                "step_ids": [
                    Command.create(
                        {"sequence": 1, "activity_type_id": cls.types["phone"].id}
                    )
                ],
            }
        )
        vals_list = [
            cls._attempt_vals(cls.leads[lead], cls.users[who], channel, done, outcome)
            for lead, who, channel, done, outcome in cls.ATTEMPTS
        ]
        # Not attempts: done without outcome, cancelled.
        vals_list.append(
            cls._attempt_vals(
                cls.leads["L1"], cls.user_salesman, "phone", utc(5, 9), False
            )
        )
        cancelled = cls._attempt_vals(
            cls.leads["L3"], cls.user_salesman_other, "phone", False, False
        )
        cancelled.update(state="cancelled", stop_reason="won")
        vals_list.append(cancelled)
        # sudo: the outcome is given by the UI of the activities; tests
        # write it directly.
        cls.executions = cls.env["prospect.followup.execution"].sudo().create(vals_list)

    @classmethod
    def _attempt_vals(cls, lead, user, channel, done, outcome, **values):
        return {
            "lead_id": lead.id,
            "rule_id": cls.rule.id,
            "step_id": cls.rule.step_ids.id,
            "activity_type_id": cls.types[channel].id,
            "user_id": user.id,
            "team_id": lead.team_id.id,
            "company_id": lead.company_id.id,
            "date_planned": (done or utc(5, 0)) - timedelta(hours=1),
            "date_deadline": (done or utc(5, 0)) + timedelta(days=1),
            "state": "done" if done else "planned",
            "date_done": done,
            "outcome": outcome,
            **values,
        }


class ContactRateCase(ContactRateFixtures, ProspectQualificationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_contact_rate_fixtures()
        cls.Report = cls.env["prospect.contact.rate.report"]
        cls.Dashboard = cls.env["prospect.qualification.dashboard"]

    def _groups(self, groupby, domain=(), user=None):
        Report = self.Report.with_user(user) if user else self.Report
        return {
            row[groupby]: (row["attempts"], row["reached"], row["contact_rate"])
            for row in Report.read_group(
                [("team_id", "=", self.team.id), *domain],
                ["attempts:sum", "reached:sum", "contact_rate:avg"],
                [groupby],
                lazy=False,
            )
        }


@tagged("post_install", "-at_install")
class TestContactRateReport(ContactRateCase):
    def test_only_done_attempts_with_an_outcome(self):
        rows = self.Report.search([("team_id", "=", self.team.id)])
        self.assertEqual(len(rows), len(self.ATTEMPTS))
        self.assertEqual(
            sorted(rows.mapped("outcome")),
            sorted(outcome for *_rest, outcome in self.ATTEMPTS),
        )

    def test_rate_per_channel(self):
        groups = self._groups("channel")
        self.assertEqual(groups["phone"][:2], (8, 3))
        self.assertAlmostEqual(groups["phone"][2], 37.5)
        self.assertEqual(groups["email"], (2, 0, 0))
        self.assertEqual(groups["whatsapp"][:2], (2, 1))
        self.assertAlmostEqual(groups["whatsapp"][2], 50)
        [total] = self.Report.read_group(
            [("team_id", "=", self.team.id)],
            ["attempts:sum", "reached:sum", "contact_rate:avg"],
            [],
        )
        self.assertEqual((total["attempts"], total["reached"]), (12, 4))
        self.assertAlmostEqual(total["contact_rate"], 100 / 3)

    def test_hour_of_day_on_the_salespersons_clock(self):
        # Sara on Madrid's clock, Otto on his company's (New York): in UTC
        # the calls would be at 8, 14, 15 and 21 h.
        groups = self._groups("hour_of_day", [("channel", "=", "phone")])
        self.assertEqual(set(groups), {9, 16})
        self.assertEqual(groups[9][:2], (5, 1))
        self.assertAlmostEqual(groups[9][2], 20)
        self.assertEqual(groups[16][:2], (3, 2))
        self.assertAlmostEqual(groups[16][2], 200 / 3)

    def test_summer_time_moves_with_the_date(self):
        # July: Madrid is UTC+2.
        self.env["prospect.followup.execution"].sudo().create(
            self._attempt_vals(
                self.leads["L2"],
                self.user_salesman,
                "phone",
                datetime(2026, 7, 6, 8, 0),
                "connected",
            )
        )
        row = self.Report.search(
            [("lead_id", "=", self.leads["L2"].id), ("attempt_number", "=", 3)]
        )
        self.assertEqual((row.hour_of_day, row.weekday), (10, "1"))

    def test_user_time_zone_first_then_the_company_calendar(self):
        otto_first = self.Report.search(
            [("lead_id", "=", self.leads["L3"].id), ("attempt_number", "=", 1)]
        )
        self.assertEqual(otto_first.hour_of_day, 9)  # New York
        self.user_salesman_other.tz = "Europe/Madrid"
        self.assertEqual(otto_first.hour_of_day, 9, "cached")
        otto_first.invalidate_recordset()
        self.assertEqual(otto_first.hour_of_day, 15)
        # Neither: UTC.
        self.user_salesman_other.tz = False
        self.company.resource_calendar_id = False
        otto_first.invalidate_recordset()
        self.assertEqual(otto_first.hour_of_day, 14)

    def test_weekday_is_the_local_day(self):
        groups = self._groups("weekday")
        # Monday: L1 1-2, L2 1, L3 6; Tuesday: L1's e-mail sent at 23:30
        # UTC on Monday (00:30 in Madrid), L3 1, 2 and 7.
        self.assertEqual(groups["1"][:2], (4, 2))
        self.assertEqual(groups["2"][:2], (4, 1))
        self.assertEqual(groups["3"][:2], (2, 1))
        self.assertEqual(groups["4"][:2], (1, 0))
        self.assertEqual(groups["5"][:2], (1, 0))
        email = self.Report.search(
            [("lead_id", "=", self.leads["L1"].id), ("channel", "=", "email")]
        )
        self.assertEqual((email.weekday, email.hour_of_day), ("2", 0))

    def test_attempt_number_on_the_lead(self):
        rows = self.Report.search([("team_id", "=", self.team.id)])
        numbers = {(row.lead_id, row.date_done): row.attempt_number for row in rows}
        for lead in self.leads.values():
            dates = sorted(date for (other, date) in numbers if other == lead)
            with self.subTest(lead=lead.name):
                self.assertEqual(
                    [numbers[lead, date] for date in dates],
                    list(range(1, len(dates) + 1)),
                )
        groups = {
            row["attempt_group"]: (
                row["attempts"],
                row["reached"],
                row["first_reached"],
            )
            for row in self.Report.read_group(
                [("team_id", "=", self.team.id)],
                ["attempts:sum", "reached:sum", "first_reached:sum"],
                ["attempt_group"],
            )
        }
        self.assertEqual(
            groups,
            {
                "1": (3, 1, 1),
                "2": (3, 2, 1),
                "3": (2, 0, 0),
                "4": (1, 0, 0),
                "5": (1, 0, 0),
                "6": (2, 1, 1),  # the sixth and the seventh
            },
        )

    def test_attempt_number_ignores_the_filters(self):
        """The n-th attempt on the lead, even when earlier ones are
        filtered out (another channel, another period)."""
        rows = self.Report.search(
            [("lead_id", "=", self.leads["L3"].id), ("channel", "=", "whatsapp")]
        )
        self.assertEqual(rows.attempt_number, 4)
        rows = self.Report.search(
            [("lead_id", "=", self.leads["L3"].id), ("date_done", ">=", utc(12, 0))]
        )
        self.assertEqual(sorted(rows.mapped("attempt_number")), [6, 7])

    def test_new_outcome_shows_at_once(self):
        execution = self.executions.filtered(
            lambda execution: not execution.outcome and execution.state == "done"
        )
        execution.sudo().outcome = "connected"
        groups = self._groups("channel")
        self.assertEqual(groups["phone"][:2], (9, 4))


@tagged("post_install", "-at_install")
class TestContactRateAccess(ContactRateCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_employee = mail_new_test_user(
            cls.env, login="pq_contact_employee", groups="base.group_user"
        )

    def test_salesperson_sees_own_attempts_and_own_leads(self):
        rows = self.Report.with_user(self.user_salesman).search([])
        self.assertEqual(rows.lead_id, self.leads["L1"] | self.leads["L2"])
        card = self.Dashboard.with_user(self.user_salesman).get_dashboard_data(
            0, self.team.id
        )["contact_rate"]
        self.assertEqual((card["attempts"], card["reached"]), (5, 3))
        rows = self.Report.with_user(self.user_salesman_other).search(
            [("team_id", "=", self.team.id)]
        )
        self.assertEqual(rows.lead_id, self.leads["L3"])

    def test_salesperson_sees_her_attempts_on_others_leads(self):
        self.env["prospect.followup.execution"].sudo().create(
            self._attempt_vals(
                self.leads["L3"], self.user_salesman, "phone", utc(14, 9), "connected"
            )
        )
        rows = self.Report.with_user(self.user_salesman).search(
            [("lead_id", "=", self.leads["L3"].id)]
        )
        # Her attempt only; still numbered over the lead's attempts.
        self.assertEqual(
            (len(rows), rows.user_id, rows.attempt_number), (1, self.user_salesman, 8)
        )

    def test_managers_see_everything(self):
        rows = self.Report.with_user(self.user_manager).search(
            [("team_id", "=", self.team.id)]
        )
        self.assertEqual(len(rows), 12)

    def test_other_company_is_hidden(self):
        company_b = self.env["res.company"].create({"name": "Distribuciones Sur SL"})
        lead_b = self._create_leads(
            1, team_id=False, user_id=False, company_id=company_b.id
        )
        # In our team's figures, were it not for the company.
        self.env["prospect.followup.execution"].sudo().create(
            self._attempt_vals(
                lead_b,
                self.user_manager,
                "phone",
                utc(5, 9),
                "connected",
                team_id=self.team.id,
            )
        )
        self.assertEqual(
            len(self.Report.search([("lead_id", "=", lead_b.id)])), 1, "as superuser"
        )
        Report = self.Report.with_user(self.user_manager)
        self.assertFalse(Report.search([("lead_id", "=", lead_b.id)]))
        card = self.Dashboard.with_user(self.user_manager).get_dashboard_data(
            0, self.team.id
        )["contact_rate"]
        self.assertEqual((card["attempts"], card["reached"]), (12, 4))
        # Seen from the second company only: its attempt only.
        self.user_manager.company_ids |= company_b
        Report = self.Report.with_user(self.user_manager).with_context(
            allowed_company_ids=company_b.ids
        )
        self.assertEqual(Report.search([]).lead_id, lead_b)

    def test_employee_without_sales_rights_is_refused(self):
        with self.assertRaises(AccessError):
            self.Report.with_user(self.user_employee).search([])

    def test_report_is_read_only(self):
        row = self.Report.with_user(self.user_manager).search([], limit=1)
        with self.assertRaises(AccessError):
            row.write({"reached": 0})


@tagged("post_install", "-at_install")
class TestContactRateDashboard(ContactRateCase):
    def _card(self, period_days=0, team_id=None):
        return self.Dashboard.get_dashboard_data(
            period_days, self.team.id if team_id is None else team_id
        )["contact_rate"]

    def test_card(self):
        card = self._card()
        self.assertEqual(
            (card["attempts"], card["reached"], card["rate"]), (12, 4, 33.3)
        )
        self.assertEqual(
            card["hours"],
            [
                {"hour": 9, "attempts": 5, "reached": 1, "rate": 20.0, "best": True},
                {"hour": 16, "attempts": 3, "reached": 2, "rate": 66.7, "best": True},
            ],
        )
        self.assertEqual(card["best_hours"], [16, 9])
        self.assertEqual(
            [
                (row["channel"], row["attempts"], row["reached"], row["rate"])
                for row in card["channels"]
            ],
            [("whatsapp", 2, 1, 50.0), ("phone", 8, 3, 37.5), ("email", 2, 0, 0.0)],
        )
        self.assertEqual(
            [
                (row["label"], row["attempts"], row["rate"], row["cumulative"])
                for row in card["by_attempt"]
            ],
            [
                ("1", 3, 33.3, 33.3),
                ("2", 3, 66.7, 66.7),
                ("3", 2, 0.0, 66.7),
                ("4", 1, 0.0, 66.7),
                ("5", 1, 0.0, 66.7),
                ("6+", 2, 50.0, 100.0),
            ],
        )
        self.assertEqual(card["leads_reached"], 3)
        self.assertEqual((card["attempts_to_target"], card["target"]), ("6+", 90.0))

    def test_hours_with_few_calls_are_not_best(self):
        self.env["prospect.followup.execution"].sudo().create(
            self._attempt_vals(
                self.leads["L2"], self.user_salesman, "phone", utc(8, 11), "connected"
            )
        )
        card = self._card()
        noon = next(row for row in card["hours"] if row["hour"] == 12)
        self.assertEqual((noon["rate"], noon["best"]), (100.0, False))
        self.assertEqual(card["best_hours"], [16, 9])

    def test_period_is_the_moment_of_the_attempt(self):
        card = self._card(30)
        self.assertEqual(card["attempts"], 0)
        self.assertIsNone(card["rate"])
        self.assertEqual(card["hours"], [])
        self.assertIsNone(card["attempts_to_target"])
        self.assertTrue(all(row["cumulative"] is None for row in card["by_attempt"]))
        execution = self.executions.filtered(lambda e: e.outcome == "connected")[0]
        execution.date_done = datetime.now() - timedelta(days=2)
        card = self._card(30)
        self.assertEqual((card["attempts"], card["reached"]), (1, 1))

    def test_team_filter(self):
        other_team = self.env["crm.team"].create({"name": "Equipo Sur"})
        self.assertEqual(self._card(0, other_team.id)["attempts"], 0)
        # Every team: ours and whatever else the database holds.
        self.assertEqual(self._card(0, False)["attempts"], self.Report.search_count([]))

    def test_card_opens_the_pivot_with_the_filters(self):
        action = self.Dashboard.action_open_report("contact_rate", 90, self.team.id)
        self.assertEqual(action["res_model"], "prospect.contact.rate.report")
        self.assertEqual(action["view_mode"], "pivot,graph,list")
        self.assertEqual(
            action["context"],
            {"search_default_done_last_90": 1, "search_default_team_id": self.team.id},
        )

    def test_card_queries_do_not_grow_with_the_attempts(self):
        leads = self._create_leads(5)
        outcomes = ["no_answer", "connected", "sent", "replied", "voicemail"]
        channels = ["phone", "phone", "email", "whatsapp", "phone"]

        def make_attempts(count):
            return (
                self.env["prospect.followup.execution"]
                .sudo()
                .create(
                    [
                        self._attempt_vals(
                            leads[index % 5],
                            self.user_salesman,
                            channels[index % 5],
                            utc(1 + index % 28, 7 + index % 12, index % 60),
                            outcomes[index % 5],
                        )
                        for index in range(count)
                    ]
                )
            )

        def card(_attempts):
            # As a salesperson: record rules in every query.
            self.Dashboard.with_user(self.user_salesman)._dashboard_contact_rate(
                0, self.team.id
            )

        # Per channel and hour, per attempt number: two queries.
        self.assertFlatQueryCount(make_attempts, card, 2)
