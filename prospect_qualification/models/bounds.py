# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The bounds of the numbers the addon's settings take, in one table.

Each bound feeds the help of its fields (`help_with_bound`, formatted when
the field is defined: Odoo translates a field's help as a whole, so the
number is part of the English text and of its translation in es.po, which
test_i18n keeps complete), the check of the values a client sends, the
constraint and their message (prospect.input.check.mixin, on the fields
made by `bounded_field`)."""

from typing import NamedTuple

from ..tools.qualification_score import SCORE_MAX, SCORE_MIN


class Bound(NamedTuple):
    low: int
    high: int
    # Unit shown after the numbers: a key of UNITS.
    unit: str = ""

    def __contains__(self, value):
        return self.low <= value <= self.high


# Units in help texts (English, the help is translated as a whole); the
# messages translate them (prospect.input.check.mixin._prospect_unit_label).
UNITS = {
    "": "",
    "days": " days",
    "hours": " hours",
    "working_minutes": " working minutes",
    "points": " points",
    "purchases": " purchases",
    "percent": " %",
}
# Ten years: a date computed from a delay or a window stays a date.
TEN_YEARS_DAYS = 3650

BOUNDS = {
    # PostgreSQL's integer column (every integer field of the addon).
    "integer_column": Bound(-(2**31), 2**31 - 1),
    # Weights are relative: a bound keeps the sums of the score within reach.
    "criterion_weight": Bound(0, 10000),
    "score": Bound(SCORE_MIN, SCORE_MAX, "points"),
    "current_min_purchases": Bound(2, 365, "purchases"),
    "customer_window_days": Bound(1, TEN_YEARS_DAYS, "days"),
    "regularity_tolerance": Bound(0, 100, "percent"),
    "idle_days": Bound(1, TEN_YEARS_DAYS, "days"),
    "no_reply_days": Bound(1, TEN_YEARS_DAYS, "days"),
    "date_offset_days": Bound(-TEN_YEARS_DAYS, TEN_YEARS_DAYS, "days"),
    "step_delay_days": Bound(0, TEN_YEARS_DAYS, "days"),
    "step_delay_hours": Bound(0, TEN_YEARS_DAYS * 24, "hours"),
    # 60 working days of 8 hours: the deadline stays a date.
    "first_response_minutes": Bound(1, 60 * 8 * 60, "working_minutes"),
    "digest_hour": Bound(0, 23),
}


def help_with_bound(text, *names):
    """`text` followed by the range of the bounds `names` ("From 0 to 3650
    days or from 0 to 87600 hours."), for a field's help."""
    ranges = " or ".join(
        f"from {BOUNDS[name].low} to {BOUNDS[name].high}{UNITS[BOUNDS[name].unit]}"
        for name in names
    )
    return f"{text} {ranges[0].upper()}{ranges[1:]}."


def bounded_field(field_class, bound, help_text, **kwargs):
    """A number field within BOUNDS[bound] (or within one of the bounds of
    the tuple `bound`: the model's _prospect_bound chooses): its help states
    the range, prospect.input.check.mixin refuses a value out of it."""
    names = bound if isinstance(bound, tuple) else (bound,)
    return field_class(
        help=help_with_bound(help_text, *names), prospect_bound=bound, **kwargs
    )
