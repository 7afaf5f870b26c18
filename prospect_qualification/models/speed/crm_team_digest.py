# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The leaders' daily digest: one e-mail per sales team, at the team's hour
in its leader's time zone and language, with yesterday's missed first
responses, the promises broken yesterday and the hot leads left idle. No
e-mail when there is nothing to say."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import SQL

from .. import contact_notions
from ..bounds import bounded_field
from ..working_time import team_tz
from .crm_lead_speed import first_response_sla_state

DIGEST_TEMPLATE = "prospect_qualification.mail_template_leader_digest"
# A hot lead not touched (`contact_notions`) for this long is idle.
HOT_IDLE_DAYS = 2
# Lines per section of the e-mail (the count says how many there are).
DIGEST_LINES = 20


class CrmTeam(models.Model):
    _inherit = "crm.team"

    prospect_digest = fields.Boolean(
        string="Leader's Daily Digest",
        default=True,
        help="Each day, the team leader receives an e-mail with the first "
        "responses missed the day before, the promises broken and the hot "
        "leads left idle (none when there is nothing to say).",
    )
    prospect_digest_hour = bounded_field(
        fields.Integer,
        "digest_hour",
        "Hour of the day, in the leader's time zone, the digest is sent at.",
        string="Digest Hour",
        default=8,
    )
    prospect_digest_date = fields.Date(
        string="Last Digest",
        readonly=True,
        copy=False,
        help="The leader's day the last digest was prepared for.",
    )

    @api.constrains("prospect_digest_hour")
    def _check_prospect_digest_hour(self):
        self._prospect_check_bounds(["prospect_digest_hour"])

    @api.model
    def _cron_send_leader_digests(self):
        """Hourly: the teams whose digest hour has come in their leader's
        time zone (the team's: models/working_time.py), once a day."""
        now = fields.Datetime.now()
        teams = self.search([("prospect_digest", "=", True), ("user_id", "!=", False)])
        template = self.env.ref(DIGEST_TEMPLATE)
        for team in teams:
            tz = pytz.timezone(team_tz(team))
            local_now = pytz.utc.localize(now).astimezone(tz)
            today = local_now.date()
            if (
                local_now.hour < team.prospect_digest_hour
                or team.prospect_digest_date == today
            ):
                continue
            team.prospect_digest_date = today
            data = team._prospect_digest_data(today - timedelta(days=1), tz, now)
            if not data["count"]:
                continue  # nothing to say
            template.with_context(prospect_digest=data).send_mail(
                team.id, email_layout_xmlid="mail.mail_notification_light"
            )

    def _prospect_digest_data(self, day, tz, now):
        """What the digest of `day` (the leader's, in `tz`) says."""
        self.ensure_one()
        start = tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc)
        start = start.replace(tzinfo=None)
        stop = start + timedelta(days=1)
        Lead = self.env["crm.lead"].with_context(active_test=False)
        missed = Lead.search(
            [
                ("team_id", "=", self.id),
                ("first_response_deadline", ">=", start),
                ("first_response_deadline", "<", stop),
            ],
            order="first_response_deadline",
        ).filtered(
            lambda lead: (
                first_response_sla_state(
                    lead.first_response_deadline, lead.first_response_date, now
                )
                == "breached"
            )
        )
        broken = self.env["prospect.promise"].search(
            [
                ("team_id", "=", self.id),
                ("state", "=", "broken"),
                ("date_broken", "=", day),
            ],
            order="date_due",
        )
        idle = self._prospect_hot_idle_leads(now)
        return {
            "day": fields.Date.to_string(day),
            "count": len(missed) + len(broken) + len(idle),
            "missed": [
                {
                    "name": lead.display_name,
                    "user": lead.user_id.name or "",
                    "answered": bool(lead.first_response_date),
                }
                for lead in missed[:DIGEST_LINES]
            ],
            "missed_count": len(missed),
            "broken": [
                {
                    "name": promise.name,
                    "lead": promise.lead_id.display_name,
                    "user": promise.user_id.name,
                }
                for promise in broken[:DIGEST_LINES]
            ],
            "broken_count": len(broken),
            "idle": [
                {"name": lead.display_name, "user": lead.user_id.name or ""}
                for lead in idle[:DIGEST_LINES]
            ],
            "idle_count": len(idle),
        }

    def _prospect_hot_idle_leads(self, now):
        """The team's open hot leads not touched (`contact_notions`) for
        HOT_IDLE_DAYS days. One query."""
        cutoff = now - timedelta(days=HOT_IDLE_DAYS)
        query = self.env["crm.lead"]._search(
            [
                ("team_id", "=", self.id),
                ("qualification_level", "=", "hot"),
                ("stage_id.is_won", "=", False),
                ("create_date", "<", cutoff),
            ],
            order="qualification_score desc, id",
        )
        query.add_where(
            SQL(
                """NOT EXISTS (SELECT 1 FROM mail_message message
                                WHERE %s AND message.date >= %s)""",
                contact_notions.touches_sql(SQL.identifier("crm_lead")),
                cutoff,
            )
        )
        return self.env["crm.lead"].browse(
            [row[0] for row in self.env.execute_query(query.select())]
        )
