# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import namedtuple

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.mail import is_html_empty

from .prospect_qualification_criterion import CRITERION_CODES
from .selections import GATE_POLICIES, STAGE_PROSPECT_STATES

# --- Stage gates ---
# Field types a stage may require to be set on the lead ("set" means
# non-empty, non-zero or checked).
GATE_FIELD_TYPES = (
    "boolean",
    "char",
    "date",
    "datetime",
    "float",
    "html",
    "integer",
    "many2many",
    "many2one",
    "monetary",
    "one2many",
    "selection",
    "text",
)
# Fields of the lead that cannot be gate fields: the criteria and the score
# have their own requirements, the others are set by the system or always
# set. Only stored fields a user can edit are offered.
GATE_EXCLUDED_FIELDS = (
    *(f"qualification_{code}" for code, _label in CRITERION_CODES),
    "qualification_score",
    "qualification_level",
    "prospect_state",
    "prospect_state_history_ids",
    "stage_id",
    "id",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
    "message_ids",
    "message_follower_ids",
    "website_message_ids",
    "activity_ids",
    "rating_ids",
    "message_main_attachment_id",
    "message_bounce",
    "active",
    "color",
    "type",
    "lost_reason_id",
    "iap_enrich_done",
    "reveal_id",
    "lead_mining_request_id",
)
# Default gates set at install: {stage xml id: values}; criteria by code,
# fields by name. Odoo's stages may have been deleted: they are skipped.
DEFAULT_GATES = {
    "prospect_qualification.crm_stage_prospect": {
        "gate_policy": "block",
        "criteria": ("fit", "access"),
    },
    "crm.stage_lead2": {
        "gate_policy": "block",
        "criteria": ("need", "budget", "authority"),
        "gate_min_score": 70,
    },
    "crm.stage_lead3": {
        "gate_policy": "warn",
        "fields": ("expected_revenue",),
    },
}
# Contact data that meets the "e-mail or phone" requirement.
GATE_CONTACT_FIELDS = ("email_from", "phone", "mobile")
# One requirement of a gate: `check(lead)` returns (met, detail), where
# detail says what the lead has now when it is not met.
GateRequirement = namedtuple("GateRequirement", "key label check")
# One line of a lead's checklist.
GateResult = namedtuple("GateResult", "key label met detail")


class CrmStage(models.Model):
    _inherit = "crm.stage"

    prospect_state = fields.Selection(
        STAGE_PROSPECT_STATES,
        string="Lifecycle State",
        compute="_compute_prospect_state",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="The lifecycle state of the opportunities in this stage. Won "
        "stages are Customer.",
    )

    # --- Stage gates ---
    gate_policy = fields.Selection(
        GATE_POLICIES,
        string="Entry Check",
        default="none",
        required=True,
        help="What happens when a card that does not meet the requirements of "
        "this stage is moved into it. No check: the requirements are not "
        "checked. "
        "Warn: the card moves and a warning is logged in its chatter. Block: "
        "the move is refused (sales managers may still promote it with the "
        "Promote button by giving a reason). Moving a card back to an earlier "
        "stage is never checked.",
    )
    gate_min_score = fields.Integer(
        string="Minimum Score",
        help="The qualification score (0 to 100) a card needs to enter this "
        "stage. 0: no minimum.",
    )
    gate_criterion_ids = fields.Many2many(
        "prospect.qualification.criterion",
        "crm_stage_gate_criterion_rel",
        "stage_id",
        "criterion_id",
        string="Criteria Answered Yes",
        help="Qualification criteria that must be answered Yes to enter this stage.",
    )
    gate_require_contact = fields.Boolean(
        string="E-mail or Phone Required",
        help="A card needs an e-mail address, a phone or a mobile number to "
        "enter this stage.",
    )
    gate_field_ids = fields.Many2many(
        "ir.model.fields",
        "crm_stage_gate_field_rel",
        "stage_id",
        "field_id",
        string="Required Fields",
        domain=[
            ("model", "=", "crm.lead"),
            ("store", "=", True),
            ("readonly", "=", False),
            ("ttype", "in", GATE_FIELD_TYPES),
            ("name", "not in", GATE_EXCLUDED_FIELDS),
        ],
        help="Fields of the card that must be set to enter this stage: text "
        "filled in, amount other than zero, box checked, value chosen.",
    )

    @api.depends("is_won")
    def _compute_prospect_state(self):
        for stage in self:
            if stage.is_won:
                stage.prospect_state = "customer"
            elif not stage.prospect_state:
                stage.prospect_state = "prospect"

    def write(self, vals):
        if not {"prospect_state", "is_won"} & set(vals):
            return super().write(vals)
        # The leads of these stages may change state without being written:
        # their history is recorded here.
        leads = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("stage_id", "in", self.ids)])
        )
        before = {lead.id: lead.prospect_state for lead in leads}
        res = super().write(vals)
        leads._prospect_on_state_changes(before)
        return res

    # --- Stage gates ---

    @api.model
    def _prospect_gate_set_default_gates(self):
        """Give the default stages their gates (called by a noupdate data
        file, so only when the module is installed). Criteria are found by
        their XML ids, stages by theirs; missing ones are skipped."""
        IrModelFields = self.env["ir.model.fields"]
        for xmlid, gate in DEFAULT_GATES.items():
            stage = self.env.ref(xmlid, raise_if_not_found=False)
            if not stage:
                continue
            criteria = self.env["prospect.qualification.criterion"]
            for code in gate.get("criteria", ()):
                criterion = self.env.ref(
                    f"prospect_qualification.criterion_{code}",
                    raise_if_not_found=False,
                )
                if criterion:
                    criteria |= criterion
            gate_fields = IrModelFields.browse(
                IrModelFields._get("crm.lead", fname).id
                for fname in gate.get("fields", ())
            )
            stage.write(
                {
                    "gate_policy": gate["gate_policy"],
                    "gate_min_score": gate.get("gate_min_score", 0),
                    "gate_criterion_ids": [Command.set(criteria.ids)],
                    "gate_field_ids": [Command.set(gate_fields.ids)],
                }
            )

    @api.constrains("gate_min_score")
    def _check_gate_min_score(self):
        for stage in self:
            if not 0 <= stage.gate_min_score <= 100:
                raise ValidationError(
                    self.env._(
                        "The minimum score of the stage “%(stage)s” is "
                        "%(score)s: use a number from 0 to 100.",
                        stage=stage.name,
                        score=stage.gate_min_score,
                    )
                )

    @api.constrains("gate_field_ids")
    def _check_gate_field_ids(self):
        for stage in self:
            for field in stage.gate_field_ids:
                if (
                    field.model != "crm.lead"
                    or not field.store
                    or field.readonly
                    or field.ttype not in GATE_FIELD_TYPES
                    or field.name in GATE_EXCLUDED_FIELDS
                ):
                    raise ValidationError(
                        self.env._(
                            "The field “%(field)s” cannot be required by the "
                            "stage “%(stage)s”. Choose a stored field of the "
                            "lead that a salesperson fills in: text, number, "
                            "amount, date, checkbox, choice or link to another "
                            "record. Criteria and score have their own "
                            "requirements.",
                            field=field.field_description,
                            stage=stage.name,
                        )
                    )

    def _prospect_gate_requirements(self):
        """The requirements of this stage's gate, as GateRequirement tuples
        (none when the gate policy is None)."""
        self.ensure_one()
        # The gate is configuration: it applies to whoever moves a card,
        # including users who cannot read the criteria of other companies.
        stage = self.sudo()
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
                        _gate_value_is_set(lead_field, lead[lead_field.name]),
                        "",
                    ),
                )
            )
        return requirements

    def _prospect_gate_checklist(self, leads):
        """{lead id: [GateResult]}: each requirement of this stage's gate,
        met or not, for each lead. One pass over the batch: the lead fields
        are read for all leads at once."""
        self.ensure_one()
        requirements = self._prospect_gate_requirements()
        checklist = {}
        # The gate applies the same way whoever moves the card: the values
        # are read as superuser (a required field may be restricted to a
        # group the salesperson is not in). Nothing of them is returned but
        # met / not met and the score or answer the user sees on the card.
        for lead in leads.sudo():
            results = []
            for requirement in requirements:
                met, detail = requirement.check(lead)
                results.append(
                    GateResult(requirement.key, requirement.label, met, detail)
                )
            checklist[lead.id] = results
        return checklist

    def _prospect_gate_check(self, leads):
        """{lead id: [missing requirements]} (translated labels, with what
        the lead has now when it helps, e.g. "Score of at least 70 (now 40)");
        an empty list when the lead meets the gate."""
        return {
            lead_id: [
                self._prospect_gate_missing_label(result)
                for result in results
                if not result.met
            ]
            for lead_id, results in self._prospect_gate_checklist(leads).items()
        }

    def _prospect_gate_enforce(self, leads):
        """Apply this stage's gate to `leads`, which are entering it: refuse
        the move when the gate blocks and some fail it, log a warning on those
        that fail a warning gate."""
        self.ensure_one()
        if not leads or self.sudo().gate_policy == "none":
            return
        missing = self._prospect_gate_check(leads)
        failing = leads.filtered(lambda lead: missing[lead.id])
        if not failing:
            return
        if self.sudo().gate_policy == "block":
            raise UserError(self._prospect_gate_error_message(failing, missing))
        failing._prospect_gate_log_warning(self, missing)

    def _prospect_gate_error_message(self, leads, missing, limit=10):
        """The refusal shown to the user: the records and what each lacks
        (one requirement a line for a single record, readable on a phone)."""
        if len(leads) == 1:
            return self.env._(
                "“%(record)s” cannot enter the stage “%(stage)s” yet. "
                "Missing:\n%(missing)s\n\nComplete what is missing, or use "
                "Promote to see the checklist.",
                record=leads.display_name,
                stage=self.name,
                missing="\n".join(f"- {label}" for label in missing[leads.id]),
            )
        lines = [
            self.env._(
                "- %(record)s: %(missing)s",
                record=lead.display_name,
                missing=", ".join(missing[lead.id]),
            )
            for lead in leads[:limit]
        ]
        if len(leads) > limit:
            lines.append(
                self.env._("... and %(count)s more.", count=len(leads) - limit)
            )
        return self.env._(
            "These %(count)s cards cannot enter the stage “%(stage)s” until "
            "they meet its requirements:\n%(lines)s\n\nComplete what is "
            "missing, or use Promote to see the checklist.",
            count=len(leads),
            stage=self.name,
            lines="\n".join(lines),
        )

    @api.model
    def _prospect_gate_missing_label(self, result):
        """A missing requirement as shown to users, e.g. "Score of at least
        70 (now 40)"."""
        if result.detail:
            return self.env._(
                "%(requirement)s (now %(value)s)",
                requirement=result.label,
                value=result.detail,
            )
        return result.label

    def _prospect_gate_render_checklist(self, results):
        """HTML list of GateResult lines: a check mark or a cross, the
        requirement and what is there now."""
        if not results:
            return Markup("<p class='text-muted mb-0'>%s</p>") % self.env._(
                "No requirements."
            )
        items = Markup()
        for result in results:
            if result.met:
                icon = Markup(
                    "<i class='fa fa-check-circle text-success' role='img' "
                    "aria-label='%s' title='%s'></i>"
                ) % (self.env._("Met"), self.env._("Met"))
            else:
                icon = Markup(
                    "<i class='fa fa-times-circle text-danger' role='img' "
                    "aria-label='%s' title='%s'></i>"
                ) % (self.env._("Missing"), self.env._("Missing"))
            label = (
                result.label
                if result.met
                else self._prospect_gate_missing_label(result)
            )
            items += Markup("<li>%s %s</li>") % (icon, label)
        return Markup("<ul class='list-unstyled mb-0'>%s</ul>") % items


def _gate_value_is_set(field, value):
    if field.type == "html":
        return not is_html_empty(value)
    if field.type in ("char", "text"):
        return bool(value and value.strip())
    return bool(value)
