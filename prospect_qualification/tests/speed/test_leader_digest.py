# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The leaders' daily digest: one e-mail per team at its hour (the leader's
time zone), in the leader's language, with yesterday's missed first
responses, the promises broken yesterday and the hot leads left idle; none
when there is nothing to say, never twice a day."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from ..followup_common import FollowupCase

# 9 March 2026, 8:30 in Madrid: the digest of the day before.
SEND_AT = "2026-03-09 07:30:00"
YESTERDAY = datetime(2026, 3, 8, 12, 0)


@tagged("post_install", "-at_install")
class TestLeaderDigest(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager.write({"tz": "Europe/Madrid", "email": "marta@example.com"})
        cls.team.write({"prospect_digest": True, "prospect_digest_hour": 8})
        # Other teams of the database say nothing here.
        cls.env["crm.team"].search([("id", "!=", cls.team.id)]).prospect_digest = False

    def _set(self, leads, **values):
        self.env.flush_all()
        for fname, value in values.items():
            self.env.cr.execute(
                f"UPDATE crm_lead SET {fname} = %s WHERE id IN %s",
                (value, tuple(leads.ids)),
            )
        leads.invalidate_recordset()

    def _digests(self):
        return self.env["mail.mail"].search(
            [("model", "=", "crm.team"), ("res_id", "=", self.team.id)]
        )

    def _send(self, moment=SEND_AT):
        with freeze_time(moment):
            self.env["crm.team"]._cron_send_leader_digests()

    def test_digest_says_what_was_missed(self):
        missed = self._create_leads(1, name="Sin respuesta")
        late = self._create_leads(1, name="Respuesta tarde")
        on_time = self._create_leads(1, name="A tiempo")
        self._set(missed | late | on_time, first_response_deadline=YESTERDAY)
        self._set(late, first_response_date=YESTERDAY + timedelta(hours=2))
        self._set(on_time, first_response_date=YESTERDAY - timedelta(hours=1))
        promise = self.env["prospect.promise"].create(
            {
                "lead_id": self._create_leads(1, name="Con promesa").id,
                "name": "Enviar la cotización",
                "user_id": self.user_salesman.id,
                "date_due": date(2026, 3, 8),
            }
        )
        with freeze_time(YESTERDAY):
            promise.activity_id.unlink()
        hot = self._create_leads(
            1,
            name="Caliente",
            **self._answers(
                need="yes", budget="yes", authority="yes", access="yes", fit="yes"
            ),
        )
        self.assertEqual(hot.qualification_level, "hot")
        self._set(hot, create_date=datetime(2026, 3, 1))
        self._send("2026-03-09 06:30:00")  # 7:30 in Madrid: not yet
        self.assertFalse(self._digests())
        self._send()
        digest = self._digests()
        self.assertEqual(len(digest), 1)
        self.assertEqual(digest.recipient_ids, self.user_manager.partner_id)
        body = digest.body_html
        self.assertIn("Sin respuesta", body)
        self.assertIn("Respuesta tarde", body)
        self.assertNotIn("A tiempo", body)
        self.assertIn("Enviar la cotización: Con promesa 0 (Sara Vendedora)", body)
        self.assertIn("Caliente", body)
        self.assertIn("2026-03-08", digest.subject)
        # Once a day.
        self._send("2026-03-09 15:00:00")
        self.assertEqual(len(self._digests()), 1)

    def test_nothing_to_say_no_digest(self):
        self._send()
        self.assertFalse(self._digests())
        self.assertEqual(self.team.prospect_digest_date, date(2026, 3, 9))

    def test_in_the_leaders_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.user_manager.lang = "es_ES"
        template = self.env.ref("prospect_qualification.mail_template_leader_digest")
        self.assertEqual(template._render_lang(self.team.ids)[self.team.id], "es_ES")
