# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo data that lives: about 60 Spanish leads and opportunities of the last
six months, with their lifecycle history, activities and customers of each
class, dated relative to the day the addon is installed.

How it is called: ``hooks.post_init_hook`` calls ``load_demo(env)`` once, when
the addon is installed with demo data (``ir.module.module.demo``, which Odoo
sets once the demo files are loaded and before it runs the hook), after the
hook's own work: the default stages then have their lifecycle state. The demo
users come from demo/prospect_demo.xml, loaded just before. Nothing calls it
on an upgrade, or when demo data is loaded later into an existing database
(only the demo users come then).

Why outside the registry: this is install-time code, not a model. As an
AbstractModel it was a model of every database (in ``ir.model`` and the
registry) even without demo data. As a plain module taking ``env`` it is
imported only when the demo is loaded and leaves nothing behind.

It runs in superuser mode (the hook's environment): it is server code, which
the stage gates do not check, and it sets the switches of models/trust.py
(``skip_history``, ``skip_triggers``), which no RPC client can send.
"""

import math
import random
import unicodedata
from collections import defaultdict
from datetime import datetime, time, timedelta
from itertools import pairwise

import pytz
from markupsafe import Markup

from odoo import Command, fields

from ..models import trust
from ..models.followup.prospect_followup_engine import StepScheduling
from ..models.working_time import user_tz
from ..tools.followup_planning import DeadlinePlanner
from ..tools.qualification_score import ANSWER_VALUES

DEMO_TEAM_NAME = "Prospección Pymes"
DEMO_TEAM_LEADER = "carmen"
DEMO_USERS = {
    "lucia": "prospect_qualification.user_lucia_fernandez_demo",
    "javier": "prospect_qualification.user_javier_moreno_demo",
    "carmen": "prospect_qualification.user_carmen_ruiz_demo",
}
# Seeded by utm_medium_data.xml (no XML id on purpose): found by name.
DEMO_MEDIA = {
    "web": "Web Form",
    "newsletter": "Newsletter",
    "ebook": "E-book",
    "webinar": "Webinar",
    "social": "Social Network",
    "mouth": "Word of Mouth",
    "call": "Cold Call",
    "email": "Cold E-mail",
    "whatsapp": "Cold SMS / WhatsApp",
}
DEMO_SOURCES = {
    "web": "utm.utm_source_search_engine",
    "newsletter": "utm.utm_source_newsletter",
    "ebook": "utm.utm_source_search_engine",
    "social": "utm.utm_source_linkedin",
    "email": "utm.utm_source_mailing",
}
TOPICS = [
    "Software de gestión",
    "Mantenimiento anual",
    "Ampliación de licencias",
    "Formación del equipo",
    "Renovación de contrato",
    "Proyecto de digitalización",
    "Pedido de temporada",
    "Instalación y puesta en marcha",
]

# Customers who bought (won opportunities), with the days ago of each
# purchase: two current customers (regular), three active ones, two
# inactive ones (last purchase over a year ago).
# (company, contact, city, medium, salesperson, [won days ago])
DEMO_CUSTOMERS = [
    ("Panadería Hermanos García SL", "Antonio García", "Valladolid", "mouth",
     "lucia", [135, 85, 35]),
    ("Clínica Dental Sonrisas SL", "Marta Vidal", "Valencia", "web", "javier",
     [140, 100, 60, 20]),
    ("Talleres Mecánicos Ruiz SL", "Jorge Ruiz", "Zaragoza", "call", "carmen",
     [60]),
    ("Librería El Quijote SL", "Pilar Sánchez", "Alcalá de Henares",
     "newsletter", "lucia", [110, 18]),
    ("Gestoría Martínez y Asociados SL", "Elena Martínez", "Murcia", "ebook",
     "javier", [35]),
    ("Frutas Selectas del Sur SL", "Manuel Ortega", "Almería", "webinar",
     "carmen", [75]),
    ("Carpintería Hermanos López SL", "Raúl López", "Burgos", "call", "lucia",
     [12]),
    ("Hostal Las Palmeras SL", "Rosa Medina", "Las Palmas de Gran Canaria",
     "social", "javier", [420]),
    ("Distribuciones Ebro SA", "Fernando Lázaro", "Logroño", "email", "carmen",
     [480, 390]),
]  # fmt: skip

# Open and lost records: (company, contact, city, medium, salesperson, path,
# created days ago). Paths: lead, prospect, qualified (open), lost_lead,
# lost_prospect, lost_qualified (disqualified from that state).
DEMO_PROSPECTS = [
    tuple(
        int(cell) if cell.isdigit() else cell
        for cell in (cell.strip() for cell in line.split("|"))
    )
    for line in """
Restaurante La Tasca de Pepe SL|Pepe Jiménez|Sevilla|mouth|lucia|qualified|25
Farmacia Central Ramos|Inés Ramos|Salamanca|web|javier|qualified|34
Ópticas Visión Clara SL|Diego Herrera|Málaga|social|carmen|qualified|48
Inmobiliaria Costa Brava SL|Núria Puig|Girona|call|lucia|qualified|57
Construcciones Aragón SA|Alberto Gil|Huesca|email|javier|qualified|66
Academia de Idiomas Babel SL|Sofía Castro|Granada|ebook|carmen|qualified|80
Autoescuela Vía Rápida|Daniel Romero|Toledo|web|lucia|qualified|95
Bodega Viña Alta SL|Carlos Ibáñez|Haro|webinar|javier|qualified|110
Hotel Rural El Roble|Teresa Blanco|Cáceres|social|carmen|qualified|128
Floristería Primavera|Lorena Vega|Córdoba|newsletter|lucia|qualified|150
Estudio de Arquitectura Lineal SL|Pablo Serrano|Bilbao|web|javier|prospect|14
Gimnasio Fuerza Vital SL|Iván Molina|Alicante|social|carmen|prospect|19
Lavandería Express Norte|Patricia Díaz|Oviedo|call|lucia|prospect|27
Transportes Hermanos Prieto SL|Ángel Prieto|León|email|javier|prospect|38
Peluquería Estilo Urbano|Cristina Navarro|Madrid|mouth|carmen|prospect|45
Cafetería El Rincón|Marcos Delgado|Cádiz|whatsapp|lucia|prospect|62
Ferretería Industrial Soto SL|Ramón Soto|Vigo|call|javier|prospect|77
Centro Veterinario Huellas|Laura Campos|Pamplona|web|carmen|prospect|99
Gráficas del Norte SL|Andrés Fuentes|Santander|newsletter|lucia|prospect|121
Fisioterapia Activa SL|Beatriz Cano|Palma|ebook|javier|prospect|160
Consultoría Tecnológica Datos SL|Sergio Méndez|Barcelona|web|carmen|lead|1
Muebles Artesanos Ribera SL|Julia Ribera|Valencia|social|lucia|lead|2
Academia de Música Allegro|Hugo Pastor|Salamanca|newsletter|javier|lead|4
Limpiezas Brillo Total SL|Silvia Marín|Zaragoza|call|carmen|lead|6
Agencia de Viajes Horizonte SL|Óscar Reyes|Madrid|ebook|lucia|lead|9
Joyería Oro Fino|Victoria Lozano|Córdoba|whatsapp|javier|lead|12
Panificadora Santa Clara SL|Eduardo Cruz|Valladolid|email|carmen|lead|17
Bicicletas Pedalea SL|Álvaro Rubio|Logroño|web|lucia|lead|23
Residencia Los Olivos SL|Dolores Aguilar|Jaén|mouth|javier|lead|31
Ingeniería Solar Levante SL|Rubén Morales|Murcia|webinar|carmen|lead|44
Copistería Rápida Centro|Alicia Herrero|Valladolid|call|lucia|lead|70
Escuela Infantil Pequeñines|Natalia Gallego|Getafe|social|javier|lead|100
Distribuidora de Bebidas Iberia SL|Francisco Vázquez|Sevilla|email|carmen|lost_lead|20
Carnicería Hermanos Pascual|Miguel Pascual|Ávila|call|lucia|lost_lead|52
Seguros Confianza Correduría SL|Rocío Peña|Badajoz|whatsapp|javier|lost_lead|88
Reformas Hogar Plus SL|Adrián Santos|Madrid|web|carmen|lost_lead|131
Deportes Cumbre SL|Irene Calvo|Huesca|social|lucia|lost_lead|170
Laboratorio Dental Precisión SL|Gonzalo León|Valencia|web|javier|lost_prospect|30
Marketing Digital Impulso SL|Paula Iglesias|Barcelona|ebook|carmen|lost_prospect|73
Quesería Artesana La Vega|Tomás Garrido|Cuenca|mouth|lucia|lost_prospect|115
Clínica Estética Armonía SL|Eva Domínguez|Marbella|newsletter|javier|lost_prospect|165
Papelería Escolar Arcoíris|Raquel Moya|Albacete|call|carmen|lost_qualified|60
Chapa y Pintura Motor SL|Luis Crespo|Getafe|email|lucia|lost_qualified|102
Asesoría Laboral Equilibrio SL|Mónica Rey|A Coruña|webinar|javier|lost_qualified|175
Talleres Eléctricos Luz SL|Roberto Sanz|Tarragona|call|javier|lead|0
Clínica Podológica Paso Firme|Ana Molina|Málaga|email|lucia|lead|0
""".strip().splitlines()
]

# Path: (states entered in order, final state).
PATHS = {
    "lead": (["lead"], "lead"),
    "prospect": (["lead", "prospect"], "prospect"),
    "qualified": (["lead", "prospect", "qualified"], "qualified"),
    "won": (["lead", "prospect", "qualified", "customer"], "customer"),
    "lost_lead": (["lead", "disqualified"], "disqualified"),
    "lost_prospect": (["lead", "prospect", "disqualified"], "disqualified"),
    "lost_qualified": (
        ["lead", "prospect", "qualified", "disqualified"],
        "disqualified",
    ),
}
# Qualification answers consistent with the furthest state reached (the
# stage gates: Prospect needs fit and access; Qualified needs need, budget,
# authority and a score of 70 or more).
ANSWERS = {
    "lead": {"fit": "partial"},
    "prospect": {"fit": "yes", "access": "yes", "need": "partial"},
    "qualified": {
        "need": "yes", "budget": "yes", "authority": "yes", "access": "yes",
        "fit": "yes",
    },
    "lost_lead": {"fit": "no", "access": "yes"},
    "lost_prospect": {"fit": "yes", "access": "yes", "need": "yes", "budget": "no"},
    "lost_qualified": {
        "need": "yes", "budget": "yes", "authority": "yes", "access": "yes",
        "fit": "yes",
    },
}  # fmt: skip
NOTES = {
    "prospect": "Encaja con nuestro cliente ideal y nos atiende por teléfono "
    "por las mañanas. Falta confirmar presupuesto.",
    "qualified": "Necesidad clara, presupuesto aprobado y habla directamente "
    "con la gerencia.",
    "lost_lead": "No encaja con nuestro segmento.",
    "lost_prospect": "No tiene presupuesto este año.",
    "lost_qualified": "Eligió a la competencia por precio.",
}
ACTIVITIES = [
    ("mail.mail_activity_data_call", "Llamar para confirmar la necesidad"),
    ("mail.mail_activity_data_email", "Enviar un caso de éxito por e-mail"),
    ("mail.mail_activity_data_meeting", "Reunión de presentación"),
    ("mail.mail_activity_data_call", "Llamar para revisar la propuesta"),
    ("mail.mail_activity_data_email", "Enviar la propuesta económica"),
]
ACTIVITY_DAYS = [-3, -1, 0, 1, 2, 4, 7]

# --- Speed to lead and follow-up compliance ---
# The demo records went through the cadences of the default follow-up rules
# (inbound: call, then send what was agreed; outbound: call, e-mail,
# WhatsApp, call), each step scheduled when the previous one was done, as the
# rules do. Each salesperson has a style, cycled over their records: Lucía
# answers fast and keeps her deadlines, Javier is often late, Carmen (the
# team leader) is in between and forgets a step now and then.
DEMO_CADENCE_RULES = {
    "inbound": "prospect_qualification.prospect_followup_rule_new_inbound",
    "outbound": "prospect_qualification.prospect_followup_rule_prospecting",
}
DEMO_ESCALATION_RULE = "prospect_qualification.prospect_followup_rule_escalation"
# Minutes from the creation of an inbound lead to its first call (the team
# has 1 hour), and hours for outbound leads (24 hours).
FIRST_CALL_MINUTES = {
    "lucia": [8, 20, 35, 50, 15, 95, 25],
    "javier": [30, 75, 45, 20, 140, 55, 35, 50],
    "carmen": [15, 40, 70, 25, 55, 10],
}
FIRST_CALL_HOURS = {
    "lucia": [1, 3, 0.5, 6, 2],
    "javier": [4, 20, 30, 8, 2, 12],
    "carmen": [2, 5, 12, 1, 28],
}
# When a later step was done: (days after its due day, hour of the day in
# the salesperson's time zone); day 0 is on time, later days are late, None
# is a forgotten step, still overdue.
STEP_DONE = {
    "lucia": [(0, 10), (-1, 16), (0, 12), (0, 9), (1, 11), (0, 17), (0, 13),
              (-1, 10)],
    "javier": [(0, 12), (1, 10), (-1, 17), (2, 9), (0, 16), (1, 13), (0, 11),
               (1, 17)],
    "carmen": [(0, 9), (0, 13), (1, 12), (-1, 11), None, (0, 16), (0, 10),
               (1, 9), (0, 12)],
}  # fmt: skip
# Records nobody called: escalated to the team leader when their deadline
# passed (hours after the escalation when she made sure they were answered;
# None: not yet). The last two came in today: their deadline is pending. The
# jeweller was answered more than a working week late: the "later" band.
DEMO_UNANSWERED = {
    "Joyería Oro Fino": 150,
    "Panificadora Santa Clara SL": None,
    "Seguros Confianza Correduría SL": None,
    "Talleres Eléctricos Luz SL": None,
    "Clínica Podológica Paso Firme": None,
}
# Hour (UTC) the demo's history is counted back from: early morning in
# Spain, at the opening of the working day in summer, before it in winter.
DEMO_ANCHOR_HOUR = 6
# The scheduler that escalates missed first responses runs every 15 minutes.
ESCALATION_DELAY = timedelta(minutes=15)
# What the salesperson wrote when marking a step done, per activity type.
DONE_FEEDBACK = {
    "mail.mail_activity_data_call": "Llamada hecha: quedamos en enviarle la "
    "información y volver a hablar.",
    "mail.mail_activity_data_email": "E-mail enviado con la información acordada.",
    "mail.mail_activity_data_meeting": "Reunión hecha.",
    "mail.mail_activity_data_todo": "Comprobado: el cliente ya tiene respuesta.",
    "prospect_qualification.mail_activity_type_whatsapp": "Mensaje de WhatsApp "
    "enviado; lo ha leído.",
}

# --- Contact rate ---
# What came of each attempt, so that the contact-rate card has an answer:
# calls reach people at 9-11 h and 16-18 h (on the salesperson's clock) more
# than at midday, hardly at night; WhatsApp gets more replies than e-mail.
# Shares of the attempts that reach someone, met exactly per hour and
# channel (each attempt adds its share to a credit; a whole one is a
# reached attempt): the same outcomes at every install for the same hours.
CALL_REACH_BY_HOUR = {
    8: 0.25, 9: 0.45, 10: 0.5, 11: 0.4, 12: 0.2, 13: 0.1, 14: 0.15,
    15: 0.25, 16: 0.4, 17: 0.45, 18: 0.35, 19: 0.2,
}  # fmt: skip
CALL_REACH_OTHER_HOURS = 0.05
MESSAGE_REACH = {"email": 0.15, "whatsapp": 0.45, "meeting": 0.9}
# A call that reached nobody is tried again the next working day, at these
# hours in turn, up to CALL_RETRIES times, until the person is reached: it
# takes several attempts to reach most of them.
CALL_RETRIES = 5
RETRY_HOURS = [13, 10, 17, 12, 9, 16, 14, 11, 18, 15, 10, 17]
REACHED_CALL_OUTCOMES = [
    "connected", "connected", "meeting_booked", "connected", "not_interested",
]  # fmt: skip
MISSED_OUTCOMES = {
    "phone": ["no_answer", "voicemail", "no_answer", "no_answer", "voicemail"],
    "email": ["sent", "sent", "sent", "sent", "sent", "sent", "bounced"],
    "whatsapp": ["sent"],
    "meeting": ["no_answer"],
}
# Taken in turn (_DemoFollowupPlan._cycle).
CONTACT_CYCLES = {"retry": RETRY_HOURS, "reached_call": REACHED_CALL_OUTCOMES}
# What the salesperson wrote for the attempts that did not go as planned
# (the others: DONE_FEEDBACK).
OUTCOME_FEEDBACK = {
    "no_answer": "No contesta; vuelvo a llamar mañana.",
    "voicemail": "Salta el buzón de voz: le dejo un mensaje.",
    "not_interested": "Hablamos: de momento no le interesa.",
    "meeting_booked": "Hablamos y quedamos en una reunión.",
    "replied": "Ha contestado a nuestro mensaje.",
    "bounced": "El e-mail ha rebotado: revisar la dirección.",
}


# --- Score calibration ---
# A second team's closed opportunities of the last year, enough for a
# calibration of the score (CRM > Reporting > Qualification > Score
# Calibration): their answers are drawn with a fixed seed and their outcome
# follows these log-odds per yes, so that the calibration has something to
# find (need and authority matter most, access little).
HISTORY_TEAM_NAME = "Ventas Empresas"
HISTORY_COUNT = 140
HISTORY_SEED = 15
HISTORY_LOG_ODDS = {
    "need": 2.2, "budget": 1.2, "authority": 1.8, "access": 0.2, "fit": 0.8,
}  # fmt: skip
HISTORY_INTERCEPT = -3.0
# Answers drawn for each criterion (no and unknown count nothing).
HISTORY_ANSWERS = ["yes", "yes", "partial", "no", "unknown"]
HISTORY_COMPANIES = [
    "Industrias",
    "Logística",
    "Servicios",
    "Grupo",
    "Comercial",
    "Talleres",
    "Construcciones",
    "Distribuciones",
    "Consultores",
    "Alimentación",
]
HISTORY_PLACES = [
    "del Norte",
    "Levante",
    "Atlántico",
    "Mediterráneo",
    "Castilla",
    "Ibérica",
    "del Sur",
    "Central",
    "Peninsular",
    "Cantábrica",
    "Andaluza",
    "Balear",
    "Aragonesa",
    "Gallega",
]


def demo_team(env):
    """The demo sales team: the one led by the demo user Carmen Ruiz."""
    leader = env.ref(DEMO_USERS[DEMO_TEAM_LEADER], raise_if_not_found=False)
    if not leader:
        return env["crm.team"]
    return (
        env["crm.team"]
        .with_context(active_test=False)
        .search([("user_id", "=", leader.id)], order="id", limit=1)
    )


def load_demo(env):
    """Create the demo team and its records (once: nothing when the team
    has records already)."""
    users = {key: env.ref(xmlid) for key, xmlid in DEMO_USERS.items()}
    # The demo salespeople work in Spanish when it is loaded (setup/start.sh
    # loads it); log in as carmen.ruiz / demo to see the addon as they do.
    if env["res.lang"]._lang_get("es_ES"):
        for user in users.values():
            user.lang = "es_ES"
    team = demo_team(env) or env["crm.team"].create(
        {
            "name": DEMO_TEAM_NAME,
            "user_id": users[DEMO_TEAM_LEADER].id,
            "company_id": env.ref("base.main_company").id,
            "member_ids": [(6, 0, [user.id for user in users.values()])],
        }
    )
    Lead = trust.with_switches(
        env["crm.lead"]
        .sudo()
        .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True),
        # History rows are written below with their real dates (the stage
        # gates do not check server code; the answers meet them).
        skip_history=True,
        # These records are months old: no "new lead" cadence today (their
        # first responses are dated below).
        skip_triggers=("lead_created", "stage_entered"),
    )
    if Lead.with_context(active_test=False).search_count([("team_id", "=", team.id)]):
        return  # loaded already
    now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
    # The records' history is counted back from a fixed hour of the day
    # (the last one passed): whether they came in within working hours, and
    # so the speed to lead, does not depend on the hour the demo is loaded.
    anchor = now.replace(hour=DEMO_ANCHOR_HOUR)
    if anchor > now:
        anchor -= timedelta(days=1)
    media = _demo_media(env)
    stages = _demo_stages(env)
    rows = [
        (company, contact, city, medium, user, "won", None, won_ago)
        for company, contact, city, medium, user, purchases in DEMO_CUSTOMERS
        for won_ago in purchases
    ] + [
        (company, contact, city, medium, user, path, created_ago, None)
        for company, contact, city, medium, user, path, created_ago in (DEMO_PROSPECTS)
    ]
    contacts = _demo_partners(env, rows)
    timelines, vals_list = [], []
    for index, row in enumerate(rows):
        company, contact, city, medium, user, path, created_ago, won_ago = row
        timeline = _timeline(index, path, anchor, created_ago, won_ago)
        timelines.append(timeline)
        partner = contacts[company]
        answers = ANSWERS["qualified" if path == "won" else path]
        vals_list.append(
            {
                "name": f"{company}: {TOPICS[index % len(TOPICS)]}",
                "type": "opportunity",
                "partner_id": partner.id,
                "contact_name": contact,
                "partner_name": company,
                "email_from": partner.email,
                "phone": partner.phone,
                "city": city,
                "country_id": partner.country_id.id,
                "team_id": team.id,
                "user_id": users[user].id,
                "stage_id": stages[timeline["stage"]].id,
                "medium_id": media[medium].id,
                "source_id": _demo_source(env, medium),
                "expected_revenue": 1500 + (index * 1370) % 23000,
                "qualification_notes": NOTES.get(
                    "qualified" if path == "won" else path, False
                ),
                "preferred_contact_channel": ["phone", "email", "whatsapp"][index % 3],
                **{f"qualification_{code}": value for code, value in answers.items()},
            }
        )
    leads = Lead.create(vals_list)
    lost = Lead.browse(
        lead.id
        for lead, timeline in zip(leads, timelines, strict=True)
        if timeline["final"] == "disqualified"
    )
    if lost:
        lost.action_set_lost(lost_reason_id=env.ref("crm.lost_reason_1").id)
    _demo_history(env, leads, timelines)
    _demo_dates(env, leads, timelines)
    open_leads = _demo_followup(env, leads, timelines, [row[4] for row in rows], now)
    _demo_activities(leads, timelines, now, skip=open_leads)
    # The reactivation opportunities this opens for the customers that turned
    # inactive are new today: their history starts now, as any new lead's.
    trust.with_switches(
        leads.partner_id, skip_history=False
    )._prospect_update_customer_class()
    _demo_calibration_history(env, Lead, users, media, stages, now)
    _demo_promises(env, leads, timelines, now)
    _demo_reassignments(env, leads, users)


def _demo_media(env):
    Medium = env["utm.medium"].with_context(active_test=False)
    media = {}
    for key, name in DEMO_MEDIA.items():
        medium = Medium.search([("name", "=ilike", name)], limit=1)
        media[key] = medium or Medium.create({"name": name})
    return media


def _demo_source(env, medium):
    xmlid = DEMO_SOURCES.get(medium)
    source = xmlid and env.ref(xmlid, raise_if_not_found=False)
    return source.id if source else False


def _demo_stages(env):
    return {
        "lead": env.ref("crm.stage_lead1"),
        "prospect": env.ref("prospect_qualification.crm_stage_prospect"),
        "qualified": env.ref("crm.stage_lead2"),
        "proposition": env.ref("crm.stage_lead3"),
        "customer": env.ref("crm.stage_lead4"),
    }


def _demo_partners(env, rows):
    """A company and its contact person per row's company."""
    spain = env.ref("base.es")
    Partner = env["res.partner"]
    contacts = {}
    for index, (company, contact, city, *_rest) in enumerate(rows):
        if company in contacts:
            continue
        email = f"{_ascii(contact).lower().replace(' ', '.')}@example.com"
        digits = f"6{index % 10}{(index * 7) % 10}{100 + index * 13:03d}"
        phone = f"+34 {digits[:3]} {digits[3:6]} {(index * 37) % 1000:03d}"
        entity = Partner.create(
            {
                "name": company,
                "is_company": True,
                "city": city,
                "country_id": spain.id,
                "email": f"info@{_ascii(company.split()[0]).lower()}.example.com",
                "phone": phone,
            }
        )
        contacts[company] = Partner.create(
            {
                "name": contact,
                "parent_id": entity.id,
                "function": "Gerente" if index % 2 else "Responsable de compras",
                "email": email,
                "phone": phone,
                "city": city,
                "country_id": spain.id,
            }
        )
    return contacts


def _demo_history(env, leads, timelines):
    history = []
    for lead, timeline in zip(leads, timelines, strict=True):
        steps = timeline["steps"]
        for position, (state, date) in enumerate(steps):
            following = steps[position + 1][1] if position + 1 < len(steps) else False
            history.append(
                {
                    "lead_id": lead.id,
                    "state_from": steps[position - 1][0] if position else False,
                    "state_to": state,
                    "date": date,
                    "date_end": following,
                    "user_id": lead.user_id.id,
                    "salesperson_id": lead.user_id.id,
                    "team_id": lead.team_id.id,
                    "company_id": lead.company_id.id,
                }
            )
    env["prospect.state.history"].sudo().create(history)


def _demo_dates(env, leads, timelines):
    """Back-date the records to their timeline (the ORM sets these
    columns to now)."""
    env.flush_all()
    for lead, timeline in zip(leads, timelines, strict=True):
        created = timeline["steps"][0][1]
        last = timeline["steps"][-1][1]
        closed = last if timeline["final"] in ("customer", "disqualified") else None
        env.cr.execute(
            """
            UPDATE crm_lead
               SET create_date = %(created)s, date_open = %(created)s,
                   date_conversion = %(created)s,
                   date_last_stage_update = %(last)s,
                   date_closed = %(closed)s, write_date = %(last)s
             WHERE id = %(id)s
            """,
            {"id": lead.id, "created": created, "last": last, "closed": closed},
        )
    leads.invalidate_recordset()


def _demo_followup(env, leads, timelines, salespeople, now):
    """Speed to lead and follow-up compliance of the demo records: their
    first-response deadlines, the steps of their cadences (done on time,
    late, overdue, cancelled when the lead replied, was won or lost, or
    still planned) with the messages of the steps done and the
    activities of the open ones, the escalations of the first responses
    missed, and the first responses (the first call done). Returns the
    leads that have an open cadence activity."""
    rules = {
        kind: env.ref(xmlid, raise_if_not_found=False)
        for kind, xmlid in DEMO_CADENCE_RULES.items()
    }
    escalation = env.ref(DEMO_ESCALATION_RULE, raise_if_not_found=False)
    leads._followup_set_first_response_deadline()
    plan = _DemoFollowupPlan(env, now)
    for lead, timeline, salesperson in zip(leads, timelines, salespeople, strict=True):
        kind = lead.prospecting_type or "inbound"
        rule = rules[kind]
        if not rule or not rule.step_ids:
            continue
        company = lead.partner_id.commercial_partner_id.name
        answered = plan.run_cadence(
            lead,
            rule,
            salesperson,
            _cadence_stop(timeline, kind),
            unanswered=company in DEMO_UNANSWERED,
        )
        # The scheduler escalates the leads not answered a quarter of an
        # hour after their deadline; the team leader closes the
        # escalation once they are answered (or answers them herself).
        missed = lead.first_response_deadline + ESCALATION_DELAY
        if (
            escalation
            and escalation.step_ids
            and missed < now
            and (not answered or answered > missed)
        ):
            hours = DEMO_UNANSWERED.get(company)
            if hours is not None:
                done = missed + timedelta(hours=hours)
            elif answered:
                done = answered + timedelta(minutes=10)
            else:
                done = None
            done = plan.run_escalation(
                lead, escalation, missed, done, _cadence_stop(timeline, "inbound")
            )
            answered = answered or done
        if answered:
            plan.responses[lead] = answered
    return plan.save()


def _demo_activities(leads, timelines, now, skip=()):
    """The next step of every open record, some of them overdue, but
    for the records in `skip` (their cadence has an open step)."""
    position = 0
    for lead, timeline in zip(leads, timelines, strict=True):
        if timeline["final"] in ("customer", "disqualified") or lead in skip:
            continue
        xmlid, summary = ACTIVITIES[position % len(ACTIVITIES)]
        lead.activity_schedule(
            xmlid,
            date_deadline=(
                now + timedelta(days=ACTIVITY_DAYS[position % len(ACTIVITY_DAYS)])
            ).date(),
            summary=summary,
            user_id=lead.user_id.id,
        )
        position += 1


def _timeline(index, path, now, created_ago, won_ago):
    """States entered by a record and when; its stage."""
    # Days spent in lead, prospect and qualified: they vary with the row.
    stays = [1 + (index * 7) % 6, 4 + (index * 5) % 9, 7 + (index * 3) % 16]
    states, final = PATHS[path]
    if path == "won":
        created = now - timedelta(days=won_ago + sum(stays))
    else:
        created = now - timedelta(days=created_ago, hours=index % 9)
    steps, date = [], created
    for position, state in enumerate(states):
        steps.append((state, min(date, now - timedelta(hours=1))))
        if position < len(stays):
            # Compress the stays of young records so that they fit.
            date = date + timedelta(days=stays[position])
    if path == "won":
        steps[-1] = ("customer", now - timedelta(days=won_ago))
    stage = {
        "lead": "lead",
        "prospect": "prospect",
        "qualified": "qualified" if index % 2 else "proposition",
        "customer": "customer",
    }.get(final) or {
        "lost_lead": "lead",
        "lost_prospect": "prospect",
        "lost_qualified": "qualified",
    }[path]
    return {"steps": steps, "final": final, "stage": stage}


def _cadence_stop(timeline, kind):
    """(date, reason) when the cadences of a record stopped, or None: won,
    lost, or (outbound prospecting cadence, which stops on a reply) when the
    contact replied and the record became a prospect."""
    stops = []
    if timeline["final"] in ("customer", "disqualified"):
        reason = "won" if timeline["final"] == "customer" else "lost"
        stops.append((timeline["steps"][-1][1], reason))
    if kind == "outbound":
        stops += [
            (date, "replied")
            for state, date in timeline["steps"]
            if state == "prospect"
        ]
    return min(stops, default=None)


class _DemoFollowupPlan:
    """The follow-up steps of the demo records, gathered record by record
    and created in batches: executions, the messages of the steps done, the
    activities of the open steps, the first responses. The follow-up engine
    plans each step (its activity and execution, the contact's hours and
    the company's working days) as it would have when the step was
    scheduled; the demo says when the salespeople did it and what came of
    it."""

    def __init__(self, env, now):
        self.env, self.now = env, now
        self.counters = defaultdict(int)
        self.steps = []  # (execution vals, activity vals or None, message vals)
        self.responses = {}
        self.missed = env["crm.lead"]
        self.scheduling = StepScheduling(env, now)
        # A call that reached nobody is tried again the next working day.
        self.retry = DeadlinePlanner(1, "days", True)
        self.done_subtype = env.ref("mail.mt_activities")
        self.feedback = {
            env.ref(xmlid).id: text
            for xmlid, text in DONE_FEEDBACK.items()
            if env.ref(xmlid, raise_if_not_found=False)
        }
        # Contact rate: credits of reached attempts per channel (and hour
        # for calls), the leads reached, the outcome of the last attempt.
        self.reach_credit = defaultdict(lambda: 0.5)
        self.reached = set()
        self.last_outcome = None

    def _cycle(self, table, salesperson):
        values = table[salesperson]
        key = (id(table), salesperson)
        self.counters[key] += 1
        return values[(self.counters[key] - 1) % len(values)]

    def _schedule(self, step, lead, start):
        """(activity vals, execution vals) of `step` scheduled on `lead` at
        `start`, by the engine."""
        [row] = self.scheduling.prepare(step, lead, start=start)
        return row

    def _clock(self, lead, user):
        """The time zone of `user` working on `lead`."""
        return pytz.timezone(user_tz(user, lead.company_id or self.env.company))

    def run_cadence(self, lead, rule, salesperson, stop, unanswered):
        """The steps of `rule` on `lead` from its creation, each scheduled
        when the previous one was done. Returns when the first call was done
        (the first response), or None."""
        start, first_call = lead.create_date, None
        for position, step in enumerate(rule.step_ids):
            if stop and start >= stop[0]:
                break
            row = self._schedule(step, lead, start)
            if position == 0:
                if unanswered:
                    done = None
                elif lead.prospecting_type == "outbound":
                    hours = self._cycle(FIRST_CALL_HOURS, salesperson)
                    done = start + timedelta(hours=hours)
                else:
                    minutes = self._cycle(FIRST_CALL_MINUTES, salesperson)
                    done = start + timedelta(minutes=minutes)
            else:
                done = self._done_on(row, lead, start, salesperson)
            done = self.add(lead, row, done, stop)
            if not done:
                break
            if position == 0:
                first_call = done
            done = self._retry_call(lead, step, done, stop)
            if not done:
                break
            start = done
        return first_call

    def _retry_call(self, lead, step, done, stop):
        """A call that reached nobody (the lead not reached yet) is tried
        again the next working day, up to CALL_RETRIES times. Returns when
        the last try was done (None: the last one is still open)."""
        for _retry in range(CALL_RETRIES):
            if self.last_outcome not in MISSED_OUTCOMES["phone"] or (
                lead in self.reached
            ):
                break
            user = step._get_assignee(lead)
            tz = self._clock(lead, user)
            schedule = self.scheduling.schedule(lead.company_id or self.env.company)
            day = self.retry.plan(done, schedule, tz.zone)[1]
            hour = self._cycle(CONTACT_CYCLES, "retry")
            planned, retried = (
                _at(tz, day, *when) for when in ((8,), (hour, 5 + hour % 40))
            )
            if stop and retried > stop[0]:
                break  # the lead moved on: nobody called again
            done = self.add(lead, self._schedule(step, lead, planned), retried, stop)
            if not done:
                return None
        return done

    def _outcome(self, lead, activity_type, user, done):
        """What came of an attempt of `activity_type` done at `done` (UTC)
        by `user`: reached or not as the shares of its channel (and hour,
        for calls) say; None for steps of no contact channel."""
        channel = activity_type.prospect_contact_channel
        if not channel:
            return None
        if channel == "phone":
            hour = pytz.utc.localize(done).astimezone(self._clock(lead, user)).hour
            key = (channel, hour)
            share = CALL_REACH_BY_HOUR.get(hour, CALL_REACH_OTHER_HOURS)
        else:
            key, share = (channel,), MESSAGE_REACH[channel]
        self.reach_credit[key] += share
        if self.reach_credit[key] >= 1:
            self.reach_credit[key] -= 1
            self.reached.add(lead)
            if channel in ("phone", "meeting"):
                return self._cycle(CONTACT_CYCLES, "reached_call")
            return "replied"
        return self._cycle(MISSED_OUTCOMES, channel)

    def _done_on(self, row, lead, start, salesperson):
        """When the salesperson did a later step (`row`, scheduled at
        `start`), by their style (None: forgotten); never before it was
        scheduled."""
        when = self._cycle(STEP_DONE, salesperson)
        if when is None:
            return None
        days, hour = when
        activity, vals = row
        user = self.env["res.users"].browse(vals["user_id"])
        day = activity["date_deadline"] + timedelta(days=days)
        return max(
            _at(self._clock(lead, user), day, hour), start + timedelta(minutes=30)
        )

    def run_escalation(self, lead, rule, planned, done, stop):
        """The escalation of a missed first response, to the team leader."""
        self.missed |= lead
        step = rule.step_ids[0]
        return self.add(lead, self._schedule(step, lead, planned), done, stop)

    def add(self, lead, row, done, stop):
        """One step planned by the engine (`row`) and done at `done` (None:
        not done), unless the cadence stopped before: done, cancelled,
        overdue or planned at the time of loading. Returns when it was
        done."""
        if done and (done > self.now or (stop and done > stop[0])):
            done = None
        activity, vals = row
        vals = dict(vals)
        message = None
        self.last_outcome = None
        if done:
            activity_type = self.env["mail.activity.type"].browse(
                vals["activity_type_id"]
            )
            user = self.env["res.users"].browse(vals["user_id"])
            outcome = self._outcome(lead, activity_type, user, done)
            self.last_outcome = outcome
            vals.update(state="done", date_done=done, outcome=outcome)
            activity = None
            message = {
                "model": "crm.lead",
                "res_id": lead.id,
                "message_type": "notification",
                "subtype_id": self.done_subtype.id,
                "mail_activity_type_id": activity_type.id,
                "author_id": user.partner_id.id,
                "date": done,
                "body": Markup("<p>%s</p>")
                % (
                    OUTCOME_FEEDBACK.get(outcome)
                    or self.feedback.get(activity_type.id, vals["summary"])
                ),
            }
        elif stop and stop[0] <= self.now:
            vals.update(state="cancelled", date_stopped=stop[0], stop_reason=stop[1])
            activity = None
        elif vals["date_deadline"] < self.now:
            vals["state"] = "overdue"
        self.steps.append((vals, activity, message))
        return done or None

    def save(self):
        """Create everything; returns the leads with an open step."""
        env = self.env
        # mail subscribes the assignees per batch: a batch must not hold two
        # activities of one person on one record (a lead escalated to the
        # salesperson's own team leader), so those go in a second batch.
        rounds, seen = defaultdict(list), defaultdict(int)
        for position, (_vals, activity, _message) in enumerate(self.steps):
            if activity:
                key = (activity["res_id"], activity["user_id"])
                rounds[seen[key]].append(position)
                seen[key] += 1
        Activity = (
            env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        )
        activity_ids = {}
        for positions in rounds.values():
            created = Activity.create([self.steps[index][1] for index in positions])
            activity_ids.update(zip(positions, created.ids, strict=True))
        vals_list = [
            dict(vals, activity_id=activity_ids[position])
            if position in activity_ids
            else vals
            for position, (vals, _activity, _message) in enumerate(self.steps)
        ]
        env["prospect.followup.execution"].sudo().create(vals_list)
        env["mail.message"].sudo().create(
            [message for _vals, _activity, message in self.steps if message]
        )
        for lead, date in self.responses.items():
            lead.first_response_date = date
        self.missed.first_response_missed = True
        env.flush_all()
        return env["crm.lead"].browse(
            self.steps[position][1]["res_id"] for position in activity_ids
        )


def _at(tz, day, hour, minute=0):
    """`hour`:`minute` of `day` (a date) in `tz` (a pytz zone), as naive
    UTC."""
    local = tz.localize(datetime.combine(day, time(hour, minute)))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def history_team(env):
    """The demo team whose closed opportunities feed the score calibration."""
    return (
        env["crm.team"]
        .with_context(active_test=False)
        .search([("name", "=", HISTORY_TEAM_NAME)], order="id", limit=1)
    )


def _history_rows():
    """(name, answers, won, created days ago, days to close, salesperson,
    medium, has a phone) of each closed opportunity of the history team;
    the same at every install (fixed seed)."""
    rng = random.Random(HISTORY_SEED)
    salespeople, media = list(DEMO_USERS), list(DEMO_MEDIA)
    rows = []
    for index in range(HISTORY_COUNT):
        answers = {code: rng.choice(HISTORY_ANSWERS) for code in HISTORY_LOG_ODDS}
        log_odds = HISTORY_INTERCEPT + sum(
            weight * ANSWER_VALUES[answers[code]]
            for code, weight in HISTORY_LOG_ODDS.items()
        )
        won = rng.random() < 1 / (1 + math.exp(-log_odds))
        name = (
            f"{HISTORY_COMPANIES[index % len(HISTORY_COMPANIES)]} "
            f"{HISTORY_PLACES[(index * 3) % len(HISTORY_PLACES)]} "
            f"{'SL' if index % 3 else 'SA'}"
        )
        rows.append(
            (
                name,
                answers,
                won,
                rng.randint(200, 360),
                rng.randint(7, 60),
                salespeople[index % len(salespeople)],
                media[index % len(media)],
                answers["access"] in ("yes", "partial") or rng.random() < 0.3,
            )
        )
    return rows


def _history_phone(index):
    """A Spanish landline number of the history team, made of the digits 3
    to 9 after its prefix: no digit run that crm's own tests search for in
    the demo database (they look for "1122")."""
    number = index * 7919 + 1234
    digits = "".join("3456789"[number // 7**power % 7] for power in range(6))
    return f"+34 98 {digits[:3]} {digits[3:]}"


def _history_path(answers, won):
    """Path of a closed opportunity: won ones went the whole way, lost ones
    as far as their answers let them (the gates of the default stages)."""
    if won:
        return "won"
    if answers["fit"] == "yes" and answers["access"] == "yes":
        if all(answers[code] == "yes" for code in ("need", "budget", "authority")):
            return "lost_qualified"
        return "lost_prospect"
    return "lost_lead"


def _demo_calibration_history(env, Lead, users, media, stages, now):
    """A second team (no members: its leads belong to the demo salespeople)
    with the won and lost opportunities of the last year that a calibration
    of the score needs: about 140, closed 6 to 12 months ago, each with its
    lifecycle history and a first response on time. No contact records: no
    customer to classify or reactivate."""
    if history_team(env):
        return
    team = env["crm.team"].create(
        {
            "name": HISTORY_TEAM_NAME,
            "user_id": env.ref("base.user_admin").id,
            "company_id": env.ref("base.main_company").id,
        }
    )
    spain = env.ref("base.es")
    rows = _history_rows()
    vals_list, timelines = [], []
    for index, (
        name,
        answers,
        won,
        created_ago,
        close_days,
        user,
        medium,
        phone,
    ) in enumerate(rows):
        path = _history_path(answers, won)
        created = now - timedelta(days=created_ago, hours=index % 7)
        states, final = PATHS[path]
        step = timedelta(days=close_days / len(states))
        timelines.append(
            {
                "steps": [
                    (state, created + step * position)
                    for position, state in enumerate(states)
                ],
                "final": final,
            }
        )
        stage = {
            "won": "customer",
            "lost_lead": "lead",
            "lost_prospect": "prospect",
            "lost_qualified": "qualified",
        }[path]
        email = f"compras@{_ascii(name.split()[0]).lower()}{index}.example.com"
        vals_list.append(
            {
                "name": f"{name}: {TOPICS[index % len(TOPICS)]}",
                "type": "opportunity",
                "partner_name": name,
                "contact_name": "Responsable de compras",
                "email_from": email,
                "phone": _history_phone(index) if phone else False,
                "country_id": spain.id,
                "team_id": team.id,
                "user_id": users[user].id,
                "stage_id": stages[stage].id,
                "medium_id": media[medium].id,
                "expected_revenue": 4000 + (index * 2730) % 40000,
                **{f"qualification_{code}": value for code, value in answers.items()},
            }
        )
    leads = Lead.create(vals_list)
    lost = leads.browse(
        lead.id
        for lead, timeline in zip(leads, timelines, strict=True)
        if timeline["final"] == "disqualified"
    )
    if lost:
        lost.action_set_lost(lost_reason_id=env.ref("crm.lost_reason_1").id)
    _demo_history(env, leads, timelines)
    _demo_dates(env, leads, timelines)
    # Answered within the hour: they count as on time in speed to lead.
    env.cr.execute(
        """
        UPDATE crm_lead
           SET first_response_deadline = create_date + INTERVAL '1 hour',
               first_response_date = create_date + INTERVAL '20 minutes'
         WHERE id IN %s
        """,
        [tuple(leads.ids)],
    )
    leads.invalidate_recordset()
    for fname in (
        "first_response_hours",
        "first_response_minutes",
        "first_response_sla_state",
        "first_response_band",
    ):
        env.add_to_compute(leads._fields[fname], leads)
    leads.flush_recordset()


# Promises of the demo: (what, days from now to the due date, days from now
# to when it was done or None, state).
DEMO_PROMISES = [
    ("Enviar la cotización", -40, -41, "kept"),
    ("Llamar tras la visita a la planta", -33, -33, "kept"),
    ("Mandar las muestras", -26, -27, "kept"),
    ("Enviar el contrato revisado", -19, -18, "late"),
    ("Confirmar la fecha de la demostración", -12, None, "broken"),
    ("Enviar la lista de precios", -6, -7, "kept"),
    ("Preparar la propuesta para el comité", -3, None, "broken"),
    ("Enviar la cotización actualizada", 2, None, "open"),
    ("Llamar para cerrar el pedido", 5, None, "open"),
]


def _demo_promises(env, leads, timelines, now):
    """Promises in every state on the open demo leads: kept (on time), kept
    late, broken and open (their activities planned)."""
    open_leads = [
        lead
        for lead, timeline in zip(leads, timelines, strict=True)
        if timeline["final"] not in ("customer", "disqualified") and lead.active
    ]
    if not open_leads:
        return
    # Each salesperson in turn, so that the kept rates differ.
    by_user = {}
    for lead in open_leads:
        by_user.setdefault(lead.user_id, []).append(lead)
    queues = list(by_user.values())
    Promise = env["prospect.promise"].sudo()
    today = now.date()
    for index, (name, due_in, done_in, state) in enumerate(DEMO_PROMISES):
        queue = queues[index % len(queues)]
        lead = queue[(index // len(queues)) % len(queue)]
        promise = Promise.create(
            {
                "lead_id": lead.id,
                "name": name,
                "user_id": lead.user_id.id,
                "date_due": today + timedelta(days=due_in),
            }
        )
        if state == "open":
            continue
        # Settled in the past: written as the activity events would have.
        activity = promise.activity_id
        promise.write(
            {
                "state": state,
                "activity_id": False,
                "date_done": today + timedelta(days=done_in)
                if done_in is not None
                else False,
                "date_broken": today + timedelta(days=due_in + 2)
                if state == "broken"
                else False,
            }
        )
        activity.unlink()


# Leads whose first response was missed and that were reassigned then, as
# the scheduler does in a team that reassigns (crm_lead_reassign.py): the
# company and the salespeople who had it before its current owner, in order.
# The last one missing with the leader as owner: the leader got it.
DEMO_REASSIGNED = {
    "Joyería Oro Fino": ("lucia",),
    "Panificadora Santa Clara SL": ("javier", "lucia"),
}


def _demo_reassignments(env, leads, users):
    """Reassignments of missed first responses, with their chatter notes
    dated when the scheduler would have written them (a quarter of an hour
    after each deadline, one target later for the next)."""
    lang = "es_ES" if env["res.lang"]._lang_get("es_ES") else env.lang
    for lead in leads:
        previous_keys = DEMO_REASSIGNED.get(lead.partner_id.commercial_partner_id.name)
        if not previous_keys or lead.first_response_reassign_count:
            continue
        owners = [users[key] for key in previous_keys] + [lead.user_id]
        at = lead.first_response_deadline + ESCALATION_DELAY
        step = lead.first_response_deadline - lead.create_date
        leader = lead.team_id.user_id
        for count, (previous, user) in enumerate(pairwise(owners), start=1):
            lead.write(
                {
                    "first_response_reassign_count": count,
                    "first_response_missed_user_ids": [Command.link(previous.id)],
                }
            )
            note = lead.with_context(lang=lang)._prospect_log_reassignment(
                previous, user, user == leader and count == len(owners) - 1
            )
            note.sudo().date = at
            at += step


def _ascii(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
