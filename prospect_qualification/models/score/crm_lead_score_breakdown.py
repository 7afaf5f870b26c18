# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The score explained on every lead: each criterion's points earned out of
the points possible, the next question to ask, what the next level needs
and what the gate of the next stage needs ("Confirm Authority: +20 →
Qualified"). Computed when shown (not stored), for a batch at once: the
weights and labels come from the criteria's caches, the pipelines from one
query, each gate is checked once over the leads it concerns."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import float_round
from odoo.tools.misc import formatLang

from ...tools import qualification_score
from ...tools.qualification_score import ANSWER_VALUES
from ..qualification.crm_lead_qualification import QUALIFICATION_FIELDS


class CrmLead(models.Model):
    _inherit = "crm.lead"

    qualification_breakdown = fields.Html(
        string="Score Breakdown",
        compute="_compute_qualification_breakdown",
        sanitize=False,
        help="Points of each criterion, what the next level and the next stage need.",
    )

    @api.depends(
        "company_id", "team_id", "stage_id", "active", "qualification_score",
        *QUALIFICATION_FIELDS,
    )  # fmt: skip
    @api.depends_context("lang")
    def _compute_qualification_breakdown(self):
        Criterion = self.env["prospect.qualification.criterion"]
        Gate = self.env["prospect.gate"]
        weights_by_company = Criterion._get_weights_by_company(self.company_id)
        labels_by_company = {
            company.id: Criterion._get_labels_for_company(company)
            for company in self.company_id | self.env["res.company"]
        }
        next_stages = self._qualification_next_stages()
        gate_results = {}
        leads_by_stage = defaultdict(lambda: self.browse())
        for lead in self:
            if next_stages.get(lead.id):
                leads_by_stage[next_stages[lead.id]] |= lead
        for stage, leads in leads_by_stage.items():
            gate_results.update(Gate._check(Gate._requirements(stage), leads))
        for lead in self:
            weights = weights_by_company.get(
                lead.company_id.id, weights_by_company[False]
            )
            lead.qualification_breakdown = Gate._render(
                "prospect_qualification.qualification_breakdown",
                **lead._qualification_breakdown_values(
                    weights,
                    labels_by_company.get(lead.company_id.id, {}),
                    next_stages.get(lead.id),
                    gate_results.get(lead.id, []),
                ),
            )

    def _qualification_next_stages(self):
        """{lead id: the next stage of its pipeline (not a won one)} of the
        open leads, in crm's order; one query for the batch."""
        pipelines = self.env["prospect.gate"]._pipelines(self.team_id)
        result = {}
        for lead in self:
            if not lead.active or lead.stage_id.is_won:
                continue
            pipeline = pipelines.get(lead.team_id.id, pipelines[False])
            current = lead.stage_id
            rank = (current.sequence, current.id) if current else None
            result[lead.id] = next(
                (
                    stage
                    for stage in pipeline
                    if not stage.is_won
                    and (rank is None or (stage.sequence, stage.id) > rank)
                ),
                None,
            )
        return result

    def _qualification_breakdown_values(self, weights, labels, stage, results):
        """Values of the breakdown template for this lead: `weights` {code:
        weight} in the criteria's order, `labels` {code: (name, question)},
        the next stage and the GateResult lines of its gate."""
        self.ensure_one()
        total = sum(weights.values())
        answers = dict(
            self._fields["qualification_need"]._description_selection(self.env)
        )
        criteria = []
        for code, weight in weights.items():
            answer = self[f"qualification_{code}"] or "unknown"
            possible = weight * 100.0 / total if total > 0 else 0.0
            earned = possible * ANSWER_VALUES[answer]
            name, question = labels.get(code) or (
                self._fields[f"qualification_{code}"]._description_string(self.env),
                "",
            )
            criteria.append(
                {
                    "code": code,
                    "name": name,
                    "question": question,
                    "answer": answer,
                    "answer_label": answers[answer],
                    "earned": self._qualification_points(earned),
                    "possible": self._qualification_points(possible),
                    "ratio": earned / possible if possible else 0.0,
                    "gain": possible - earned,
                    "gain_label": self._qualification_points(possible - earned),
                }
            )
        by_code = {criterion["code"]: criterion for criterion in criteria}
        # The gate of the next stage: criteria to confirm first, they are
        # also the next questions to ask.
        gate_lines = []
        gate_codes = []
        for result in results:
            if result.met:
                continue
            code = result.key.removeprefix("qualification_")
            if result.key.startswith("qualification_") and code in by_code:
                gate_codes.append(code)
                gate_lines.append(
                    self.env._(
                        "Confirm %(criterion)s: +%(points)s → %(stage)s",
                        criterion=by_code[code]["name"],
                        points=by_code[code]["gain_label"],
                        stage=stage.name,
                    )
                )
            else:
                gate_lines.append(
                    self.env._(
                        "%(requirement)s → %(stage)s",
                        requirement=self.env["prospect.gate"]._missing_label(result),
                        stage=stage.name,
                    )
                )
        open_criteria = [c for c in criteria if c["answer"] != "yes" and c["gain"] > 0]
        unknown = [c for c in open_criteria if c["answer"] == "unknown"]
        candidates = [c for c in unknown if c["code"] in gate_codes] or sorted(
            unknown or open_criteria, key=lambda c: -c["gain"]
        )
        return {
            "lead": self,
            "criteria": criteria,
            "score": self.qualification_score,
            "next_question": candidates[0] if candidates else None,
            "next_level": self._qualification_next_level(weights, open_criteria),
            "stage": stage,
            "gate_policy": stage.sudo().gate_policy if stage else "none",
            "gate_lines": gate_lines,
            "ready_text": stage
            and self.env._("Ready for %(stage)s: its gate is met.", stage=stage.name),
        }

    def _qualification_next_level(self, weights, open_criteria):
        """What the next level needs, as one sentence: the points missing
        and the criteria whose yes would get there (largest gain first),
        scored as the lead is with `weights` {code: weight}."""
        warm, hot = self.company_id._prospect_level_thresholds()
        levels = dict(
            self._fields["qualification_level"]._description_selection(self.env)
        )
        score = self.qualification_score
        current = qualification_score.level(score, warm, hot)
        if current == "hot":
            return self.env._("%(level)s: the highest level.", level=levels["hot"])
        level, threshold = ("warm", warm) if current == "cold" else ("hot", hot)
        needed = []
        answers = self._qualification_answers()
        for criterion in sorted(open_criteria, key=lambda c: -c["gain"]):
            needed.append(criterion)
            answers[criterion["code"]] = "yes"
            reached = qualification_score.answers_score(weights, answers)
            if qualification_score.level(reached, warm, hot) != current:
                break
        else:
            needed = []  # even every yes would not reach it
        if not needed:
            return self.env._(
                "%(points)s points to %(level)s (from %(threshold)s).",
                points=threshold - score,
                level=levels[level],
                threshold=threshold,
            )
        return self.env._(
            "%(points)s points to %(level)s (from %(threshold)s): confirm "
            "%(criteria)s.",
            points=threshold - score,
            level=levels[level],
            threshold=threshold,
            criteria=", ".join(
                self.env._(
                    "%(criterion)s (+%(points)s)",
                    criterion=criterion["name"],
                    points=criterion["gain_label"],
                )
                for criterion in needed
            ),
        )

    def _qualification_points(self, points):
        """Points as shown: whole numbers without decimals, else one."""
        points = float_round(points, precision_digits=1)
        if points == int(points):
            return str(int(points))
        return formatLang(self.env, points, digits=1)
