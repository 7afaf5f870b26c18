# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from ...models.promise.prospect_promise import PROMISE_STATES


class ProspectPromiseReport(models.Model):
    """Promises kept: one row per promise (prospect.promise) with what
    became of it. The kept rate is the average of a 0/100 value that is
    empty (NULL) for open promises, so that the average of any group is the
    share of the settled promises (kept, kept late, broken) kept on time.

    "Per salesperson" is per person who had to keep the promise; the sales
    team is the lead's; the period is the due date."""

    _name = "prospect.promise.report"
    _inherit = ["prospect.lead.report.mixin"]
    _description = "Promises Kept Analysis"
    _auto = False
    _rec_name = "name"
    _order = "date_due desc, id desc"
    _depends = {
        "prospect.promise": [
            "lead_id",
            "name",
            "partner_id",
            "user_id",
            "date_due",
            "date_done",
            "state",
            "team_id",
            "company_id",
        ],
        "crm.lead": [
            "user_id",
            "prospecting_type",
            "medium_id",
            "source_id",
            "campaign_id",
        ],
    }

    promise_id = fields.Many2one("prospect.promise", readonly=True)
    name = fields.Char(string="Promised", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Promised To", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    lead_user_id = fields.Many2one(
        "res.users", string="Salesperson of the Lead", readonly=True
    )
    date_due = fields.Date(string="Due Date", readonly=True)
    date_done = fields.Date(string="Done On", readonly=True)
    state = fields.Selection(PROMISE_STATES, string="Status", readonly=True)
    kept = fields.Integer(readonly=True)
    late = fields.Integer(string="Kept Late", readonly=True)
    broken = fields.Integer(readonly=True)
    open = fields.Integer(readonly=True)
    kept_rate = fields.Float(
        string="Kept on Time (%)",
        aggregator="avg",
        readonly=True,
        digits=(16, 1),
        help="Share of the settled promises (kept, kept late or broken) kept "
        "by their due date; open promises are left out.",
    )

    def _query(self):
        return SQL(
            """
            SELECT promise.id AS id,
                   promise.id AS promise_id,
                   promise.lead_id AS lead_id,
                   promise.name AS name,
                   promise.partner_id AS partner_id,
                   promise.user_id AS user_id,
                   lead.user_id AS lead_user_id,
                   promise.team_id AS team_id,
                   promise.company_id AS company_id,
                   lead.prospecting_type AS prospecting_type,
                   lead.medium_id AS medium_id,
                   lead.source_id AS source_id,
                   lead.campaign_id AS campaign_id,
                   promise.date_due AS date_due,
                   promise.date_done AS date_done,
                   promise.state AS state,
                   (promise.state = 'kept')::int AS kept,
                   (promise.state = 'late')::int AS late,
                   (promise.state = 'broken')::int AS broken,
                   (promise.state = 'open')::int AS open,
                   CASE WHEN promise.state != 'open'
                        THEN (promise.state = 'kept')::int * 100.0
                   END AS kept_rate
              FROM prospect_promise promise
              LEFT JOIN crm_lead lead ON lead.id = promise.lead_id
            """
        )
