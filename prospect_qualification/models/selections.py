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

BUYING_STYLES = [
    ("first_visit", "Decides on the first visit"),
    ("researches", "Researches first"),
    ("consults", "Consults others"),
]

# Customer classification of the domain texts ("actuales, activos, inactivos").
CUSTOMER_CLASSES = [
    ("none", "Never Bought"),
    ("current", "Current"),
    ("active", "Active"),
    ("inactive", "Inactive"),
]
