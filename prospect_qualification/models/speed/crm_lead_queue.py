# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The live queue "Waiting for First Response": the leads not answered yet,
most urgent first, with the time left on each, and the buttons that answer
them (a logged call, an e-mail, a WhatsApp message). Each records the
first response the usual way (crm_lead_speed.py): a completed activity or
a message sent to the contact."""

from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    first_response_minutes_left = fields.Integer(
        string="Minutes Left",
        compute="_compute_first_response_time_left",
        help="Minutes until the first-response deadline (negative: late).",
    )
    first_response_time_left = fields.Char(
        string="Time Left",
        compute="_compute_first_response_time_left",
    )

    @api.depends("first_response_deadline", "first_response_date")
    @api.depends_context("uid")
    def _compute_first_response_time_left(self):
        now = fields.Datetime.now()
        for lead in self:
            deadline = lead.first_response_deadline
            if not deadline or lead.first_response_date:
                lead.first_response_minutes_left = 0
                lead.first_response_time_left = False
                continue
            minutes = round((deadline - now).total_seconds() / 60.0)
            lead.first_response_minutes_left = minutes
            duration = _format_minutes(self.env, abs(minutes))
            lead.first_response_time_left = (
                self.env._("%(duration)s left", duration=duration)
                if minutes >= 0
                else self.env._("%(duration)s late", duration=duration)
            )

    def _queue_record_response(self, activity_xmlid, feedback):
        """A completed activity of the current user on each lead: their
        first response (when they had none)."""
        for lead in self:
            activity = lead.activity_schedule(
                activity_xmlid, user_id=self.env.uid, summary=feedback
            )
            activity.action_feedback(feedback)

    def action_queue_log_call(self):
        """The salesperson called (the number is a tap away on the card)."""
        self._queue_record_response(
            "mail.mail_activity_data_call", self.env._("Called from the queue")
        )
        return True

    def action_queue_whatsapp(self):
        """Open the WhatsApp chat and record the message as the answer."""
        self.ensure_one()
        action = self.action_open_whatsapp()  # checks the number first
        self._queue_record_response(
            "prospect_qualification.mail_activity_type_whatsapp",
            self.env._("Written on WhatsApp from the queue"),
        )
        return action

    def action_queue_email(self):
        """Crm's e-mail composer on the lead: sending it is the answer."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Answer by E-mail"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "crm.lead",
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_subtype_xmlid": "mail.mt_comment",
                "default_partner_ids": self.partner_id.ids,
            },
        }


def _format_minutes(env, minutes):
    if minutes < 60:
        return env._("%(minutes)s min", minutes=minutes)
    if minutes < 1440:
        return env._(
            "%(hours)s h %(minutes)s min", hours=minutes // 60, minutes=minutes % 60
        )
    return env._(
        "%(days)s d %(hours)s h", days=minutes // 1440, hours=minutes % 1440 // 60
    )
