# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..followup_common import MONDAY, FollowupCase


class ScannedTriggersCase(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env["res.partner"].create(
            {"name": "PQ Contacto", "email": "contacto@example.com"}
        )

    def _make_scanned_rule(self, trigger, **values):
        return self._make_rule(
            name=f"PQ {trigger}",
            trigger=trigger,
            team_ids=[(6, 0, self.team.ids)],
            **values,
        )

    def _run_cron_at(self, when):
        with freeze_time(when):
            self._run_cron()

    def _finish(self, leads, rule):
        """Mark the open steps done: the one-step cadence ends."""
        self._open_activities(leads, rule).action_feedback(feedback="Done")


@tagged("post_install", "-at_install")
class TestNoReplyTrigger(ScannedTriggersCase):
    def _write_to_contact(self, lead, when):
        with freeze_time(when):
            return lead.with_user(self.user_salesman).message_post(
                body="¿Hablamos?",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def _contact_replies(self, lead, when):
        with freeze_time(when):
            return lead.message_post(
                body="Sí, gracias",
                author_id=self.contact.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )

    def test_fires_after_the_days_once_per_email(self):
        rule = self._make_scanned_rule("no_reply", no_reply_days=3)
        lead = self._create_leads(1, partner_id=self.contact.id)
        self._write_to_contact(lead, MONDAY)
        # A note is not an e-mail to the contact.
        with freeze_time(MONDAY + timedelta(days=1)):
            lead.with_user(self.user_salesman).message_post(
                body="Nota interna", subtype_xmlid="mail.mt_note"
            )
        self._run_cron_at(MONDAY + timedelta(days=2, hours=23))
        self.assertFalse(self._executions(lead, rule))
        self._run_cron_at(MONDAY + timedelta(days=3, hours=1))
        self.assertEqual(len(self._executions(lead, rule)), 1)
        # Not again for the same e-mail: while running nor once done.
        self._run_cron_at(MONDAY + timedelta(days=3, hours=2))
        self.assertEqual(len(self._executions(lead, rule)), 1)
        self._finish(lead, rule)
        self._run_cron_at(MONDAY + timedelta(days=6))
        self.assertEqual(len(self._executions(lead, rule)), 1)
        # A new e-mail left without an answer starts it again.
        self._write_to_contact(lead, MONDAY + timedelta(days=6))
        self._run_cron_at(MONDAY + timedelta(days=8))
        self.assertEqual(len(self._executions(lead, rule)), 1)
        self._run_cron_at(MONDAY + timedelta(days=9, hours=1))
        self.assertEqual(len(self._executions(lead, rule)), 2)

    def test_not_when_the_contact_replied(self):
        rule = self._make_scanned_rule("no_reply", no_reply_days=3)
        lead = self._create_leads(1, partner_id=self.contact.id)
        self._write_to_contact(lead, MONDAY)
        self._contact_replies(lead, MONDAY + timedelta(days=1))
        self._run_cron_at(MONDAY + timedelta(days=10))
        self.assertFalse(self._executions(lead, rule))

    def test_only_their_reply_is_an_answer(self):
        """A message of someone who is neither the contact nor of its
        company is no reply to our e-mail: the rule still fires."""
        rule = self._make_scanned_rule("no_reply", no_reply_days=3)
        lead = self._create_leads(1, partner_id=self.contact.id)
        stranger = self.env["res.partner"].create(
            {"name": "PQ Desconocido", "email": "otro@example.org"}
        )
        self._write_to_contact(lead, MONDAY)
        with freeze_time(MONDAY + timedelta(days=1)):
            lead.message_post(
                body="¿Quién es?",
                author_id=stranger.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
        self._run_cron_at(MONDAY + timedelta(days=4))
        self.assertEqual(len(self._executions(lead, rule)), 1)

    def test_scope_of_the_rule(self):
        rule = self._make_scanned_rule(
            "no_reply",
            no_reply_days=1,
            filter_domain="[('prospecting_type', '=', 'inbound')]",
        )
        inbound = self._create_leads(1, prospecting_type="inbound")
        outbound = self._create_leads(1, prospecting_type="outbound")
        won = self._create_leads(1, prospecting_type="inbound")
        for lead in inbound | outbound | won:
            self._write_to_contact(lead, MONDAY)
        won.action_set_won()
        self._run_cron_at(MONDAY + timedelta(days=2))
        self.assertEqual(
            self._executions(inbound | outbound | won, rule).lead_id, inbound
        )

    def test_days_are_bounded(self):
        for days in (0, -1, 3651, 10**12):
            with self.subTest(days=days), self.assertRaises(ValidationError):
                self._make_scanned_rule("no_reply", no_reply_days=days)
        rule = self._make_scanned_rule("no_reply", no_reply_days=3)
        with self.assertRaises(ValidationError):
            rule.no_reply_days = 4000

    def test_collection_is_one_query_per_rule(self):
        self._make_scanned_rule("no_reply", no_reply_days=1)
        self._make_scanned_rule("date", date_field="date_deadline")
        engine = self.Engine.sudo()
        engine._cron_collect_scanned_leads(MONDAY)  # caches filled once
        counts = []
        for size in (5, 20):
            leads = self._create_leads(size, partner_id=self.contact.id)
            for lead in leads:
                self._write_to_contact(lead, MONDAY)
            leads.date_deadline = (MONDAY - timedelta(days=size)).date()
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time(MONDAY + timedelta(days=2)):
                before = self.cr.sql_log_count
                targets = engine._cron_collect_scanned_leads(fields.Datetime.now())
                counts.append(self.cr.sql_log_count - before)
            self.assertGreaterEqual(sum(len(t) for t in targets.values()), size)
        self.assertEqual(counts[0], counts[1])
        # Rules, their scope, savepoints and one query per rule.
        self.assertLessEqual(counts[1], 12)


@tagged("post_install", "-at_install")
class TestDateTrigger(ScannedTriggersCase):
    def test_before_a_date_of_the_lead(self):
        # A month before the expected closing.
        rule = self._make_scanned_rule(
            "date", date_field="date_deadline", date_offset_days=-30
        )
        due = self._create_leads(1, date_deadline=(MONDAY + timedelta(days=30)).date())
        later = self._create_leads(
            1, date_deadline=(MONDAY + timedelta(days=31)).date()
        )
        self._run_cron_at(MONDAY)
        self.assertEqual(self._executions(due | later, rule).lead_id, due)
        # Once per date.
        self._finish(due, rule)
        self._run_cron_at(MONDAY + timedelta(hours=1))
        self.assertEqual(len(self._executions(due, rule)), 1)
        self._run_cron_at(MONDAY + timedelta(days=1))
        self.assertEqual(self._executions(due | later, rule).lead_id, due | later)
        self.assertEqual(len(self._executions(due, rule)), 1)
        # A new date fires again.
        due.date_deadline = (MONDAY + timedelta(days=32)).date()
        self._run_cron_at(MONDAY + timedelta(days=2))
        self.assertEqual(len(self._executions(due, rule)), 2)

    def test_after_a_date_of_the_contact(self):
        # A year after the contact's last purchase.
        rule = self._make_scanned_rule(
            "date",
            date_field="partner_id.customer_last_purchase_date",
            date_offset_days=365,
        )
        self._store_in_db(
            self.contact,
            customer_last_purchase_date=(MONDAY - timedelta(days=365)).date(),
        )
        other = self.env["res.partner"].create({"name": "PQ Otro"})
        self._store_in_db(
            other, customer_last_purchase_date=(MONDAY - timedelta(days=300)).date()
        )
        lead = self._create_leads(1, partner_id=self.contact.id)
        not_yet = self._create_leads(1, partner_id=other.id)
        self._run_cron_at(MONDAY)
        self.assertEqual(self._executions(lead | not_yet, rule).lead_id, lead)
        self._finish(lead, rule)
        self._run_cron_at(MONDAY + timedelta(days=1))
        self.assertEqual(len(self._executions(lead, rule)), 1)
        # Dates long past are not caught up with.
        self._store_in_db(
            self.contact,
            customer_last_purchase_date=(MONDAY - timedelta(days=800)).date(),
        )
        self._run_cron_at(MONDAY + timedelta(days=2))
        self.assertEqual(len(self._executions(lead, rule)), 1)

    def test_invalid_date_field_is_refused(self):
        for path in (
            "name",
            "partner_id.name",
            "stage_id.create_date",
            "nope",
            # Dates kept for the system: no reason to get in touch.
            "write_date",
            "followup_due_date",
            "partner_id.write_date",
        ):
            with self.subTest(path=path), self.assertRaises(ValidationError):
                self._make_scanned_rule("date", date_field=path)
        with self.assertRaises(ValidationError):
            self._make_scanned_rule("date")
        with self.assertRaises(ValidationError):
            self._make_scanned_rule(
                "date", date_field="date_deadline", date_offset_days=4000
            )
        rule = self._make_scanned_rule(
            "date", date_field="partner_id.customer_last_purchase_date"
        )
        with self.assertRaises(ValidationError):
            rule.date_field = "partner_id.email"
        offered = dict(self.Rule._selection_date_field())
        self.assertEqual(offered["date_deadline"], "Expected Closing")
        self.assertIn("partner_id.customer_last_purchase_date", offered)
        self.assertFalse({"write_date", "followup_due_date"} & set(offered))
