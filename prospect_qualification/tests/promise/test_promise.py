# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Promises made to a prospect: every state (open, kept, kept late, broken by
cancellation or by the calendar), the reminder the day before, access,
the lead's panel and the kept rate per salesperson and team."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from ..common import ProspectQualificationCase

DUE = date(2026, 3, 13)  # a Friday


@tagged("post_install", "-at_install")
class TestPromise(ProspectQualificationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create({"name": "Ana Cliente"})
        cls.lead = cls._create_leads(1, partner_id=cls.partner.id)
        cls.promise_type = cls.env.ref(
            "prospect_qualification.mail_activity_type_promise"
        )
        (cls.user_salesman | cls.user_salesman_other).tz = "Europe/Madrid"

    def _promise(self, user=None, lead=None, **values):
        user = user or self.user_salesman
        return (
            self.env["prospect.promise"]
            .with_user(user)
            .create(
                {
                    "lead_id": (lead or self.lead).id,
                    "name": "Enviar la cotización",
                    "date_due": DUE,
                    **values,
                }
            )
        )

    def test_open_promise_plans_an_activity(self):
        promise = self._promise()
        self.assertEqual(promise.state, "open")
        self.assertEqual(promise.partner_id, self.partner, "the lead's contact")
        self.assertEqual(promise.user_id, self.user_salesman)
        activity = promise.activity_id
        self.assertEqual(activity.activity_type_id, self.promise_type)
        self.assertEqual(activity.res_id, self.lead.id)
        self.assertEqual(activity.date_deadline, DUE)
        self.assertEqual(activity.user_id, self.user_salesman)
        self.assertEqual(activity.summary, "Enviar la cotización")
        # Moving the date or the person moves the activity.
        promise.with_user(self.user_salesman).write(
            {"date_due": date(2026, 3, 16), "user_id": self.user_salesman_other.id}
        )
        self.assertEqual(activity.date_deadline, date(2026, 3, 16))
        self.assertEqual(activity.user_id, self.user_salesman_other)

    def test_promise_scheduled_from_the_chatter(self):
        """A Promise activity planned in the chatter (or on a phone) records
        the promise, with that activity; the promise's own activity does
        not record a second one."""
        activity = self.lead.with_user(self.user_salesman).activity_schedule(
            "prospect_qualification.mail_activity_type_promise",
            date_deadline=DUE,
            summary="Llamar el viernes con el precio",
            user_id=self.user_salesman.id,
        )
        promise = self.env["prospect.promise"].search([("lead_id", "=", self.lead.id)])
        self.assertEqual(len(promise), 1)
        self.assertEqual(promise.activity_id, activity)
        self.assertEqual(promise.name, "Llamar el viernes con el precio")
        self.assertEqual((promise.date_due, promise.state), (DUE, "open"))
        self.assertEqual(promise.partner_id, self.partner)
        with freeze_time("2026-03-13 20:00:00"):
            activity.with_user(self.user_salesman).action_feedback("Llamé")
        self.assertEqual(promise.state, "kept")
        # A client's context cannot skip the recording (server code only).
        forged = (
            self.lead.with_user(self.user_salesman)
            .with_context(prospect_promise_planning=True)
            .activity_schedule(
                "prospect_qualification.mail_activity_type_promise",
                date_deadline=DUE,
                summary="Forjada",
                user_id=self.user_salesman.id,
            )
        )
        self.assertEqual(
            self.env["prospect.promise"].search([("activity_id", "=", forged.id)]).name,
            "Forjada",
        )
        # Recorded from the form: one promise, one activity.
        other = self._promise(name="Mandar el catálogo")
        Promise = self.env["prospect.promise"]
        self.assertEqual(
            Promise.search_count([("activity_id", "=", other.activity_id.id)]), 1
        )
        self.assertEqual(Promise.search_count([("lead_id", "=", self.lead.id)]), 3)

    def test_client_cannot_settle_a_promise(self):
        """Whether a promise was kept is the server's to say: a client that
        sends it (on create or write, salesperson or manager) is refused."""
        promise = self._promise()
        forged = {
            "state": "kept",
            "date_done": DUE,
            "activity_id": False,
            "date_broken": DUE,
        }
        for user in (self.user_salesman, self.user_manager):
            for fname, value in forged.items():
                with self.subTest(user=user.login, field=fname):
                    with self.assertRaisesRegex(UserError, "computed by the server"):
                        promise.with_user(user).write({fname: value})
                    with self.assertRaisesRegex(UserError, "computed by the server"):
                        self._promise(user=user, **{fname: value})
        self.assertEqual(promise.state, "open")
        self.assertTrue(promise.activity_id)

    def test_done_on_time_is_kept(self):
        promise = self._promise()
        with freeze_time("2026-03-13 20:00:00"):  # 21:00 in Madrid, the due day
            promise.activity_id.with_user(self.user_salesman).action_feedback("Hecho")
        self.assertEqual(promise.state, "kept")
        self.assertEqual(promise.date_done, DUE)
        self.assertFalse(promise.activity_id)

    def test_done_after_the_due_day_is_late(self):
        promise = self._promise()
        # 00:30 on Saturday in Madrid (still Friday in UTC).
        with freeze_time("2026-03-13 23:30:00"):
            promise.activity_id.with_user(self.user_salesman).action_feedback()
        self.assertEqual(promise.state, "late")
        self.assertEqual(promise.date_done, date(2026, 3, 14))

    def test_cancelled_activity_breaks_the_promise(self):
        promise = self._promise()
        promise.activity_id.with_user(self.user_salesman).unlink()
        self.assertEqual(promise.state, "broken")
        self.assertFalse(promise.date_done)

    def test_missed_promise_is_broken_by_the_cron(self):
        promise = self._promise()
        Promise = self.env["prospect.promise"]
        # The day after the due date is a day of grace: still open (late if
        # done now).
        with freeze_time("2026-03-14 21:00:00"):
            Promise._cron_settle_promises()
        self.assertEqual(promise.state, "open")
        with freeze_time("2026-03-14 23:30:00"):  # Sunday 00:30 in Madrid
            Promise._cron_settle_promises()
        self.assertEqual(promise.state, "broken")
        # The activity stays (the work is still owed); done now, the promise
        # stays broken, with the day it was done.
        self.assertTrue(promise.activity_id)
        with freeze_time("2026-03-16 09:00:00"):
            promise.activity_id.with_user(self.user_salesman).action_feedback()
        self.assertEqual(promise.state, "broken")
        self.assertEqual(promise.date_done, date(2026, 3, 16))

    def test_reminder_the_day_before(self):
        promise = self._promise()
        Promise = self.env["prospect.promise"]
        partner = self.user_salesman.partner_id
        with freeze_time("2026-03-11 12:00:00"):  # two days before: nothing
            Promise._cron_settle_promises()
        self.assertFalse(promise.date_reminded)
        with freeze_time("2026-03-12 08:00:00"):
            Promise._cron_settle_promises()
            Promise._cron_settle_promises()  # once only
        self.assertEqual(promise.date_reminded, date(2026, 3, 12))
        reminders = self.env["mail.message"].search(
            [
                ("model", "=", "crm.lead"),
                ("res_id", "=", self.lead.id),
                ("partner_ids", "in", partner.ids),
                ("message_type", "=", "user_notification"),
                ("subject", "ilike", "Reminder"),
            ]
        )
        self.assertEqual(len(reminders), 1)
        self.assertIn("Enviar la cotización", reminders.body)

    def test_settled_promise_cannot_be_rewritten(self):
        promise = self._promise()
        promise.activity_id.with_user(self.user_salesman).action_feedback()
        with self.assertRaises(UserError):
            promise.with_user(self.user_salesman).date_due = date(2026, 4, 1)
        # Nor can a client set the state of an open one.
        other = self._promise()
        with self.assertRaises(UserError):
            other.with_user(self.user_salesman).state = "kept"

    def test_access_follows_the_leads(self):
        others_lead = self._create_leads(1, user_id=self.user_salesman_other.id)
        theirs = self._promise(user=self.user_salesman_other, lead=others_lead)
        mine = self._promise()
        visible = (
            self.env["prospect.promise"]
            .with_user(self.user_salesman)
            .search([("id", "in", (theirs | mine).ids)])
        )
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_salesman).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.user_salesman).unlink()
        managed = (
            self.env["prospect.promise"]
            .with_user(self.user_manager)
            .search([("id", "in", (theirs | mine).ids)])
        )
        self.assertEqual(managed, theirs | mine)

    def test_no_promise_on_a_lead_one_cannot_work_on(self):
        """A salesperson who cannot see a colleague's lead records no promise
        on it by any path, and so plans no activity there."""
        others_lead = self._create_leads(1, user_id=self.user_salesman_other.id)
        with self.assertRaises(AccessError):
            others_lead.with_user(self.user_salesman).read(["name"])
        activities_before = others_lead.activity_ids
        # create(), also for oneself
        with self.assertRaises(AccessError):
            self._promise(lead=others_lead)
        with self.assertRaises(AccessError):
            self._promise(lead=others_lead, user_id=self.user_salesman_other.id)
        # moving one's own promise to it
        mine = self._promise()
        with self.assertRaises(AccessError):
            mine.with_user(self.user_salesman).write({"lead_id": others_lead.id})
        self.assertEqual(mine.lead_id, self.lead)
        # the dialog, opened with the other lead as default
        form = Form(
            self.env["prospect.promise"]
            .with_user(self.user_salesman)
            .with_context(default_lead_id=others_lead.id)
        )
        form.name = "Llamar el lunes"
        form.date_due = DUE
        with self.assertRaises(AccessError):
            form.save()
        # the chatter: a Promise activity scheduled on it
        with self.assertRaises(AccessError):
            self.env["mail.activity"].with_user(self.user_salesman).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
                    "res_id": others_lead.id,
                    "activity_type_id": self.promise_type.id,
                    "summary": "Enviar muestras",
                    "date_deadline": DUE,
                    "user_id": self.user_salesman.id,
                }
            )
        self.assertEqual(others_lead.activity_ids, activities_before)
        self.assertFalse(
            self.env["prospect.promise"].search([("lead_id", "=", others_lead.id)])
        )
        # Their own salesperson and a manager may.
        self.assertTrue(self._promise(user=self.user_salesman_other, lead=others_lead))
        self.assertTrue(self._promise(user=self.user_manager, lead=others_lead))

    def test_lead_panel_and_new_promise_form(self):
        action = self.lead.with_user(self.user_salesman).action_new_promise()
        form = Form(
            self.env["prospect.promise"]
            .with_user(self.user_salesman)
            .with_context(**action["context"])
        )
        form.name = "Llamar el lunes"
        form.date_due = DUE
        kept_one = form.save()
        broken_one = self._promise(name="Enviar muestras")
        self._promise(name="Visitar la planta")
        kept_one.activity_id.unlink()
        self.assertEqual(kept_one.state, "broken")
        broken_one.activity_id.action_feedback()
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.promise_open_count, 1)
        self.assertEqual(self.lead.promise_broken_count, 1)
        self.assertEqual(
            set(self.lead.promise_pending_ids.mapped("name")),
            {"Llamar el lunes", "Visitar la planta"},
        )

    def test_merge_moves_promises_to_the_head(self):
        duplicate = self._create_leads(1, partner_id=self.partner.id)
        open_one = self._promise(lead=duplicate)
        broken = self._promise(lead=duplicate, name="Enviar muestras")
        broken.activity_id.unlink()
        mine = self._promise(name="Llamar")
        head = (self.lead | duplicate)._merge_opportunity()
        self.assertTrue((open_one | broken | mine).exists() == open_one | broken | mine)
        self.assertEqual((open_one | broken | mine).lead_id, head)
        self.assertEqual(open_one.activity_id.res_id, head.id)
        open_one.activity_id.action_feedback()
        self.assertEqual(open_one.state, "late" if date.today() > DUE else "kept")

    def test_kept_rate_per_salesperson_and_team(self):
        kept = self._promise()
        late = self._promise()
        broken = self._promise()
        self._promise()  # open: left out of the rate
        # Otto must keep it; Sara, who works the lead, recorded it.
        theirs = self._promise(user_id=self.user_salesman_other.id)
        with freeze_time("2026-03-12 10:00:00"):
            (kept | theirs).activity_id.action_feedback()
        with freeze_time("2026-03-14 10:00:00"):
            late.activity_id.action_feedback()
        broken.activity_id.unlink()
        self.env.flush_all()
        Report = self.env["prospect.promise.report"]
        rows = {
            user: (kept_count, late_count, broken_count, open_count, rate)
            for user, kept_count, late_count, broken_count, open_count, rate in (
                Report._read_group(
                    [("team_id", "=", self.team.id)],
                    ["user_id"],
                    ["kept:sum", "late:sum", "broken:sum", "open:sum", "kept_rate:avg"],
                )
            )
        }
        self.assertEqual(rows[self.user_salesman][:4], (1, 1, 1, 1))
        self.assertAlmostEqual(rows[self.user_salesman][4], 100 / 3, places=1)
        self.assertEqual(rows[self.user_salesman_other][4], 100.0)
        [[team_rate]] = Report._read_group(
            [("team_id", "=", self.team.id)], [], ["kept_rate:avg"]
        )
        self.assertEqual(team_rate, 50.0)
        # The dashboard: per salesperson, per team and in all.
        data = (
            self.env["prospect.qualification.dashboard"]
            .with_user(self.user_manager)
            .get_dashboard_data(period_days=0, team_id=self.team.id)["promises"]
        )
        users = {row["id"]: row for row in data["users"]}
        self.assertEqual(users[self.user_salesman.id]["broken"], 1)
        self.assertEqual(users[self.user_salesman.id]["kept_rate"], 33.3)
        self.assertEqual(data["users"][0]["id"], self.user_salesman_other.id)
        self.assertEqual(
            data["teams"],
            [
                {
                    "id": self.team.id,
                    "name": self.team.display_name,
                    "kept": 2,
                    "late": 1,
                    "broken": 1,
                    "open": 1,
                    "kept_rate": 50.0,
                }
            ],
        )
        self.assertEqual(data["total"]["kept_rate"], 50.0)
        action = self.env["prospect.qualification.dashboard"].action_open_report(
            "promises", period_days=90, team_id=self.team.id
        )
        self.assertEqual(action["res_model"], "prospect.promise.report")
        self.assertIn("search_default_due_last_90", action["context"])
