# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Working time of a calendar, for many leads at once.

A WorkSchedule holds what one working calendar says: its attendances and its
leaves (public holidays), read period by period and kept. Its work is the
attendances minus the leaves; a working day is a day (in the calendar's time
zone) with work left, so the calendar, never a fixed weekend, says which days
are worked (Monday to Saturday, Sunday to Thursday...).

resource.calendar's plan_hours() and get_work_hours_count() read the
calendar's leaves at each call: one query per lead. A WorkTimeline holds the
work intervals of one calendar over a period with the working seconds done
before each of them, so that "n working minutes after t" and "working
minutes between a and b" are a binary search each.

Plain Python: the caller reads the calendar (models/working_time.py)."""

from bisect import bisect_left, bisect_right
from datetime import datetime, time, timedelta
from itertools import chain

import pytz

try:  # Odoo 19
    from odoo.tools.intervals import Intervals
except ImportError:  # Odoo 18
    from odoo.addons.resource.models.utils import Intervals

# Intervals closer than this are one.
MERGE_GAP = timedelta(seconds=1)
# A schedule is read in periods of this length, from this origin: the same
# periods whatever the moments asked.
PERIOD = timedelta(days=32)
EPOCH = datetime(2000, 1, 1, tzinfo=pytz.utc)
# A calendar without any work for this many periods in a row (about a year)
# has none: the search stops.
IDLE_PERIODS_MAX = 12
# What Intervals carries along each interval (records, in Odoo's use).
NOTHING = frozenset()


def to_aware(value):
    """A naive UTC datetime of the ORM as an aware one."""
    return value if value.tzinfo else pytz.utc.localize(value)


def to_naive_utc(value):
    return value.astimezone(pytz.utc).replace(tzinfo=None)


def intervals(pairs):
    """Intervals of the (start, stop, ...) tuples `pairs` (aware), in UTC."""
    return Intervals(
        (start.astimezone(pytz.utc), stop.astimezone(pytz.utc), NOTHING)
        for start, stop, *_rest in pairs
    )


def local_day_start(tz, day):
    """The aware moment `day` (a date) begins in `tz` (a pytz zone)."""
    return tz.localize(datetime.combine(day, time.min))


def day_spans(tz, days):
    """Intervals of the whole `days` (dates) in `tz`."""
    return intervals(
        (local_day_start(tz, day), local_day_start(tz, day + timedelta(days=1)))
        for day in days
    )


class WorkSchedule:
    """The working time of one calendar. `load(start, stop)` (aware UTC
    datetimes) returns its (attendances, leaves) in that range, each an
    iterable of (start, stop, ...) tuples of aware datetimes; `tz` is the
    calendar's time zone name, which decides its days; `key` tells
    schedules apart in caches."""

    def __init__(self, key, tz, load):
        self.key = key
        self.tz = pytz.timezone(tz)
        self._load = load
        self._periods = {}  # index: (attendances, leaves)

    def _indexes(self, start, stop):
        first = (start - EPOCH) // PERIOD
        last = (stop - EPOCH - timedelta.resolution) // PERIOD
        return range(first, max(last, first) + 1)

    def _read(self, start, stop):
        """(attendances, leaves) from `start` to `stop` (aware): the missing
        periods read at once."""
        indexes = self._indexes(start, stop)
        missing = [index for index in indexes if index not in self._periods]
        if missing:
            begin = EPOCH + missing[0] * PERIOD
            end = EPOCH + (missing[-1] + 1) * PERIOD
            attendances, leaves = (intervals(found) for found in self._load(begin, end))
            for index in missing:
                period = intervals(
                    [(EPOCH + index * PERIOD, EPOCH + (index + 1) * PERIOD)]
                )
                self._periods[index] = (attendances & period, leaves & period)
        window = intervals([(start, stop)])
        return tuple(
            Intervals(
                chain.from_iterable(self._periods[index][kind] for index in indexes)
            )
            & window
            for kind in (0, 1)
        )

    def work(self, start, stop):
        """Intervals (UTC) of work from `start` to `stop` (aware)."""
        attendances, leaves = self._read(start, stop)
        return attendances - leaves

    def leaves(self, start, stop):
        """Intervals (UTC) of the calendar's leaves from `start` to `stop`."""
        return self._read(start, stop)[1]

    def _local_range(self, first, last):
        return (
            local_day_start(self.tz, first),
            local_day_start(self.tz, last + timedelta(days=1)),
        )

    def working_days(self, first, last):
        """The working days (dates) from `first` to `last` included."""
        days = set()
        for start, stop, _nothing in self.work(*self._local_range(first, last)):
            day = start.astimezone(self.tz).date()
            # A day that ends at 24:00 ends at 23:59:59.999999.
            end = (stop - timedelta.resolution).astimezone(self.tz).date()
            while day <= end:
                days.add(day)
                day += timedelta(days=1)
        return days

    def working_day_spans(self, start, stop):
        """Intervals (UTC) of the whole working days from `start` to `stop`
        (aware), their leaves taken out: the days on which the contact may
        be reached outside the working hours."""
        first = start.astimezone(self.tz).date()
        last = stop.astimezone(self.tz).date()
        spans = day_spans(self.tz, sorted(self.working_days(first, last)))
        return (spans - self.leaves(*self._local_range(first, last))) & intervals(
            [(start, stop)]
        )

    def add_working_days(self, day, count):
        """The `count`-th working day after `day` (a date); with 0, `day`
        itself when it is a working day, else the next one. None when the
        calendar has no working day at all."""
        cursor = day if count == 0 else day + timedelta(days=1)
        needed, idle = max(count, 1), 0
        while idle < IDLE_PERIODS_MAX:
            last = cursor + PERIOD - timedelta(days=1)
            days = sorted(self.working_days(cursor, last))
            if len(days) >= needed:
                return days[needed - 1]
            needed -= len(days)
            idle = 0 if days else idle + 1
            cursor = last + timedelta(days=1)
        return None

    def add_working_time(self, moment, duration):
        """The moment (aware UTC) when `duration` (timedelta) of work has
        passed after `moment`: with none, the first working moment from
        `moment` on. None when the calendar has no work at all."""
        moment, idle = to_aware(moment), 0
        while idle < IDLE_PERIODS_MAX:
            stop = moment + PERIOD
            found = self.work(moment, stop)
            for start, end, _nothing in found:
                if duration <= end - start:
                    return start + duration
                duration -= end - start
            idle = 0 if found else idle + 1
            moment = stop
        return None

    def timeline(self, start, stop):
        """The WorkTimeline of this schedule from `start` to `stop` (naive
        UTC or aware)."""
        return WorkTimeline(self.work(to_aware(start), to_aware(stop)))


class WorkTimeline:
    def __init__(self, work):
        """The timeline of the sorted work intervals `work` ((start, stop,
        ...) tuples, aware)."""
        # Durations as timedelta: exact to the microsecond.
        self.starts, self.stops, self.done_before = [], [], []
        worked = timedelta(0)
        for begin, end, *_rest in work:
            if self.stops and begin - self.stops[-1] < MERGE_GAP:
                # A day that ends at 24:00 ends at 23:59:59.999999 in the
                # calendar: it goes on into the next one.
                worked += end - self.stops[-1]
                self.stops[-1] = end
                continue
            self.starts.append(begin)
            self.stops.append(end)
            self.done_before.append(worked)
            worked += end - begin
        self.done_after = [
            done + (end - begin)
            for done, begin, end in zip(
                self.done_before, self.starts, self.stops, strict=True
            )
        ]

    def _worked_before(self, moment):
        """Working time of the timeline before `moment` (aware)."""
        index = bisect_right(self.starts, moment) - 1
        if index < 0:
            return timedelta(0)
        length = self.stops[index] - self.starts[index]
        into = moment - self.starts[index]
        return self.done_before[index] + min(max(into, timedelta(0)), length)

    def add_minutes(self, moment, minutes):
        """The moment (naive UTC) when `minutes` working minutes have passed
        after `moment`; None when it falls past the timeline."""
        moment = to_aware(moment)
        target = self._worked_before(moment) + timedelta(minutes=minutes)
        index = bisect_left(self.done_after, target)
        if index >= len(self.starts):
            return None
        end = self.starts[index] + (target - self.done_before[index])
        return to_naive_utc(max(end, moment))

    def minutes_between(self, begin, end):
        """Working minutes from `begin` to `end` (0 when end is before)."""
        begin, end = to_aware(begin), to_aware(end)
        if end <= begin:
            return 0.0
        worked = self._worked_before(end) - self._worked_before(begin)
        return worked.total_seconds() / 60.0
