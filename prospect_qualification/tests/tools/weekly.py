# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Working schedules for the tests of tools/, without the database: a week
of working hours and some days off, as a calendar's attendances and leaves
would give them."""

from datetime import date, datetime, time, timedelta

import pytz

from ...tools.work_time import WorkSchedule

# Monday 2 March 2026: Madrid is UTC+1 until 29 March.
MONDAY = date(2026, 3, 2)
OFFICE = [(8, 12), (13, 17)]
# Monday to Friday; Sunday to Thursday (a Friday-Saturday weekend); Monday
# to Saturday (a six-day week, Saturday mornings).
MONDAY_TO_FRIDAY = dict.fromkeys(range(5), OFFICE)
SUNDAY_TO_THURSDAY = dict.fromkeys((6, 0, 1, 2, 3), OFFICE)
MONDAY_TO_SATURDAY = {**MONDAY_TO_FRIDAY, 5: [(9, 14)]}


def utc(day, hour, minute=0):
    """An aware UTC datetime on `day` (a date)."""
    return pytz.utc.localize(datetime.combine(day, time(hour, minute)))


class WeeklyCalendar:
    """What resource.calendar gives for a week of `hours` {weekday: [(from,
    to)]} in `tz` and `days_off` (dates, whole days): `load` counts its
    calls."""

    def __init__(self, hours, tz="Europe/Madrid", days_off=()):
        self.hours, self.tz, self.days_off = hours, pytz.timezone(tz), days_off
        self.loads = []

    def _local(self, day, hour):
        return self.tz.localize(datetime.combine(day, time(hour)))

    def load(self, start, stop):
        self.loads.append((start, stop))
        day = start.astimezone(self.tz).date() - timedelta(days=1)
        attendances, leaves = [], []
        while self._local(day, 0) < stop:
            for hour_from, hour_to in self.hours.get(day.weekday(), ()):
                begin, end = self._local(day, hour_from), self._local(day, hour_to)
                if begin < stop and end > start:
                    attendances.append((max(begin, start), min(end, stop), None))
            if day in self.days_off:
                begin = self._local(day, 0)
                end = self._local(day + timedelta(days=1), 0)
                leaves.append((max(begin, start), min(end, stop), None))
            day += timedelta(days=1)
        return attendances, leaves

    def schedule(self):
        return WorkSchedule(id(self), self.tz.zone, self.load)
