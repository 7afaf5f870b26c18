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
        self.env["prospect.followup.engine"]._on_meeting_booked(
            events._prospect_external_attendees(), events._prospect_our_companies()
        )
        return events

    def write(self, vals):
        before = self._prospect_external_attendees() if "partner_ids" in vals else None
        res = super().write(vals)
        if before is not None:
            self.env["prospect.followup.engine"]._on_meeting_booked(
                self._prospect_external_attendees() - before,
                self._prospect_our_companies(),
            )
        return res

    def _prospect_our_companies(self):
        """The companies of the users who organize these events (else of
        the current user): the leads whose cadences a meeting may end."""
        organizers = self.sudo().user_id or self.env.user
        return organizers.company_ids

    def _prospect_external_attendees(self):
        """The attendees of these events who are not our users."""
        # sudo: the attendees' users decide, whoever books the meeting.
        partners = self.sudo().partner_ids
        return partners.filtered(
            lambda partner: not any(not user.share for user in partner.user_ids)
        )
