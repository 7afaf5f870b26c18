# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The mail gateway never loses an e-mail because of a follower.

Posting an incoming e-mail subscribes its author. Two e-mails of one contact
processed at the same moment (two mail servers, odoo-mailgate and the
incoming-mail cron) both subscribe them: the second insert meets mail's
unique index on followers, and the gateway, which does not replay an
e-mail, loses it. The partner who made the second insert fail follows the
lead already: the other partners are subscribed one by one."""

import logging
from functools import partial

from odoo import models

from ..concurrency import CONCURRENT_INSERT, run_unless_concurrent

_logger = logging.getLogger(__name__)


def _follower_race(error):
    return error and error.diag.table_name == "mail_followers"


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        subscribe = super()._message_subscribe
        # mail posts gateway e-mails with from_alias: only there (one
        # savepoint per e-mail) does a lost race lose data.
        if not (self and partner_ids and self.env.context.get("from_alias")):
            return subscribe(partner_ids, subtype_ids, customer_ids)
        error = run_unless_concurrent(
            self.env,
            partial(subscribe, partner_ids, subtype_ids, customer_ids),
            CONCURRENT_INSERT,
        )
        if not error:
            return True
        if not _follower_race(error):
            raise error
        _logger.info(
            "Followers %s of leads %s subscribed concurrently: subscribing "
            "them one by one.",
            partner_ids,
            self.ids,
        )
        for lead in self:
            subscribe_lead = super(CrmLead, lead)._message_subscribe
            for partner_id in partner_ids:
                error = run_unless_concurrent(
                    self.env,
                    partial(subscribe_lead, [partner_id], subtype_ids, customer_ids),
                    CONCURRENT_INSERT,
                )
                if error and not _follower_race(error):
                    raise error
        return True
