# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Contact profile of a lead: how and when the contact prefers to be
reached, how they buy, what interests them and who decides."""

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..selections import BUYING_STYLES, CONTACT_CHANNELS


class CrmLead(models.Model):
    _inherit = "crm.lead"

    preferred_contact_channel = fields.Selection(
        CONTACT_CHANNELS,
        help="How this contact prefers to be reached.",
    )
    preferred_contact_hour_from = fields.Float(
        string="Preferred Hours From",
        help="Start of the hours when the contact prefers to be reached.",
    )
    preferred_contact_hour_to = fields.Float(
        string="Preferred Hours To",
        help="End of the hours when the contact prefers to be reached.",
    )
    preferred_contact_days = fields.Many2many(
        "prospect.weekday",
        "crm_lead_prospect_weekday_rel",
        "lead_id",
        "weekday_id",
        string="Preferred Days",
        help="Days when the contact prefers to be reached. Follow-up steps are "
        "planned on these days (never on a weekend or a public holiday of the "
        "company), within the preferred hours, in the contact's time zone.",
    )
    buying_style = fields.Selection(
        BUYING_STYLES,
        help="How this contact buys: decides on the first visit, researches "
        "first, or consults others before deciding.",
    )
    interest_tag_ids = fields.Many2many(
        "prospect.interest.tag",
        "crm_lead_prospect_interest_tag_rel",
        "lead_id",
        "tag_id",
        string="Interests",
    )
    decision_maker_name = fields.Char(
        string="Decision Maker",
        help="Who decides the purchase, when it is not our contact.",
    )
    decision_maker_role = fields.Char(
        help="The decision maker's position, e.g. Managing Director.",
    )

    @api.constrains("preferred_contact_hour_from", "preferred_contact_hour_to")
    def _check_preferred_contact_hours(self):
        for lead in self:
            start, end = (
                lead.preferred_contact_hour_from,
                lead.preferred_contact_hour_to,
            )
            if not 0 <= start <= 24 or not 0 <= end <= 24:
                raise ValidationError(
                    self.env._(
                        "%(lead)s: preferred contact hours must be between 00:00 "
                        "and 24:00.",
                        lead=lead.display_name,
                    )
                )
            if end and start >= end:
                raise ValidationError(
                    self.env._(
                        "%(lead)s: the preferred contact hours must end after they "
                        "start (from %(start)s to %(end)s).",
                        lead=lead.display_name,
                        start=_format_hour(start),
                        end=_format_hour(end),
                    )
                )

    def _followup_contact_window(self, calendar, fallback_tz):
        """(time zone, weekdays, hours) when the follow-up may reach the
        contact of this lead: the time zone of its contact, else of its
        contact's (or its own) country, else of `calendar`, else
        `fallback_tz`; its preferred days (0 = Monday) or None; its preferred
        hours (from, to) or None, for the company's working hours. Reads
        only prefetched fields: no query per lead."""
        self.ensure_one()
        partner = self.partner_id
        tz = partner.tz
        if not tz:
            country = partner.country_id or self.country_id
            zones = country and pytz.country_timezones.get(country.code or "")
            tz = zones[0] if zones else None
        tz = tz or calendar.tz or fallback_tz or "UTC"
        weekdays = self.preferred_contact_days.mapped("dayofweek")
        days = frozenset(int(day) for day in weekdays) or None
        start, end = self.preferred_contact_hour_from, self.preferred_contact_hour_to
        hours = (start, end or 24.0) if (start or end) else None
        return tz, days, hours


def _format_hour(value):
    hours, minutes = divmod(round(value * 60), 60)
    return f"{hours:02d}:{minutes:02d}"
