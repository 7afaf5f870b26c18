# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

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
        leads._record_prospect_state_changes({})
        leads._prospect_refresh_customer_class({})
        leads._followup_after_create()
        return leads

    def write(self, vals):
        followup_before = self._followup_before_write(vals)
        if not STATE_TRIGGER_FIELDS & set(vals):
            return self._followup_after_write(super().write(vals), followup_before)
        before = {lead.id: lead.prospect_state for lead in self}
        res = super().write(vals)
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
