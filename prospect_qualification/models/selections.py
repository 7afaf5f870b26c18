# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Selection values shared by several models (labels are translated where
the fields that use them are declared)."""

QUALIFICATION_ANSWERS = [
    ("unknown", "Unknown"),
    ("no", "No"),
    ("partial", "Partial"),
    ("yes", "Yes"),
]

# The lifecycle of the product brief, in its order.
PROSPECT_STATES = [
    ("lead", "Lead"),
    ("prospect", "Prospect"),
    ("qualified", "Qualified Prospect"),
    ("customer", "Customer"),
    ("disqualified", "Disqualified"),
]
# A stage represents one of these (disqualified is the lost flow, not a stage).
STAGE_PROSPECT_STATES = [s for s in PROSPECT_STATES if s[0] != "disqualified"]

QUALIFICATION_LEVELS = [("cold", "Cold"), ("warm", "Warm"), ("hot", "Hot")]

PROSPECTING_TYPES = [("inbound", "Inbound"), ("outbound", "Outbound")]

CONTACT_CHANNELS = [
    ("phone", "Phone call"),
    ("email", "E-mail"),
    ("whatsapp", "WhatsApp"),
    ("meeting", "Meeting"),
]

# What came of a cadence attempt (prospect.followup.execution.outcome): the
# keys are stable names for integrations. Calls have the call
# outcomes, e-mails and WhatsApp messages the message outcomes.
CALL_OUTCOMES = [
    ("connected", "Connected"),
    ("no_answer", "No answer"),
    ("voicemail", "Voicemail"),
    ("wrong_number", "Wrong number"),
    ("not_interested", "Not interested"),
    ("meeting_booked", "Meeting booked"),
]
MESSAGE_OUTCOMES = [
    ("sent", "Sent"),
    ("replied", "Replied"),
    ("bounced", "Bounced"),
]
FOLLOWUP_OUTCOMES = CALL_OUTCOMES + MESSAGE_OUTCOMES
# {channel: outcome keys offered when its activity is marked done} (a
# meeting is not an attempt to reach someone: no outcome).
CHANNEL_OUTCOMES = {
    "phone": [key for key, _label in CALL_OUTCOMES],
    "email": [key for key, _label in MESSAGE_OUTCOMES],
    "whatsapp": [key for key, _label in MESSAGE_OUTCOMES],
}
# Outcomes where the person was reached (contact rate).
REACHED_OUTCOMES = ("connected", "not_interested", "meeting_booked", "replied")

BUYING_STYLES = [
    ("first_visit", "Decides on the first visit"),
    ("researches", "Researches first"),
    ("consults", "Consults others"),
]

# What a stage does with a card that does not meet its requirements.
GATE_POLICIES = [("none", "No check"), ("warn", "Warn"), ("block", "Block")]
# Customer classification of the domain texts ("actuales, activos, inactivos").
CUSTOMER_CLASSES = [
    ("none", "Never Bought"),
    ("current", "Current"),
    ("active", "Active"),
    ("inactive", "Inactive"),
]
