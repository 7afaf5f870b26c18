# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, split_every

from ..bounds import bounded_field
from ..database_defaults import orm_defaults, set_database_defaults
from ..qualification.prospect_qualification_criterion import CRITERION_CODES
from ..selections import GATE_POLICIES, STAGE_PROSPECT_STATES

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
# Lifecycle state of a stage that is not won, unless a manager chose another.
OPEN_STAGE_STATE = "prospect"
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


class CrmStage(models.Model):
    _name = "crm.stage"
    _inherit = ["prospect.input.check.mixin", "crm.stage"]

    # Leads handled per batch when a stage's state changes (history rows).
    _prospect_state_batch = 1000

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
        "this stage enters it, from an earlier or a later stage. No check: the "
        "requirements are not checked. Warn: the card moves and a warning is "
        "logged in its chatter. Block: the move is refused, also for a card "
        "that would jump over this stage to a later one (sales managers may "
        "still promote it with the Promote button by giving a reason). A won "
        "stage never refuses a card: what it lacks is logged.",
    )
    gate_min_score = bounded_field(
        fields.Integer,
        "score",
        "The qualification score a card needs to enter this stage. 0: no minimum.",
        string="Minimum Score",
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

    def init(self):
        res = super().init()
        # A stage inserted without our code is not won (crm's default): the
        # state the compute gives such a stage. Won stages' leads are
        # customers whatever their stage says (crm.lead's lifecycle).
        set_database_defaults(
            self,
            {**orm_defaults(self, ["gate_policy"]), "prospect_state": OPEN_STAGE_STATE},
        )
        return res

    @api.depends("is_won")
    def _compute_prospect_state(self):
        for stage in self:
            if stage.is_won:
                stage.prospect_state = "customer"
            elif not stage.prospect_state:
                stage.prospect_state = OPEN_STAGE_STATE

    def write(self, vals):
        if not {"prospect_state", "is_won"} & set(vals):
            return super().write(vals)
        # The leads of these stages may change state without being written:
        # their history is recorded here, in batches (a stage may hold a
        # hundred thousand cards). Their states are read in SQL, not loaded
        # as records.
        Lead = self.env["crm.lead"].with_context(active_test=False)
        Lead.flush_model(["stage_id", "prospect_state"])
        before = dict(
            self.env.execute_query(
                SQL(
                    "SELECT id, prospect_state FROM crm_lead WHERE stage_id IN %s",
                    tuple(self.ids),
                )
            )
        )
        res = super().write(vals)
        for batch_ids in split_every(self._prospect_state_batch, sorted(before)):
            batch = Lead.browse(batch_ids)
            batch._prospect_on_state_changes(before)
            batch.flush_recordset()
            batch.invalidate_recordset()
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

    @api.ondelete(at_uninstall=True)
    def _unlink_except_holding_leads(self):
        """crm's leads point to their stage with ondelete restrict: deleting a
        stage that holds leads fails in SQL, which the uninstall of the addon
        (its Prospect stage) logs as an error. Refuse first: the uninstall
        then keeps the stage, with its XML id so that a reinstall finds it."""
        # sudo: a lead the user cannot see still holds the stage.
        leads = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search([("stage_id", "in", self.ids)], limit=1)
        )
        if leads:
            raise UserError(
                self.env._(
                    "The stage %(stage)s holds leads or opportunities: move them "
                    "to another stage first.",
                    stage=leads.stage_id.name,
                )
            )

    @api.constrains("gate_min_score")
    def _check_gate_min_score(self):
        self._prospect_check_bounds(["gate_min_score"])

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
