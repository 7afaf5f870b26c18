# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Which time zone and which working hours: the database side of the
resolver and the schedules of tools/ (time_zone.py, work_time.py), which
say the fallback orders. Every feature that needs a time zone or a working
day asks here; the reads are of prefetched fields (no query per record)."""

from ..tools.time_zone import company_time_zone, contact_time_zone, user_time_zone
from ..tools.work_time import WorkSchedule

# Odoo's "Standard 40 hours/week" (resource), which it gives the main company.
STANDARD_CALENDAR = "resource.resource_calendar_std"


def company_tz(company):
    """Time zone of `company` (res.company): its working hours', its
    partner's, else UTC."""
    return company_time_zone(company.resource_calendar_id.tz, company.partner_id.tz)


def user_tz(user, company=None):
    """Time zone of `user` (res.users, may be empty): theirs, else the one of
    `company` (the company of the record concerned), else of theirs."""
    return user_time_zone(user.tz, company_tz(company or user.company_id))


def team_tz(team):
    """Time zone of `team` (crm.team): its leader's in the team's company."""
    return user_tz(team.user_id, team.company_id or team.env.company)


def contact_tz(partner, company, country=None):
    """Time zone of the contact `partner` (res.partner, may be empty) of a
    record of `company`: theirs, their country's (else `country`'s: the
    lead's own) when it has only one, else the company's."""
    country = partner.country_id or country
    return contact_time_zone(
        partner.tz, country.code if country else None, company_tz(company)
    )


def working_calendar(company):
    """The working hours of `company` (resource.calendar): its own, else
    Odoo's standard week; empty when neither exists (every moment is then
    working time)."""
    return (
        company.resource_calendar_id
        or company.env.ref(STANDARD_CALENDAR, raise_if_not_found=False)
        or company.env["resource.calendar"]
    )


def work_schedule(calendar):
    """The WorkSchedule of `calendar` (resource.calendar), read period by
    period when the planners need it; None (every moment is working time)
    without a calendar or attendances (flexible hours)."""
    # sudo: working hours are configuration, read for whoever plans (the
    # standard week may belong to another company).
    calendar = calendar.sudo()
    if not calendar.attendance_ids:
        return None

    def load(start, stop):
        return (
            calendar._attendance_intervals_batch(start, stop)[False],
            calendar._leave_intervals_batch(start, stop)[False],
        )

    return WorkSchedule(calendar.id, calendar.tz, load)
