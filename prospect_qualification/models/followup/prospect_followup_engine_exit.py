# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Smart exits of a cadence: the rules that stop when the contact responds
(stop_on_reply) stop on a reply from the contact or from anyone of its
company, a meeting booked with them, a bounce of the lead's e-mail or the
address blacklisted. The reason is stored on the cancelled steps."""

import logging

from odoo import api, models
from odoo.osv import expression

from ..concurrency import run_unless_concurrent
from .prospect_followup_execution import OPEN_STATES
from .prospect_followup_rule import OPEN_LEAD_DOMAIN

_logger = logging.getLogger(__name__)


class ProspectFollowupEngine(models.AbstractModel):
    _inherit = "prospect.followup.engine"

    @api.model
    def _followup_exit(self, leads, reason):
        """Stop, for `reason`, the running cadences of `leads` whose rule
        stops when the contact responds.

        Two e-mails of the contact processed at the same moment (two mail
        servers, odoo-mailgate and the incoming-mail cron) both stop the same
        steps: the second transaction's write meets a serialization failure,
        and the mail gateway does not replay an e-mail (fetchmail marks it
        read: it would be lost). The steps are then stopped in a transaction
        of their own, which sees what the other one committed: the e-mail is
        kept either way."""
        if not leads:
            return
        Execution = self.env["prospect.followup.execution"].sudo()
        domain = [("state", "in", OPEN_STATES), ("rule_id.stop_on_reply", "=", True)]
        running = Execution.search(
            expression.AND([[("lead_id", "in", leads.ids)], domain])
        )
        if not running:
            return
        if run_unless_concurrent(self.env, lambda: running._cancel(reason)):
            _logger.info(
                "Cadences of leads %s changed concurrently: stopped in a "
                "transaction of their own (%s).",
                leads.ids,
                reason,
            )
            with self.env.registry.cursor() as cr:
                Execution.with_env(Execution.env(cr=cr)).search(
                    expression.AND([[("id", "in", running.ids)], domain])
                )._cancel(reason)

    @api.model
    def _followup_company_leads(self, customers, our_companies):
        """The open leads of `our_companies` (res.company; and the leads
        without a company) whose contact belongs to `customers` (commercial
        partners): one customer's answer never reaches another company's
        leads."""
        # sudo: exits apply whoever caused the event.
        return (
            self.env["crm.lead"]
            .sudo()
            .search(
                expression.AND(
                    [
                        OPEN_LEAD_DOMAIN,
                        [
                            ("partner_id.commercial_partner_id", "in", customers.ids),
                            ("company_id", "in", [*our_companies.ids, False]),
                        ],
                    ]
                )
            )
        )

    @api.model
    def _on_meeting_booked(self, partners, our_companies):
        """Event: a meeting was booked with `partners` (its attendees) by a
        user of `our_companies`: the cadences of their customers' open leads
        in those companies stop."""
        customers = partners.sudo().commercial_partner_id
        if customers:
            self._followup_exit(
                self._followup_company_leads(customers, our_companies),
                "meeting_booked",
            )

    @api.model
    def _on_emails_unreachable(self, emails, reason):
        """Event: the normalized addresses `emails` can no longer be written
        to (`reason`: "blacklisted", mail_blacklist.py): the cadences of the
        open leads written to them stop. (A bounce reaches the leads of its
        address directly: crm_lead_followup_exit.py.)"""
        emails = [email for email in emails if email]
        if emails:
            leads = (
                self.env["crm.lead"]
                .sudo()
                .search(
                    expression.AND(
                        [OPEN_LEAD_DOMAIN, [("email_normalized", "in", emails)]]
                    )
                )
            )
            self._followup_exit(leads, reason)
