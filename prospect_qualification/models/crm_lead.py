# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import float_round, split_every

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
        return leads

    def write(self, vals):
        if not STATE_TRIGGER_FIELDS & set(vals):
            return super().write(vals)
        before = {lead.id: lead.prospect_state for lead in self}
        res = super().write(vals)
        self._record_prospect_state_changes(before)
        self._prospect_refresh_customer_class(before)
        return res

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


def _format_hour(value):
    hours, minutes = divmod(round(value * 60), 60)
    return f"{hours:02d}:{minutes:02d}"
