# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What Odoo's predictive lead scoring (PLS) says of closed opportunities,
for the score calibration to compare with.

crm stores 100 and 0 as the automated probability of won and lost
opportunities: the outcome, not a prediction. The calibration asks crm's own
naive Bayes again, with crm's frequency table, for each closed opportunity
as if it stood in the first stage: PLS counts every won and every lost
opportunity in that stage, so the stage weighs nothing and the other
variables of crm's PLS settings (country, source, tags, e-mail and phone
quality...) decide."""

from odoo import models

from .. import trust


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def _pls_get_lead_pls_values(self, domain=None):
        values = super()._pls_get_lead_pls_values(domain=domain or [])
        stage_id = trust.switch(self.env, "pls_at_entry")
        if stage_id:
            for lead_values in values.values():
                lead_values["values"] = [
                    (field, stage_id if field == "stage_id" else value)
                    for field, value in lead_values["values"]
                ]
        return values

    def _prospect_pls_probabilities(self):
        """{lead id: probability in %} that PLS gives these leads at their
        entry in the pipeline; leads PLS cannot score are left out."""
        first_stage = self.env["crm.stage"].search(
            [("team_id", "=", False)], order="sequence, id", limit=1
        )
        if not first_stage or not self:
            return {}
        return trust.with_switches(
            self, pls_at_entry=first_stage.id
        )._pls_get_naive_bayes_probabilities()
