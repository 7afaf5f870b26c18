# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The promises made on a lead (prospect_promise.py), as its qualification
panel shows them: the open and the broken ones."""

from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    promise_ids = fields.One2many("prospect.promise", "lead_id", string="Promises")
    promise_pending_ids = fields.One2many(
        "prospect.promise",
        "lead_id",
        string="Open and Broken Promises",
        domain=[("state", "in", ("open", "broken"))],
        readonly=True,
    )
    promise_open_count = fields.Integer(
        string="Open Promises", compute="_compute_promise_counts"
    )
    promise_broken_count = fields.Integer(
        string="Broken Promises", compute="_compute_promise_counts"
    )

    def _compute_promise_counts(self):
        counts = {
            (lead.id, state): count
            for lead, state, count in self.env["prospect.promise"]._read_group(
                [("lead_id", "in", self.ids), ("state", "in", ("open", "broken"))],
                ["lead_id", "state"],
                ["__count"],
            )
        }
        for lead in self:
            lead.promise_open_count = counts.get((lead.id, "open"), 0)
            lead.promise_broken_count = counts.get((lead.id, "broken"), 0)

    def action_new_promise(self):
        """A small form (a dialog, also on a phone) for a promise on this
        lead, to its contact, for its salesperson by default."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Promise"),
            "res_model": "prospect.promise",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_lead_id": self.id,
                "default_user_id": self.user_id.id or self.env.uid,
            },
        }

    def action_view_promises(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "prospect_qualification.prospect_promise_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id}
        return action
