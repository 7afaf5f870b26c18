# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The fields of a lead the server owns (see prospect_server_fields_mixin.py):
score and level, lifecycle state, speed-to-lead dates and states, and the
reactivation flag. Imported after the other crm_lead_*.py files, so that a
forged value is refused before any of their write() hooks runs."""

from odoo import models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = [
        "prospect.server.fields.mixin",
        "prospect.input.check.mixin",
        "crm.lead",
    ]

    _prospect_server_fields = (
        "qualification_score",
        "qualification_level",
        "qualification_breakdown",
        "prospect_state",
        "first_response_deadline",
        "first_response_date",
        "first_response_hours",
        "first_response_minutes",
        "first_response_band",
        "first_response_sla_state",
        "first_response_missed",
        "is_reactivation",
        "followup_due_date",
        "first_response_reassign_due",
        "first_response_reassign_count",
        "first_response_missed_user_ids",
    )
