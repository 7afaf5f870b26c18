# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two e-mails on one lead processed by the mail gateway at the same moment
(two fetchmail servers, odoo-mailgate and the incoming-mail cron): both
are kept, and the cadences stop once.

Committed through real cursors (a TransactionCase hides its data from other
connections), as test_faults.py does; what the tests create is deleted at
the end."""

import threading
import uuid
from contextlib import closing

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..committed_common import CommittedCase

EXIT_LOGGER = (
    "odoo.addons.prospect_qualification.models.followup.prospect_followup_engine_exit"
)

EMAIL = (
    "From: Ana Cliente <{sender}>\r\n"
    "To: ventas@empresa.example\r\n"
    "Subject: {subject}\r\n"
    "Message-ID: <{token}@cliente.example>\r\n"
    "{headers}"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "{body}\r\n"
)


@tagged("post_install", "-at_install")
class TestTwoEmailsAtOnce(CommittedCase):
    def setUp(self):
        super().setUp()
        self.token = uuid.uuid4().hex[:8]
        self.sender = f"ana-{self.token}@cliente.example"
        with self._env() as env:
            Users = env["res.users"].with_context(no_reset_password=True)
            self.leader_id = Users.create(
                {
                    "name": f"PQ Jefa {self.token}",
                    "login": f"pq-jefa-{self.token}",
                    "email": f"jefa-{self.token}@empresa.example",
                    "groups_id": [
                        Command.set([env.ref("sales_team.group_sale_manager").id])
                    ],
                }
            ).id
            self.team_id = (
                env["crm.team"]
                .create({"name": f"PQ Correo {self.token}", "user_id": self.leader_id})
                .id
            )
            self.rule_id = (
                env["prospect.followup.rule"]
                .create(
                    {
                        "name": f"PQ Correo {self.token}",
                        "trigger": "lead_created",
                        "company_id": False,
                        "team_ids": [Command.set([self.team_id])],
                        "stop_on_reply": True,
                        "user_id": self.leader_id,
                        "step_ids": [
                            Command.create(
                                {
                                    "activity_type_id": env.ref(
                                        "mail.mail_activity_data_call"
                                    ).id,
                                    "summary": "Llamar",
                                }
                            )
                        ],
                    }
                )
                .id
            )
        self.addCleanup(self._cleanup)
        self.lead_id = self._receive(
            self._email("Presupuesto", "Hola, necesitamos un presupuesto.")
        )

    def _cleanup(self):
        with self._env() as env:
            env["crm.lead"].with_context(active_test=False).search(
                [("team_id", "=", self.team_id)]
            ).unlink()
            env["prospect.followup.rule"].browse(self.rule_id).unlink()
            env["crm.team"].browse(self.team_id).unlink()
            env["res.users"].browse(self.leader_id).unlink()

    def _email(self, subject, body, reply_to=None):
        headers = ""
        if reply_to:
            headers = f"In-Reply-To: {reply_to}\r\nReferences: {reply_to}\r\n"
        return EMAIL.format(
            sender=self.sender,
            subject=subject,
            token=f"{self.token}-{uuid.uuid4().hex[:6]}",
            headers=headers,
            body=body,
        )

    def _receive(self, raw, env=None):
        if env is not None:
            return env["mail.thread"].message_process(
                "crm.lead", raw, custom_values={"team_id": self.team_id}
            )
        with self._env() as new_env:
            return self._receive(raw, new_env)

    def _state(self):
        with self._env() as env:
            lead = env["crm.lead"].browse(self.lead_id)
            executions = env["prospect.followup.execution"].search(
                [("lead_id", "=", lead.id), ("rule_id", "=", self.rule_id)]
            )
            return {
                "bodies": lead.message_ids.mapped("body"),
                "executions": executions.mapped("state"),
                "stop_reasons": executions.mapped("stop_reason"),
                "activities": executions.activity_id.exists().ids,
                "followers": lead.message_follower_ids.partner_id.ids,
            }

    def _two_replies_at_once(self, uid=SUPERUSER_ID):
        """Two replies of the contact, each in a transaction of its own: the
        second waits for the first (or runs beside it) and must not fail.
        Returns the committed state."""
        with self._env() as env:
            message_id = (
                env["crm.lead"].browse(self.lead_id).message_ids[-1:].message_id
            )
        first = self._email("Re: Presupuesto", "Primera respuesta", message_id)
        second = self._email("Re: Presupuesto", "Segunda respuesta", message_id)
        outcome = {}
        with (
            closing(self.registry.cursor()) as cr1,
            closing(self.registry.cursor()) as cr2,
        ):
            env1 = api.Environment(cr1, uid, {})
            env2 = api.Environment(cr2, uid, {})
            # Both transactions take their snapshot before either writes.
            env1["crm.lead"].browse(self.lead_id).message_ids.ids  # noqa: B018
            env2["crm.lead"].browse(self.lead_id).message_ids.ids  # noqa: B018
            pid2 = cr2._cnx.get_backend_pid()
            self._receive(first, env1)
            env1.flush_all()

            def second_worker():
                try:
                    self._receive(second, env2)
                    env2.flush_all()
                except Exception as error:  # noqa: BLE001 - reported below
                    outcome["error"] = error

            thread = threading.Thread(target=second_worker, name="pq-gateway-2")
            thread.start()
            # The second waits for the first, or has already finished.
            self._wait_for_lock(pid2, thread)
            cr1.commit()
            thread.join(60)
            self.assertFalse(thread.is_alive())
            self.assertNotIn("error", outcome, repr(outcome.get("error")))
            cr2.commit()
        state = self._state()
        self.assertEqual(
            len([body for body in state["bodies"] if "respuesta" in body]), 2
        )
        self.assertEqual(state["executions"], ["cancelled"])
        self.assertEqual(state["stop_reasons"], ["replied"])
        self.assertEqual(state["activities"], [])
        self.assertEqual(len(state["followers"]), len(set(state["followers"])))
        return state

    @mute_logger("odoo.sql_db", EXIT_LOGGER)
    def test_two_replies_at_once(self):
        """The incoming-mail cron's user (superuser) processes both."""
        state = self._state()
        self.assertEqual(state["executions"], ["planned"])
        self.assertEqual(len(state["activities"]), 1)
        self._two_replies_at_once()

    @mute_logger("odoo.sql_db", EXIT_LOGGER)
    def test_two_replies_of_a_known_contact_as_a_user(self):
        """odoo-mailgate as an internal user, on a lead whose contact does
        not follow it yet (entered by a salesperson): both replies subscribe
        the contact, and the gateway user posts nothing of its own."""
        with self._env() as env:
            partner = env["res.partner"].create(
                {"name": "Ana Cliente", "email": self.sender}
            )
            lead = env["crm.lead"].browse(self.lead_id)
            lead.message_unsubscribe(lead.message_follower_ids.partner_id.ids)
            lead.partner_id = partner
            self.assertNotIn(partner, lead.message_follower_ids.partner_id)
            admin = env.ref("base.user_admin").id
        state = self._two_replies_at_once(uid=admin)
        self.assertIn(partner.id, state["followers"])
