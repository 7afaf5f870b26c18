# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..followup_common import FollowupCase


@tagged("post_install", "-at_install")
class TestWhatsappLink(FollowupCase):
    """The WhatsApp button opens wa.me with the number in E.164 digits."""

    def _url(self, **values):
        lead = self._create_leads(1, **values)
        action = lead.with_user(self.user_salesman).action_open_whatsapp()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["target"], "new")
        return action["url"]

    def test_international_number(self):
        self.assertEqual(
            self._url(phone="+34 600 12 34 56"), "https://wa.me/34600123456"
        )

    def test_national_number_with_the_lead_country(self):
        mexico = self.env.ref("base.mx")
        self.assertEqual(
            self._url(phone="55 1234 5678", country_id=mexico.id),
            "https://wa.me/525512345678",
        )

    def test_national_number_with_the_company_country(self):
        self.company.country_id = self.env.ref("base.es")
        self.assertEqual(self._url(phone="600 123 456"), "https://wa.me/34600123456")

    def test_mobile_first(self):
        self.assertEqual(
            self._url(phone="+34 911 234 567", mobile="+34 600 123 456"),
            "https://wa.me/34600123456",
        )

    def test_no_number(self):
        with self.assertRaisesRegex(UserError, "has no phone number"):
            self._url(phone=False, mobile=False)

    def test_invalid_number(self):
        self.company.country_id = self.env.ref("base.es")
        with self.assertRaisesRegex(UserError, "is not valid"):
            self._url(phone="12")
