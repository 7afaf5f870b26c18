# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The company's calendar says which days are worked: a company whose
weekend is Friday and Saturday, or that works Saturday mornings, gets its
cadence steps (delays in working days, contact hours) and its first-response
deadlines (working minutes) on its own working days. The contact's
preferred hours are fitted into the company's working hours."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from ..followup_common import MONDAY, FollowupCase

# Monday 2 March 2026: Madrid is UTC+1.
THURSDAY = datetime(2026, 3, 5, 11, 0)  # noon in Madrid
FRIDAY = datetime(2026, 3, 6, 11, 0)
SUNDAY = date(2026, 3, 8)
SATURDAY = date(2026, 3, 7)


@tagged("post_install", "-at_install")
class TestFollowupWorkingWeek(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        office = [(8, 12, "morning"), (13, 17, "afternoon")]
        cls.sunday_to_thursday = cls._calendar(
            "PQ Friday-Saturday Weekend", {day: office for day in (6, 0, 1, 2, 3)}
        )
        cls.monday_to_saturday = cls._calendar(
            "PQ Six-Day Week",
            {**{day: office for day in range(5)}, 5: [(9, 14, "morning")]},
        )
        cls.weekdays = {
            day.dayofweek: day for day in cls.env["prospect.weekday"].search([])
        }

    @classmethod
    def _calendar(cls, name, week):
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "tz": "Europe/Madrid",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{name} {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day, periods in week.items()
                    for start, end, period in periods
                ],
            }
        )

    def _plan(self, calendar, when, step, **lead_values):
        self.company.resource_calendar_id = calendar
        rule = self._make_rule(steps=[step])
        with freeze_time(when):
            lead = self._create_leads(1, **lead_values)
        execution = self._executions(lead, rule)
        self.assertEqual(len(execution), 1)
        return execution

    def _first_response_deadline(self, calendar, when):
        self.team.write(
            {
                "first_response_calendar_id": calendar.id,
                "first_response_minutes_inbound": 5,
            }
        )
        lead = self._create_leads(1, prospecting_type="inbound")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s", (when, lead.id)
        )
        lead.invalidate_recordset(["create_date"])
        lead._followup_set_first_response_deadline()
        return lead.first_response_deadline

    def test_friday_saturday_weekend(self):
        calendar = self.sunday_to_thursday
        # Thursday + 1 working day: Sunday.
        execution = self._plan(calendar, THURSDAY, {"delay": 1, "working_days": True})
        self.assertEqual(execution.activity_id.date_deadline, SUNDAY)
        # Due on Friday (a calendar day): reached on Sunday at 8:00.
        execution = self._plan(calendar, THURSDAY, {"delay": 1})
        self.assertEqual(execution.activity_id.date_deadline, SUNDAY)
        self.assertIn("08:00 their time", execution.activity_id.note)
        # Thursday 18:00, after hours: Sunday 8:00.
        execution = self._plan(
            calendar, datetime(2026, 3, 5, 17, 0), {"delay": 0, "delay_unit": "hours"}
        )
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 8, 7, 0))
        # 3 working hours from Thursday 16:00: Sunday 10:00.
        execution = self._plan(
            calendar,
            datetime(2026, 3, 5, 15, 0),
            {"delay": 3, "delay_unit": "hours", "working_days": True},
        )
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 8, 9, 0))
        # Within the contact's hours too, never on Friday.
        execution = self._plan(
            calendar,
            datetime(2026, 3, 5, 20, 0),
            {"delay": 0, "delay_unit": "hours"},
            preferred_contact_hour_from=9,
            preferred_contact_hour_to=20,
        )
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 8, 8, 0))
        # 5 working minutes from Thursday 16:58: Sunday 8:03.
        self.assertEqual(
            self._first_response_deadline(calendar, datetime(2026, 3, 5, 15, 58)),
            datetime(2026, 3, 8, 7, 3),
        )

    def test_six_day_week(self):
        calendar = self.monday_to_saturday
        execution = self._plan(calendar, FRIDAY, {"delay": 1, "working_days": True})
        self.assertEqual(execution.activity_id.date_deadline, SATURDAY)
        self.assertIn("09:00 their time", execution.activity_id.note)
        # Friday 18:00, after hours: Saturday 9:00.
        execution = self._plan(
            calendar, datetime(2026, 3, 6, 17, 0), {"delay": 0, "delay_unit": "hours"}
        )
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 7, 8, 0))
        # A contact who prefers Saturdays gets called on Saturday.
        execution = self._plan(
            calendar,
            MONDAY,
            {"delay": 0, "delay_unit": "hours"},
            preferred_contact_days=[Command.set(self.weekdays["5"].ids)],
        )
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 7, 8, 0))
        # 5 working minutes from Friday 16:58: Saturday 9:03.
        self.assertEqual(
            self._first_response_deadline(calendar, datetime(2026, 3, 6, 15, 58)),
            datetime(2026, 3, 7, 8, 3),
        )

    def test_preferred_hours_within_the_company_hours(self):
        # From 7:00 in Madrid, the contact prefers 7-10: from 8:00, when the
        # office opens.
        execution = self._plan(
            self.calendar,
            datetime(2026, 3, 2, 6, 0),
            {"delay": 0, "delay_unit": "hours"},
            preferred_contact_hour_from=7,
            preferred_contact_hour_to=10,
        )
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 2, 7, 0))

    def test_preferred_hours_outside_the_company_hours(self):
        """Hours that never meet the office's: the contact's hours, on a
        working day of the company (the salesperson calls after hours)."""
        execution = self._plan(
            self.sunday_to_thursday,
            datetime(2026, 3, 5, 20, 30),  # Thursday 21:30: after them
            {"delay": 0, "delay_unit": "hours"},
            preferred_contact_hour_from=19,
            preferred_contact_hour_to=21,
        )
        self.assertEqual(execution.date_deadline, datetime(2026, 3, 8, 18, 0))
        self.assertIn("19:00 their time", execution.activity_id.note)

    def test_calendar_without_attendances(self):
        """Flexible hours (no attendances): every moment is working time, as
        without a calendar; the first response counts on the wall clock."""
        flexible = self.env["resource.calendar"].create(
            {
                "name": "PQ Flexible",
                "tz": "Europe/Madrid",
                "company_id": self.company.id,
                "attendance_ids": [Command.clear()],
            }
        )
        saturday_night = datetime(2026, 3, 7, 22, 0)
        execution = self._plan(
            flexible, saturday_night, {"delay": 1, "working_days": True}
        )
        self.assertEqual(execution.activity_id.date_deadline, date(2026, 3, 8))
        self.assertEqual(
            self._first_response_deadline(flexible, saturday_night),
            datetime(2026, 3, 7, 22, 5),
        )
