# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The score calibration over closed opportunities: suggested weights from
synthetic history with known true weights, the minimum sample, access,
the one-click apply and the monthly drift check."""

import random

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ...models import trust
from ...tools import score_statistics as stats
from ..common import CRITERIA_FIELDS, ProspectQualificationCase

ANSWERS = (("unknown", 0.0), ("no", 0.0), ("partial", 0.5), ("yes", 1.0))
CODES = list(CRITERIA_FIELDS)
# Log-odds of winning per yes: need counts most, access and fit nothing.
TRUE_WEIGHTS = {"need": 4.0, "budget": 2.0, "authority": 1.0, "access": 0.0, "fit": 0.0}
TRUE_INTERCEPT = -2.5
SEED = 0


class CalibrationCase(ProspectQualificationCase):
    @classmethod
    def _close_synthetic(cls, count, seed=SEED, outcomes=None):
        """`count` opportunities closed today, their answers drawn at random
        and their outcome from the logistic model of TRUE_WEIGHTS (or
        `outcomes`: a list of booleans). Created in one batch, won in one
        write, lost in one call."""
        rng = random.Random(seed)
        vals_list, won = [], []
        for index in range(count):
            answers = {code: rng.choice(ANSWERS) for code in CODES}
            log_odds = TRUE_INTERCEPT + sum(
                TRUE_WEIGHTS[code] * value for code, (_a, value) in answers.items()
            )
            outcome = rng.random() < stats.sigmoid(log_odds)
            won.append(outcomes[index] if outcomes else outcome)
            vals_list.append(
                {
                    "name": f"Histórico {seed}-{index}",
                    "type": "opportunity",
                    "team_id": cls.team.id,
                    "user_id": cls.user_salesman.id,
                    "stage_id": cls.stage_new.id,
                    "company_id": cls.company.id,
                    **{
                        CRITERIA_FIELDS[code]: answer
                        for code, (answer, _value) in answers.items()
                    },
                }
            )
        leads = trust.with_switches(
            cls.env["crm.lead"].with_context(
                tracking_disable=True, mail_create_nolog=True
            ),
            skip_triggers=("lead_created", "stage_entered"),
        ).create(vals_list)
        won_leads = leads.browse(
            lead.id for lead, is_won in zip(leads, won, strict=True) if is_won
        )
        won_leads.write({"stage_id": cls.stage_won.id})
        (leads - won_leads).action_set_lost()
        return leads

    def _calibration(self, user=None, **values):
        return (
            self.env["prospect.score.calibration"]
            .with_user(user or self.user_manager)
            .create({"team_id": self.team.id, **values})
        )


@tagged("post_install", "-at_install")
class TestScoreCalibration(CalibrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.history = cls._close_synthetic(300)

    def test_suggested_weights_recover_the_true_order(self):
        calibration = self._calibration()
        calibration.action_compute()
        self.assertEqual(calibration.state, "done")
        self.assertEqual(
            calibration.won_count + calibration.lost_count, len(self.history)
        )
        self.assertTrue(calibration.enough_data)
        self.assertFalse(calibration.insufficient_reason)
        suggested = {
            line.criterion_id.code: line.suggested_weight
            for line in calibration.line_ids
        }
        self.assertEqual(set(suggested), set(CODES))
        # The order of the true weights; the criteria that do not matter get
        # less than a tenth of the largest weight. (Ratios within a stated
        # tolerance on 3 000 leads: test_score_statistics.)
        self.assertGreater(suggested["need"], suggested["budget"])
        self.assertGreater(suggested["budget"], suggested["authority"])
        self.assertGreater(suggested["authority"], suggested["access"])
        self.assertLess(
            max(suggested["access"], suggested["fit"]), suggested["need"] / 10
        )
        self.assertAlmostEqual(sum(suggested.values()), 5.0, delta=0.05)
        # The fitted weights separate better than equal weights, also on
        # opportunities they did not see.
        self.assertGreater(calibration.cv_auc_suggested, calibration.cv_auc_current)
        self.assertGreater(calibration.auc_suggested, calibration.auc_current)
        self.assertGreater(calibration.auc_current, 0.6)
        self.assertGreater(calibration.brier_current, 0.0)
        self.assertTrue(calibration.suggested_warm_threshold)
        self.assertLess(
            calibration.suggested_warm_threshold, calibration.suggested_hot_threshold
        )
        self.assertTrue(calibration.can_apply)
        html = str(calibration.report_html)
        for piece in ("o_prospect_calibration_answers", "o_prospect_calibration_chart",
                      "o_prospect_calibration_levels", "95 % interval"):  # fmt: skip
            self.assertIn(piece, html)

    def test_apply_thresholds_needs_company_rights(self):
        calibration = self._calibration()
        calibration.action_compute()
        warm, hot = (
            calibration.suggested_warm_threshold,
            calibration.suggested_hot_threshold,
        )
        self.assertTrue(warm and hot)
        # A sales manager may not change the company's settings.
        with self.assertRaises(AccessError):
            calibration.action_apply_thresholds()
        self.user_manager.groups_id += self.env.ref("base.group_erp_manager")
        calibration.action_apply_thresholds()
        self.assertEqual(
            (self.company.prospect_warm_threshold, self.company.prospect_hot_threshold),
            (warm, hot),
        )

    def test_calibration_costs_no_query_per_lead(self):
        """300 closed opportunities: the queries of a calibration do not
        grow with the leads (one read of them, statistics in memory)."""
        calibration = self._calibration()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(45):
            calibration.action_compute()
            self.env.flush_all()

    def test_report_counts_answers(self):
        calibration = self._calibration()
        calibration.action_compute()
        need = next(
            table
            for table in calibration.report_data["answers"]
            if table["code"] == "need"
        )
        yes = next(row for row in need["rows"] if row["key"] == "yes")
        leads_yes = self.history.filtered(lambda lead: lead.qualification_need == "yes")
        self.assertEqual(yes["total"], len(leads_yes))
        self.assertEqual(yes["won"], len(leads_yes.filtered("active")))
        self.assertLessEqual(yes["low"], yes["rate"])
        self.assertGreater(yes["lift"], 1.0)

    def test_apply_writes_weights_and_chatter(self):
        lead = self._create_leads(1, **self._answers(need="yes"))
        self.assertEqual(lead.qualification_score, 20)
        calibration = self._calibration()
        calibration.action_compute()
        suggested = {
            line.criterion_id: line.suggested_weight for line in calibration.line_ids
        }
        calibration.action_apply()
        self.assertEqual(calibration.state, "applied")
        self.assertEqual(calibration.reference_auc, calibration.auc_suggested)
        for criterion, weight in suggested.items():
            self.assertEqual(criterion.weight, weight)
            note = criterion.message_ids[:1]
            self.assertIn("Weight changed by a calibration", note.body)
            self.assertIn(f"1.00 → {weight:.2f}", note.body)
            self.assertIn("Cross-validated AUC", note.body)
        # The leads are rescored with the new weights.
        expected = stats.score_of(
            (1.0, 0.0, 0.0, 0.0, 0.0),
            [suggested[self.criteria[code]] for code in CODES],
        )
        self.assertEqual(lead.qualification_score, expected)
        with self.assertRaises(UserError):
            calibration.action_apply()
        with self.assertRaises(UserError):
            calibration.action_compute()

    def test_only_managers_calibrate(self):
        with self.assertRaises(AccessError):
            self._calibration(user=self.user_salesman)
        calibration = self._calibration()
        with self.assertRaises(AccessError):
            calibration.with_user(self.user_salesman).read(["auc_current"])
        with self.assertRaises(AccessError):
            calibration.with_user(self.user_salesman).action_compute()
        # Salespeople read the breakdown of their leads.
        lead = self._create_leads(1)
        self.assertIn(
            "o_prospect_breakdown",
            str(lead.with_user(self.user_salesman).qualification_breakdown),
        )

    def test_other_company_calibrations_are_hidden(self):
        other = self.env["res.company"].create({"name": "Otra Empresa SL"})
        calibration = self.env["prospect.score.calibration"].create(
            {"company_id": other.id}
        )
        found = (
            self.env["prospect.score.calibration"]
            .with_user(self.user_manager)
            .search([("id", "=", calibration.id)])
        )
        self.assertFalse(found)

    def test_bad_input_and_forged_figures(self):
        with self.assertRaises(ValidationError):
            self._calibration(date_from="2026-02-01", date_to="2026-01-01")
        with self.assertRaises(UserError):
            self._calibration(auc_current=0.99)
        calibration = self._calibration()
        with self.assertRaises(UserError):
            calibration.write({"state": "applied"})

    def test_pls_compared_on_the_same_leads(self):
        self.env["crm.lead"].sudo()._rebuild_pls_frequency_table()
        calibration = self._calibration()
        calibration.action_compute()
        self.assertEqual(calibration.pls_count, len(self.history))
        self.assertTrue(0.0 < calibration.auc_pls < 1.0)
        self.assertTrue(0.0 < calibration.brier_pls < 1.0)


@tagged("post_install", "-at_install")
class TestCalibrationMinimumSample(CalibrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 40 won, 20 lost: too few lost opportunities.
        cls.history = cls._close_synthetic(60, outcomes=[True] * 40 + [False] * 20)

    def test_too_little_data_suggests_nothing(self):
        calibration = self._calibration()
        calibration.action_compute()
        self.assertEqual((calibration.won_count, calibration.lost_count), (40, 20))
        self.assertFalse(calibration.enough_data)
        self.assertIn("40 won and 20 lost", calibration.insufficient_reason)
        self.assertIn("at least 30 won and 30 lost", calibration.insufficient_reason)
        self.assertFalse(any(calibration.line_ids.mapped("suggested_weight")))
        self.assertFalse(calibration.suggested_warm_threshold)
        self.assertFalse(calibration.can_apply)
        self.assertIn(
            "o_prospect_calibration_insufficient", str(calibration.report_html)
        )
        with self.assertRaises(UserError):
            calibration.action_apply()
        weights = {c: c.weight for c in self.criteria.values()}
        self.assertEqual(set(weights.values()), {1.0})

    def test_calibration_costs_no_query_per_lead(self):
        """The same bound as with 300 opportunities (TestScoreCalibration)."""
        calibration = self._calibration()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(45):
            calibration.action_compute()
            self.env.flush_all()

    def test_empty_period(self):
        calibration = self._calibration(date_from="2001-01-01", date_to="2001-12-31")
        calibration.action_compute()
        self.assertEqual(calibration.won_count + calibration.lost_count, 0)
        self.assertIn("0 won and 0 lost", calibration.insufficient_reason)


@tagged("post_install", "-at_install")
class TestCalibrationDrift(CalibrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.history = cls._close_synthetic(200, seed=3)

    def _reference(self, auc):
        reference = self._calibration()
        reference.action_compute()
        reference.sudo().write({"reference_auc": auc})
        return reference

    def test_drift_notifies_managers(self):
        reference = self._reference(0.99)
        checks = self.env["prospect.score.calibration"].sudo()._cron_check_drift()
        check = checks.filtered(lambda c: c.drift_reference_id == reference)
        self.assertEqual(check.kind, "drift")
        self.assertEqual(check.team_id, self.team)
        self.assertAlmostEqual(check.auc_drop, 0.99 - check.auc_current, places=3)
        self.assertGreater(check.auc_drop, 0.05)
        note = check.message_ids.filtered(
            lambda m: "lost predictive power" in (m.body or "")
        )
        self.assertTrue(note)
        self.assertIn(self.user_manager.partner_id, note.partner_ids)
        activity = check.activity_ids.filtered(lambda a: a.user_id == self.user_manager)
        self.assertTrue(activity)
        self.assertNotIn(self.user_salesman, check.activity_ids.user_id)

    def test_no_drift_no_note(self):
        reference = self._reference(0.4)
        checks = self.env["prospect.score.calibration"].sudo()._cron_check_drift()
        check = checks.filtered(lambda c: c.drift_reference_id == reference)
        self.assertTrue(check)
        self.assertLessEqual(check.auc_drop, 0.05)
        self.assertFalse(check.activity_ids)
