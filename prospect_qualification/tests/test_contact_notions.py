# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random

from odoo.tests import tagged
from odoo.tools import SQL

from ..models import contact_notions
from .common import ProspectQualificationCase


@tagged("post_install", "-at_install")
class TestContactNotions(ProspectQualificationCase):
    """Each notion of models/contact_notions.py, in Python and in SQL, gives
    the same answer on random messages: authors internal (active or
    archived), portal, OdooBot, the contact, someone of its company, a
    stranger or nobody (an e-mail address only); types; subtypes internal or
    not, the creation subtype or none; activities done or not; on the lead or
    elsewhere."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        company = Partner.create({"name": "PQ Ferretería", "is_company": True})
        cls.contact = Partner.create(
            {"name": "Ana", "parent_id": company.id, "email": "ana@ferreteria.example"}
        )
        colleague = Partner.create(
            {
                "name": "Luis",
                "parent_id": company.id,
                "email": "luis@ferreteria.example",
            }
        )
        stranger = Partner.create({"name": "Eva", "email": "eva@otra.example"})
        archived = cls._make_user("pq_archived", "Ariel Archivado")
        archived.active = False
        portal = cls._make_user("pq_portal", "Paula Portal", "base.group_portal")
        cls.authors = [
            cls.user_salesman.partner_id,
            archived.partner_id,
            portal.partner_id,
            cls.env.ref("base.partner_root"),
            cls.contact,
            colleague,
            stranger,
            Partner,
        ]
        Subtype = cls.env["mail.message.subtype"]
        cls.subtypes = [
            cls.env.ref("mail.mt_comment"),
            cls.env.ref("mail.mt_note"),
            cls.env.ref("mail.mt_activities"),
            cls.env.ref("crm.mt_lead_create"),
            Subtype.create({"name": "PQ Internal", "internal": True}),
            Subtype.create({"name": "PQ Public", "internal": False}),
            Subtype,
        ]
        cls.email_froms = [
            False,
            "Ana López <ANA@ferreteria.example>",
            "ana@ferreteria.example",
            " Eva <eva@otra.example> ",
            "ana@ferreteria.example, eva@otra.example",
        ]
        cls.leads = cls._create_leads(1, partner_id=cls.contact.id)
        cls.leads |= cls._create_leads(1, email_from="Ana <ana@ferreteria.example>")
        cls.leads |= cls._create_leads(1, partner_id=colleague.id)
        cls.leads |= cls._create_leads(1)

    def _random_messages(self, rng, count):
        activity_types = [
            self.env["mail.activity.type"],
            self.env.ref("mail.mail_activity_data_call"),
        ]
        vals_list = []
        for _index in range(count):
            lead = rng.choice(self.leads)
            author = rng.choice(self.authors)
            on_lead = rng.random() < 0.9
            vals_list.append(
                {
                    "model": "crm.lead" if on_lead else "res.partner",
                    "res_id": lead.id if on_lead else self.contact.id,
                    "body": "Hola",
                    "reply_to": "ventas@example.com",
                    "author_id": author.id,
                    "email_from": rng.choice(self.email_froms) or author.email,
                    "message_type": rng.choice(
                        ["email", "comment", "notification", "user_notification"]
                    ),
                    "subtype_id": rng.choice(self.subtypes).id,
                    "mail_activity_type_id": rng.choice(activity_types).id,
                }
            )
        return self.env["mail.message"].sudo().create(vals_list)

    def _by_sql(self, condition, messages):
        rows = self.env.execute_query(
            SQL(
                """SELECT lead.id, message.id
                     FROM crm_lead lead
                     JOIN mail_message message ON %s
                    WHERE lead.id IN %s AND message.id IN %s""",
                condition,
                tuple(self.leads.ids),
                tuple(messages.ids),
            )
        )
        return set(map(tuple, rows))

    def _by_python(self, predicate, messages):
        return {
            (lead.id, message.id)
            for lead in self.leads
            for message in messages
            if predicate(lead, message)
        }

    def test_python_and_sql_agree(self):
        rng = random.Random(22)
        messages = self._random_messages(rng, 400)
        self.env.flush_all()
        self.env.invalidate_all()
        lead = SQL.identifier("lead")
        notions = {
            "touched": (contact_notions.touches, contact_notions.touches_sql(lead)),
            "answered by us": (
                contact_notions.answers,
                contact_notions.answers_sql(self.env, lead),
            ),
            "sent by us": (
                contact_notions.is_sent_by_us,
                contact_notions.sent_by_us_sql(self.env, lead),
            ),
            "replied by them": (
                lambda lead, message: bool(contact_notions.reply_from(lead, message)),
                contact_notions.replies_sql(self.env, lead),
            ),
        }
        for name, (predicate, condition) in notions.items():
            with self.subTest(name):
                by_python = self._by_python(predicate, messages)
                self.assertEqual(self._by_sql(condition, messages), by_python)
                # Random data that says something: some pairs, not all.
                self.assertGreater(len(by_python), 10)
                self.assertLess(len(by_python), len(messages) * 0.8)
