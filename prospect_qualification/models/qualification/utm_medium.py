# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..selections import PROSPECTING_TYPES

# Media of the domain texts (name, prospecting type). Seeded when missing.
PROSPECTING_MEDIA = [
    ("Web Form", "inbound"),
    ("Landing Page", "inbound"),
    ("Newsletter", "inbound"),
    ("E-book", "inbound"),
    ("Webinar", "inbound"),
    ("Social Network", "inbound"),
    ("Word of Mouth", "inbound"),
    ("Cold Call", "outbound"),
    ("Cold E-mail", "outbound"),
    ("Cold SMS / WhatsApp", "outbound"),
]
# Odoo's own media whose prospecting type is clear.
ODOO_MEDIA_TYPES = {
    "utm.utm_medium_website": "inbound",
    "utm.utm_medium_facebook": "inbound",
    "utm.utm_medium_twitter": "inbound",
    "utm.utm_medium_linkedin": "inbound",
    "utm.utm_medium_banner": "inbound",
    "utm.utm_medium_google_adwords": "inbound",
    "utm.utm_medium_television": "inbound",
}


class UtmMedium(models.Model):
    _name = "utm.medium"
    _inherit = ["prospect.input.check.mixin", "utm.medium"]

    prospecting_type = fields.Selection(
        PROSPECTING_TYPES,
        help="Leads from this medium are inbound (they came to us) or outbound "
        "(we went to them).",
    )

    @api.model
    def _prospect_seed_media(self):
        """Give Odoo's media a prospecting type and add the media of the
        domain texts that are missing, without touching what users set.

        The added media get no XML id on purpose: uninstalling the addon must
        not delete them, or the leads would lose their medium.
        """
        for xmlid, prospecting_type in ODOO_MEDIA_TYPES.items():
            medium = self.env.ref(xmlid, raise_if_not_found=False)
            if medium and not medium.prospecting_type:
                medium.prospecting_type = prospecting_type
        existing = {
            name.lower()
            for name in self.with_context(active_test=False).search([]).mapped("name")
        }
        self.create(
            [
                {"name": name, "prospecting_type": prospecting_type}
                for name, prospecting_type in PROSPECTING_MEDIA
                if name.lower() not in existing
            ]
        )
