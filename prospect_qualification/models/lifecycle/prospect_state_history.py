# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from ..selections import PROSPECT_STATES


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
        # One INSERT for every lead (a stage change of thousands of cards):
        # the rows only record what the leads hold now.
        leads.flush_recordset(["prospect_state", "user_id", "team_id", "company_id"])
        inserted = self.env.execute_query(
            SQL(
                """INSERT INTO prospect_state_history
                        (lead_id, state_from, state_to, date, user_id,
                         salesperson_id, team_id, company_id,
                         create_uid, create_date, write_uid, write_date)
                   SELECT lead.id, before.state, lead.prospect_state, %(now)s,
                          %(uid)s, lead.user_id, lead.team_id, lead.company_id,
                          %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM crm_lead lead
                     JOIN (SELECT UNNEST(%(ids)s::int[]) AS id,
                                  UNNEST(%(states)s::varchar[]) AS state) before
                       ON before.id = lead.id
                 ORDER BY lead.id
                RETURNING id""",
                now=now,
                uid=self.env.uid,
                ids=leads.ids,
                states=[states_before.get(lead_id) or None for lead_id in leads.ids],
            )
        )
        leads.invalidate_recordset(["prospect_state_history_ids"])
        return history.browse(row[0] for row in inserted)
