# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Deadlines of cadence steps: from the moment a step is scheduled, its delay
(hours or days, calendar or working time) and the assignee's time zone, when
it is due; with the contact's window (`plan_in_window`), moved to the first
moment when the contact may be reached: within their preferred days and hours
in their time zone, else within the company's working hours, never on a
weekend nor on a public holiday of the company. Plain Python (the company's
schedule is read once per calendar and period), used by the follow-up engine
and the demo data."""

from datetime import datetime, time, timedelta

import pytz

# The contact's window is looked for over periods of this many days, at most
# this many periods ahead; without one, the step keeps its computed moment.
WINDOW_PERIOD_DAYS = 31
WINDOW_PERIODS_MAX = 13
# Saturday and Sunday (datetime.weekday()): never a day to reach a contact.
WEEKEND = frozenset({5, 6})
WORKING_WEEK = frozenset(range(5))


class DeadlinePlanner:
    """Deadlines of one step for many leads started at the same moment:
    computed once per (calendar, timezone) rather than once per lead. The
    step's delay must be within its bounds (prospect.followup.step
    _check_delay): the engine checks it before planning."""

    def __init__(self, step, schedules=None):
        self.step = step
        self.cache = {}
        # {(calendar id, period start): (work intervals, public holidays)},
        # shareable between the planners of one run.
        self.schedules = {} if schedules is None else schedules

    def plan(self, start, calendar, tz):
        """(deadline as naive UTC datetime, due date in `tz`) of the step
        started at `start` (naive UTC)."""
        key = (start, calendar.id, tz)
        if key not in self.cache:
            self.cache[key] = self._plan(start, calendar, pytz.timezone(tz))
        return self.cache[key]

    def plan_in_window(self, start, calendar, tz, window):
        """(deadline as naive UTC datetime, due date in `tz`, moment planned
        as naive UTC datetime) of the step started at `start` (naive UTC) for
        the assignee in `tz`, moved into the contact's `window` (time zone,
        weekdays or None, (hour from, hour to) or None: see crm.lead
        _followup_contact_window): the earliest allowed moment at or after
        the computed one. A step in hours is due at that moment; a step in
        days at the end of that day (in `tz`)."""
        key = (start, calendar.id, tz, window)
        if key not in self.cache:
            self.cache[key] = self._plan_in_window(start, calendar, tz, window)
        return self.cache[key]

    def _plan_in_window(self, start, calendar, tz_name, window):
        deadline, due_date = self.plan(start, calendar, tz_name)
        tz = pytz.timezone(tz_name)
        if self.step.delay_unit == "hours":
            computed = pytz.utc.localize(deadline)
        else:
            day_start = tz.localize(datetime.combine(due_date, time.min))
            computed = max(pytz.utc.localize(start), day_start)
        moment = self._next_allowed(computed, calendar, window)
        if self.step.delay_unit == "hours":
            return _to_utc(moment), moment.astimezone(tz).date(), _to_utc(moment)
        due_date = max(due_date, moment.astimezone(tz).date())
        deadline = tz.localize(datetime.combine(due_date, time(23, 59, 59)))
        return _to_utc(deadline), due_date, _to_utc(moment)

    def _next_allowed(self, moment, calendar, window):
        """The earliest moment at or after `moment` (aware) in the contact's
        `window`; `moment` itself when there is none within a year."""
        for period in range(WINDOW_PERIODS_MAX):
            begin = moment + timedelta(days=period * WINDOW_PERIOD_DAYS)
            for interval_start, interval_stop in self._allowed_intervals(
                begin, calendar, window
            ):
                if interval_stop > moment:
                    return max(interval_start, moment)
        return moment

    def _allowed_intervals(self, begin, calendar, window):
        """Sorted [(start, stop)] (aware, UTC) when the contact may be reached
        in the period of WINDOW_PERIOD_DAYS days from the day of `begin`."""
        tz_name, days, hours = window
        tz = pytz.timezone(tz_name)
        # Preferred days, but never a weekend (nor only weekends).
        days = (days or WORKING_WEEK) - WEEKEND or WORKING_WEEK
        first_day = begin.astimezone(tz).date() - timedelta(days=1)
        local_days = [
            first_day + timedelta(days=offset)
            for offset in range(WINDOW_PERIOD_DAYS + 2)
        ]
        allowed = []
        for day in local_days:
            if day.weekday() not in days:
                continue
            hour_from, hour_to = hours or (0.0, 24.0)
            allowed.append(
                (
                    _localize(tz, day, hour_from).astimezone(pytz.utc),
                    _localize(tz, day, hour_to).astimezone(pytz.utc),
                )
            )
        if not calendar:
            return allowed
        work, holidays = self._schedule(calendar, first_day)
        if not hours:
            allowed = _intersect(allowed, work)
        return _subtract(allowed, holidays)

    def _schedule(self, calendar, first_day):
        """(working intervals, public holidays) of the company's `calendar`
        (UTC, sorted) over the period that starts on `first_day`, from
        two days before: read once per calendar and period."""
        key = (calendar.id, first_day)
        if key not in self.schedules:
            start = pytz.utc.localize(datetime.combine(first_day, time.min))
            start -= timedelta(days=2)
            stop = start + timedelta(days=WINDOW_PERIOD_DAYS + 6)
            work = calendar._attendance_intervals_batch(start, stop)[False]
            holidays = calendar._leave_intervals_batch(start, stop)[False]
            self.schedules[key] = (
                [(a.astimezone(pytz.utc), b.astimezone(pytz.utc)) for a, b, _r in work],
                [
                    (a.astimezone(pytz.utc), b.astimezone(pytz.utc))
                    for a, b, _r in holidays
                ],
            )
        return self.schedules[key]

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


def _localize(tz, day, hour):
    """The aware datetime of `hour` (float, 24 = the end of the day) on
    `day` in `tz`."""
    if hour >= 24:
        return tz.localize(datetime.combine(day + timedelta(days=1), time.min))
    minutes = round(hour * 60)
    return tz.localize(datetime.combine(day, time(minutes // 60, minutes % 60)))


def _intersect(intervals, others):
    """The parts of the sorted disjoint `intervals` inside `others` (sorted
    disjoint), sorted."""
    result = []
    for start, stop in intervals:
        for other_start, other_stop in others:
            low, high = max(start, other_start), min(stop, other_stop)
            if low < high:
                result.append((low, high))
    return sorted(result)


def _subtract(intervals, others):
    """The parts of the sorted `intervals` outside `others`."""
    result = []
    for start, stop in intervals:
        pieces = [(start, stop)]
        for other_start, other_stop in others:
            pieces = [
                piece
                for low, high in pieces
                for piece in (
                    (low, min(high, other_start)),
                    (max(low, other_stop), high),
                )
                if piece[0] < piece[1]
            ]
        result += pieces
    return sorted(result)


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
