# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Qualification of a lead: the five criteria, the weighted score and the
level (cold / warm / hot)."""

from odoo import api, fields, models
from odoo.tools import float_round, split_every

from .prospect_qualification_criterion import ANSWER_VALUES, CRITERION_CODES
from .res_company import DEFAULT_HOT_THRESHOLD, DEFAULT_WARM_THRESHOLD
from .selections import QUALIFICATION_ANSWERS, QUALIFICATION_LEVELS

QUALIFICATION_FIELDS = [f"qualification_{code}" for code, _label in CRITERION_CODES]


def _qualification_field(label, question):
    """One of the five criteria: the salesperson's answer to `question`
    (labels and questions of the configured criteria replace these in views)."""
    return fields.Selection(
        QUALIFICATION_ANSWERS,
        string=label,
        default="unknown",
        required=True,
        tracking=True,
        help=question,
    )


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # Batch size when scores are recomputed for many leads (weight change).
    _qualification_recompute_batch = 1000

    qualification_need = _qualification_field(
        "Need", "Does a real need for our product exist?"
    )
    qualification_budget = _qualification_field("Budget", "Can they pay for it?")
    qualification_authority = _qualification_field(
        "Authority", "Is our contact allowed to decide the purchase?"
    )
    qualification_access = _qualification_field(
        "Access", "Can we reach them (contact data, channel, hours)?"
    )
    qualification_fit = _qualification_field(
        "Fit", "Do they match our target segment, our ideal customer?"
    )
    qualification_notes = fields.Text(
        help="What the salesperson learned while qualifying: the evidence "
        "behind the answers."
    )
    qualification_score = fields.Integer(
        compute="_compute_qualification_score",
        store=True,
        aggregator="avg",
        help="0 to 100: the weighted share of the criteria answered yes "
        "(partial counts half; no and unknown count nothing).",
    )
    qualification_level = fields.Selection(
        QUALIFICATION_LEVELS,
        compute="_compute_qualification_level",
        store=True,
        help="Cold, warm or hot, from the score and the thresholds of the "
        "CRM settings.",
    )

    @api.depends("company_id", *QUALIFICATION_FIELDS)
    def _compute_qualification_score(self):
        weights_by_company = self.env[
            "prospect.qualification.criterion"
        ]._get_weights_by_company(self.company_id)
        for lead in self:
            weights = weights_by_company.get(
                lead.company_id.id, weights_by_company[False]
            )
            total = sum(weights.values())
            if total <= 0:
                lead.qualification_score = 0
                continue
            earned = sum(
                weight * ANSWER_VALUES[lead[f"qualification_{code}"] or "unknown"]
                for code, weight in weights.items()
            )
            lead.qualification_score = int(
                float_round(earned * 100.0 / total, precision_digits=0)
            )

    @api.depends(
        "qualification_score",
        "company_id.prospect_warm_threshold",
        "company_id.prospect_hot_threshold",
    )
    def _compute_qualification_level(self):
        for lead in self:
            company = lead.company_id
            warm = (
                company.prospect_warm_threshold if company else DEFAULT_WARM_THRESHOLD
            )
            hot = company.prospect_hot_threshold if company else DEFAULT_HOT_THRESHOLD
            if lead.qualification_score >= hot:
                lead.qualification_level = "hot"
            elif lead.qualification_score >= warm:
                lead.qualification_level = "warm"
            else:
                lead.qualification_level = "cold"

    @api.model
    def _recompute_qualification_scores(self, domain=None, batch_size=None):
        """Recompute score and level of the leads matching `domain`, archived
        and lost ones included, in batches: a few queries per batch whatever
        its size."""
        # Scores are derived data and must be right for every lead, whatever
        # the companies and record rules of the user who changed a weight.
        leads_model = self.sudo().with_context(active_test=False)
        lead_ids = leads_model.search(domain or [], order="id").ids
        # The level depends on the score; a recomputed score does not mark it.
        to_compute = [
            self._fields["qualification_score"],
            self._fields["qualification_level"],
        ]
        for batch_ids in split_every(
            batch_size or self._qualification_recompute_batch, lead_ids
        ):
            batch = leads_model.browse(batch_ids)
            for field in to_compute:
                self.env.add_to_compute(field, batch)
            batch.flush_recordset(["qualification_score", "qualification_level"])
            batch.invalidate_recordset()

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """Label the criteria and explain them with the criteria configured
        for the current company (managers may reword the questions)."""
        res = super().fields_get(allfields=allfields, attributes=attributes)
        if not any(fname in res for fname in QUALIFICATION_FIELDS):
            return res
        labels = self.env["prospect.qualification.criterion"]._get_labels_for_company(
            self.env.company
        )
        for code, (name, question) in labels.items():
            description = res.get(f"qualification_{code}")
            if description is None:
                continue
            if "string" in description:
                description["string"] = name
            if "help" in description and question:
                description["help"] = question
        return res
