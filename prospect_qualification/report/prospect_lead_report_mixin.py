# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.selections import PROSPECTING_TYPES


class ProspectLeadReportMixin(models.AbstractModel):
    """What the qualification reports share: they are SQL views (the model's
    ``_query()``) over leads, and every one can be filtered and grouped by the
    lead's sales team, company, prospecting type, medium, source and
    campaign."""

    _name = "prospect.lead.report.mixin"
    _description = "Qualification Report on Leads"

    lead_id = fields.Many2one("crm.lead", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    prospecting_type = fields.Selection(PROSPECTING_TYPES, readonly=True)
    medium_id = fields.Many2one("utm.medium", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", readonly=True)

    def _query(self):
        """The SELECT of the view."""
        raise NotImplementedError

    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
