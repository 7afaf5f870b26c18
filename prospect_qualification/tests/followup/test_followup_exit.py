# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Smart exits: a cadence whose rule stops when the contact responds stops
on a reply from the contact or from anyone of its company, a meeting booked
with them, a bounce of the lead's e-mail, or the address blacklisted; the
reason is stored on the cancelled steps."""

from odoo.tests import tagged

from ..followup_common import FollowupCase


@tagged("post_install", "-at_install")
class TestFollowupExit(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls._make_rule(
            stop_on_reply=True, steps=[{"summary": "Call"}, {"summary": "Again"}]
        )
        cls.rule_keeps_going = cls._make_rule(
            name="Keeps going", stop_on_reply=False, steps=[{"summary": "Visit"}]
        )
        cls.company_partner = cls.env["res.partner"].create(
            {"name": "Talleres Ruiz SL", "is_company": True}
        )
        cls.ana, cls.luis = cls.env["res.partner"].create(
            [
                {
                    "name": "Ana Ruiz",
                    "email": "ana@talleres-ruiz.example.com",
                    "parent_id": cls.company_partner.id,
                },
                {
                    "name": "Luis Ruiz",
                    "email": "luis@talleres-ruiz.example.com",
                    "parent_id": cls.company_partner.id,
                },
            ]
        )
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Otra Empresa", "email": "info@otra.example.com"}
        )

    def _lead_of(self, partner):
        return self._create_leads(1, partner_id=partner.id, email_from=partner.email)

    def _assert_exit(self, lead, reason):
        executions = self._executions(lead, self.rule)
        self.assertEqual(executions.mapped("state"), ["cancelled"], lead.name)
        self.assertEqual(executions.stop_reason, reason)
        self.assertFalse(executions.activity_id.exists())
        # A rule that does not stop on a response goes on.
        self.assertEqual(self._executions(lead, self.rule_keeps_going).state, "planned")

    def _assert_running(self, lead):
        self.assertEqual(self._executions(lead, self.rule).state, "planned")

    def test_reply_from_contact(self):
        lead = self._lead_of(self.ana)
        other = self._lead_of(self.luis)
        unrelated = self._lead_of(self.stranger)
        lead.message_post(
            body="Sí, llámenme", message_type="email", author_id=self.ana.id
        )
        self._assert_exit(lead, "replied")
        # Luis works at the same company: his lead's cadence stops too.
        self._assert_exit(other, "company_replied")
        self._assert_running(unrelated)

    def test_reply_from_someone_else_of_the_company(self):
        lead = self._lead_of(self.ana)
        lead.message_post(
            body="Ana está de vacaciones, hable conmigo",
            message_type="email",
            author_id=self.luis.id,
        )
        self._assert_exit(lead, "company_replied")

    def test_reply_through_the_mail_gateway(self):
        lead = self._lead_of(self.ana)
        other = self._lead_of(self.luis)
        message = lead.message_post(
            body="¿Hablamos?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.ana.ids,
        )
        self.env["mail.thread"].message_process(
            "crm.lead",
            f"From: Ana Ruiz <{self.ana.email}>\r\n"
            "To: ventas@example.com\r\n"
            "Subject: Re: ¿Hablamos?\r\n"
            f"In-Reply-To: {message.message_id}\r\n"
            "Message-Id: <reply-ana@talleres-ruiz.example.com>\r\n"
            "Content-Type: text/plain\r\n\r\n"
            "Mejor el jueves.\r\n",
        )
        self._assert_exit(lead, "replied")
        self._assert_exit(other, "company_replied")

    def test_meeting_booked_with_contact(self):
        lead = self._lead_of(self.ana)
        unrelated = self._lead_of(self.stranger)
        self.env["calendar.event"].with_user(self.user_salesman).create(
            {
                "name": "Demo",
                "start": "2026-03-05 09:00:00",
                "stop": "2026-03-05 10:00:00",
                "partner_ids": [
                    (6, 0, (self.luis | self.user_salesman.partner_id).ids)
                ],
            }
        )
        self._assert_exit(lead, "meeting_booked")
        self._assert_running(unrelated)

    def test_internal_meeting_is_no_exit(self):
        lead = self._lead_of(self.ana)
        event = self.env["calendar.event"].create(
            {
                "name": "Preparar la visita",
                "start": "2026-03-05 09:00:00",
                "stop": "2026-03-05 10:00:00",
                "partner_ids": [(6, 0, self.user_salesman.partner_id.ids)],
            }
        )
        self._assert_running(lead)
        # The contact invited later: the meeting is booked with them.
        event.partner_ids = [(4, self.ana.id)]
        self._assert_exit(lead, "meeting_booked")

    def test_bounce_marks_email_doubtful(self):
        lead = self._lead_of(self.ana)
        unrelated = self._lead_of(self.stranger)
        message = lead.message_post(
            body="Presentación",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.ana.ids,
        )
        # What mail's gateway does with a bounce of that message.
        self.env["mail.thread"]._routing_handle_bounce(
            False,
            {
                "bounced_email": self.ana.email,
                "bounced_partner": self.ana,
                "bounced_msg_ids": [message.message_id],
                "bounced_message": message,
                "email_from": "MAILER-DAEMON@example.com",
                "to": "bounce@example.com",
                "message_id": "<bounce-1@example.com>",
            },
        )
        self._assert_exit(lead, "bounced")
        self.assertTrue(lead.email_doubtful)
        self.assertFalse(unrelated.email_doubtful)
        self._assert_running(unrelated)
        # A corrected address is no longer doubtful.
        lead.email_from = "ana.ruiz@talleres-ruiz.example.com"
        self.assertFalse(lead.email_doubtful)

    def test_blacklisted_address(self):
        lead = self._lead_of(self.ana)
        unrelated = self._lead_of(self.stranger)
        self.env["mail.blacklist"]._add(self.ana.email.upper())
        self._assert_exit(lead, "blacklisted")
        self._assert_running(unrelated)

    def test_blacklisted_again_after_removal(self):
        entry = self.env["mail.blacklist"].create({"email": self.ana.email})
        entry.action_archive()
        lead = self._lead_of(self.ana)
        self._assert_running(lead)
        self.env["mail.blacklist"]._add(self.ana.email)
        self._assert_exit(lead, "blacklisted")

    def test_other_company_leads_are_left_alone(self):
        """A customer's reply to, or meeting with, one company of ours does
        not stop another company's cadence on the same customer."""
        shared_rule = self._make_rule(
            name="Shared", company_id=False, stop_on_reply=True
        )
        company_b = self.env["res.company"].create({"name": "Sucursal Norte"})
        lead_a = self._lead_of(self.ana)
        lead_b = self.env["crm.lead"].create(
            {
                "name": "Talleres Ruiz (Norte)",
                "type": "opportunity",
                "partner_id": self.luis.id,
                "company_id": company_b.id,
            }
        )

        def running_b():
            return self._executions(lead_b, shared_rule).filtered(
                lambda execution: execution.state == "planned"
            )

        self.assertTrue(running_b())
        lead_a.message_post(body="Sí", message_type="email", author_id=self.ana.id)
        self._assert_exit(lead_a, "replied")
        self.assertTrue(running_b(), "another company's lead goes on")
        self.env["calendar.event"].with_user(self.user_salesman).create(
            {
                "name": "Visita",
                "start": "2026-03-05 09:00:00",
                "stop": "2026-03-05 10:00:00",
                "partner_ids": [(6, 0, self.luis.ids)],
            }
        )
        self.assertTrue(running_b(), "a meeting booked by company A's salesperson")
        # Booked by a user of company B, it ends company B's cadence.
        user_b = self._make_user("pq_salesman_b", "Bea Norte")
        user_b.write({"company_ids": [(4, company_b.id)], "company_id": company_b.id})
        self.env["calendar.event"].with_user(user_b).create(
            {
                "name": "Visita Norte",
                "start": "2026-03-06 09:00:00",
                "stop": "2026-03-06 10:00:00",
                "partner_ids": [(6, 0, self.luis.ids)],
            }
        )
        self.assertFalse(running_b())
        self.assertEqual(
            self._executions(lead_b, shared_rule).stop_reason, "meeting_booked"
        )

    def test_won_and_lost_leads_are_left_alone(self):
        lead = self._lead_of(self.ana)
        lead.action_set_won()
        self.env["mail.blacklist"]._add(self.ana.email)
        self.assertEqual(
            set(self._executions(lead, self.rule).mapped("stop_reason")), {"won"}
        )
