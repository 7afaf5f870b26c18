# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The stage gate: the one answer to "may these cards enter that stage now?".

Every way into a stage asks it: write (kanban drag and drop, list edit, RPC),
create and import, restore of a lost card, the promotion wizard, merge and
copy (which write or create). The rule:

- Entering a stage means meeting its block gate (or logging its warn gate),
  from either direction.
- A forward move also meets the block gate of every stage it skips in the
  card's pipeline (the stages of its sales team and the shared ones).
- Marking won is a fact and is never refused: it logs the requirements it
  skipped.
- Only a sales manager's recorded override lets a card in without meeting
  the gate (the promotion wizard records it).

Code in superuser mode (data files, migrations, crons, Odoo's own sudo()
internals) is server code and is not gated (see trust.py).
"""

from collections import defaultdict, namedtuple
from contextlib import contextmanager

from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools.mail import is_html_empty

from ..trust import is_server_code

# Contact data that meets the "e-mail or phone" requirement.
GATE_CONTACT_FIELDS = ("email_from", "phone", "mobile")
# One requirement of a gate: `check(lead)` returns (met, detail), where
# detail says what the lead has now when it is not met.
GateRequirement = namedtuple("GateRequirement", "key label check")
# One line of a lead's checklist.
GateResult = namedtuple("GateResult", "key label met detail")
# Key of the entries let in by the service itself (cr.cache: per transaction,
# out of reach of any client).
ENTRY_PASSES = "prospect_gate_entry_passes"
# How many records a refusal lists before "... and N more".
REFUSAL_LIMIT = 10


class GateStep(namedtuple("GateStep", "stage role policy results")):
    """The gate of one stage on a card's way: `role` is "target" (the stage
    it enters) or "skipped" (a stage a forward move jumps over, whose block
    gate applies); `results` is its checklist (GateResult lines)."""

    @property
    def met(self):
        return all(result.met for result in self.results)

    @property
    def missing(self):
        return [result for result in self.results if not result.met]


class GateVerdict(namedtuple("GateVerdict", "stage won steps")):
    """What the gate says of one card entering `stage`: the steps of its way
    (skipped stages first, the target last). `won`: the target is a won
    stage, which is never refused."""

    @property
    def blocking(self):
        """Steps whose block gate is not met (none for a won stage)."""
        if self.won:
            return []
        return [s for s in self.steps if s.policy == "block" and not s.met]

    @property
    def warnings(self):
        """Steps whose warn gate is not met (a card still moves)."""
        if self.won:
            return []
        return [s for s in self.steps if s.policy == "warn" and not s.met]

    @property
    def skipped_on_won(self):
        """Steps a won card did not meet (logged, never refused)."""
        if not self.won:
            return []
        return [s for s in self.steps if not s.met]

    @property
    def met(self):
        return all(step.met for step in self.steps)


class ProspectGate(models.AbstractModel):
    _name = "prospect.gate"
    _description = "Stage Gate"

    # ------------------------------------------------------------------
    # Requirements of one stage
    # ------------------------------------------------------------------

    @api.model
    def _requirements(self, stage):
        """The requirements of `stage`'s gate, as GateRequirement tuples
        (none when its policy is "No check")."""
        # The gate is configuration: it applies to whoever moves a card,
        # including users who cannot read the criteria of other companies.
        stage = stage.sudo()
        if stage.gate_policy == "none":
            return []
        Lead = self.env["crm.lead"]
        requirements = []
        for criterion in stage.gate_criterion_ids.sorted(lambda c: (c.sequence, c.id)):
            fname = f"qualification_{criterion.code}"
            answers = dict(Lead._fields[fname]._description_selection(self.env))
            requirements.append(
                GateRequirement(
                    fname,
                    self.env._(
                        "%(criterion)s: %(answer)s",
                        criterion=criterion.name,
                        answer=answers["yes"],
                    ),
                    lambda lead, fname=fname, answers=answers: (
                        lead[fname] == "yes",
                        answers.get(lead[fname] or "unknown"),
                    ),
                )
            )
        if stage.gate_min_score:
            requirements.append(
                GateRequirement(
                    "qualification_score",
                    self.env._(
                        "Score of at least %(score)s", score=stage.gate_min_score
                    ),
                    lambda lead, minimum=stage.gate_min_score: (
                        lead.qualification_score >= minimum,
                        str(lead.qualification_score),
                    ),
                )
            )
        if stage.gate_require_contact:
            requirements.append(
                GateRequirement(
                    "contact",
                    self.env._("E-mail or phone"),
                    lambda lead: (
                        any(lead[fname] for fname in GATE_CONTACT_FIELDS),
                        "",
                    ),
                )
            )
        for field in stage.gate_field_ids:
            lead_field = Lead._fields.get(field.name)
            if lead_field is None:
                continue
            requirements.append(
                GateRequirement(
                    field.name,
                    lead_field._description_string(self.env),
                    lambda lead, lead_field=lead_field: (
                        _value_is_set(lead_field, lead[lead_field.name]),
                        "",
                    ),
                )
            )
        return requirements

    @api.model
    def _missing(self, stage, leads):
        """{lead id: [missing requirements]} of `stage`'s own gate, as shown
        to users ("Score of at least 70 (now 40)"); [] when met."""
        requirements = self._requirements(stage)
        return {
            lead_id: [self._missing_label(r) for r in results if not r.met]
            for lead_id, results in self._check(requirements, leads).items()
        }

    @api.model
    def _check(self, requirements, leads):
        """{lead id: [GateResult]} of `requirements` for `leads`: one pass
        over the batch (the ORM prefetches the fields of all leads)."""
        # The gate applies the same way whoever moves the card: the values
        # are read as superuser (a required field may be restricted to a
        # group the salesperson is not in). Nothing of them is returned but
        # met / not met and the score or answer the user sees on the card.
        checklist = {}
        for lead in leads.sudo():
            results = []
            for requirement in requirements:
                met, detail = requirement.check(lead)
                results.append(
                    GateResult(requirement.key, requirement.label, met, detail)
                )
            checklist[lead.id] = results
        return checklist

    @api.model
    def _missing_text(self, step):
        """What a card lacks for one stage on its way (a GateStep), as one
        line: "Need: Yes (now Unknown), Score of at least 70 (now 40)"."""
        return ", ".join(self._missing_label(result) for result in step.missing)

    @api.model
    def _missing_label(self, result):
        """A missing requirement as shown to users, e.g. "Score of at least
        70 (now 40)"."""
        if result.detail:
            return self.env._(
                "%(requirement)s (now %(value)s)",
                requirement=result.label,
                value=result.detail,
            )
        return result.label

    # ------------------------------------------------------------------
    # The way into a stage
    # ------------------------------------------------------------------

    @api.model
    def _evaluate(self, leads, stage, origins=None, restored=False):
        """{lead id: GateVerdict} of `leads` entering `stage`.

        `origins`: {lead id: the stage it comes from}; a lead missing from it
        comes from nowhere (a card created in a stage), which is a forward
        move from before the first stage. `restored`: the cards come back to
        the stage they were lost in; only its own gate applies.
        One evaluation for the batch: the pipelines are read in one query and
        each gate is checked once over the leads it concerns."""
        origins = origins or {}
        stage = stage.sudo()
        won = stage.is_won
        pipelines = self._pipelines(leads.team_id) if not restored else {}
        ways = {}  # lead id: [(stage, role)]
        for lead in leads:
            origin = origins.get(lead.id) or stage.browse()
            ways[lead.id] = [
                *(
                    (skipped, "skipped")
                    for skipped in (
                        []
                        if restored
                        else _skipped(pipelines[lead.team_id.id], origin, stage)
                    )
                ),
                (stage, "target"),
            ]
        # Each gate once, for the leads whose way goes through it.
        leads_by_stage = defaultdict(lambda: leads.browse())
        for lead in leads:
            for way_stage, _role in ways[lead.id]:
                leads_by_stage[way_stage] |= lead
        checklists = {
            way_stage: self._check(self._requirements(way_stage), stage_leads)
            for way_stage, stage_leads in leads_by_stage.items()
        }
        verdicts = {}
        for lead in leads:
            steps = []
            for way_stage, role in ways[lead.id]:
                policy = way_stage.gate_policy
                if role == "skipped" and policy != "block":
                    continue
                if policy == "none":
                    continue
                steps.append(
                    GateStep(way_stage, role, policy, checklists[way_stage][lead.id])
                )
            verdicts[lead.id] = GateVerdict(stage, won, steps)
        return verdicts

    @api.model
    def _pipelines(self, teams):
        """{team id or False: stages of its pipeline in crm's order}: the
        team's own stages and the shared ones; one query."""
        stages = (
            self.env["crm.stage"]
            .sudo()
            .search(
                ["|", ("team_id", "=", False), ("team_id", "in", teams.ids)],
                order="sequence, id",
            )
        )
        return {
            team_id: stages.filtered(
                lambda stage, team_id=team_id: (
                    not stage.team_id or stage.team_id.id == team_id
                )
            )
            for team_id in [False, *teams.ids]
        }

    # ------------------------------------------------------------------
    # Enforcement (every path into a stage)
    # ------------------------------------------------------------------

    @api.model
    def _enforce(self, leads, stage, origins=None, restored=False):
        """`leads` just entered `stage` (the write or create is done, so the
        values written with the stage count; an error rolls it all back).
        Refuses the entry when a block gate on the way is not met; logs the
        warn gate a card did not meet, and what a won card skipped.
        Server code is not gated; entries the service let in itself (the
        promotion, with its own checklist and overrides) are not checked
        twice."""
        if is_server_code(self.env):
            return
        passes = self.env.cr.cache.get(ENTRY_PASSES, ())
        leads = leads.filtered(lambda lead: (lead.id, stage.id) not in passes)
        if not leads:
            return
        verdicts = self._evaluate(leads, stage, origins=origins, restored=restored)
        refused = leads.filtered(lambda lead: verdicts[lead.id].blocking)
        if refused:
            raise UserError(self._refusal_message(refused, verdicts))
        self._log_notes(
            leads,
            verdicts,
            "warnings",
            "prospect_qualification.gate_warning_note",
            self.env._(
                "Moved to the stage “%(stage)s” without meeting its requirements:",
                stage=stage.name,
            ),
        )
        self._log_notes(
            leads,
            verdicts,
            "skipped_on_won",
            "prospect_qualification.gate_won_note",
            self.env._(
                "Won without meeting the requirements of these stages (the won "
                "stage “%(stage)s” never refuses a card):",
                stage=stage.name,
            ),
        )

    @api.model
    def _log_notes(self, leads, verdicts, steps_attr, template, title):
        """One chatter note per lead whose verdict has steps in `steps_attr`
        (warnings, skipped_on_won), rendered with `template`; one batch."""
        noted = leads.filtered(lambda lead: getattr(verdicts[lead.id], steps_attr))
        if noted:
            noted._message_log_batch(
                {
                    lead.id: self._render(
                        template,
                        title=title,
                        steps=getattr(verdicts[lead.id], steps_attr),
                    )
                    for lead in noted
                },
                message_type="comment",
            )

    @contextmanager
    def _entry_pass(self, leads, stage=None):
        """Within this block, the entries of `leads` into `stage` (by default
        their current stage) are not checked: the caller evaluated them with
        this service and logged them (the promotion, with its checklist and
        overrides), or they are no entry (the restore that starts marking a
        lost card won). Kept in the transaction's cache, which no client can
        reach."""
        passes = self.env.cr.cache.setdefault(ENTRY_PASSES, set())
        added = {(lead.id, (stage or lead.stage_id).id) for lead in leads} - passes
        passes |= added
        try:
            yield
        finally:
            passes -= added

    @api.model
    def _refusal_message(self, leads, verdicts):
        """The refusal shown to the user: the records, the stage that blocks
        each of them and what it lacks (one requirement a line for a single
        record, readable on a phone)."""
        stage = verdicts[leads[0].id].stage
        if len(leads) == 1:
            details = []
            for step in verdicts[leads.id].blocking:
                if step.role == "target":
                    header = self.env._(
                        "Missing for “%(stage)s”:", stage=step.stage.name
                    )
                else:
                    header = self.env._(
                        "Missing for “%(stage)s”, a stage it would skip:",
                        stage=step.stage.name,
                    )
                details.append(
                    "\n".join(
                        [header] + [f"- {self._missing_label(r)}" for r in step.missing]
                    )
                )
            return self.env._(
                "“%(record)s” cannot enter the stage “%(stage)s” yet.\n"
                "%(details)s\n\nComplete what is missing, or use Promote to see "
                "the checklist.",
                record=leads.display_name,
                stage=stage.name,
                details="\n".join(details),
            )
        lines = [
            self.env._(
                "- %(record)s: %(missing)s",
                record=lead.display_name,
                missing="; ".join(
                    self.env._(
                        "%(stage)s: %(missing)s",
                        stage=step.stage.name,
                        missing=self._missing_text(step),
                    )
                    for step in verdicts[lead.id].blocking
                ),
            )
            for lead in leads[:REFUSAL_LIMIT]
        ]
        if len(leads) > REFUSAL_LIMIT:
            lines.append(
                self.env._("... and %(count)s more.", count=len(leads) - REFUSAL_LIMIT)
            )
        return self.env._(
            "These %(count)s cards cannot enter the stage “%(stage)s” until "
            "they meet the requirements on their way:\n%(lines)s\n\nComplete "
            "what is missing, or use Promote to see the checklist.",
            count=len(leads),
            stage=stage.name,
            lines="\n".join(lines),
        )

    # ------------------------------------------------------------------
    # HTML (QWeb templates in views/prospect_gate_templates.xml)
    # ------------------------------------------------------------------

    @api.model
    def _render(self, template, **values):
        """HTML of one of our QWeb templates, in the user's language; the
        templates get `missing_label` to show what a card lacks. Backend
        HTML, rendered as mail renders its notifications (minimal_qcontext):
        during a website request (or a test's mocked one) the frontend
        environment would otherwise be prepared for nothing, and can fail."""
        values.setdefault("missing_label", self._missing_label)
        return Markup(
            self.env["ir.qweb"]._render(template, values, minimal_qcontext=True)
        )


def _skipped(pipeline, origin, target):
    """Stages of `pipeline` a forward move from `origin` (or from before the
    first stage) to `target` jumps over; none when the move goes back. Won
    stages are facts, not rungs: they are never "skipped"."""

    def rank(stage):
        return (stage.sequence, stage.id)

    if origin and rank(target) <= rank(origin):
        return []
    return [
        stage
        for stage in pipeline
        if (not origin or rank(stage) > rank(origin))
        and rank(stage) < rank(target)
        and not stage.is_won
    ]


def _value_is_set(field, value):
    if field.type == "html":
        return not is_html_empty(value)
    if field.type in ("char", "text"):
        return bool(value and value.strip())
    return bool(value)
