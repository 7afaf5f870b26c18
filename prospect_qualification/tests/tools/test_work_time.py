# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.tests import BaseCase, tagged

from ...tools.work_time import PERIOD, WorkTimeline
from .weekly import (
    MONDAY,
    MONDAY_TO_FRIDAY,
    MONDAY_TO_SATURDAY,
    SUNDAY_TO_THURSDAY,
    WeeklyCalendar,
    utc,
)

TUESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = (
    MONDAY + timedelta(days=offset) for offset in (1, 3, 4, 5, 6)
)
NEXT_MONDAY = MONDAY + timedelta(days=7)


@tagged("post_install", "-at_install")
class TestWorkSchedule(BaseCase):
    """The calendar's attendances and leaves say which days are worked."""

    def test_working_days_are_the_calendar_s(self):
        week = (MONDAY, MONDAY + timedelta(days=6))
        expected = {
            "Monday to Friday": (MONDAY_TO_FRIDAY, set(range(5))),
            "Friday-Saturday weekend": (SUNDAY_TO_THURSDAY, {6, 0, 1, 2, 3}),
            "six-day week": (MONDAY_TO_SATURDAY, set(range(6))),
        }
        for name, (hours, weekdays) in expected.items():
            with self.subTest(name):
                schedule = WeeklyCalendar(hours).schedule()
                self.assertEqual(
                    {day.weekday() for day in schedule.working_days(*week)}, weekdays
                )

    def test_days_off_are_not_working_days(self):
        schedule = WeeklyCalendar(MONDAY_TO_FRIDAY, days_off=[TUESDAY]).schedule()
        self.assertNotIn(TUESDAY, schedule.working_days(MONDAY, FRIDAY))
        self.assertEqual(schedule.add_working_days(MONDAY, 1), MONDAY + timedelta(2))

    def test_add_working_days(self):
        cases = [
            # (week, day, count, expected)
            (MONDAY_TO_FRIDAY, FRIDAY, 1, NEXT_MONDAY),
            (MONDAY_TO_FRIDAY, SATURDAY, 0, NEXT_MONDAY),
            (MONDAY_TO_FRIDAY, FRIDAY, 0, FRIDAY),
            (MONDAY_TO_FRIDAY, MONDAY, 5, NEXT_MONDAY),
            (SUNDAY_TO_THURSDAY, THURSDAY, 1, SUNDAY),
            (SUNDAY_TO_THURSDAY, FRIDAY, 0, SUNDAY),
            (SUNDAY_TO_THURSDAY, SATURDAY, 1, SUNDAY),
            (SUNDAY_TO_THURSDAY, SUNDAY, 1, NEXT_MONDAY),
            (MONDAY_TO_SATURDAY, FRIDAY, 1, SATURDAY),
            (MONDAY_TO_SATURDAY, SATURDAY, 1, NEXT_MONDAY),
            (MONDAY_TO_SATURDAY, MONDAY, 6, NEXT_MONDAY),
        ]
        for hours, day, count, expected in cases:
            with self.subTest(day=day, count=count, week=sorted(hours)):
                schedule = WeeklyCalendar(hours).schedule()
                self.assertEqual(schedule.add_working_days(day, count), expected)

    def test_add_working_time(self):
        # Friday 16:00 in Madrid + 3 working hours: Monday 10:00 (8-12, 13-17).
        schedule = WeeklyCalendar(MONDAY_TO_FRIDAY).schedule()
        self.assertEqual(
            schedule.add_working_time(utc(FRIDAY, 15), timedelta(hours=3)),
            utc(NEXT_MONDAY, 9),
        )
        # Saturday morning in a six-day week (9-14).
        schedule = WeeklyCalendar(MONDAY_TO_SATURDAY).schedule()
        self.assertEqual(
            schedule.add_working_time(utc(FRIDAY, 15), timedelta(hours=3)),
            utc(SATURDAY, 10),
        )
        # Nothing to add: the first working moment.
        self.assertEqual(
            schedule.add_working_time(utc(FRIDAY, 20), timedelta(0)), utc(SATURDAY, 8)
        )

    def test_no_working_time_at_all(self):
        schedule = WeeklyCalendar({}).schedule()
        self.assertIsNone(schedule.add_working_days(MONDAY, 1))
        self.assertIsNone(schedule.add_working_time(utc(MONDAY, 9), timedelta(1)))

    def test_read_once_per_period(self):
        calendar = WeeklyCalendar(MONDAY_TO_FRIDAY)
        schedule = calendar.schedule()
        # Three months: one read.
        schedule.work(utc(MONDAY, 0), utc(MONDAY, 0) + 3 * PERIOD)
        self.assertEqual(len(calendar.loads), 1)
        schedule.working_days(MONDAY, MONDAY + timedelta(days=60))
        schedule.add_working_days(MONDAY, 20)
        self.assertEqual(len(calendar.loads), 1)
        # Only what is missing is read.
        schedule.work(utc(MONDAY, 0), utc(MONDAY, 0) + 4 * PERIOD)
        self.assertEqual(len(calendar.loads), 2)
        self.assertGreaterEqual(calendar.loads[1][0], calendar.loads[0][1])


@tagged("post_install", "-at_install")
class TestWorkTimeline(BaseCase):
    def setUp(self):
        super().setUp()
        schedule = WeeklyCalendar(SUNDAY_TO_THURSDAY).schedule()
        self.timeline = schedule.timeline(utc(MONDAY, 0), utc(MONDAY, 0) + PERIOD)

    def test_working_minutes_skip_the_calendar_s_weekend(self):
        # Thursday 16:58 in Madrid + 5 working minutes: Sunday 8:03.
        thursday = utc(THURSDAY, 15, 58).replace(tzinfo=None)
        self.assertEqual(
            self.timeline.add_minutes(thursday, 5),
            utc(SUNDAY, 7, 3).replace(tzinfo=None),
        )
        self.assertEqual(
            self.timeline.minutes_between(thursday, utc(SUNDAY, 7, 3)), 5.0
        )

    def test_past_the_timeline(self):
        self.assertIsNone(self.timeline.add_minutes(utc(MONDAY, 9), 60 * 8 * 40))
        self.assertIsInstance(self.timeline, WorkTimeline)
