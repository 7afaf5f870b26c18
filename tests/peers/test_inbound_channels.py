"""Leads from every channel where a person reached out to us are inbound:
an event registration (event_crm), a live chat (crm_livechat: an operator's
/lead command, a chatbot's lead step), the website's contact form
(website_crm) and an e-mail to the sales alias (mail gateway). Each gets its
first-response deadline and the cadence of the default rule for new inbound
leads. The addon depends on crm only: these run in the database of Odoo's
CRM apps (setup/test_peers.sh), through each app's real flow."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged, users

from odoo.addons.crm_livechat.tests import chatbot_common
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.prospect_qualification.tests.common import (
    ProspectQualificationCase,
    ProspectQualificationFixtures,
)

INCOMING_EMAIL = """Return-Path: <ana@ferreteria.example.com>
From: Ana Pérez <ana@ferreteria.example.com>
To: ventas@example.com
Subject: Presupuesto para 20 puestos
Message-ID: <pq-peers-inbound-1@ferreteria.example.com>
Date: Mon, 02 Mar 2026 10:00:00 +0100
Content-Type: text/plain; charset=utf-8

Hola, nos interesa su producto. ¿Nos envían un presupuesto?
"""


class InboundAssertions:
    test_module = "prospect_qualification"

    def assertInboundFollowedUp(self, lead):
        """Inbound, with a first-response deadline (the team's inbound
        minutes: one hour for the fixture team) and the cadence of the
        default rule for new inbound leads."""
        lead = lead.sudo()
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.prospecting_type, "inbound")
        self.assertTrue(lead.first_response_deadline)
        if lead.team_id == self.team:
            self.assertEqual(
                lead.first_response_deadline - lead.create_date, timedelta(hours=1)
            )
        rule = self.env.ref("prospect_qualification.prospect_followup_rule_new_inbound")
        self.assertIn(rule, lead.followup_execution_ids.rule_id)


@tagged("post_install", "-at_install")
class TestEventRegistrationLead(InboundAssertions, ProspectQualificationCase):
    def test_lead_of_a_registration_rule(self):
        event_user = mail_new_test_user(
            self.env,
            login="pq_event_user",
            name="Elena Eventos",
            groups="event.group_event_registration_desk",
        )
        event = self.env["event.event"].create(
            {
                "name": "Jornada de puertas abiertas",
                "date_begin": fields.Datetime.now() + timedelta(days=7),
                "date_end": fields.Datetime.now() + timedelta(days=8),
            }
        )
        rule = self.env["event.lead.rule"].create(
            {
                "name": "Un lead por asistente",
                "event_id": event.id,
                "lead_creation_basis": "attendee",
                "lead_creation_trigger": "create",
                "lead_type": "opportunity",
                "lead_sales_team_id": self.team.id,
                "lead_user_id": self.user_salesman.id,
            }
        )
        self.env["event.registration"].with_user(event_user).create(
            {
                "event_id": event.id,
                "name": "Luis Gómez",
                "email": "luis@taller.example.com",
            }
        )
        self.assertInboundFollowedUp(rule.lead_ids)


@tagged("post_install", "-at_install")
class TestLiveChatLead(InboundAssertions, ProspectQualificationFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_prospect_fixtures()
        cls.operator = mail_new_test_user(
            cls.env,
            login="pq_chat_operator",
            name="Olga Operadora",
            groups="sales_team.group_sale_salesman,im_livechat.im_livechat_group_user",
            company_id=cls.company.id,
        )
        cls.env["bus.presence"].create({"user_id": cls.operator.id, "status": "online"})
        cls.livechat_channel = cls.env["im_livechat.channel"].create(
            {"name": "PQ Chat", "user_ids": [(4, cls.operator.id)]}
        )

    def test_lead_of_the_lead_command(self):
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session",
            {
                "anonymous_name": "Visitante",
                "channel_id": self.livechat_channel.id,
                "persisted": True,
            },
        )
        channel = self.env["discuss.channel"].browse(data["discuss.channel"][0]["id"])
        channel.with_user(self.operator).execute_command_lead(
            body="/lead Presupuesto para 20 puestos"
        )
        self.assertInboundFollowedUp(
            self.env["crm.lead"].search([("name", "=", "Presupuesto para 20 puestos")])
        )


@tagged("post_install", "-at_install")
class TestChatbotLead(
    InboundAssertions, ProspectQualificationFixtures, chatbot_common.CrmChatbotCase
):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_prospect_fixtures()
        cls.step_create_lead.crm_team_id = cls.team

    @users("user_public")
    def test_lead_of_the_chatbot(self):
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session",
            {
                "anonymous_name": "Visitante",
                "channel_id": self.livechat_channel.id,
                "chatbot_script_id": self.chatbot_script.id,
            },
        )
        channel = (
            self.env["discuss.channel"].sudo().browse(data["discuss.channel"][0]["id"])
        )
        self._post_answer_and_trigger_next_step(
            channel,
            self.step_dispatch_create_lead.name,
            chatbot_script_answer=self.step_dispatch_create_lead,
        )
        self._post_answer_and_trigger_next_step(channel, "luis@taller.example.com")
        self._post_answer_and_trigger_next_step(channel, "+34 600 000 000")
        self.assertEqual(channel.chatbot_current_step_id, self.step_create_lead)
        self.assertInboundFollowedUp(
            self.env["crm.lead"]
            .sudo()
            .search([("source_id", "=", self.chatbot_script.source_id.id)])
        )


@tagged("post_install", "-at_install")
class TestWebsiteFormLead(InboundAssertions, ProspectQualificationFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_prospect_fixtures()
        cls.env["website"].get_current_website().crm_default_team_id = cls.team

    def test_lead_of_the_contact_form(self):
        # The visitor came from a mailing's link: the UTM cookie gives the
        # lead the "Email" medium, which says nothing of who reached out.
        self.opener.cookies.set("odoo_utm_medium", "Email")
        response = self.url_open(
            "/website/form/crm.lead",
            data={
                "contact_name": "Luis Gómez",
                "email_from": "luis@taller.example.com",
                "name": "Presupuesto para 20 puestos",
                "description": "¿Nos envían un presupuesto?",
            },
        )
        self.assertEqual(response.status_code, 200)
        lead = self.env["crm.lead"].browse(response.json()["id"])
        self.assertEqual(lead.medium_id, self.env.ref("utm.utm_medium_email"))
        self.assertInboundFollowedUp(lead)


@tagged("post_install", "-at_install")
class TestMailGatewayLead(InboundAssertions, ProspectQualificationCase):
    """Already inbound before the other channels were: kept as a guard."""

    def test_lead_of_an_incoming_email(self):
        lead_id = self.env["mail.thread"].message_process(
            "crm.lead", INCOMING_EMAIL, custom_values={"team_id": self.team.id}
        )
        self.assertInboundFollowedUp(self.env["crm.lead"].browse(lead_id))
