# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class CalendarEvent(models.Model):
    """A meeting booked with a lead's contact or company ends the cadences
    of its open leads (a smart exit, prospect_followup_engine_exit.py)."""

    _inherit = "calendar.event"

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        for event in events:
            event._prospect_meeting_booked(event._prospect_external_attendees())
        return events

    def write(self, vals):
        if "partner_ids" not in vals:
            return super().write(vals)
        before = {event: event._prospect_external_attendees() for event in self}
        res = super().write(vals)
        for event in self:
            event._prospect_meeting_booked(
                event._prospect_external_attendees() - before[event]
            )
        return res

    def _prospect_meeting_booked(self, partners):
        """This meeting was booked with `partners`: the cadences of their
        customers' leads in the organizer's company end (not in the other
        companies the organizer may work for)."""
        self.ensure_one()
        if partners:
            company = self.sudo().user_id.company_id or self.env.company
            self.env["prospect.followup.engine"]._on_meeting_booked(partners, company)

    def _prospect_external_attendees(self):
        """The attendees of these events who are not our users."""
        # sudo: the attendees' users decide, whoever books the meeting.
        partners = self.sudo().partner_ids
        return partners.filtered(
            lambda partner: not any(not user.share for user in partner.user_ids)
        )
