# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo.tests import BaseCase, tagged

from ...tools.followup_planning import (
    ContactWindow,
    DeadlinePlanner,
    next_contact_moment,
)
from .weekly import (
    MONDAY,
    MONDAY_TO_FRIDAY,
    MONDAY_TO_SATURDAY,
    SUNDAY_TO_THURSDAY,
    WeeklyCalendar,
    utc,
)

THURSDAY, FRIDAY, SATURDAY, SUNDAY = (
    MONDAY + timedelta(days=offset) for offset in (3, 4, 5, 6)
)
NEXT_MONDAY = MONDAY + timedelta(days=7)
MADRID = "Europe/Madrid"
ANY_TIME = ContactWindow(MADRID, None, None)


def naive(moment):
    return moment.replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestDeadlinePlanner(BaseCase):
    """Delays in working days and hours follow the company's calendar."""

    def _plan(self, week, start, delay, unit="days", working=True):
        planner = DeadlinePlanner(delay, unit, working)
        schedule = week and WeeklyCalendar(week).schedule()
        return planner.plan(naive(start), schedule, MADRID)

    def test_working_days_of_a_friday_saturday_weekend(self):
        deadline, due = self._plan(SUNDAY_TO_THURSDAY, utc(THURSDAY, 11), 1)
        self.assertEqual(due, SUNDAY)
        self.assertEqual(deadline, datetime(2026, 3, 8, 22, 59, 59))
        # Due "today" on a Friday: Sunday.
        self.assertEqual(self._plan(SUNDAY_TO_THURSDAY, utc(FRIDAY, 11), 0)[1], SUNDAY)

    def test_working_days_of_a_six_day_week(self):
        self.assertEqual(
            self._plan(MONDAY_TO_SATURDAY, utc(FRIDAY, 11), 1)[1], SATURDAY
        )
        self.assertEqual(
            self._plan(MONDAY_TO_SATURDAY, utc(SATURDAY, 11), 1)[1], NEXT_MONDAY
        )
        self.assertEqual(
            self._plan(MONDAY_TO_FRIDAY, utc(FRIDAY, 11), 1)[1], NEXT_MONDAY
        )

    def test_working_hours(self):
        # Thursday 16:00 in Madrid + 3 working hours: Sunday 10:00.
        deadline, due = self._plan(
            SUNDAY_TO_THURSDAY, utc(THURSDAY, 15), 3, unit="hours"
        )
        self.assertEqual((deadline, due), (naive(utc(SUNDAY, 9)), SUNDAY))

    def test_calendar_time(self):
        self.assertEqual(
            self._plan(SUNDAY_TO_THURSDAY, utc(THURSDAY, 11), 1, working=False)[1],
            FRIDAY,
        )
        # Without a calendar every day is a working day.
        self.assertEqual(self._plan(None, utc(FRIDAY, 11), 1)[1], SATURDAY)

    def test_step_in_days_moves_to_the_contact_s_working_day(self):
        planner = DeadlinePlanner(0, "days", False)
        schedule = WeeklyCalendar(SUNDAY_TO_THURSDAY).schedule()
        deadline, due, moment = planner.plan_in_window(
            naive(utc(FRIDAY, 11)), schedule, MADRID, ANY_TIME
        )
        self.assertEqual(due, SUNDAY)
        self.assertEqual(moment, naive(utc(SUNDAY, 7)))
        self.assertEqual(deadline, datetime(2026, 3, 8, 22, 59, 59))


@tagged("post_install", "-at_install")
class TestNextContactMoment(BaseCase):
    """The contact's days and hours within the company's working days and
    hours; what is left when they never meet."""

    def _next(self, moment, window, week=SUNDAY_TO_THURSDAY, days_off=()):
        schedule = week and WeeklyCalendar(week, days_off=days_off).schedule()
        return next_contact_moment(moment, schedule, window)

    def test_company_hours_and_days(self):
        # Thursday 17:30 in Madrid, after hours: Sunday 8:00 (Friday and
        # Saturday are the weekend).
        self.assertEqual(self._next(utc(THURSDAY, 16, 30), ANY_TIME), utc(SUNDAY, 7))
        # Friday 18:00 in a six-day week: Saturday 9:00.
        self.assertEqual(
            self._next(utc(FRIDAY, 17), ANY_TIME, MONDAY_TO_SATURDAY), utc(SATURDAY, 8)
        )
        # Within the hours: at once.
        self.assertEqual(self._next(utc(SUNDAY, 9), ANY_TIME), utc(SUNDAY, 9))

    def test_preferred_hours_within_the_company_s(self):
        window = ContactWindow(MADRID, None, (9.5, 12.0))
        self.assertEqual(self._next(utc(THURSDAY, 16, 30), window), utc(SUNDAY, 8, 30))
        # Partly outside: the part within (16:00-17:00).
        window = ContactWindow(MADRID, None, (16.0, 20.0))
        self.assertEqual(self._next(utc(THURSDAY, 10), window), utc(THURSDAY, 15))

    def test_preferred_hours_outside_the_company_s(self):
        """Their hours never meet ours: their hours on our working days."""
        window = ContactWindow(MADRID, None, (19.0, 21.0))
        self.assertEqual(self._next(utc(THURSDAY, 10), window), utc(THURSDAY, 18))
        # Never on our weekend, nor on a day off.
        self.assertEqual(self._next(utc(THURSDAY, 20, 30), window), utc(SUNDAY, 18))
        self.assertEqual(
            self._next(utc(THURSDAY, 20, 30), window, days_off=[SUNDAY]),
            utc(MONDAY + timedelta(days=7), 18),
        )
        # A contact abroad: 9-11 in Mexico City is 16-18 in Madrid: the
        # part within our hours.
        window = ContactWindow("America/Mexico_City", None, (9.0, 11.0))
        self.assertEqual(self._next(utc(SUNDAY, 7), window), utc(SUNDAY, 15))

    def test_preferred_days(self):
        # Friday is our weekend: Sunday of the two days preferred.
        window = ContactWindow(MADRID, frozenset({4, 6}), None)
        self.assertEqual(self._next(utc(THURSDAY, 16, 30), window), utc(SUNDAY, 7))
        window = ContactWindow(MADRID, frozenset({1}), None)
        self.assertEqual(
            self._next(utc(THURSDAY, 16, 30), window), utc(MONDAY + timedelta(8), 7)
        )
        # Only days we never work: any working day.
        window = ContactWindow(MADRID, frozenset({4, 5}), (9.0, 20.0))
        self.assertEqual(self._next(utc(THURSDAY, 20), window), utc(SUNDAY, 8))

    def test_without_a_calendar(self):
        window = ContactWindow(MADRID, None, (9.0, 12.0))
        self.assertEqual(
            self._next(utc(FRIDAY, 20), window, week=None), utc(SATURDAY, 8)
        )
        self.assertEqual(
            self._next(utc(FRIDAY, 20), ANY_TIME, week=None), utc(FRIDAY, 20)
        )

    def test_no_working_time_at_all(self):
        self.assertEqual(
            self._next(utc(FRIDAY, 20), ANY_TIME, week={}), utc(FRIDAY, 20)
        )
