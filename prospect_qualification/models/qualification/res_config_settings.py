# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    prospect_warm_threshold = fields.Integer(
        related="company_id.prospect_warm_threshold", readonly=False
    )
    prospect_hot_threshold = fields.Integer(
        related="company_id.prospect_hot_threshold", readonly=False
    )

    # --- Customer classification ---
    prospect_current_min_purchases = fields.Integer(
        related="company_id.prospect_current_min_purchases", readonly=False
    )
    prospect_customer_window_days = fields.Integer(
        related="company_id.prospect_customer_window_days", readonly=False
    )
    prospect_regularity_tolerance = fields.Integer(
        related="company_id.prospect_regularity_tolerance", readonly=False
    )
