# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the qualification analysis needs from the lead table."""

from odoo import models, tools


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def _auto_init(self):
        res = super()._auto_init()
        # The qualification analysis filters leads on a sales team and a
        # creation period (crm's own index starts with the date); the history
        # of the selected leads is then read through its lead_id index.
        tools.create_index(
            self._cr,
            "crm_lead_team_id_create_date_idx",
            self._table,
            ["team_id", "create_date"],
        )
        return res
