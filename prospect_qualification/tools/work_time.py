# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Working time of a calendar, for many leads at once.

resource.calendar's plan_hours() and get_work_hours_count() read the
calendar's leaves at each call: one query per lead. A WorkTimeline holds the
work intervals of one calendar over a period (attendances minus the
calendar's global leaves, in its time zone) with the working seconds done
before each of them, so that "n working minutes after t" and "working
minutes between a and b" are a binary search each."""

from bisect import bisect_left, bisect_right
from datetime import timedelta

import pytz

# Intervals closer than this are one.
MERGE_GAP = timedelta(seconds=1)


def to_aware(value):
    """A naive UTC datetime of the ORM as an aware one."""
    return value if value.tzinfo else pytz.utc.localize(value)


def to_naive_utc(value):
    return value.astimezone(pytz.utc).replace(tzinfo=None)


class WorkTimeline:
    def __init__(self, calendar, start, stop):
        """Work intervals of `calendar` from `start` to `stop` (naive UTC or
        aware datetimes), its global leaves (holidays) taken out."""
        self.start, self.stop = to_aware(start), to_aware(stop)
        intervals = calendar._work_intervals_batch(self.start, self.stop)[False]
        # Durations as timedelta: exact to the microsecond.
        self.starts, self.stops, self.done_before = [], [], []
        worked = timedelta(0)
        for begin, end, _meta in intervals:
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
