# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ...tools.qualification_score import (
    DEFAULT_HOT_THRESHOLD,
    DEFAULT_WARM_THRESHOLD,
    SCORE_MAX,
    SCORE_MIN,
    thresholds_valid,
)
from ..bounds import bounded_field

# Customer classification defaults.
DEFAULT_CURRENT_MIN_PURCHASES = 3
DEFAULT_CUSTOMER_WINDOW_DAYS = 365
DEFAULT_REGULARITY_TOLERANCE = 50
CUSTOMER_CLASS_SETTINGS = (
    "prospect_current_min_purchases",
    "prospect_customer_window_days",
    "prospect_regularity_tolerance",
)


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["prospect.input.check.mixin", "res.company"]

    prospect_warm_threshold = fields.Integer(
        string="Warm From Score",
        default=DEFAULT_WARM_THRESHOLD,
        help="Leads scoring at least this much are warm.",
    )
    prospect_hot_threshold = fields.Integer(
        string="Hot From Score",
        default=DEFAULT_HOT_THRESHOLD,
        help="Leads scoring at least this much are hot.",
    )

    @api.constrains("prospect_warm_threshold", "prospect_hot_threshold")
    def _check_prospect_thresholds(self):
        for company in self:
            warm, hot = company.prospect_warm_threshold, company.prospect_hot_threshold
            if not thresholds_valid(warm, hot):
                raise ValidationError(
                    self.env._(
                        "The qualification thresholds of %(company)s must satisfy "
                        "%(min)s < warm < hot ≤ %(max)s (now warm from %(warm)s, "
                        "hot from %(hot)s).",
                        company=company.name,
                        min=SCORE_MIN,
                        max=SCORE_MAX,
                        warm=warm,
                        hot=hot,
                    )
                )

    def _prospect_level_thresholds(self):
        """(warm, hot): the thresholds of the levels of this company's leads
        (the defaults for leads without a company; an empty column, as in
        SQL, reads 0 here: never a valid threshold)."""
        return (
            self.prospect_warm_threshold or DEFAULT_WARM_THRESHOLD,
            self.prospect_hot_threshold or DEFAULT_HOT_THRESHOLD,
        )

    @api.model
    def _prospect_level_thresholds_sql(self, alias):
        """`_prospect_level_thresholds` in SQL, on the row `alias` of
        res_company (NULL: no company)."""
        return (
            SQL(
                "COALESCE(%s, %s)",
                SQL.identifier(alias, "prospect_warm_threshold"),
                DEFAULT_WARM_THRESHOLD,
            ),
            SQL(
                "COALESCE(%s, %s)",
                SQL.identifier(alias, "prospect_hot_threshold"),
                DEFAULT_HOT_THRESHOLD,
            ),
        )

    # --- Customer classification ---
    prospect_current_min_purchases = bounded_field(
        fields.Integer,
        "current_min_purchases",
        "A customer who bought on at least this many different days in the "
        "look-back window, at regular intervals, is a current customer.",
        string="Purchases of a Current Customer",
        default=DEFAULT_CURRENT_MIN_PURCHASES,
    )
    prospect_customer_window_days = bounded_field(
        fields.Integer,
        "customer_window_days",
        "Purchases of the last this many days count. A customer whose last "
        "purchase is older is inactive.",
        string="Customer Look-back Window (days)",
        default=DEFAULT_CUSTOMER_WINDOW_DAYS,
    )
    prospect_regularity_tolerance = bounded_field(
        fields.Integer,
        "regularity_tolerance",
        "Purchases are regular when no gap between two purchases of the "
        "window differs from their average gap by more than this share of it, "
        "and the last purchase is not older than the average gap plus this "
        "share.",
        string="Regularity Tolerance (%)",
        default=DEFAULT_REGULARITY_TOLERANCE,
    )

    def write(self, vals):
        res = super().write(vals)
        if {"prospect_warm_threshold", "prospect_hot_threshold"} & set(vals):
            # The levels of the company's leads, set-based (not through the
            # ORM's dependencies, which would load every lead).
            self.env["crm.lead"]._recompute_qualification_scores(
                [("company_id", "in", self.ids)]
            )
        return res

    @api.constrains(*CUSTOMER_CLASS_SETTINGS)
    def _check_prospect_customer_class_settings(self):
        # Checked before the write too (prospect.input.check.mixin): a window
        # of millions of days would make every win fail.
        self._prospect_check_bounds(CUSTOMER_CLASS_SETTINGS)
