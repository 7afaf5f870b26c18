# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Inbound or outbound prospecting: they came to us, or we went to them."""

from odoo import api, fields, models
from odoo.http import request

from ..selections import PROSPECTING_TYPES


class CrmLead(models.Model):
    _inherit = "crm.lead"

    prospecting_type = fields.Selection(
        PROSPECTING_TYPES,
        compute="_compute_prospecting_type",
        store=True,
        readonly=False,
        tracking=True,
        help="Inbound: they came to us (web form, newsletter, e-book, social "
        "networks, word of mouth, event registration, live chat, e-mail to "
        "the sales alias). Outbound: we went to them (cold call, unsolicited "
        "e-mail, SMS or WhatsApp). Set from the channel or the medium; "
        "editable.",
    )

    @api.depends("medium_id.prospecting_type")
    def _compute_prospecting_type(self):
        for lead in self:
            lead.prospecting_type = (
                lead.medium_id.prospecting_type or lead.prospecting_type
            )

    @api.model_create_multi
    def create(self, vals_list):
        # A person who reached out through one of these channels is inbound,
        # whatever the medium of the campaign that brought them; a type given
        # by the caller still wins.
        reached_out = self._prospecting_reached_out(vals_list)
        vals_list = [
            {**vals, "prospecting_type": "inbound"}
            if came and "prospecting_type" not in vals
            else vals
            for vals, came in zip(vals_list, reached_out, strict=True)
        ]
        return super().create(vals_list)

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        # A lead created from an incoming e-mail came to us.
        custom_values = dict(custom_values or {})
        custom_values.setdefault("prospecting_type", "inbound")
        return super().message_new(msg_dict, custom_values=custom_values)

    @api.model
    def _prospecting_reached_out(self, vals_list):
        """Whether each lead of `vals_list` comes from a channel where the
        person reached out to us (the mail gateway: message_new). The apps of
        these channels are optional, the addon depends on crm only: each is
        told by what it puts on the leads it creates.

        - event_crm: the registration rule that created the lead;
        - crm_livechat: the UTM source of the live chat (an operator's /lead
          command) or of a chatbot script (its "create lead" step);
        - website_crm: the website's contact form, in the request to its
          route (it sets nothing of its own on the lead before creating it).
        """
        from_form = bool(request) and request.httprequest.path == (
            f"/website/form/{self._name}"
        )
        chat_sources = self._prospecting_live_chat_sources(
            {vals["source_id"] for vals in vals_list if vals.get("source_id")}
        )
        return [
            from_form
            or bool(vals.get("event_lead_rule_id"))
            or vals.get("source_id") in chat_sources
            for vals in vals_list
        ]

    @api.model
    def _prospecting_live_chat_sources(self, source_ids):
        """The ids of `source_ids` that a live chat gives its leads."""
        if not source_ids:
            return set()
        sources = self.env["utm.source"]
        livechat = self.env.ref(
            "crm_livechat.utm_source_livechat", raise_if_not_found=False
        )
        if livechat:
            sources |= livechat
        if "chatbot.script" in self.env:
            # sudo: whoever creates the lead (a visitor, a salesperson) may
            # not read the chatbot scripts; only their sources are looked at.
            sources |= (
                self.env["chatbot.script"]
                .sudo()
                .with_context(active_test=False)
                .search([("source_id", "in", list(source_ids))])
                .source_id
            )
        return set(sources.ids) & source_ids
