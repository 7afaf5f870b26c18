# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from ..followup_common import FRIDAY, MONDAY, FollowupCase

# Monday 2 March 2026: Madrid is UTC+1, Mexico City UTC-6, Bogotá UTC-5.


@tagged("post_install", "-at_install")
class TestFollowupContactHours(FollowupCase):
    """Steps are planned when the contact may be reached: their preferred
    days and hours in their time zone, else the company's working hours;
    never on a weekend nor on a public holiday of the company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mexico = cls.env["res.partner"].create(
            {"name": "PQ Contacto México", "tz": "America/Mexico_City"}
        )
        cls.weekdays = {
            day.dayofweek: day for day in cls.env["prospect.weekday"].search([])
        }

    def _plan(self, when, step=None, **lead_values):
        rule = self._make_rule(steps=[step or {"delay": 0, "delay_unit": "hours"}])
        with freeze_time(when):
            lead = self._create_leads(1, **lead_values)
        execution = self._executions(lead, rule)
        self.assertEqual(len(execution), 1)
        return execution

    def _days(self, *days):
        return [Command.set([self.weekdays[str(day)].id for day in days])]

    def test_preferred_hours_in_the_contact_time_zone(self):
        # 12:00 in Madrid is 05:00 in Mexico: reached at 09:00 their time.
        execution = self._plan(
            MONDAY,
            partner_id=self.mexico.id,
            preferred_contact_hour_from=9,
            preferred_contact_hour_to=11,
        )
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 2, 15, 0))
        self.assertEqual(execution.activity_id.date_deadline, date(2026, 3, 2))
        self.assertIn(
            "09:00 their time (America/Mexico_City)", execution.activity_id.note
        )

    def test_time_zone_of_the_country(self):
        colombia = self.env["res.partner"].create(
            {"name": "PQ Bogotá", "country_id": self.env.ref("base.co").id}
        )
        execution = self._plan(
            MONDAY,
            partner_id=colombia.id,
            preferred_contact_hour_from=9,
            preferred_contact_hour_to=10,
        )
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 2, 14, 0))
        self.assertIn("09:00 their time (America/Bogota)", execution.activity_id.note)
        # The lead's own country when its contact has none.
        execution = self._plan(
            MONDAY,
            country_id=self.env.ref("base.co").id,
            preferred_contact_hour_from=9,
            preferred_contact_hour_to=10,
        )
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 2, 14, 0))

    def test_company_working_hours_without_preferences(self):
        # Noon in Madrid is the lunch break (8-12, 13-17): 13:00.
        execution = self._plan(MONDAY)
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 2, 12, 0))
        self.assertIn("13:00 their time (Europe/Madrid)", execution.activity_id.note)
        # Within the hours: at once.
        execution = self._plan(datetime(2026, 3, 2, 9, 0))
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 2, 9, 0))

    def test_company_hours_in_the_contact_time_zone(self):
        # A contact in Mexico without preferences: our working hours, told in
        # their time (13:00 in Madrid is 06:00 in Mexico).
        execution = self._plan(MONDAY, partner_id=self.mexico.id)
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 2, 12, 0))
        self.assertIn(
            "06:00 their time (America/Mexico_City)", execution.activity_id.note
        )

    def test_weekend_is_skipped(self):
        # Friday 18:00 in Madrid, after hours: Monday 08:00.
        execution = self._plan(datetime(2026, 3, 6, 17, 0))
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 9, 7, 0))
        # Also within the preferred hours: Friday 21:00 is after them, and
        # never on Saturday nor Sunday.
        execution = self._plan(
            datetime(2026, 3, 6, 20, 0),
            preferred_contact_hour_from=9,
            preferred_contact_hour_to=20,
        )
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 9, 8, 0))
        # Even when the contact prefers the weekend.
        execution = self._plan(
            datetime(2026, 3, 6, 20, 0),
            preferred_contact_days=self._days(5, 6),
            preferred_contact_hour_from=9,
            preferred_contact_hour_to=20,
        )
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 9, 8, 0))

    def test_preferred_days(self):
        # Monday noon, the contact prefers Wednesdays and Thursdays.
        execution = self._plan(MONDAY, preferred_contact_days=self._days(2, 3))
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 4, 7, 0))
        # A step in days is due at the end of that day.
        execution = self._plan(
            MONDAY, step={"delay": 1}, preferred_contact_days=self._days(2, 3)
        )
        self.assertEqual(execution.activity_id.date_deadline, date(2026, 3, 4))
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 4, 22, 59, 59))
        self.assertIn("08:00 their time", execution.activity_id.note)

    def test_company_public_holiday_is_skipped(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "PQ Fiesta",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 8, 23, 0),
                "date_to": datetime(2026, 3, 9, 22, 59, 59),
            }
        )
        execution = self._plan(datetime(2026, 3, 6, 17, 0))
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 10, 7, 0))
        # Within the preferred hours of a contact abroad too.
        execution = self._plan(
            FRIDAY,
            step={"delay": 1},
            partner_id=self.mexico.id,
            preferred_contact_hour_from=9,
            preferred_contact_hour_to=12,
        )
        self.assertEqual(execution.activity_id.date_deadline, date(2026, 3, 10))

    def test_late_step_moves_to_the_next_morning(self):
        # Monday noon in Madrid + 10 hours: 22:00, out of hours.
        execution = self._plan(MONDAY, step={"delay": 10, "delay_unit": "hours"})
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 3, 7, 0))
        self.assertEqual(execution.activity_id.date_deadline, date(2026, 3, 3))
        execution = self._plan(
            MONDAY,
            step={"delay": 10, "delay_unit": "hours"},
            preferred_contact_hour_from=9.5,
            preferred_contact_hour_to=12,
        )
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 3, 8, 30))
        self.assertIn("09:30 their time", execution.activity_id.note)

    def test_their_time_is_translated(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.user_salesman.lang = "es_ES"
        self.env["ir.module.module"]._load_module_terms(
            ["prospect_qualification"], ["es_ES"], overwrite=True
        )
        execution = self._plan(MONDAY)
        self.assertIn("13:00", execution.activity_id.note)
        self.assertNotIn("their time", execution.activity_id.note)

    def test_planning_stays_batched(self):
        """One planning per contact window, no query per lead: the same
        number of queries for 5 and 20 leads with different contacts."""
        # Not started by the creation of the leads.
        rule = self._make_rule(
            trigger="stage_entered",
            stage_id=self.stage_prospect.id,
            steps=[{"delay": 2, "delay_unit": "hours"}],
        )
        countries = [self.env.ref(f"base.{code}") for code in ("co", "mx", "es", "ar")]
        counts = []
        for size in (5, 20):
            partners = self.env["res.partner"].create(
                [
                    {"name": f"PQ {i}", "country_id": countries[i % 4].id}
                    for i in range(size)
                ]
            )
            leads = self.env["crm.lead"].create(
                [
                    {
                        "name": f"PQ {i}",
                        "partner_id": partner.id,
                        "company_id": self.company.id,
                        "team_id": self.team.id,
                        "user_id": self.user_salesman.id,
                        "preferred_contact_hour_from": 8 + i % 3,
                        "preferred_contact_hour_to": 18,
                    }
                    for i, partner in enumerate(partners)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.Engine._start_cadences(rule, leads)
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(len(self._executions(leads, rule)), size)
        self.assertGrowthIsOrmChunking(counts, (5, 20), tables=4)
