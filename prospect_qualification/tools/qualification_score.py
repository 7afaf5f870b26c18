# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The qualification score and its level, defined once.

Each rule is written twice, side by side: in Python for the lead's compute,
the score breakdown and the calibration, and in SQL for the set-based
rescoring of many leads at once (a weight or threshold change). The tests
(tests/qualification/test_qualification_score.py) check that both agree on
random data.

The score is Σ weight·value / Σ weight on a 0-100 scale (value: yes 1,
partial ½, no and unknown 0), computed in exact decimal arithmetic, the
weights as the database stores them (numeric), and rounded half up: binary
floats would round 62.5 down when it comes out as 62.4999…
"""

from fractions import Fraction
from functools import lru_cache

from odoo.tools import SQL

# What each answer of a criterion is worth in the score.
ANSWER_VALUES = {"yes": 1.0, "partial": 0.5, "no": 0.0, "unknown": 0.0}
# The scale of the score (and of the thresholds and a gate's minimum).
SCORE_MIN, SCORE_MAX = 0, 100
# Thresholds of the levels, for new companies and leads without a company.
DEFAULT_WARM_THRESHOLD = 40
DEFAULT_HOT_THRESHOLD = 70


def _decimal(number):
    """`number` as the decimal PostgreSQL reads from it: psycopg2 sends a
    float as its repr (the weight 3.33 is the numeric 3.33, not the binary
    fraction nearest to it)."""
    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)


@lru_cache(maxsize=8192)
def score(weights, values):
    """The score (0-100) of the answer values `values` (0, 0.5 or 1 per
    criterion) with `weights` (same order; tuples: a lead's answers take at
    most 3**5 values, the results are cached). 0 when the weights add up to
    nothing."""
    weights = [_decimal(weight) for weight in weights]
    total = sum(weights)
    if total <= 0:
        return SCORE_MIN
    earned = sum(
        weight * _decimal(value) for weight, value in zip(weights, values, strict=True)
    )
    # Half up: floor(earned * 100 / total + 1/2), in integers.
    return int((earned * 200 + total) // (2 * total))


def answers_score(weights, answers):
    """The score of the answers `answers` {code: answer key} with `weights`
    {code: weight} (a criterion without an answer counts as unknown)."""
    return score(
        tuple(weights.values()),
        tuple(ANSWER_VALUES[answers.get(code) or "unknown"] for code in weights),
    )


def score_sql(weights, answer_sql):
    """`answers_score` as an SQL integer expression: `weights` {code:
    weight}, `answer_sql(code)` the SQL of the answer of criterion `code`.
    Exact too: numeric arithmetic and div() (integer division)."""
    if sum(_decimal(weight) for weight in weights.values()) <= 0:
        return SQL("%s", SCORE_MIN)
    total = SQL(" + ").join(SQL("%s::numeric", weight) for weight in weights.values())
    earned = SQL(" + ").join(
        SQL(
            "%s::numeric * (CASE %s %s ELSE 0 END)",
            weight,
            answer_sql(code),
            SQL(" ").join(
                SQL("WHEN %s THEN %s::numeric", answer, value)
                for answer, value in ANSWER_VALUES.items()
            ),
        )
        for code, weight in weights.items()
    )
    return SQL("div((%s) * 200 + (%s), 2 * (%s))::int", earned, total, total)


def thresholds_valid(warm, hot):
    """Whether `warm` and `hot` make three levels on the score's scale."""
    return SCORE_MIN < warm < hot <= SCORE_MAX


def level(score_value, warm, hot):
    """The level (cold, warm, hot) of a score with these thresholds."""
    if score_value >= hot:
        return "hot"
    if score_value >= warm:
        return "warm"
    return "cold"


def level_sql(score_value, warm, hot):
    """`level` in SQL: the arguments are SQL expressions."""
    return SQL(
        """CASE WHEN %(score)s >= %(hot)s THEN 'hot'
                WHEN %(score)s >= %(warm)s THEN 'warm'
                ELSE 'cold' END""",
        score=score_value,
        warm=warm,
        hot=hot,
    )
