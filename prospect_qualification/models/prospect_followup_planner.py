# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Deadlines of cadence steps: from the moment a step is scheduled, its delay
(hours or days, calendar or working time) and the assignee's time zone, when
it is due. Plain Python, used by the follow-up engine and the demo data."""

from datetime import datetime, time, timedelta

import pytz


class DeadlinePlanner:
    """Deadlines of one step for many leads started at the same moment:
    computed once per (calendar, timezone) rather than once per lead. The
    step's delay must be within its bounds (prospect.followup.step
    _check_delay): the engine checks it before planning."""

    def __init__(self, step):
        self.step = step
        self.cache = {}

    def plan(self, start, calendar, tz):
        """(deadline as naive UTC datetime, due date in `tz`) of the step
        started at `start` (naive UTC)."""
        key = (start, calendar.id, tz)
        if key not in self.cache:
            self.cache[key] = self._plan(start, calendar, pytz.timezone(tz))
        return self.cache[key]

    def _plan(self, start, calendar, tz):
        step = self.step
        local_start = pytz.utc.localize(start).astimezone(tz)
        if step.delay_unit == "hours":
            deadline = None
            if step.working_days and calendar:
                deadline = calendar.plan_hours(
                    step.delay, local_start, compute_leaves=True
                )
            if not deadline:
                deadline = local_start + timedelta(hours=step.delay)
            deadline = deadline.astimezone(tz)
            return _to_utc(deadline), deadline.date()
        today = local_start.date()
        if step.working_days:
            due_date = _add_working_days(calendar, today, step.delay)
        else:
            due_date = today + timedelta(days=step.delay)
        # A step due on a day is on time until the end of that day.
        deadline = tz.localize(datetime.combine(due_date, time(23, 59, 59)))
        return _to_utc(deadline), due_date


def _to_utc(value):
    return value.astimezone(pytz.utc).replace(tzinfo=None)


def _add_working_days(calendar, day, count):
    """The `count`-th working day after `day` (with 0: `day` itself when it
    is a working day, else the next one), by the working schedule
    `calendar` and its public holidays; Monday to Friday without one."""
    if calendar:
        cal_tz = pytz.timezone(calendar.tz or "UTC")
        first = day if count == 0 else day + timedelta(days=1)
        start = cal_tz.localize(datetime.combine(first, time.min))
        planned = calendar.plan_days(max(count, 1), start, compute_leaves=True)
        if planned:
            return planned.astimezone(cal_tz).date()
    if count == 0:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day
