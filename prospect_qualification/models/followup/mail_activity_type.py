# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..selections import CONTACT_CHANNELS

# Activity types this addon creates. Activities and the chatter history
# (messages of done activities) point to them: they stay when the addon is
# uninstalled, and their XML ids with them, so that a reinstall finds them.
PROSPECT_ACTIVITY_TYPES = (
    "prospect_qualification.mail_activity_type_followup",
    "prospect_qualification.mail_activity_type_whatsapp",
    "prospect_qualification.mail_activity_type_promise",
)


class MailActivityType(models.Model):
    _name = "mail.activity.type"
    _inherit = ["prospect.input.check.mixin", "mail.activity.type"]

    prospect_contact_channel = fields.Selection(
        CONTACT_CHANNELS,
        string="Contact Channel",
        help="Follow-up steps of the generic Follow-up type become an activity "
        "of this type when the lead prefers this channel.",
    )

    @api.model
    def _get_prospect_channel_types(self):
        """{channel: activity type} for leads: the first active type of each
        channel, types made for leads before generic ones."""
        types = self.sudo().search(
            [
                ("prospect_contact_channel", "!=", False),
                ("res_model", "in", [False, "crm.lead"]),
            ],
            order="sequence, id",
        )
        result = {}
        for activity_type in types.sorted(lambda t: not t.res_model):
            result.setdefault(activity_type.prospect_contact_channel, activity_type)
        return result

    @api.ondelete(at_uninstall=True)
    def _unlink_except_used_prospect_types(self):
        ours = self.browse(
            [
                record.id
                for xmlid in PROSPECT_ACTIVITY_TYPES
                if (record := self.env.ref(xmlid, raise_if_not_found=False))
            ]
        )
        used = self & ours
        if not used:
            return
        messages = (
            self.env["mail.message"]
            .sudo()
            .search_count([("mail_activity_type_id", "in", used.ids)], limit=1)
        )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("activity_type_id", "in", used.ids)], limit=1)
        )
        if messages or activities:
            raise UserError(
                self.env._(
                    "The activity types %(types)s are used by activities or by "
                    "the history of your documents: archive them instead.",
                    types=", ".join(used.mapped("name")),
                )
            )
