# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _on_customer_inactive(self):
        """Customers who became inactive get a reactivation opportunity and
        the cadences of the "customer became inactive" rules."""
        res = super()._on_customer_inactive()
        self.env["prospect.followup.engine"]._fire_customer_inactive(self)
        return res
