# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..bounds import bounded_field

# First-response targets in working minutes (defaults, and leads without a
# sales team): inbound leads within 5 minutes, outbound ones within one
# working day (8 working hours).
DEFAULT_FIRST_RESPONSE_MINUTES_INBOUND = 5
DEFAULT_FIRST_RESPONSE_MINUTES_OUTBOUND = 480


class CrmTeam(models.Model):
    _name = "crm.team"
    _inherit = ["prospect.input.check.mixin", "crm.team"]

    first_response_minutes_inbound = bounded_field(
        fields.Integer,
        "first_response_minutes",
        "Working minutes the team has to answer a lead that came to us (and a "
        "lead whose prospecting type is not set).",
        string="First Response, Inbound (Minutes)",
        default=DEFAULT_FIRST_RESPONSE_MINUTES_INBOUND,
    )
    first_response_minutes_outbound = bounded_field(
        fields.Integer,
        "first_response_minutes",
        "Working minutes the team has to make the first contact with a lead it "
        "went after (480: one working day of 8 hours).",
        string="First Response, Outbound (Minutes)",
        default=DEFAULT_FIRST_RESPONSE_MINUTES_OUTBOUND,
    )
    first_response_calendar_id = fields.Many2one(
        "resource.calendar",
        string="First Response Hours",
        check_company=True,
        help="The working hours, time zone and public holidays in which the "
        "first-response targets are counted: a lead that arrives at night "
        "counts from the next working morning. Empty: the company's working "
        "hours; without any, the clock runs day and night.",
    )

    first_response_reassign = fields.Boolean(
        string="Reassign Missed First Responses",
        help="When a lead's first-response deadline passes unanswered, give it "
        "to the next available member (round robin among the active members "
        "within their working hours, not on leave and under their assignment "
        "limit), with a new deadline; after the number of reassignments set, "
        "the team leader gets it.",
    )
    first_response_reassign_max = fields.Integer(
        string="Reassignments Before the Leader",
        default=2,
        help="After this many reassignments of a lead not answered, it goes "
        "to the team leader (0: straight to the leader).",
    )

    @api.constrains("first_response_minutes_inbound", "first_response_minutes_outbound")
    def _check_first_response_minutes(self):
        self._prospect_check_bounds(
            ["first_response_minutes_inbound", "first_response_minutes_outbound"]
        )

    def _get_first_response_minutes(self, prospecting_type):
        """Working minutes to answer a lead of this team (or of no team)."""
        if prospecting_type == "outbound":
            return (
                self.first_response_minutes_outbound
                if self
                else DEFAULT_FIRST_RESPONSE_MINUTES_OUTBOUND
            )
        return (
            self.first_response_minutes_inbound
            if self
            else DEFAULT_FIRST_RESPONSE_MINUTES_INBOUND
        )
