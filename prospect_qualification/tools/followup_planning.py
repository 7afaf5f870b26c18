# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""When a cadence step is due, and when its contact may be reached.

A step scheduled at some moment is due after its delay (hours or days,
calendar or working time, tools/work_time.py) in its assignee's time zone
(`DeadlinePlanner.plan`). With the contact's window (`plan_in_window`), it
moves to the first moment when the contact may be reached
(`next_contact_moment`):

1. on the contact's preferred days, within their preferred hours (in their
   time zone), within the company's working hours (its calendar);
2. when their hours never meet the company's (a contact abroad who wants an
   evening call): within their hours all the same, on a working day of the
   company and never on its leaves; the salesperson calls at the contact's
   time, outside office hours;
3. when their preferred days are never working days of the company (a
   contact who wants Saturdays from a company that does not work then):
   as 1 and 2, on any working day.

Which days are working days is the company calendar's (attendances and
leaves): never a fixed weekend. Without any calendar every moment is working
time. Plain Python: the follow-up engine passes the schedules it read."""

from collections import namedtuple
from datetime import datetime, time, timedelta

import pytz

from .work_time import intervals, local_day_start, to_aware, to_naive_utc

# The contact's window is looked for over periods of this many days, at most
# this many periods ahead; without one, the step keeps its computed moment.
WINDOW_PERIOD_DAYS = 31
WINDOW_PERIODS_MAX = 13

# When a contact may be reached: their time zone (name), their preferred
# weekdays (frozenset, 0 = Monday) or None, their preferred hours (from, to)
# as floats (24.0: midnight at the end of the day) or None.
ContactWindow = namedtuple("ContactWindow", "tz days hours")


class DeadlinePlanner:
    """Deadlines of one step (its delay, unit "hours" or "days", in working
    time or not) for many leads, computed once per (start, schedule, time
    zone, window). The delay must be within the step's bounds (checked by
    the caller). A schedule is a WorkSchedule or None (no calendar)."""

    def __init__(self, delay, unit, working_days):
        self.delay, self.unit, self.working_days = delay, unit, working_days
        self.cache = {}

    def plan(self, start, schedule, tz):
        """(deadline as naive UTC datetime, due date in `tz`) of the step
        started at `start` (naive UTC)."""
        key = (start, schedule and schedule.key, tz)
        if key not in self.cache:
            self.cache[key] = self._plan(start, schedule, pytz.timezone(tz))
        return self.cache[key]

    def plan_in_window(self, start, schedule, tz, window):
        """(deadline as naive UTC datetime, due date in `tz`, moment planned
        as naive UTC datetime) of the step started at `start` (naive UTC) for
        the assignee in `tz`, moved into the contact's `window`
        (ContactWindow): the earliest allowed moment at or after the
        computed one. A step in hours is due at that moment; a step in days
        at the end of that day (in `tz`)."""
        key = (start, schedule and schedule.key, tz, window)
        if key not in self.cache:
            self.cache[key] = self._plan_in_window(start, schedule, tz, window)
        return self.cache[key]

    def _plan_in_window(self, start, schedule, tz_name, window):
        deadline, due_date = self.plan(start, schedule, tz_name)
        tz = pytz.timezone(tz_name)
        if self.unit == "hours":
            computed = pytz.utc.localize(deadline)
        else:
            computed = max(pytz.utc.localize(start), local_day_start(tz, due_date))
        moment = next_contact_moment(computed, schedule, window)
        if self.unit == "hours":
            return (
                to_naive_utc(moment),
                moment.astimezone(tz).date(),
                to_naive_utc(moment),
            )
        due_date = max(due_date, moment.astimezone(tz).date())
        return _end_of_day(tz, due_date), due_date, to_naive_utc(moment)

    def _plan(self, start, schedule, tz):
        local_start = to_aware(start).astimezone(tz)
        working = self.working_days and schedule
        if self.unit == "hours":
            delay = timedelta(hours=self.delay)
            deadline = working and schedule.add_working_time(local_start, delay)
            deadline = (deadline or local_start + delay).astimezone(tz)
            return to_naive_utc(deadline), deadline.date()
        today = local_start.date()
        due_date = working and schedule.add_working_days(today, self.delay)
        due_date = due_date or today + timedelta(days=self.delay)
        # A step due on a day is on time until the end of that day.
        return _end_of_day(tz, due_date), due_date


def next_contact_moment(moment, schedule, window):
    """The earliest moment at or after `moment` (aware) when the contact of
    `window` (ContactWindow) may be reached by the company of `schedule`
    (WorkSchedule or None), as the module's docstring says; `moment`
    itself when there is none within a year."""
    for period in range(WINDOW_PERIODS_MAX):
        begin = moment + timedelta(days=period * WINDOW_PERIOD_DAYS)
        for allowed in _allowed_intervals(begin, schedule, window):
            for start, stop, _nothing in allowed:
                if stop > moment:
                    return max(start, moment)
    return moment


def _allowed_intervals(begin, schedule, window):
    """Intervals (UTC), by order of preference (the module's docstring),
    when the contact may be reached in the period of WINDOW_PERIOD_DAYS
    days from the day of `begin`."""
    tz = pytz.timezone(window.tz)
    first_day = begin.astimezone(tz).date() - timedelta(days=1)
    days = [first_day + timedelta(days=n) for n in range(WINDOW_PERIOD_DAYS + 2)]
    start = local_day_start(tz, days[0])
    stop = local_day_start(tz, days[-1] + timedelta(days=1))
    if schedule:
        work = schedule.work(start, stop)
        bounds = [work]
        if window.hours:
            bounds.append(schedule.working_day_spans(start, stop))
    else:
        bounds = [None]
    preferred_days = [window.days] if window.days else []
    for weekdays in [*preferred_days, None]:
        wanted = _preferred(tz, days, weekdays, window.hours)
        for bound in bounds:
            yield wanted if bound is None else wanted & bound


def _preferred(tz, days, weekdays, hours):
    """Intervals (UTC) of the `hours` (from, to) or whole days of `days`
    (dates in `tz`) that fall on `weekdays` (all when None)."""
    hour_from, hour_to = hours or (0.0, 24.0)
    return intervals(
        (_localize(tz, day, hour_from), _localize(tz, day, hour_to))
        for day in days
        if weekdays is None or day.weekday() in weekdays
    )


def _end_of_day(tz, day):
    """The last second of `day` in `tz`, as naive UTC."""
    return to_naive_utc(tz.localize(datetime.combine(day, time(23, 59, 59))))


def _localize(tz, day, hour):
    """The aware datetime of `hour` (float, 24 = the end of the day) on
    `day` in `tz`."""
    if hour >= 24:
        return local_day_start(tz, day + timedelta(days=1))
    minutes = round(hour * 60)
    return tz.localize(datetime.combine(day, time(minutes // 60, minutes % 60)))
