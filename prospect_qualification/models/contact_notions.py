# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a message on a lead says about its contact, defined once for every
feature. Each notion is given twice, side by side: a Python predicate on a
mail.message (used when a message is posted) and an SQL condition on the
alias `message` of mail_message (used by the scheduler, the digest and the
reports over many leads); tests/test_contact_notions.py checks that the two
agree on random messages. `lead` is a crm.lead record in Python and, in SQL,
the alias of a crm_lead row.

- exchanged: an e-mail or a chatter message whose subtype is not internal.
  Internal subtypes (the internal note, and any subtype an addon marks
  internal) stay between colleagues: the contact never sees them. Tracking
  and system notifications are not exchanged either.
- touched: a message exchanged with the contact, whoever wrote it, or an
  activity recorded as done (a logged call, a meeting): a lead touched
  recently is not idle.
- by us: written by an internal user other than OdooBot. OdooBot's messages
  are automatic: nobody answered. An archived user's messages stay ours.
- answered by us: touched, by us. The first one is the lead's first
  response (speed to lead).
- sent by us: exchanged, by us: what a no-reply rule waits for an answer to.
- replied by them: an e-mail or chatter message (whatever its subtype: what
  they write is a reply even when a program files it as a note) written by
  someone who is no internal user (OdooBot is ours) and is the lead's
  contact (its partner, or its e-mail address) or someone of the contact's
  company. The e-mail that created the lead (the mail gateway posts it with
  crm.lead's creation subtype) is no reply.

E-mail addresses are compared as the mail gateway stores them: "Name
<address>" or a bare address, in lower case (SQL cannot parse every form
Python's `email_normalize` accepts)."""

from odoo.tools import SQL, email_normalize

ODOOBOT = "base.partner_root"
# crm.lead's creation subtype (crm.lead._creation_subtype).
CREATION_SUBTYPE = "crm.mt_lead_create"
EXCHANGED_TYPES = ("email", "comment")
# Who wrote a reply: the contact, or someone else of its company.
REPLY_FROM_CONTACT = "contact"
REPLY_FROM_COMPANY = "company"


def _xmlid_to_id(env, xmlid):
    # Cached by the registry (env.ref would query).
    return env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=False)


def _is_internal(partner):
    """`partner` (sudo) is an internal user's, archived users included."""
    return any(
        not user.share for user in partner.with_context(active_test=False).user_ids
    )


def _is_on_lead(lead, message):
    return message.model == "crm.lead" and message.res_id == lead.id


def _on_lead_sql(lead):
    return SQL("message.model = 'crm.lead' AND message.res_id = %s.id", lead)


# An internal user wrote the message (OdooBot included).
_INTERNAL_AUTHOR_SQL = SQL(
    """EXISTS (SELECT 1 FROM res_users author
                WHERE author.partner_id = message.author_id
                  AND author.share IS NOT TRUE)"""
)


# ----------------------------------------------------------------------
# Exchanged
# ----------------------------------------------------------------------


def is_exchanged(message):
    """`message` is an e-mail or chatter message the contact may see."""
    message = message.sudo()
    return message.message_type in EXCHANGED_TYPES and not message.subtype_id.internal


def exchanged_sql():
    return SQL(
        """message.message_type IN %s
           AND NOT EXISTS (SELECT 1 FROM mail_message_subtype subtype
                            WHERE subtype.id = message.subtype_id
                              AND subtype.internal)""",
        EXCHANGED_TYPES,
    )


# ----------------------------------------------------------------------
# Touched
# ----------------------------------------------------------------------


def touches(lead, message):
    """`message` touches `lead`: exchanged with its contact, or an activity
    done."""
    return _is_on_lead(lead, message) and bool(
        message.sudo().mail_activity_type_id or is_exchanged(message)
    )


def touches_sql(lead):
    return SQL(
        "%s AND (message.mail_activity_type_id IS NOT NULL OR (%s))",
        _on_lead_sql(lead),
        exchanged_sql(),
    )


# ----------------------------------------------------------------------
# By us: answered, sent
# ----------------------------------------------------------------------


def is_by_us(message):
    """An internal user other than OdooBot wrote `message`."""
    author = message.sudo().author_id
    return bool(
        author
        and author.id != _xmlid_to_id(message.env, ODOOBOT)
        and _is_internal(author)
    )


def by_us_sql(env):
    return SQL(
        "message.author_id IS DISTINCT FROM %s AND %s",
        _xmlid_to_id(env, ODOOBOT) or None,
        _INTERNAL_AUTHOR_SQL,
    )


def answers(lead, message):
    """`message` is an answer of ours to `lead`: touched, by us."""
    return touches(lead, message) and is_by_us(message)


def answers_sql(env, lead):
    return SQL("%s AND %s", touches_sql(lead), by_us_sql(env))


def is_sent_by_us(lead, message):
    """`message` is a message of ours to the contact of `lead`."""
    return _is_on_lead(lead, message) and is_exchanged(message) and is_by_us(message)


def sent_by_us_sql(env, lead):
    return SQL("%s AND %s AND %s", _on_lead_sql(lead), exchanged_sql(), by_us_sql(env))


# ----------------------------------------------------------------------
# Replied by them
# ----------------------------------------------------------------------


def reply_from(lead, message):
    """Who replied with `message` to `lead`: REPLY_FROM_CONTACT,
    REPLY_FROM_COMPANY, or None when it is no reply of theirs."""
    lead, message = lead.sudo(), message.sudo()
    if not _is_on_lead(lead, message) or message.message_type not in EXCHANGED_TYPES:
        return None
    author = message.author_id
    if (author and _is_internal(author)) or (
        message.subtype_id
        and message.subtype_id.id == _xmlid_to_id(message.env, CREATION_SUBTYPE)
    ):
        return None
    contact = lead.partner_id
    if (author and author == contact) or (
        lead.email_normalized
        and email_normalize(message.email_from or "") == lead.email_normalized
    ):
        return REPLY_FROM_CONTACT
    if (
        author
        and contact
        and author.commercial_partner_id == contact.commercial_partner_id
    ):
        return REPLY_FROM_COMPANY
    return None


def replies_sql(env, lead):
    """Condition of `reply_from(lead, message)` (either kind)."""
    return SQL(
        """%(on_lead)s AND message.message_type IN %(types)s
           AND NOT %(internal)s
           AND message.subtype_id IS DISTINCT FROM %(creation)s
           AND (message.author_id = %(lead)s.partner_id
                OR (%(lead)s.email_normalized <> ''
                    AND lower(btrim(COALESCE(
                            substring(message.email_from FROM '<([^<>]*)>'),
                            message.email_from)))
                        = %(lead)s.email_normalized)
                OR EXISTS (
                    SELECT 1 FROM res_partner author
                      JOIN res_partner contact
                        ON contact.commercial_partner_id
                           = author.commercial_partner_id
                     WHERE author.id = message.author_id
                       AND contact.id = %(lead)s.partner_id))""",
        on_lead=_on_lead_sql(lead),
        types=EXCHANGED_TYPES,
        internal=_INTERNAL_AUTHOR_SQL,
        creation=_xmlid_to_id(env, CREATION_SUBTYPE) or 0,
        lead=lead,
    )
