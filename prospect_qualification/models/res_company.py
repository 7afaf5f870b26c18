# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_WARM_THRESHOLD = 40
DEFAULT_HOT_THRESHOLD = 70


class ResCompany(models.Model):
    _inherit = "res.company"

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
            if not 0 < warm < hot <= 100:
                raise ValidationError(
                    self.env._(
                        "The qualification thresholds of %(company)s must satisfy "
                        "0 < warm < hot ≤ 100 (now warm from %(warm)s, hot from "
                        "%(hot)s).",
                        company=company.name,
                        warm=warm,
                        hot=hot,
                    )
                )
