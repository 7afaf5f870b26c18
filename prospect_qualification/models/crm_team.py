# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# First-response deadlines of leads without a sales team (hours).
DEFAULT_FIRST_RESPONSE_HOURS_INBOUND = 1.0
DEFAULT_FIRST_RESPONSE_HOURS_OUTBOUND = 24.0


class CrmTeam(models.Model):
    _inherit = "crm.team"

    first_response_hours_inbound = fields.Float(
        string="First Response, Inbound (Hours)",
        default=DEFAULT_FIRST_RESPONSE_HOURS_INBOUND,
        help="Hours the team has to answer a lead that came to us (and a lead "
        "whose prospecting type is not set).",
    )
    first_response_hours_outbound = fields.Float(
        string="First Response, Outbound (Hours)",
        default=DEFAULT_FIRST_RESPONSE_HOURS_OUTBOUND,
        help="Hours the team has to make the first contact with a lead it went after.",
    )

    @api.constrains("first_response_hours_inbound", "first_response_hours_outbound")
    def _check_first_response_hours(self):
        for team in self:
            if (
                team.first_response_hours_inbound <= 0
                or team.first_response_hours_outbound <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The first-response deadlines of the sales team "
                        "%(team)s must be positive numbers of hours.",
                        team=team.name,
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
