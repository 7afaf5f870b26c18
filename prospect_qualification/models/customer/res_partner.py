# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer classification: current, active, inactive or never bought.

The class belongs to the commercial entity (the company, or the person without
a company): a won opportunity or a confirmed sale order of any of its contacts
is a purchase of the entity, and every contact shows the entity's class.

A *purchase* is a day on which the entity won an opportunity (its closing
date, or the day it entered its won stage when it has none) or, when the Sales
app is installed, confirmed a sale order (its order date); several on the same
day count once. Days are UTC days. With N, W and T
the settings of the partner's company (of the main company for partners shared
between companies):

- never bought: no purchase at all;
- inactive: purchases, but none in the last W days (today - W included);
- current: at least N purchases in the window, at regular intervals;
- active: purchases in the window, but fewer than N or not regular.

Regular: with d1 < … < dk the purchase days of the window and m = (dk - d1) /
(k - 1) their average gap, every gap d(i+1) - d(i) is within m ± T % of m, and
the days since the last purchase (today - dk) are at most m + T % of m: the
customer has not missed its next expected purchase.
"""

import logging
from datetime import timedelta
from itertools import pairwise

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_date

from .. import trust
from ..cron_batches import BatchJob, run_in_batches
from ..qualification.res_company import (
    DEFAULT_CURRENT_MIN_PURCHASES,
    DEFAULT_CUSTOMER_WINDOW_DAYS,
    DEFAULT_REGULARITY_TOLERANCE,
)
from ..selections import CUSTOMER_CLASSES

_logger = logging.getLogger(__name__)

CUSTOMER_CLASS_FIELDS = [
    "customer_class",
    "customer_last_purchase_date",
    "customer_purchase_count",
]


def classify_purchases(days, today, min_purchases, window_days, tolerance):
    """Return (class, purchases in the window) for the sorted distinct purchase
    days `days` (dates) of one customer, as of `today`."""
    if not days:
        return "none", 0
    start = today - timedelta(days=window_days)
    recent = [day for day in days if day >= start]
    if not recent:
        return "inactive", 0
    count = len(recent)
    if count >= min_purchases and _is_regular(recent, today, tolerance):
        return "current", count
    return "active", count


def _is_regular(days, today, tolerance):
    """Integer arithmetic, so that the tolerance edge is exact: with k days
    and a span S = dk - d1, a gap g is regular when |g (k-1) - S| · 100 ≤ T · S
    (|g - m| ≤ T % of m, m = S / (k-1))."""
    gaps_count = len(days) - 1
    span = (days[-1] - days[0]).days
    if gaps_count < 1 or span <= 0:
        return False
    for previous, following in pairwise(days):
        gap = (following - previous).days
        if abs(gap * gaps_count - span) * 100 > tolerance * span:
            return False
    since_last = (today - days[-1]).days
    return since_last * gaps_count * 100 <= (100 + tolerance) * span


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Commercial partners per batch of the nightly classification.
    _prospect_customer_class_batch = 500

    customer_class = fields.Selection(
        CUSTOMER_CLASSES,
        compute="_compute_customer_class",
        store=True,
        index=True,
        help="Current: buys regularly (at least the number of purchases of the "
        "CRM settings in the look-back window, at regular intervals). Active: "
        "bought in the window, but not regularly. Inactive: bought before, "
        "not in the window. Never bought: no won opportunity (nor confirmed "
        "sale order). Shared by a company and its contacts; updated every "
        "night and when an opportunity is won.",
    )
    customer_last_purchase_date = fields.Date(
        string="Last Purchase",
        compute="_compute_customer_class",
        store=True,
        help="Last day the customer won an opportunity or confirmed a sale order.",
    )
    customer_purchase_count = fields.Integer(
        string="Purchases in Window",
        compute="_compute_customer_class",
        store=True,
        help="Days with a purchase in the look-back window of the CRM settings.",
    )

    @api.depends("commercial_partner_id")
    def _compute_customer_class(self):
        """The class of the commercial entity. Contacts are created and moved
        between companies all the time (imports, e-mails, sign-ups): a
        contact takes its entity's stored class, and a partner created in
        this transaction has bought nothing yet, so that neither counts
        purchases. The purchases are counted for the entities recomputed on
        their own, and always by `_prospect_update_customer_class` (a win,
        the nightly run)."""
        entities = self.commercial_partner_id._origin
        to_count = entities & self._origin
        if not trust.switch(self.env, "count_purchases"):
            now = self.env.cr.now()
            to_count = to_count.filtered(lambda entity: entity.create_date != now)
        values = to_count._prospect_customer_class_values() if to_count else {}
        for partner in self:
            entity = partner.commercial_partner_id._origin
            if entity.id in values:
                class_, last, count = values[entity.id]
            elif entity and entity not in self._origin:
                class_ = entity.customer_class
                last = entity.customer_last_purchase_date
                count = entity.customer_purchase_count
            else:
                class_, last, count = "none", False, 0
            partner.customer_class = class_
            partner.customer_last_purchase_date = last
            partner.customer_purchase_count = count

    # ------------------------------------------------------------------
    # Purchases
    # ------------------------------------------------------------------

    def _prospect_customer_class_values(self):
        """{commercial partner id: (class, last purchase date, purchases in
        window)} for the commercial partners `self`; a few queries whatever
        their number."""
        days_by_entity = self._prospect_purchase_days()
        today = fields.Date.today()
        settings_by_company = {}
        main_company = self.env.ref("base.main_company", raise_if_not_found=False)
        values = {}
        for entity in self:
            company = entity.company_id or main_company
            settings = settings_by_company.get(company.id)
            if settings is None:
                settings = settings_by_company[company.id] = (
                    company.prospect_current_min_purchases
                    or DEFAULT_CURRENT_MIN_PURCHASES,
                    company.prospect_customer_window_days
                    or DEFAULT_CUSTOMER_WINDOW_DAYS,
                    company.prospect_regularity_tolerance
                    if company
                    else DEFAULT_REGULARITY_TOLERANCE,
                )
            days = sorted(days_by_entity.get(entity.id, ()))
            class_, count = classify_purchases(days, today, *settings)
            values[entity.id] = (class_, days[-1] if days else False, count)
        return values

    def _prospect_purchase_days(self):
        """{commercial partner id: set of purchase days} of `self`, from won
        opportunities and, when the Sales app is installed, confirmed sale
        orders of the partners and their contacts."""
        # The class is derived data: it must count every purchase, whatever
        # the record rules and companies of the user whose action triggers it.
        # No tz in the context: days are grouped in UTC.
        leads = self.env["crm.lead"].sudo().with_context(active_test=False, tz=False)
        won = [
            ("partner_id.commercial_partner_id", "in", self.ids),
            ("prospect_state", "=", "customer"),
        ]
        groups = leads._read_group(
            [*won, ("date_closed", "!=", False)], ["partner_id", "date_closed:day"]
        )
        # Won without a closing date (imported, or their stage became a won
        # stage): since they entered their stage.
        groups += leads._read_group(
            [*won, ("date_closed", "=", False)],
            ["partner_id", "date_last_stage_update:day"],
        )
        if self._prospect_sale_installed():
            # sale is not a dependency: its model is only used when present.
            orders = self.env["sale.order"].sudo().with_context(tz=False)
            groups += orders._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", self.ids),
                    ("state", "=", "sale"),
                ],
                ["partner_id", "date_order:day"],
            )
        days = {}
        for partner, day in groups:
            day = day.date() if hasattr(day, "date") else day
            days.setdefault(partner.commercial_partner_id.id, set()).add(day)
        return days

    @api.model
    def _prospect_sale_installed(self):
        return "sale.order" in self.env and "state" in self.env["sale.order"]._fields

    # ------------------------------------------------------------------
    # Recompute in batches; customers turning inactive
    # ------------------------------------------------------------------

    def _prospect_update_customer_class(self):
        """Recompute the class of the commercial partners of `self` and of
        their contacts, and hand the entities that just became inactive to
        `_prospect_partners_turned_inactive` (once: an entity that stays
        inactive is not handed over again)."""
        entities = self.commercial_partner_id.with_context(active_test=False)
        if not entities:
            return self.browse()
        previous = {entity.id: entity.customer_class for entity in entities}
        family = trust.with_switches(
            self.with_context(active_test=False), count_purchases=True
        ).search([("commercial_partner_id", "in", entities.ids)])
        for fname in CUSTOMER_CLASS_FIELDS:
            self.env.add_to_compute(self._fields[fname], family)
        family.flush_recordset(CUSTOMER_CLASS_FIELDS)
        turned_inactive = entities.filtered(
            lambda entity: (
                entity.customer_class == "inactive"
                and previous[entity.id] != "inactive"
            )
        )
        if turned_inactive:
            turned_inactive._prospect_partners_turned_inactive()
        return turned_inactive

    def _prospect_partners_turned_inactive(self):
        """`self`: commercial partners that just became inactive customers.
        Logs it on their chatter and announces it to the other features
        (`_on_customer_inactive`)."""
        bodies = {
            partner.id: Markup(
                self.env["ir.qweb"]._render(
                    "prospect_qualification.customer_inactive_note",
                    {
                        "message": self.env._(
                            "Became an inactive customer: no purchase since %(date)s.",
                            date=format_date(
                                self.env, partner.customer_last_purchase_date
                            ),
                        )
                    },
                    minimal_qcontext=True,
                )
            )
            for partner in self
        }
        self._message_log_batch(bodies=bodies)
        self._on_customer_inactive()

    def _on_customer_inactive(self):
        """Hook: `self` (commercial partners) just became inactive
        customers, once per turn. Nothing here; the follow-up feature starts
        its reactivation cadences (models/followup/res_partner.py)."""

    @api.model
    def _prospect_customer_class_candidates(self):
        """Ids of the commercial partners whose class may change: those with
        a class, or with a won opportunity or a confirmed sale order."""
        partners = self.with_context(active_test=False)
        candidates = partners.search([("customer_class", "!=", "none")])
        leads = self.env["crm.lead"].sudo().with_context(active_test=False)
        for [partner] in leads._read_group(
            [("prospect_state", "=", "customer"), ("partner_id", "!=", False)],
            ["partner_id"],
        ):
            candidates |= partner
        if self._prospect_sale_installed():
            orders = self.env["sale.order"].sudo()
            for [partner] in orders._read_group(
                [("state", "=", "sale")], ["partner_id"]
            ):
                candidates |= partner
        return sorted(set(candidates.commercial_partner_id.ids))

    @api.model
    def _cron_prospect_update_customer_class(self, batch_size=None, limit=None):
        """Nightly: the class depends on today's date. In batches
        (models/cron_batches.py: committed outside tests, progress reported,
        a batch that fails is logged and skipped). Returns the number of
        commercial partners done."""
        return run_in_batches(
            self.env,
            [
                BatchJob(
                    "customer classes",
                    self._prospect_customer_class_candidates(),
                    self._prospect_update_customer_class_batch,
                )
            ],
            batch_size or self._prospect_customer_class_batch,
            limit,
            _logger,
        )

    @api.model
    def _prospect_update_customer_class_batch(self, partner_ids):
        self.browse(partner_ids)._prospect_update_customer_class()
