# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The live queue "Waiting for First Response": the unanswered leads, the
most urgent first, with the time left; answering from it records the first
response (a logged call, WhatsApp, an e-mail), also on a phone."""

import ast
from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import Form, HttpCase, tagged

from ..common import ProspectQualificationCase, ProspectQualificationFixtures

QUEUE_ACTION = "prospect_qualification.crm_lead_action_first_response_queue"


@tagged("post_install", "-at_install")
class TestFirstResponseQueue(ProspectQualificationCase):
    def _queue(self, user):
        action = self.env["ir.actions.act_window"]._for_xml_id(QUEUE_ACTION)
        return (
            self.env["crm.lead"]
            .with_user(user)
            .search(
                ast.literal_eval(action["domain"]) + [("team_id", "=", self.team.id)]
            )
        )

    def test_queue_order_and_time_left(self):
        later, urgent = self._create_leads(2, prospecting_type="outbound")
        urgent.prospecting_type = "inbound"  # 60 minutes, 1440 for the other
        answered = self._create_leads(1)
        answered.with_user(self.user_salesman).message_post(
            body="Hola", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        theirs = self._create_leads(1, user_id=self.user_salesman_other.id)
        queue = self._queue(self.user_salesman)
        self.assertEqual(queue, urgent | later, "own leads, not answered")
        queue = queue.sorted(lambda lead: (lead.first_response_deadline, lead.id))
        self.assertEqual(queue[0], urgent)
        self.assertIn(theirs, self._queue(self.user_manager), "leaders see all")
        with freeze_time(urgent.create_date + timedelta(minutes=15)):
            urgent.invalidate_recordset(["first_response_time_left"])
            self.assertEqual(urgent.first_response_minutes_left, 45)
            self.assertEqual(urgent.first_response_time_left, "45 min left")
            later.invalidate_recordset(["first_response_time_left"])
            self.assertEqual(later.first_response_time_left, "23 h 45 min left")
        with freeze_time(urgent.create_date + timedelta(minutes=70)):
            urgent.invalidate_recordset(
                ["first_response_time_left", "first_response_minutes_left"]
            )
            self.assertEqual(urgent.first_response_minutes_left, -10)
            self.assertEqual(urgent.first_response_time_left, "10 min late")

    def test_log_call_answers(self):
        lead = self._create_leads(1)
        lead.with_user(self.user_salesman).action_queue_log_call()
        self.assertTrue(lead.first_response_date)
        self.assertEqual(lead.first_response_sla_state, "met")
        self.assertNotIn(lead, self._queue(self.user_salesman))
        self.assertIn("Called from the queue", lead.message_ids[0].body)

    def test_whatsapp_answers_and_opens_the_chat(self):
        lead = self._create_leads(1, phone="+34 600 123 456")
        action = lead.with_user(self.user_salesman).action_queue_whatsapp()
        self.assertEqual(action["url"], "https://wa.me/34600123456")
        self.assertTrue(lead.first_response_date)

    def test_email_answers_when_sent(self):
        partner = self.env["res.partner"].create(
            {"name": "Ana", "email": "ana@example.com"}
        )
        lead = self._create_leads(1, partner_id=partner.id)
        action = lead.with_user(self.user_salesman).action_queue_email()
        composer = Form(
            self.env[action["res_model"]]
            .with_user(self.user_salesman)
            .with_context(**action["context"])
        )
        composer.body = "<p>Gracias por escribirnos</p>"
        self.assertFalse(lead.first_response_date)
        composer.save().action_send_mail()
        self.assertTrue(lead.first_response_date)


@tagged("post_install", "-at_install")
class TestFirstResponseQueueTour(ProspectQualificationFixtures, HttpCase):
    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_prospect_fixtures()
        cls.later = cls._create_leads(
            1, name="Tranquilo Beto", prospecting_type="outbound"
        )
        cls.urgent = cls._create_leads(
            1, name="Urgente Ana", prospecting_type="inbound"
        )
        # Only the fixture's leads in the queue.
        cls.env["crm.lead"].search(
            [("id", "not in", (cls.later | cls.urgent).ids)]
        ).write({"active": False})

    def test_answer_from_the_queue_on_a_phone(self):
        self.start_tour(
            "/odoo/first-response-queue",
            "prospect_first_response_queue_tour",
            login=self.user_salesman.login,
        )
        self.assertTrue(self.urgent.first_response_date)
        self.assertFalse(self.later.first_response_date)
