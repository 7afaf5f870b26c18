# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from ..followup_common import FollowupCase


@tagged("post_install", "-at_install")
class TestFollowupStop(FollowupCase):
    """A cadence stops when the lead is won, lost or archived, when it leaves
    the stage that started it, and (when the rule says so) when the customer
    replies; its open activities are cancelled."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls._make_rule(
            stop_on_reply=True, steps=[{"summary": "Call"}, {"summary": "Again"}]
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Ana López", "email": "ana@lopez.example.com"}
        )

    def _assert_stopped(self, leads, reason):
        executions = self._executions(leads, self.rule)
        self.assertTrue(executions)
        self.assertEqual(set(executions.mapped("state")), {"cancelled"})
        self.assertEqual(set(executions.mapped("stop_reason")), {reason})
        self.assertTrue(all(executions.mapped("date_stopped")))
        self.assertFalse(executions.activity_id)
        self.assertFalse(leads.activity_ids, "open cadence activities are cancelled")

    def test_won(self):
        leads = self._create_leads(2)
        leads.action_set_won()
        self._assert_stopped(leads, "won")

    def test_moved_to_won_stage(self):
        lead = self._create_leads(1)
        lead.stage_id = self.stage_won
        self._assert_stopped(lead, "won")

    def test_lost(self):
        lead = self._create_leads(1)
        lead.action_set_lost()
        self._assert_stopped(lead, "lost")

    def test_archived(self):
        lead = self._create_leads(1)
        lead.action_archive()
        self._assert_stopped(lead, "lost")

    def test_other_activities_stay(self):
        lead = self._create_leads(1)
        manual = lead.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_salesman.id
        )
        lead.action_set_won()
        self.assertEqual(lead.activity_ids, manual)

    def test_leaves_the_stage(self):
        rule = self._make_rule(
            trigger="stage_entered",
            stage_id=self.stage_prospect.id,
            steps=[{"summary": "Qualify"}, {"summary": "Qualify again"}],
        )
        lead = self._create_leads(1, stage_id=self.stage_prospect.id)
        self._open_activities(lead, rule).action_feedback()
        lead.stage_id = self.stage_qualified
        executions = self._executions(lead, rule)
        self.assertEqual(executions.mapped("state"), ["done", "cancelled"])
        self.assertEqual(executions[1].stop_reason, "stage_left")
        self.assertFalse(self._open_activities(lead, rule))
        # The new-lead cadence does not depend on the stage.
        self.assertTrue(self._open_activities(lead, self.rule))

    def test_customer_replies_by_email(self):
        by_partner, by_address, untouched = self._create_leads(3)
        by_partner.partner_id = self.partner
        by_address.email_from = "Ana <ANA@lopez.example.com>"
        for lead in by_partner | by_address:
            lead.message_post(
                body="Yes, call me tomorrow",
                message_type="email",
                author_id=self.partner.id if lead == by_partner else False,
                email_from="ana@lopez.example.com",
                subtype_xmlid="mail.mt_comment",
            )
        self._assert_stopped(by_partner | by_address, "replied")
        self.assertTrue(self._open_activities(untouched, self.rule))

    def test_customer_reply_through_the_mail_gateway(self):
        lead = self._create_leads(1, partner_id=self.partner.id)
        self.env["mail.thread"].message_process(
            "crm.lead",
            "Return-Path: <ana@lopez.example.com>\n"
            "From: Ana <ana@lopez.example.com>\n"
            "To: sales@example.com\n"
            "Subject: Re: your offer\n"
            "Message-Id: <reply-1@lopez.example.com>\n"
            f"X-Odoo-Objects: crm.lead-{lead.id}\n"
            "Content-Type: text/plain\n\n"
            "Yes, call me tomorrow.\n",
            thread_id=lead.id,
        )
        self._assert_stopped(lead, "replied")

    def test_reply_ignored_by_rules_that_do_not_stop(self):
        self.rule.stop_on_reply = False
        lead = self._create_leads(1, partner_id=self.partner.id)
        lead.message_post(body="Yes", message_type="email", author_id=self.partner.id)
        self.assertTrue(self._open_activities(lead, self.rule))

    def test_our_own_messages_are_not_replies(self):
        lead = self._create_leads(1, partner_id=self.partner.id)
        lead.with_user(self.user_salesman).message_post(
            body="Here is the offer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner.ids,
        )
        self.assertTrue(self._open_activities(lead, self.rule))
