# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Contact profile of a lead: how and when the contact prefers to be
reached, how they buy, what interests them and who decides."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...tools.followup_planning import ContactWindow
from ..selections import BUYING_STYLES, CONTACT_CHANNELS
from ..working_time import contact_tz


class CrmLead(models.Model):
    _inherit = "crm.lead"

    preferred_contact_channel = fields.Selection(
        CONTACT_CHANNELS,
        help="How this contact prefers to be reached.",
    )
    preferred_contact_hour_from = fields.Float(
        string="Preferred Hours From",
        help="Start of the hours when the contact prefers to be reached, in "
        "their time zone. Follow-up steps are planned within these hours and the "
        "company's working hours; when the two never meet, within these hours on "
        "a working day.",
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
        "planned on these days when they are working days of the company (never "
        "on its days off or public holidays), within the preferred hours, in the "
        "contact's time zone.",
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

    def _followup_contact_window(self):
        """When the follow-up may reach the contact of this lead
        (ContactWindow): in their time zone (models/working_time.py), on
        their preferred days or any, within their preferred hours or any;
        the planner fits it to the company's working days and hours. Reads
        only prefetched fields: no query per lead."""
        self.ensure_one()
        weekdays = self.preferred_contact_days.mapped("dayofweek")
        start, end = self.preferred_contact_hour_from, self.preferred_contact_hour_to
        return ContactWindow(
            tz=contact_tz(
                self.partner_id, self.company_id or self.env.company, self.country_id
            ),
            days=frozenset(int(day) for day in weekdays) or None,
            hours=(start, end or 24.0) if (start or end) else None,
        )


def _format_hour(value):
    hours, minutes = divmod(round(value * 60), 60)
    return f"{hours:02d}:{minutes:02d}"
