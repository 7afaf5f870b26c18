# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The statistics of the calibration, as pure functions (no database)."""

import random

from odoo.tests import TransactionCase, tagged

from ...tools import score_statistics as stats

# What an answer is worth in the score (no and unknown both count 0).
ANSWERS = (0.0, 0.0, 0.5, 1.0)


def synthetic(count, true_weights, intercept, seed):
    """Leads whose answers are drawn at random and whose outcome follows a
    logistic model with `true_weights` (log-odds per yes)."""
    rng = random.Random(seed)
    xs, ys = [], []
    for _lead in range(count):
        x = tuple(rng.choice(ANSWERS) for _weight in true_weights)
        log_odds = intercept + sum(w * v for w, v in zip(true_weights, x, strict=True))
        xs.append(x)
        ys.append(rng.random() < stats.sigmoid(log_odds))
    return xs, ys


@tagged("post_install", "-at_install")
class TestScoreStatistics(TransactionCase):
    def test_suggested_weights_recover_true_weights(self):
        """On 3 000 synthetic leads, the suggested weights keep the order of
        the true weights, and their ratios to the largest one are within
        0.10 of the true ratios (stated tolerance), for several seeds."""
        true = [3.0, 2.0, 1.0, 0.5, 0.0]
        for seed in (1, 2, 3):
            with self.subTest(seed=seed):
                xs, ys = synthetic(3000, true, -3.0, seed)
                weights = stats.fit_weights(xs, ys, total=sum(true))
                self.assertEqual(weights, sorted(weights, reverse=True))
                self.assertGreater(weights[0], weights[1])
                self.assertGreater(weights[1], weights[2])
                self.assertGreater(weights[2], weights[3])
                self.assertAlmostEqual(sum(weights), sum(true), delta=0.05)
                for weight, true_weight in zip(weights, true, strict=True):
                    self.assertAlmostEqual(
                        weight / weights[0], true_weight / true[0], delta=0.10
                    )

    def test_cross_validated_auc_prefers_fitted_weights(self):
        xs, ys = synthetic(1000, [4.0, 0.0, 0.0, 0.0, 2.0], -2.0, 7)
        current, suggested = stats.cross_validated_auc(xs, ys, [1.0] * 5, total=5.0)
        self.assertGreater(suggested, current + 0.05)
        self.assertGreater(current, 0.5)

    def test_no_positive_coefficient_suggests_nothing(self):
        xs, ys = synthetic(500, [-1.0, -1.0, 0.0, 0.0, -2.0], 0.0, 3)
        xs = [(*x[:2], 0.0, 0.0, x[4]) for x in xs]
        self.assertIsNone(stats.fit_weights(xs, ys, total=5.0))

    def test_auc_and_brier(self):
        self.assertEqual(stats.roc_auc([True, True, False], [90, 80, 10]), 1.0)
        self.assertEqual(stats.roc_auc([True, False], [50, 50]), 0.5)
        self.assertEqual(stats.roc_auc([True, False, True, False], [1, 2, 3, 4]), 0.25)
        self.assertIsNone(stats.roc_auc([True, True], [1, 2]))
        self.assertAlmostEqual(stats.brier_score([True, False], [0.8, 0.4]), 0.1)

    def test_wilson_interval(self):
        low, high = stats.wilson_interval(5, 10)
        self.assertAlmostEqual(low, 0.2366, places=3)
        self.assertAlmostEqual(high, 0.7634, places=3)
        self.assertEqual(stats.wilson_interval(0, 0), (0.0, 0.0))
        low, high = stats.wilson_interval(0, 20)
        self.assertEqual(low, 0.0)
        self.assertGreater(high, 0.1)

    def test_rates_lift_and_bands(self):
        rows = stats.rate_rows([("yes", 8, 10), ("no", 2, 10)], base_rate=0.5)
        self.assertEqual(rows[0]["lift"], 1.6)
        self.assertEqual(rows[1]["lost"], 8)
        bands = stats.score_bands([5, 95, 100, 55], [False, True, True, False],
                                  [0.1, 0.9, 0.95, 0.5])  # fmt: skip
        self.assertEqual([b["label"] for b in bands], ["0-9", "50-59", "90-100"])
        self.assertEqual(bands[-1]["total"], 2)

    def test_thresholds_rise_with_the_won_rate(self):
        xs, ys = synthetic(2000, [3.0, 2.0, 1.0, 0.5, 0.5], -3.0, 5)
        weights = stats.fit_weights(xs, ys, total=7.0)
        scores = [stats.score_of(x, weights) for x in xs]
        warm, hot = stats.suggest_thresholds(scores, ys)
        self.assertLess(0, warm)
        self.assertLess(warm, hot)
        self.assertLessEqual(hot, 100)
        # Flat won rates: no thresholds.
        self.assertIsNone(
            stats.suggest_thresholds([10, 90, 10, 90], [True, True, False, False])
        )

    def test_score_matches_the_lead_formula(self):
        self.assertEqual(stats.score_of((1.0, 0.5, 0.0), [2.0, 1.0, 1.0]), 63)
        self.assertEqual(stats.score_of((1.0, 1.0), [0.0, 0.0]), 0)
        # 62.5 exactly, 62.4999… in binary floats: rounded up, like the lead
        # (the database computes it in decimals).
        self.assertEqual(
            stats.score_of((1.0, 0.0, 0.0, 1.0, 0.5), [2.25, 0.25, 2.27, 4.25, 6.9]),
            63,
        )
