# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize, float_round, split_every

from .prospect_qualification_criterion import ANSWER_VALUES, CRITERION_CODES
from .res_company import DEFAULT_HOT_THRESHOLD, DEFAULT_WARM_THRESHOLD
from .selections import (
    BUYING_STYLES,
    CONTACT_CHANNELS,
    PROSPECT_STATES,
    PROSPECTING_TYPES,
    QUALIFICATION_ANSWERS,
    QUALIFICATION_LEVELS,
)

# --- Follow-up ---
FIRST_RESPONSE_SLA_STATES = [
    ("pending", "Pending"),
    ("met", "Met"),
    ("breached", "Breached"),
]
# Fields whose change starts or stops cadences or moves the response deadline.
FOLLOWUP_TRIGGER_FIELDS = {
    "stage_id",
    "active",
    "probability",
    "team_id",
    "prospecting_type",
    "medium_id",
}

QUALIFICATION_FIELDS = [f"qualification_{code}" for code, _label in CRITERION_CODES]
# Fields whose change can move a lead to another lifecycle state.
STATE_TRIGGER_FIELDS = {"type", "active", "probability", "stage_id"}


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

    # --- Qualification ---------------------------------------------------
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

    # --- Lifecycle -------------------------------------------------------
    prospect_state = fields.Selection(
        PROSPECT_STATES,
        string="Lifecycle State",
        compute="_compute_prospect_state",
        store=True,
        index=True,
        tracking=True,
        help="Lead → prospect → qualified prospect → customer, or disqualified. "
        "Leads are in state Lead; won opportunities are customers; lost ones "
        "are disqualified; other opportunities take the state of their stage.",
    )
    prospect_state_history_ids = fields.One2many(
        "prospect.state.history",
        "lead_id",
        string="Lifecycle History",
        readonly=True,
    )

    # --- Prospecting -----------------------------------------------------
    prospecting_type = fields.Selection(
        PROSPECTING_TYPES,
        compute="_compute_prospecting_type",
        store=True,
        readonly=False,
        tracking=True,
        help="Inbound: they came to us (web form, newsletter, e-book, social "
        "networks, word of mouth). Outbound: we went to them (cold call, "
        "unsolicited e-mail, SMS or WhatsApp). Set from the medium; editable.",
    )

    # --- Contact profile -------------------------------------------------
    preferred_contact_channel = fields.Selection(
        CONTACT_CHANNELS,
        help="How this contact prefers to be reached.",
    )
    preferred_contact_hour_from = fields.Float(
        string="Preferred Hours From",
        help="Start of the hours when the contact prefers to be reached.",
    )
    preferred_contact_hour_to = fields.Float(
        string="Preferred Hours To",
        help="End of the hours when the contact prefers to be reached.",
    )
    buying_style = fields.Selection(
        BUYING_STYLES,
        help="How this contact buys: decides on the first visit, researches "
        "first, or consults others before deciding.",
    )
    interest_tag_ids = fields.Many2many(
        "prospect.interest.tag",
        "crm_lead_prospect_interest_tag_rel",
        "lead_id",
        "tag_id",
        string="Interests",
    )
    decision_maker_name = fields.Char(
        string="Decision Maker",
        help="Who decides the purchase, when it is not our contact.",
    )
    decision_maker_role = fields.Char(
        help="The decision maker's position, e.g. Managing Director.",
    )

    # --- Customer classification ---------------------------------------
    partner_customer_class = fields.Selection(
        related="partner_id.customer_class",
        string="Customer Class",
        help="Class of the customer: current, active, inactive or never bought.",
    )

    # --- Follow-up -------------------------------------------------------
    first_response_deadline = fields.Datetime(
        readonly=True,
        copy=False,
        index=True,
        help="When the lead must have had its first answer: its creation plus "
        "the hours its sales team gives to inbound or outbound leads. Leads "
        "created before the addon was installed have none.",
    )
    first_response_date = fields.Datetime(
        readonly=True,
        copy=False,
        help="First answer by an internal user: a message sent from the lead "
        "(internal notes do not count) or an activity marked done (a logged "
        "call, e-mail, meeting...).",
    )
    first_response_hours = fields.Float(
        compute="_compute_first_response_hours",
        store=True,
        aggregator="avg",
        help="Hours from the creation of the lead to its first answer.",
    )
    first_response_sla_state = fields.Selection(
        FIRST_RESPONSE_SLA_STATES,
        string="First Response",
        compute="_compute_first_response_sla_state",
        store=True,
        index=True,
        help="Pending: not answered yet, deadline not passed. Met: answered by "
        "the deadline. Breached: answered late or not answered by the deadline.",
    )
    first_response_missed = fields.Boolean(
        readonly=True,
        copy=False,
        help="The deadline passed without an answer; set by the scheduler, "
        "which then runs the escalation rules.",
    )
    followup_execution_ids = fields.One2many(
        "prospect.followup.execution",
        "lead_id",
        string="Follow-up Steps",
        readonly=True,
    )
    is_reactivation = fields.Boolean(
        string="Reactivation",
        readonly=True,
        copy=False,
        index=True,
        help="Opportunity created to win back a customer who became inactive.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

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

    @api.depends(
        "type", "active", "probability", "stage_id.is_won", "stage_id.prospect_state"
    )
    def _compute_prospect_state(self):
        for lead in self:
            lost = not lead.active and not lead.probability
            if lost:
                lead.prospect_state = "disqualified"
            elif lead.stage_id.is_won and lead.type == "opportunity":
                lead.prospect_state = "customer"
            elif lead.type == "lead":
                lead.prospect_state = "lead"
            else:
                lead.prospect_state = lead.stage_id.prospect_state or "lead"

    @api.depends("medium_id.prospecting_type")
    def _compute_prospecting_type(self):
        for lead in self:
            lead.prospecting_type = (
                lead.medium_id.prospecting_type or lead.prospecting_type
            )

    @api.constrains("preferred_contact_hour_from", "preferred_contact_hour_to")
    def _check_preferred_contact_hours(self):
        for lead in self:
            start, end = (
                lead.preferred_contact_hour_from,
                lead.preferred_contact_hour_to,
            )
            if not 0 <= start <= 24 or not 0 <= end <= 24:
                raise ValidationError(
                    self.env._(
                        "%(lead)s: preferred contact hours must be between 00:00 "
                        "and 24:00.",
                        lead=lead.display_name,
                    )
                )
            if end and start >= end:
                raise ValidationError(
                    self.env._(
                        "%(lead)s: the preferred contact hours must end after they "
                        "start (from %(start)s to %(end)s).",
                        lead=lead.display_name,
                        start=_format_hour(start),
                        end=_format_hour(end),
                    )
                )

    # ------------------------------------------------------------------
    # Score recompute for many leads (criteria weights changed)
    # ------------------------------------------------------------------

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

    # ------------------------------------------------------------------
    # ORM: lifecycle history
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._prospect_gate_enforce_created(vals_list)
        leads._record_prospect_state_changes({})
        leads._prospect_refresh_customer_class({})
        leads._followup_after_create()
        return leads

    def write(self, vals):
        followup_before = self._followup_before_write(vals)
        if not STATE_TRIGGER_FIELDS & set(vals):
            return self._followup_after_write(super().write(vals), followup_before)
        before = {lead.id: lead.prospect_state for lead in self}
        stages_before = self._prospect_gate_stages_before(vals)
        res = super().write(vals)
        self._prospect_gate_enforce_moves(stages_before)
        self._record_prospect_state_changes(before)
        self._prospect_refresh_customer_class(before)
        return self._followup_after_write(res, followup_before)

    def _record_prospect_state_changes(self, states_before):
        """Write a history row for each lead whose state differs from
        `states_before` ({lead id: state}); one batch for all of them."""
        if self.env.context.get("prospect_skip_history"):
            return
        changed = self.filtered(
            lambda lead: lead.prospect_state != states_before.get(lead.id)
        )
        if changed:
            self.env["prospect.state.history"]._record_transitions(
                changed, states_before
            )

    # --- Customer classification ---------------------------------------

    def _prospect_refresh_customer_class(self, states_before):
        """Winning an opportunity (or taking a won one back) changes the class
        of its customer: recompute it for their commercial partners at once.
        `states_before`: {lead id: lifecycle state before the change}."""
        changed = self.filtered(
            lambda lead: (
                lead.partner_id
                and (lead.prospect_state == "customer")
                != (states_before.get(lead.id) == "customer")
            )
        )
        if changed:
            # The class is shared derived data: the contacts of the customer
            # may belong to companies or rules the user cannot see.
            changed.partner_id.sudo()._prospect_update_customer_class()

    # --- Qualification analysis ----------------------------------------

    def _auto_init(self):
        res = super()._auto_init()
        # The qualification analysis filters leads on a sales team and a
        # creation period (crm's own index starts with the date); the history
        # of the selected leads is then read through its lead_id index.
        tools.create_index(
            self._cr,
            "crm_lead_team_id_create_date_idx",
            self._table,
            ["team_id", "create_date"],
        )
        return res

    # ------------------------------------------------------------------
    # Mail gateway and views
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        # A lead created from an incoming e-mail came to us.
        custom_values = dict(custom_values or {})
        custom_values.setdefault("prospecting_type", "inbound")
        return super().message_new(msg_dict, custom_values=custom_values)

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """Label the criteria and explain them with the criteria configured
        for the current company (managers may reword the questions)."""
        res = super().fields_get(allfields=allfields, attributes=attributes)
        if not any(fname in res for fname in QUALIFICATION_FIELDS):
            return res
        criteria = self.env[
            "prospect.qualification.criterion"
        ]._get_criteria_for_company(self.env.company)
        for code, criterion in criteria.items():
            description = res.get(f"qualification_{code}")
            if description is None:
                continue
            if "string" in description:
                description["string"] = criterion.name
            if "help" in description and criterion.description:
                description["help"] = criterion.description
        return res

    # --- Stage gates ---------------------------------------------------------

    def _prospect_gate_skipped(self):
        """Trusted server code (data files, migrations) may move cards
        without checking the gates. The context alone is never trusted: any
        client can send one over RPC; it counts only in superuser mode."""
        context = self.env.context
        return self.env.su and bool(
            context.get("prospect_skip_gate") or context.get("install_mode")
        )

    def _prospect_gate_stages_before(self, vals):
        """{lead id: stage} before a write of `vals`, when it moves cards into
        a stage that has a gate; None when there is nothing to check."""
        if not vals.get("stage_id") or self._prospect_gate_skipped():
            return None
        stage = self.env["crm.stage"].browse(vals["stage_id"])
        if stage.sudo().gate_policy == "none":
            return None
        return {lead.id: lead.stage_id for lead in self}

    def _prospect_gate_enforce_moves(self, stages_before):
        """Apply the gate of their new stage to the leads that moved forward
        (to a stage of higher or equal sequence than the one they left; from
        no stage counts as forward). Runs after the write, so that values
        written together with the stage count; an error rolls it back."""
        if not stages_before:
            return
        moved = self.filtered(
            lambda lead: _is_forward_move(stages_before.get(lead.id), lead.stage_id)
        )
        for stage in moved.stage_id:
            stage._prospect_gate_enforce(
                moved.filtered(lambda lead, stage=stage: lead.stage_id == stage)
            )

    def _prospect_gate_enforce_created(self, vals_list):
        """New cards placed in a stage on purpose (stage in the values, as an
        import or an RPC create does, or the kanban column they were created
        in) enter it through its gate. Cards that get the team's first stage
        by default are never checked."""
        if self._prospect_gate_skipped():
            return
        placed = self.browse(
            lead.id
            for lead, vals in zip(self, vals_list, strict=True)
            if vals.get("stage_id") or self.env.context.get("default_stage_id")
        )
        gated = placed.stage_id.filtered(
            lambda stage: stage.sudo().gate_policy != "none"
        )
        for stage in gated:
            stage._prospect_gate_enforce(
                placed.filtered(lambda lead, stage=stage: lead.stage_id == stage)
            )

    def _prospect_gate_log_warning(self, stage, missing):
        """Log in each lead's chatter that it entered `stage` without meeting
        its requirements (`missing`: {lead id: [labels]}); one note per lead,
        created in one batch."""
        title = self.env._(
            "Moved to the stage “%(stage)s” without meeting its requirements:",
            stage=stage.name,
        )
        bodies = {
            lead.id: Markup("<p>%s</p><ul>%s</ul>")
            % (
                title,
                Markup().join(
                    Markup("<li>%s</li>") % label for label in missing[lead.id]
                ),
            )
            for lead in self
        }
        self._message_log_batch(bodies, message_type="comment")

    # --- Promotion -----------------------------------------------------------

    def _prospect_next_stage(self):
        """The stage after the current one, in the pipeline's order, among
        the stages of the team of the least advanced of these leads (shared
        stages included); an empty recordset after the last one."""
        if not self:
            return self.env["crm.stage"]
        first = self.sorted(lambda lead: (lead.stage_id.sequence, lead.stage_id.id))[0]
        stages = first._stage_find(limit=None, order=self.env["crm.stage"]._order)
        current = first.stage_id
        if not current:
            return stages[:1]
        if current in stages:
            index = stages.ids.index(current.id)
            return stages[index + 1 : index + 2]
        return stages.filtered(lambda stage: stage.sequence > current.sequence)[:1]

    def _prospect_promotion_skip_reason(self, stage):
        """Why this lead cannot be promoted to `stage` at all (whatever the
        gate), or False."""
        self.ensure_one()
        if not self.active:
            return self.env._("It is lost: restore it first.")
        if self.stage_id.is_won and self.type == "opportunity":
            return self.env._("It is already won.")
        if self.stage_id == stage:
            return self.env._("It is already in this stage.")
        if self.stage_id and stage.sequence < self.stage_id.sequence:
            return self.env._(
                "It is already further in the pipeline (%(stage)s).",
                stage=self.stage_id.name,
            )
        if stage.team_id and stage.team_id != self.team_id:
            return self.env._(
                "The stage belongs to the sales team %(team)s.",
                team=stage.team_id.name,
            )
        return False

    def _prospect_promotion_preview(self, stage):
        """{lead id: (reason, [GateResult])}: why a lead cannot be promoted
        to `stage` at all (False when it can), and its checklist for the
        stage's gate. The gate is evaluated once for the whole batch."""
        reasons = {
            lead.id: lead._prospect_promotion_skip_reason(stage) for lead in self
        }
        checklist = stage._prospect_gate_checklist(
            self.filtered(lambda lead: not reasons[lead.id])
        )
        return {
            lead.id: (reasons[lead.id], checklist.get(lead.id, [])) for lead in self
        }

    def _prospect_promote(self, stage, note=False, override_reason=False):
        """Promote these leads to `stage`, through its gate.

        Leads that meet the gate (or fail a warning gate) move; leads that
        fail a blocking gate stay untouched, unless a sales manager gives an
        `override_reason` (the override is recorded). Leads of type lead are
        converted to opportunities first, as Odoo's conversion does. Each
        promoted lead gets one chatter note: from and to stage, score,
        checklist, note and override reason.

        :return: dict with ``promoted`` (crm.lead), ``failed`` ({lead id:
            [missing requirements]}) and ``skipped`` ({lead id: reason}).
        """
        override_reason = (override_reason or "").strip()
        if override_reason and not self.env.user.has_group(
            "sales_team.group_sale_manager"
        ):
            raise UserError(
                self.env._(
                    "Only sales managers can promote cards that do not meet the "
                    "requirements of a stage. Leave the override reason empty."
                )
            )
        self.check_access("write")
        preview = self._prospect_promotion_preview(stage)
        skipped = {
            lead_id: reason for lead_id, (reason, _results) in preview.items() if reason
        }
        candidates = self.filtered(lambda lead: lead.id not in skipped)
        checklist = {lead.id: preview[lead.id][1] for lead in candidates}
        blocking = stage.sudo().gate_policy == "block"
        failing = candidates.filtered(
            lambda lead: not all(result.met for result in checklist[lead.id])
        )
        overridden = failing if blocking and override_reason else self.browse()
        refused = failing - overridden if blocking else self.browse()
        promoted = candidates - refused
        if promoted:
            promoted._prospect_move_to_stage(
                stage,
                checklist,
                note=note,
                override_reason=override_reason,
                overridden=overridden,
            )
        return {
            "promoted": promoted,
            "failed": {
                lead.id: [
                    _missing_label(self.env, result)
                    for result in checklist[lead.id]
                    if not result.met
                ]
                for lead in refused
            },
            "skipped": skipped,
        }

    def _prospect_move_to_stage(
        self, stage, checklist, note=False, override_reason=False, overridden=None
    ):
        """Convert, move and log the leads the promotion lets through; the
        gate was checked by the caller (`checklist`: {lead id: [GateResult]})."""
        stages_from = {lead.id: lead.stage_id for lead in self}
        to_convert = self.filtered(lambda lead: lead.type == "lead")
        to_convert._prospect_convert_to_opportunity()
        # The gate was just evaluated for exactly these leads, overrides
        # included: the write must not check it again. The skip key is only
        # honoured in superuser mode; write access was checked by the caller.
        self.sudo().with_context(prospect_skip_gate=True).write({"stage_id": stage.id})
        overridden = overridden or self.browse()
        if overridden:
            self.env["prospect.gate.override"].create(
                [
                    {
                        "lead_id": lead.id,
                        "stage_from_id": stages_from[lead.id].id,
                        "stage_id": stage.id,
                        "reason": override_reason,
                        "missing_requirements": "\n".join(
                            _missing_label(self.env, result)
                            for result in checklist[lead.id]
                            if not result.met
                        ),
                    }
                    for lead in overridden
                ]
            )
        bodies = {
            lead.id: lead._prospect_promotion_message(
                stages_from[lead.id],
                stage,
                checklist[lead.id],
                note=note,
                override_reason=override_reason if lead in overridden else False,
                converted=lead in to_convert,
            )
            for lead in self
        }
        self._message_log_batch(bodies, message_type="comment")

    def _prospect_promotion_message(
        self,
        stage_from,
        stage_to,
        results,
        note=False,
        override_reason=False,
        converted=False,
    ):
        self.ensure_one()
        body = Markup("<p><strong>%s</strong></p>") % self.env._(
            "Promoted from %(from)s to %(to)s",
            **{
                "from": stage_from.name or self.env._("no stage"),
                "to": stage_to.name,
            },
        )
        if converted:
            body += Markup("<p>%s</p>") % self.env._("Converted to an opportunity.")
        body += Markup("<p>%s</p>") % self.env._(
            "Score: %(score)s", score=self.qualification_score
        )
        body += stage_to._prospect_gate_render_checklist(results)
        if note:
            body += Markup("<p>%s %s</p>") % (self.env._("Note:"), note)
        if override_reason:
            body += Markup("<p><strong>%s</strong> %s</p>") % (
                self.env._("Requirements overridden by a sales manager:"),
                override_reason,
            )
        return body

    def _prospect_convert_to_opportunity(self):
        """Convert leads to opportunities as Odoo's conversion does: link the
        customer found by e-mail, or create one from the lead's contact data,
        and keep salesperson and team. Leads of this batch that share an
        e-mail share one new customer, never two."""
        if not self:
            return
        emails = {
            lead.email_normalized
            for lead in self
            if not lead.partner_id and lead.email_normalized
        }
        customers = {}
        if emails:
            for partner in self.env["res.partner"].search(
                [("email_normalized", "in", list(emails))], order="id"
            ):
                customers.setdefault(partner.email_normalized, partner)
        for lead in self:
            customer = lead.partner_id or customers.get(lead.email_normalized)
            if not customer and (
                lead.contact_name or lead.partner_name or lead.email_from
            ):
                # As Odoo's conversion wizard: the new customer belongs to
                # the lead's salesperson.
                lead.with_context(
                    default_user_id=lead.user_id.id
                )._handle_partner_assignment(create_missing=True)
                customer = lead.partner_id
                if lead.email_normalized:
                    customers[lead.email_normalized] = customer
            lead.convert_opportunity(customer)

    # ------------------------------------------------------------------
    # --- Follow-up: speed to lead, cadences, WhatsApp
    # ------------------------------------------------------------------

    @api.depends("create_date", "first_response_date")
    def _compute_first_response_hours(self):
        for lead in self:
            if lead.first_response_date and lead.create_date:
                seconds = (lead.first_response_date - lead.create_date).total_seconds()
                lead.first_response_hours = max(seconds, 0.0) / 3600.0
            else:
                lead.first_response_hours = 0.0

    @api.depends("first_response_deadline", "first_response_date")
    def _compute_first_response_sla_state(self):
        # Time-dependent: the cron recomputes pending leads whose deadline
        # passed (_recompute_first_response_sla).
        now = fields.Datetime.now()
        for lead in self:
            deadline, answered = lead.first_response_deadline, lead.first_response_date
            if not deadline:
                lead.first_response_sla_state = False
            elif answered:
                lead.first_response_sla_state = (
                    "met" if answered <= deadline else "breached"
                )
            else:
                lead.first_response_sla_state = (
                    "pending" if now <= deadline else "breached"
                )

    def _recompute_first_response_sla(self):
        self.env.add_to_compute(self._fields["first_response_sla_state"], self)
        self.flush_recordset(["first_response_sla_state"])

    def _followup_set_first_response_deadline(self):
        """Deadline of the first answer: creation + the team's hours for the
        lead's prospecting type (inbound hours when not set)."""
        # sudo: a system-maintained field, whoever creates or moves the lead.
        for lead in self.sudo():
            if lead.first_response_date:
                continue
            hours = lead.team_id._get_first_response_hours(lead.prospecting_type)
            lead.first_response_deadline = (
                lead.create_date or fields.Datetime.now()
            ) + timedelta(hours=hours)

    def _followup_register_first_response(self, date):
        """`date` is an answer to these leads; the first one counts."""
        unanswered = self.sudo().filtered(lambda lead: not lead.first_response_date)
        if unanswered:
            unanswered.write({"first_response_date": date})

    def _followup_after_create(self):
        self._followup_set_first_response_deadline()
        self.env["prospect.followup.rule"]._on_leads_created(self)

    def _followup_before_write(self, vals):
        """What the follow-up needs to know before a write: the stages (to
        tell which leads enter a stage), or None when the write is none of its
        business."""
        if not FOLLOWUP_TRIGGER_FIELDS & set(vals):
            return None
        if vals.get("active") is False:
            self._followup_stop_archived()
        return {
            "fnames": set(vals),
            "stages": {lead.id: lead.stage_id.id for lead in self}
            if "stage_id" in vals
            else {},
        }

    def toggle_active(self):
        self._followup_stop_archived()
        return super().toggle_active()

    def _followup_stop_archived(self):
        """mail's activity mixin deletes the activities of the records it
        archives (lost leads): stop their cadences first, as lost."""
        self.env["prospect.followup.execution"].sudo()._stop_cadences(
            self.filtered("active"), "lost"
        )

    def _followup_after_write(self, result, before):
        if before is None:
            return result
        if {"team_id", "prospecting_type", "medium_id"} & before["fnames"]:
            self.filtered(
                lambda lead: (
                    lead.first_response_deadline
                    and lead.first_response_sla_state == "pending"
                )
            )._followup_set_first_response_deadline()
        self.env["prospect.followup.rule"]._on_leads_written(
            self, before["fnames"], before["stages"]
        )
        return result

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        self._followup_on_message(message)
        return res

    def _followup_on_message(self, message):
        """A message was posted on the lead.

        From an internal user (not OdooBot) it is a response when it was sent
        to the contact (a chatter message or an e-mail; an internal note is
        not a response) or when it records a completed activity (a logged
        call, an e-mail, a meeting...): the first one sets the first-response
        date. From the lead's contact (its partner, or its e-mail address),
        an e-mail or a message is a reply: it stops the cadences of the rules
        that stop on reply."""
        self.ensure_one()
        # sudo: the author's users decide whether the author is internal.
        author = message.sudo().author_id
        if not author:
            author_is_internal = False
        else:
            author_is_internal = author != self.env.ref("base.partner_root") and any(
                not user.share for user in author.user_ids
            )
        if author_is_internal:
            sent = message.message_type in ("comment", "email") and not (
                message.subtype_id.internal
            )
            if sent or message.mail_activity_type_id:
                self._followup_register_first_response(message.date)
            return
        if message.message_type not in ("email", "comment"):
            return
        contact = self.partner_id
        from_contact = bool(
            author
            and contact
            and author.commercial_partner_id == contact.commercial_partner_id
        ) or bool(
            self.email_normalized
            and email_normalize(message.email_from or "") == self.email_normalized
        )
        if from_contact:
            self.env["prospect.followup.rule"]._on_customer_replied(self)

    def _get_whatsapp_number(self):
        """The lead's mobile (else phone) in E.164 digits, for wa.me links."""
        self.ensure_one()
        number = self.mobile or self.phone
        if not number:
            raise UserError(
                self.env._(
                    "%(lead)s has no phone number: add its mobile or phone number "
                    "to write on WhatsApp.",
                    lead=self.display_name,
                )
            )
        country = self.country_id or self.company_id.country_id
        formatted = self._phone_format(
            number=number,
            country=country or self.env.company.country_id,
            force_format="E164",
        )
        if not formatted:
            raise UserError(
                self.env._(
                    "The phone number %(number)s of %(lead)s is not valid: write "
                    "it in international format (e.g. +34 600 123 456) or set the "
                    "lead's country.",
                    number=number,
                    lead=self.display_name,
                )
            )
        return "".join(char for char in formatted if char.isdigit())

    def action_open_whatsapp(self):
        """Open a WhatsApp chat with the lead (web and mobile app)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"https://wa.me/{self._get_whatsapp_number()}",
            "target": "new",
        }


def _format_hour(value):
    hours, minutes = divmod(round(value * 60), 60)
    return f"{hours:02d}:{minutes:02d}"


def _missing_label(env, result):
    return env["crm.stage"]._prospect_gate_missing_label(result)


def _is_forward_move(stage_from, stage_to):
    """Moving back to a stage of lower sequence is never gated; stages of
    other teams are compared by sequence too."""
    if not stage_to or stage_from == stage_to:
        return False
    return not stage_from or stage_to.sequence >= stage_from.sequence
