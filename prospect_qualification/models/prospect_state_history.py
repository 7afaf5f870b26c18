# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from .selections import PROSPECT_STATES


class ProspectStateHistory(models.Model):
    """One row per lifecycle state a lead went through: when it entered the
    state (`date`) and when it left it (`date_end`, empty while it stays)."""

    _name = "prospect.state.history"
    _description = "Lifecycle State Change"
    _order = "date desc, id desc"
    _rec_name = "lead_id"

    lead_id = fields.Many2one("crm.lead", required=True, index=True, ondelete="cascade")
    state_from = fields.Selection(PROSPECT_STATES, string="From State")
    state_to = fields.Selection(PROSPECT_STATES, string="To State", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    date_end = fields.Datetime(
        string="Left State On",
        help="When the lead left this state; empty while it stays.",
    )
    user_id = fields.Many2one(
        "res.users", string="Changed By", default=lambda self: self.env.user
    )
    salesperson_id = fields.Many2one("res.users", index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True)
    company_id = fields.Many2one("res.company", index=True)

    @api.model
    def _record_transitions(self, leads, states_before):
        """Close the open row of each lead and open one for its new state."""
        now = fields.Datetime.now()
        # The history is written by the system for whoever moved the lead; users
        # only read it.
        history = self.sudo()
        # One UPDATE closes the open rows (lead conversions come one by one).
        history.flush_model(["lead_id", "date_end"])
        closed = self.env.execute_query(
            SQL(
                """UPDATE prospect_state_history
                      SET date_end = %(now)s, write_uid = %(uid)s, write_date = %(now)s
                    WHERE lead_id IN %(leads)s AND date_end IS NULL
                RETURNING id""",
                now=now,
                uid=self.env.uid,
                leads=tuple(leads.ids),
            )
        )
        history.browse(row[0] for row in closed).invalidate_recordset(
            ["date_end", "write_uid", "write_date"]
        )
        history.create(
            [
                {
                    "lead_id": lead.id,
                    "state_from": states_before.get(lead.id) or False,
                    "state_to": lead.prospect_state,
                    "date": now,
                    "user_id": self.env.uid,
                    "salesperson_id": lead.user_id.id,
                    "team_id": lead.team_id.id,
                    "company_id": lead.company_id.id,
                }
                for lead in leads
            ]
        )
