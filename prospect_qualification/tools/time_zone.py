# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Which time zone: the one resolver of the addon. Each kind of subject has
one fallback order; the first known time zone wins, UTC when none is:

- company: the time zone of its working hours (resource.calendar), then
  its own partner's;
- user (a salesperson, a team leader): the user's, then the company's (the
  company of the record concerned: the lead, the team, else the user's);
- team: its leader's as a user of the team's company, then the company's;
- contact (whom a lead is about): the contact's, then their country's when
  the country has a single time zone (Colombia; not Spain, Mexico, the
  United States: a guess there would be hours off), then the company's.

Plain Python: the callers read the fields (models/working_time.py);
`time_zone_sql` is the same fallback for the reports' SQL."""

import pytz

from odoo.tools import SQL

UTC = "UTC"


def first_time_zone(*candidates):
    """The first of `candidates` that is a known time zone name, else UTC."""
    return next(
        (name for name in candidates if name and name in pytz.all_timezones_set),
        UTC,
    )


def country_time_zone(country_code):
    """The time zone of the country of ISO code `country_code` when it has
    only one, else None."""
    zones = pytz.country_timezones.get((country_code or "").upper(), ())
    return zones[0] if len(zones) == 1 else None


def company_time_zone(calendar_tz, partner_tz):
    """The company's: its working hours', then its partner's."""
    return first_time_zone(calendar_tz, partner_tz)


def user_time_zone(user_tz, company_tz):
    """A user's: their own, then `company_tz` (company_time_zone)."""
    return first_time_zone(user_tz, company_tz)


def contact_time_zone(contact_tz, country_code, company_tz):
    """A contact's: their own, then their country's single time zone, then
    `company_tz` (company_time_zone)."""
    return first_time_zone(contact_tz, country_time_zone(country_code), company_tz)


def time_zone_sql(*columns):
    """SQL of the first non-empty of the time zone `columns` (SQL), in the
    order of the functions above, else UTC: the names stored come from the
    time zone selection of Odoo's fields, all known to PostgreSQL."""
    return SQL(
        "COALESCE(%s, %s)",
        SQL(", ").join(SQL("NULLIF(%s, '')", column) for column in columns),
        UTC,
    )
