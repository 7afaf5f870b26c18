# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from ..common import ProspectQualificationCase

INCOMING_EMAIL = """Return-Path: <ana@ferreteria.example.com>
From: Ana Pérez <ana@ferreteria.example.com>
To: ventas@example.com
Subject: Presupuesto para 20 puestos
Message-ID: <pq-inbound-1@ferreteria.example.com>
Date: Mon, 02 Mar 2026 10:00:00 +0100
Content-Type: text/plain; charset=utf-8

Hola, nos interesa su producto. ¿Nos envían un presupuesto?
"""


@tagged("post_install", "-at_install")
class TestProspectingType(ProspectQualificationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Medium = cls.env["utm.medium"]
        cls.medium_form = Medium.create(
            {"name": "PQ Form", "prospecting_type": "inbound"}
        )
        cls.medium_cold = Medium.create(
            {"name": "PQ Cold", "prospecting_type": "outbound"}
        )
        cls.medium_plain = Medium.create({"name": "PQ Plain"})

    def test_type_from_medium(self):
        inbound, outbound, unknown = self._create_leads(3)
        inbound.medium_id = self.medium_form
        outbound.medium_id = self.medium_cold
        unknown.medium_id = self.medium_plain
        self.assertEqual(inbound.prospecting_type, "inbound")
        self.assertEqual(outbound.prospecting_type, "outbound")
        self.assertFalse(unknown.prospecting_type)

    def test_type_editable_by_hand(self):
        lead = self._create_leads(1, medium_id=self.medium_form.id)
        lead.prospecting_type = "outbound"
        self.assertEqual(lead.prospecting_type, "outbound")
        # A medium without a type keeps the hand-set value.
        lead.medium_id = self.medium_plain
        self.assertEqual(lead.prospecting_type, "outbound")
        lead.medium_id = self.medium_form
        self.assertEqual(lead.prospecting_type, "inbound")

    def test_given_type_wins_at_creation(self):
        lead = self._create_leads(
            1, medium_id=self.medium_form.id, prospecting_type="outbound"
        )
        self.assertEqual(lead.prospecting_type, "outbound")

    def test_seeded_media(self):
        Medium = self.env["utm.medium"]
        for name, expected in (
            ("Web Form", "inbound"),
            ("Newsletter", "inbound"),
            ("E-book", "inbound"),
            ("Social Network", "inbound"),
            ("Cold Call", "outbound"),
            ("Cold E-mail", "outbound"),
        ):
            with self.subTest(medium=name):
                medium = Medium.search([("name", "=", name)])
                self.assertEqual(len(medium), 1)
                self.assertEqual(medium.prospecting_type, expected)
        self.assertEqual(
            self.env.ref("utm.utm_medium_website").prospecting_type, "inbound"
        )
        # Seeding again adds nothing and keeps what users changed.
        Medium.search([("name", "=", "Newsletter")]).prospecting_type = "outbound"
        count = Medium.search_count([])
        Medium._prospect_seed_media()
        self.assertEqual(Medium.search_count([]), count)
        self.assertEqual(
            Medium.search([("name", "=", "Newsletter")]).prospecting_type, "outbound"
        )

    def test_incoming_email_is_inbound(self):
        lead_id = self.env["mail.thread"].message_process(
            "crm.lead", INCOMING_EMAIL, custom_values={"team_id": self.team.id}
        )
        lead = self.env["crm.lead"].browse(lead_id)
        self.assertEqual(lead.prospecting_type, "inbound")
