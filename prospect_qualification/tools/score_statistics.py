# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Statistics of the score calibration, as pure functions on plain Python
data (no Odoo, no database): the calibration model reads the closed
opportunities and calls these.

Why plain Python and not numpy: numpy is not in Odoo 18.0's
requirements.txt, and it is not needed. The answers of a lead take at most
3**5 = 243 distinct values (no and unknown both count 0, partial ½, yes 1)
and a score at most 101: the leads are first grouped by answers (or by
score), then every computation runs on those groups, whatever the number of
leads. The logistic regression solves a 6 x 6 system per Newton step.

Conventions: `xs` is a list of answer vectors (one tuple of floats per lead,
0 / 0.5 / 1 per criterion, in a fixed order of criteria), `ys` the outcomes
(True: won, False: lost).
"""

import math
import random
from collections import defaultdict

from . import qualification_score

# Below these counts nothing is suggested: log-odds of a few dozen cases
# per class swing by more than the weights they would change.
MIN_WON = 30
MIN_LOST = 30
# Ridge penalty of the logistic regression (on the coefficients, not the
# intercept), per lead: shrinks the coefficients of rare answers.
DEFAULT_L2 = 1.0
# z of a two-sided 95 % interval.
Z95 = 1.959963984540054


def sigmoid(value):
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


def wilson_interval(won, total, z=Z95):
    """95 % Wilson score interval of a won rate (low, high); (0, 0) when
    there is nothing to count. Unlike the normal approximation it stays in
    [0, 1] and behaves for small counts and rates near 0 or 1."""
    if not total:
        return (0.0, 0.0)
    rate = won / total
    denominator = 1 + z * z / total
    centre = (rate + z * z / (2 * total)) / denominator
    margin = (
        z * math.sqrt(rate * (1 - rate) / total + z * z / (4 * total * total))
    ) / denominator
    return (max(0.0, centre - margin), min(1.0, centre + margin))


def roc_auc(ys, scores):
    """Area under the ROC curve: the probability that a won lead scores
    higher than a lost one (ties count one half). None without both won and
    lost leads. O(n log n): leads are grouped by score."""
    counts = defaultdict(lambda: [0, 0])
    for won, score in zip(ys, scores, strict=True):
        counts[score][0 if won else 1] += 1
    total_won = sum(won for won, _lost in counts.values())
    total_lost = sum(lost for _won, lost in counts.values())
    if not total_won or not total_lost:
        return None
    pairs, lost_below = 0.0, 0
    for score in sorted(counts):
        won, lost = counts[score]
        pairs += won * (lost_below + 0.5 * lost)
        lost_below += lost
    return pairs / (total_won * total_lost)


def brier_score(ys, probabilities):
    """Mean squared distance between the probability (0-1) given to a lead
    and what happened (1 won, 0 lost); 0 is perfect, 0.25 is a coin."""
    if not ys:
        return None
    return sum(
        (probability - (1.0 if won else 0.0)) ** 2
        for won, probability in zip(ys, probabilities, strict=True)
    ) / len(ys)


def score_of(x, weights):
    """The qualification score (0-100) of answers `x` with `weights` (same
    order): the lead's own formula."""
    return qualification_score.score(tuple(weights), tuple(x))


def rate_rows(groups, base_rate):
    """Won rate of each group: `groups` is [(key, won, total)]; returns
    [{key, won, lost, total, rate, low, high, lift}] (rate and interval in
    0-1, lift = rate / base rate)."""
    rows = []
    for key, won, total in groups:
        low, high = wilson_interval(won, total)
        rate = won / total if total else 0.0
        rows.append(
            {
                "key": key,
                "won": won,
                "lost": total - won,
                "total": total,
                "rate": rate,
                "low": low,
                "high": high,
                "lift": rate / base_rate if total and base_rate else None,
            }
        )
    return rows


def aggregate(xs, ys):
    """{answer vector: [won, lost]}: what the regression runs on."""
    groups = defaultdict(lambda: [0, 0])
    for x, won in zip(xs, ys, strict=True):
        groups[tuple(x)][0 if won else 1] += 1
    return dict(groups)


def _solve(matrix, vector):
    """Solve matrix · result = vector (small, symmetric positive definite)
    by Gaussian elimination with partial pivoting."""
    size = len(vector)
    rows = [list(matrix[i]) + [vector[i]] for i in range(size)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r, col=col: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        if abs(rows[col][col]) < 1e-12:
            raise ArithmeticError("singular system")
        for row in range(col + 1, size):
            factor = rows[row][col] / rows[col][col]
            for k in range(col, size + 1):
                rows[row][k] -= factor * rows[col][k]
    result = [0.0] * size
    for row in range(size - 1, -1, -1):
        acc = rows[row][size] - sum(
            rows[row][k] * result[k] for k in range(row + 1, size)
        )
        result[row] = acc / rows[row][row]
    return result


def logistic_fit(groups, l2=DEFAULT_L2, iterations=100, tolerance=1e-9):
    """L2-regularised logistic regression of won on the answers, fitted by
    Newton's method on grouped data ({answer vector: [won, lost]}).
    Returns (intercept, [coefficient per criterion]). The intercept is not
    penalised; the penalty is `l2` in total (not per lead), so it matters
    for small samples only."""
    items = [(x, won, lost) for x, (won, lost) in groups.items() if won + lost]
    if not items:
        raise ValueError("no data")
    size = len(items[0][0]) + 1
    beta = [0.0] * size
    for _iteration in range(iterations):
        gradient = [0.0] * size
        hessian = [[0.0] * size for _row in range(size)]
        for x, won, lost in items:
            features = (1.0, *x)
            total = won + lost
            p = sigmoid(sum(b * f for b, f in zip(beta, features, strict=True)))
            residual = won - total * p
            curvature = total * p * (1 - p)
            for i in range(size):
                gradient[i] += residual * features[i]
                for j in range(i, size):
                    hessian[i][j] += curvature * features[i] * features[j]
        for i in range(size):
            for j in range(i):
                hessian[i][j] = hessian[j][i]
        for i in range(1, size):
            gradient[i] -= l2 * beta[i]
            hessian[i][i] += l2
        step = _solve(hessian, gradient)
        beta = [b + s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < tolerance:
            break
    return beta[0], beta[1:]


def weights_from_coefficients(coefficients, total):
    """Weights of the score from the regression's coefficients: the score
    is linear in the answers like the model's log-odds, so weights
    proportional to the coefficients rank leads as the model does. A
    negative coefficient (a yes that goes with losing) becomes 0: the score
    has no negative weights. Scaled so that they add up to `total` (the
    current weights' sum, so that the figures stay familiar), 2 decimals.
    None when no coefficient is positive."""
    positive = [max(0.0, c) for c in coefficients]
    if sum(positive) <= 0:
        return None
    return [round(c * total / sum(positive), 2) for c in positive]


def fit_weights(xs, ys, total, l2=DEFAULT_L2):
    """Suggested weights (list, or None) fitted on these leads."""
    _intercept, coefficients = logistic_fit(aggregate(xs, ys), l2=l2)
    return weights_from_coefficients(coefficients, total)


def folds_of(ys, folds=5, seed=0):
    """Fold number of each lead, stratified: won and lost leads are shuffled
    apart (fixed seed: the same data gives the same figures) and dealt in
    turn, so that every fold has its share of both."""
    rng = random.Random(seed)
    assignment = [0] * len(ys)
    for outcome in (True, False):
        indexes = [i for i, won in enumerate(ys) if bool(won) == outcome]
        rng.shuffle(indexes)
        for position, index in enumerate(indexes):
            assignment[index] = position % folds
    return assignment


def cross_validated_auc(xs, ys, current_weights, total, folds=5, l2=DEFAULT_L2):
    """Mean AUC over k stratified folds of (current weights, weights fitted
    on the other folds), each measured on the held-out fold: the suggested
    weights are judged on leads they did not see. (None, None) when a fold
    lacks won or lost leads."""
    assignment = folds_of(ys, folds)
    current, suggested = [], []
    for fold in range(folds):
        train = [i for i, f in enumerate(assignment) if f != fold]
        test = [i for i, f in enumerate(assignment) if f == fold]
        test_ys = [ys[i] for i in test]
        if all(test_ys) or not any(test_ys):
            return None, None
        weights = fit_weights(
            [xs[i] for i in train], [ys[i] for i in train], total, l2=l2
        )
        current.append(
            roc_auc(test_ys, [score_of(xs[i], current_weights) for i in test])
        )
        suggested.append(
            roc_auc(test_ys, [score_of(xs[i], weights) for i in test])
            if weights
            else 0.5
        )
    return sum(current) / folds, sum(suggested) / folds


def score_curve(scores, ys):
    """(intercept, slope) of a logistic fit of won on the score (0-100):
    the probability of winning at each score, smoothed over the scores (the
    won rate of a single score is noisy)."""
    groups = aggregate([(score / 100.0,) for score in scores], ys)
    intercept, (slope,) = logistic_fit(groups, l2=0.0)
    return intercept, slope


def score_probabilities(scores, ys):
    """Probability of winning of each lead from its score, through
    score_curve (for the Brier score of a score that is not a
    probability)."""
    intercept, slope = score_curve(scores, ys)
    return [sigmoid(intercept + slope * score / 100.0) for score in scores]


def suggest_thresholds(scores, ys):
    """(warm, hot) thresholds from the won rates per score: warm from the
    lowest score whose probability of winning reaches the base rate (an
    average lead), hot from the lowest one whose probability reaches half
    way between the base rate and certainty. None when the won rate does not
    rise with the score or the levels would not fit in 1-100."""
    base = sum(1 for won in ys if won) / len(ys)
    intercept, slope = score_curve(scores, ys)
    if slope <= 0:
        return None

    def first_score(rate):
        for score in range(1, 101):
            if sigmoid(intercept + slope * score / 100.0) >= rate:
                return score
        return None

    warm, hot = first_score(base), first_score((1 + base) / 2)
    if warm is None or hot is None or not warm < hot:
        return None
    return warm, hot


def score_bands(scores, ys, probabilities, width=10):
    """Calibration by score band (0-9, 10-19 ... 90-100): leads, won rate
    with its interval and the mean predicted probability of the band."""
    bands = defaultdict(lambda: [0, 0, 0.0])
    for score, won, probability in zip(scores, ys, probabilities, strict=True):
        band = min(score // width, 100 // width - 1)
        bands[band][0] += 1 if won else 0
        bands[band][1] += 1
        bands[band][2] += probability
    base = sum(1 for won in ys if won) / len(ys) if ys else 0.0
    rows = []
    for row in rate_rows(
        [(band, won, total) for band, (won, total, _p) in sorted(bands.items())],
        base,
    ):
        band = row["key"]
        row["label"] = (
            f"{band * width}-{100 if band == 100 // width - 1 else band * width + 9}"
        )
        row["predicted"] = bands[band][2] / bands[band][1]
        rows.append(row)
    return rows
