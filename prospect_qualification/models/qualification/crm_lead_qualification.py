# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Qualification of a lead: the five criteria, the weighted score and the
level (cold / warm / hot)."""

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ...tools import qualification_score
from ..database_defaults import orm_defaults, set_database_defaults
from ..selections import QUALIFICATION_ANSWERS, QUALIFICATION_LEVELS
from .prospect_qualification_criterion import CRITERION_CODES

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

    def init(self):
        res = super().init()
        set_database_defaults(self, orm_defaults(self, QUALIFICATION_FIELDS))
        return res

    @api.depends("company_id", *QUALIFICATION_FIELDS)
    def _compute_qualification_score(self):
        weights_by_company = self.env[
            "prospect.qualification.criterion"
        ]._get_weights_by_company(self.company_id)
        for lead in self:
            lead.qualification_score = qualification_score.answers_score(
                weights_by_company.get(lead.company_id.id, weights_by_company[False]),
                lead._qualification_answers(),
            )

    def _qualification_answers(self):
        """{code: answer} of this lead's criteria."""
        self.ensure_one()
        return {code: self[f"qualification_{code}"] for code, _label in CRITERION_CODES}

    # The thresholds of the company are not dependencies: a change of them
    # recomputes the levels in SQL (res.company.write).
    @api.depends("qualification_score", "company_id")
    def _compute_qualification_level(self):
        for lead in self:
            lead.qualification_level = qualification_score.level(
                lead.qualification_score,
                *lead.company_id._prospect_level_thresholds(),
            )

    @api.model
    def _recompute_qualification_scores(self, domain=None, batch_size=None):
        """Recompute score and level of the leads matching `domain`, archived
        and lost ones included: one UPDATE per batch, computed by PostgreSQL
        with the same formula as `_compute_qualification_score` (a weight
        change rescores a hundred thousand leads in seconds, holding their
        rows for that long only)."""
        # Scores are derived data and must be right for every lead, whatever
        # the companies and record rules of the user who changed a weight.
        leads_model = self.sudo().with_context(active_test=False)
        self.env.flush_all()
        lead_ids = leads_model.search(domain or [], order="id").ids
        if not lead_ids:
            return
        Criterion = self.env["prospect.qualification.criterion"]
        # Companies with criteria of their own; the others share the weights.
        companies = self.env["res.company"].browse(
            [company_id for company_id in Criterion._weights_table() if company_id]
        )
        weights_by_company = Criterion._get_weights_by_company(companies)
        score = _score_sql(weights_by_company[False])
        if companies:
            score = SQL(
                "CASE %s ELSE %s END",
                SQL(" ").join(
                    SQL(
                        "WHEN lead.company_id = %s THEN %s",
                        company_id,
                        _score_sql(weights),
                    )
                    for company_id, weights in weights_by_company.items()
                    if company_id
                ),
                score,
            )
        warm, hot = self.env["res.company"]._prospect_level_thresholds_sql("company")
        for batch_ids in split_every(
            batch_size or self._qualification_recompute_batch, lead_ids
        ):
            self.env.cr.execute(
                SQL(
                    """UPDATE crm_lead lead
                          SET qualification_score = scored.score,
                              qualification_level = scored.level
                         FROM (SELECT graded.id, graded.score,
                                      %(level)s AS level
                                 FROM (SELECT lead.id, %(score)s AS score,
                                              %(hot)s AS hot, %(warm)s AS warm
                                         FROM crm_lead lead
                                         LEFT JOIN res_company company
                                                ON company.id = lead.company_id
                                        WHERE lead.id IN %(ids)s) graded
                              ) scored
                        WHERE lead.id = scored.id
                          AND (lead.qualification_score
                                   IS DISTINCT FROM scored.score
                               OR lead.qualification_level
                                   IS DISTINCT FROM scored.level)
                    """,
                    level=qualification_score.level_sql(
                        SQL("graded.score"), SQL("graded.warm"), SQL("graded.hot")
                    ),
                    score=score,
                    hot=hot,
                    warm=warm,
                    ids=tuple(batch_ids),
                )
            )
        self.env["crm.lead"].invalidate_model(
            ["qualification_score", "qualification_level"]
        )

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


def _score_sql(weights):
    """The score of `weights` {code: weight} on the row `lead`."""
    return qualification_score.score_sql(
        weights, lambda code: SQL.identifier("lead", f"qualification_{code}")
    )
