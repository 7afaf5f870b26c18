# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import BaseCase, tagged

from ...tools import time_zone as tz


@tagged("post_install", "-at_install")
class TestTimeZone(BaseCase):
    """One fallback order per kind of subject; the first known time zone
    wins, UTC when none is."""

    def test_first_known_time_zone(self):
        self.assertEqual(
            tz.first_time_zone(False, "", "Mars/Olympus", "Europe/Madrid", "UTC"),
            "Europe/Madrid",
        )
        self.assertEqual(tz.first_time_zone(None, False), "UTC")
        self.assertEqual(tz.first_time_zone(), "UTC")

    def test_country_with_a_single_time_zone(self):
        self.assertEqual(tz.country_time_zone("CO"), "America/Bogota")
        self.assertEqual(tz.country_time_zone("co"), "America/Bogota")
        # Several zones: a guess would be hours off (the Canaries, Tijuana).
        for code in ("ES", "MX", "US"):
            with self.subTest(country=code):
                self.assertIsNone(tz.country_time_zone(code))
        self.assertIsNone(tz.country_time_zone(None))
        self.assertIsNone(tz.country_time_zone("XX"))

    def test_company(self):
        self.assertEqual(
            tz.company_time_zone("America/Lima", "Europe/Madrid"), "America/Lima"
        )
        self.assertEqual(tz.company_time_zone(False, "Europe/Madrid"), "Europe/Madrid")
        self.assertEqual(tz.company_time_zone(False, False), "UTC")

    def test_user(self):
        self.assertEqual(
            tz.user_time_zone("America/Lima", "Europe/Madrid"), "America/Lima"
        )
        self.assertEqual(tz.user_time_zone(False, "Europe/Madrid"), "Europe/Madrid")

    def test_contact(self):
        company = "Europe/Madrid"
        self.assertEqual(
            tz.contact_time_zone("America/Lima", "CO", company), "America/Lima"
        )
        self.assertEqual(tz.contact_time_zone(False, "CO", company), "America/Bogota")
        # Mexico has several zones: the company's, not a guess.
        self.assertEqual(tz.contact_time_zone(False, "MX", company), company)
        self.assertEqual(tz.contact_time_zone(False, None, company), company)
