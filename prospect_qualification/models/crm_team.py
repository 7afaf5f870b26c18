# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# First-response deadlines of leads without a sales team (hours).
DEFAULT_FIRST_RESPONSE_HOURS_INBOUND = 1.0
DEFAULT_FIRST_RESPONSE_HOURS_OUTBOUND = 24.0
# Longest first-response time of a team (one year): the deadline stays a date.
FIRST_RESPONSE_HOURS_MAX = 8760


class CrmTeam(models.Model):
    _name = "crm.team"
    _inherit = ["prospect.input.check.mixin", "crm.team"]

    first_response_hours_inbound = fields.Float(
        string="First Response, Inbound (Hours)",
        default=DEFAULT_FIRST_RESPONSE_HOURS_INBOUND,
        help="Hours the team has to answer a lead that came to us (and a lead "
        "whose prospecting type is not set): more than 0, at most 8760 (one "
        "year).",
    )
    first_response_hours_outbound = fields.Float(
        string="First Response, Outbound (Hours)",
        default=DEFAULT_FIRST_RESPONSE_HOURS_OUTBOUND,
        help="Hours the team has to make the first contact with a lead it went "
        "after: more than 0, at most 8760 (one year).",
    )

    @api.constrains("first_response_hours_inbound", "first_response_hours_outbound")
    def _check_first_response_hours(self):
        for team in self:
            for hours in (
                team.first_response_hours_inbound,
                team.first_response_hours_outbound,
            ):
                if not 0 < hours <= FIRST_RESPONSE_HOURS_MAX:
                    raise ValidationError(
                        self.env._(
                            "The sales team “%(team)s” gives %(hours)s hours for a "
                            "first response: it must be more than 0 and at most "
                            "%(max)s hours (one year).",
                            team=team.name,
                            hours=hours,
                            max=FIRST_RESPONSE_HOURS_MAX,
                        )
                    )

    def _get_first_response_hours(self, prospecting_type):
        """Hours to answer a lead of this team (or of no team)."""
        if prospecting_type == "outbound":
            return (
                self.first_response_hours_outbound
                if self
                else DEFAULT_FIRST_RESPONSE_HOURS_OUTBOUND
            )
        return (
            self.first_response_hours_inbound
            if self
            else DEFAULT_FIRST_RESPONSE_HOURS_INBOUND
        )
