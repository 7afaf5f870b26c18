# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixtures of the follow-up tests: the default rules are archived so that
each test sees only the rules it makes; a working schedule of our own."""

from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import TransactionCase
from odoo.tools import SQL

from .common import ProspectQualificationFixtures

# A Monday, noon in Madrid (11:00 UTC), in a week without holidays.
MONDAY = datetime(2026, 3, 2, 11, 0)
FRIDAY = MONDAY + timedelta(days=4)
SATURDAY = MONDAY + timedelta(days=5)

# The methods of the follow-up crons (data/ir_cron_data.xml), in the order
# ir.cron runs them when they are due together (priority, then id).
FOLLOWUP_CRONS = (
    "_cron_mark_overdue_steps",
    "_cron_escalate_first_responses",
    "_cron_reassign_first_responses",
    "_cron_start_idle_cadences",
    "_cron_start_scanned_cadences",
    "_cron_set_wake_ups",
)


def run_followup_crons(env, **kwargs):
    """Run each follow-up cron once; the number of records they processed."""
    engine = env["prospect.followup.engine"]
    return sum(getattr(engine, name)(**kwargs) for name in FOLLOWUP_CRONS)


class FollowupFixtures(ProspectQualificationFixtures):
    @classmethod
    def _setup_followup_fixtures(cls):
        cls._setup_prospect_fixtures()
        cls.Rule = cls.env["prospect.followup.rule"]
        cls.Engine = cls.env["prospect.followup.engine"]
        cls.Execution = cls.env["prospect.followup.execution"]
        cls.Rule.search([]).write({"active": False})
        cls._clear_due_dates()
        cls.type_call = cls.env.ref("mail.mail_activity_data_call")
        cls.type_email = cls.env.ref("mail.mail_activity_data_email")
        cls.type_meeting = cls.env.ref("mail.mail_activity_data_meeting")
        cls.type_todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.type_whatsapp = cls.env.ref(
            "prospect_qualification.mail_activity_type_whatsapp"
        )
        cls.type_followup = cls.env.ref(
            "prospect_qualification.mail_activity_type_followup"
        )
        for user in (cls.user_salesman, cls.user_salesman_other, cls.user_manager):
            user.tz = "Europe/Madrid"
        # Monday to Friday, 8-12 and 13-17, Madrid time.
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "PQ Office Hours",
                "tz": "Europe/Madrid",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for start, end, period in (
                        (8, 12, "morning"),
                        (13, 17, "afternoon"),
                    )
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar

    @classmethod
    def _clear_due_dates(cls):
        """The leads already in the database give the scheduler nothing to
        do (a new idle rule makes old leads due)."""
        cls.env.flush_all()
        cls.env.cr.execute("UPDATE crm_lead SET followup_due_date = NULL")
        cls.env.invalidate_all()

    @classmethod
    def _make_rule(cls, steps=None, **values):
        """A rule of `values` with `steps` (dicts; one call today by default)."""
        steps = steps or [{"summary": "Call"}]
        vals = {
            "name": "PQ Rule",
            "trigger": "lead_created",
            "company_id": cls.company.id,
            "user_id": cls.user_manager.id,
            "step_ids": [
                Command.create(
                    dict(
                        {
                            "sequence": index,
                            "activity_type_id": cls.type_call.id,
                            "delay": 0,
                            "delay_unit": "days",
                        },
                        **step,
                    )
                )
                for index, step in enumerate(steps, start=1)
            ],
        }
        vals.update(values)
        return cls.env["prospect.followup.rule"].create(vals)

    def _executions(self, leads, rule=None, states=None):
        domain = [("lead_id", "in", leads.ids)]
        if rule:
            domain.append(("rule_id", "=", rule.id))
        if states:
            domain.append(("state", "in", list(states)))
        return self.Execution.search(domain, order="id")

    def _open_activities(self, leads, rule=None):
        return self._executions(leads, rule, ("planned", "overdue")).activity_id

    def _backdate(self, leads, when):
        """Pretend `leads` were created at `when` (the test transaction's
        clock is not frozen by freezegun)."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id IN %s",
            (when, tuple(leads.ids)),
        )
        leads.invalidate_recordset(["create_date"])
        # Older leads turn idle sooner: as for leads imported with their date.
        self.env["prospect.followup.engine"]._followup_wake_up_earlier(leads)

    def _store_in_db(self, record, **values):
        """Write `values` on `record` straight into the database, out of
        reach of the constraints (as SQL, an older version of the addon or a
        module since uninstalled may leave them)."""
        self.env.flush_all()
        assignments = SQL(", ").join(
            SQL("%s = %s", SQL.identifier(fname), value)
            for fname, value in values.items()
        )
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s WHERE id = %s",
                SQL.identifier(record._table),
                assignments,
                record.id,
            )
        )
        record.invalidate_recordset(list(values))

    def assertGrowthIsOrmChunking(self, counts, sizes, tables):
        """`counts` queries for `sizes` records: the difference must come only
        from the ORM, which inserts and updates rows 100 at a time (`tables`
        tables written in chunks), never from a query per record."""
        chunks = [-(-size // 100) for size in sizes]
        self.assertLessEqual(
            counts[1] - counts[0],
            tables * (chunks[1] - chunks[0]),
            f"{counts[0]} queries for {sizes[0]} records, {counts[1]} for "
            f"{sizes[1]}: more than the ORM's chunks of 100 rows",
        )

    def _commit_hooks(self):
        """What runs before a commit (due dates lowered by lead writes): the
        cron only sees committed work."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _run_cron(self, **kwargs):
        self._commit_hooks()
        run_followup_crons(self.env, **kwargs)
        self.env.flush_all()


class FollowupCase(FollowupFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_followup_fixtures()
