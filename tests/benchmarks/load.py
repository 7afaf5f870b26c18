# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scale-out load test (not a pytest module): two Odoo servers in multi-worker
mode on one database, concurrent JSON-RPC salespeople, the follow-up cron
crons running on both servers meanwhile.

Run it through `bash setup/load.sh [--quick] [--clients N] [--ops N]
[--db NAME | --from NAME] [--keep] [--json PATH]`, which prepares the
environment and passes this checkout's Odoo configuration (-c).

The database: a new one with the addon and demo data (default), a copy of
`--from NAME` (createdb -T), or `--db NAME` itself (never dropped). The
script adds a sales team with a mail alias, salespeople and customers with
their opportunities (back-dated, first answer overdue: the crons have work),
then starts two `odoo-bin --workers=2 --max-cron-threads=1` on 127.0.0.1.
Each client is a thread, one salesperson, doing random operations on both
servers: qualify (write the criteria of its own leads, or of the three hot
leads every client writes), promote through the
promotion wizard, drag to a stage, mark activities done, customer replies
and new leads through the mail gateway (mail.thread.message_process, as
odoo-mailgate does). A kicker makes the follow-up crons due every second
(SQL + NOTIFY cron_trigger: the cron workers) and runs one of them through
ir.cron.method_direct_trigger on each server in turn (an HTTP worker).

Asserts: no error reaches a client but the refusals of gates (UserError /
ValidationError of promote and drag); no lost update (each lead's criteria
are the last write its owner saw succeed; a hot lead's are those of a write
that no other write surely followed; every score is the score of its
lead's criteria); no duplicate open follow-up execution (lead, rule, step); one
chatter note per successful promotion. Prints the figures as JSON; exits 1
when an assertion fails.
"""

import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import psycopg2

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

ADDON = "prospect_qualification"
ODOO_BIN = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
CRITERIA = ["need", "budget", "authority", "access", "fit"]
ANSWERS = ["yes", "partial", "no", "unknown"]
PASSWORD = "pq-load-secret"
# Leads whose criteria every client writes at once (races on one row).
HOT_LEADS = 3
ALIAS = "pq-load"
ALIAS_DOMAIN = "load.example.com"
# Operation mix (weights).
OPERATIONS = {
    "qualify": 30,
    "qualify_hot": 8,
    "promote": 12,
    "drag": 14,
    "activity_done": 14,
    "customer_reply": 15,
    "gateway_lead": 8,
    "read": 7,
}
REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")
# odoo/service/model.py retrying(): "<CODE>, <n> tries left, try again in ..."
RETRY_LINE = re.compile(
    r"odoo\.service\.model: (SERIALIZATION_FAILURE|DEADLOCK_DETECTED|"
    r"LOCK_NOT_AVAILABLE), (\d+) tries left"
)
MAX_TRIES_LINE = re.compile(r"odoo\.service\.model: \S+, maximum number of tries")
# odoo/sql_db.py logs the statement that failed: which writes collide.
BAD_QUERY = re.compile(
    # The statement is logged as a bytes repr: newlines are "\\n" there.
    r"bad query: b?['\"]?(?:\s|\\n)*(UPDATE|INSERT INTO|DELETE FROM|SELECT)"
    r"(?:\s|\\n)+\"?(\w+)\"?"
    r"(?:(?:\s|\\n)+SET (.*?)(?:\s|\\n)+(?:FROM|WHERE))?",
    re.DOTALL,
)
CRON_DEFERRED = "left to the next run, processed concurrently"
# odoo/addons/base/models/ir_cron.py: a run in a cron worker, or manual.
CRON_RUN = re.compile(r"Job '[^']*' \((\d+)\) done\b")


def log(message):
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class Rpc:
    """JSON-RPC (/jsonrpc, execute_kw) as one user on one of the servers."""

    def __init__(self, ports, db, uid, password):
        self.ports, self.db, self.uid, self.password = ports, db, uid, password

    def __call__(self, model, method, *args, port=None, **kwargs):
        port = port or random.choice(self.ports)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    self.db,
                    self.uid,
                    self.password,
                    model,
                    method,
                    list(args),
                    kwargs,
                ],
            },
            "id": random.randint(1, 1 << 30),
        }
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/jsonrpc",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=300) as response:
            body = json.loads(response.read())
        if "error" in body:
            data = body["error"].get("data") or {}
            raise RpcError(
                data.get("name", "?"), data.get("message") or body["error"]["message"]
            )
        return body.get("result")


# ----------------------------------------------------------------------
# Database and servers
# ----------------------------------------------------------------------


def pg_connect(dbname):
    return psycopg2.connect(
        dbname=dbname,
        host=config["db_host"] or None,
        port=config["db_port"] or None,
        user=config["db_user"] or None,
        password=config["db_password"] or None,
    )


def maintenance(statement):
    conn = pg_connect("postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(statement)
    finally:
        conn.close()


def create_database(args, db):
    if args.template:
        log(f"Copying {args.template} to {db} (createdb -T)")
        maintenance(f'CREATE DATABASE "{db}" TEMPLATE "{args.template}"')
        return
    log(f"Creating {db} with {ADDON} and demo data (a few minutes)")
    logfile = Path(args.scratch) / "install.log"
    cmd = [
        sys.executable,
        str(ODOO_BIN),
        "-c",
        args.config,
        "-d",
        db,
        "-i",
        ADDON,
        "--stop-after-init",
        "--no-http",
        "--log-level=warn",
        "--logfile",
        str(logfile),
    ]
    if subprocess.run(cmd, check=False).returncode:
        sys.stderr.write(logfile.read_text()[-5000:])
        raise SystemExit("Installing the addon failed.")


def prepare_data(db, clients, leads_per_client):
    """Team with an alias, salespeople, customers and their opportunities
    (`leads_per_client` per client, owned by it), made due for the follow-up
    crons; the other crons wait until tomorrow (some call outside services)."""
    registry = Registry(db)
    token = uuid.uuid4().hex[:8]
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        env.ref("base.user_admin").password = PASSWORD
        company = env.ref("base.main_company")
        if not company.alias_domain_id:
            domain = env["mail.alias.domain"].search(
                [("name", "=", ALIAS_DOMAIN)], limit=1
            ) or env["mail.alias.domain"].create({"name": ALIAS_DOMAIN})
            company.alias_domain_id = domain
        alias_domain = company.alias_domain_id.name
        group = env.ref("sales_team.group_sale_salesman_all_leads")
        users = env["res.users"].create(
            [
                {
                    "name": f"Load Salesperson {index}",
                    "login": f"pq_load_{token}_{index}",
                    "email": f"pq_load_{token}_{index}@{alias_domain}",
                    "password": PASSWORD,
                    "groups_id": [(6, 0, [env.ref("base.group_user").id, group.id])],
                }
                for index in range(clients)
            ]
        )
        team = env["crm.team"].create(
            {
                "name": f"Load Team {token}",
                "alias_name": f"{ALIAS}-{token}",
                "use_leads": True,
                "use_opportunities": True,
                "member_ids": [(6, 0, users.ids)],
            }
        )
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Load Customer {token} {index}",
                    "email": f"customer-{token}-{index}@customer.example.com",
                }
                for index in range(clients * leads_per_client + HOT_LEADS)
            ]
        )
        leads = (
            env["crm.lead"]
            .with_context(tracking_disable=False)
            .create(
                [
                    {
                        "name": f"Load Opportunity {token} {index}",
                        "type": "opportunity",
                        "team_id": team.id,
                        "user_id": users[index % clients].id,
                        "partner_id": partner.id,
                        "email_from": partner.email,
                    }
                    for index, partner in enumerate(partners)
                ]
            )
        )
        env.flush_all()
        # Back-dated and unanswered: the cron escalates them, idle ones get
        # their cadence, while the clients write them.
        cr.execute(
            """UPDATE crm_lead
                  SET create_date = now() at time zone 'UTC' - interval '20 days',
                      first_response_deadline
                          = now() at time zone 'UTC' - interval '19 days',
                      followup_due_date = now() at time zone 'UTC' - interval '1 minute'
                WHERE id IN %s""",
            [tuple(leads.ids)],
        )
        cr.execute(
            """SELECT DISTINCT ON (res_id) res_id, message_id FROM mail_message
                WHERE model = 'crm.lead' AND res_id IN %s ORDER BY res_id, id""",
            [tuple(leads.ids)],
        )
        message_ids = dict(cr.fetchall())
        stages = leads[0]._stage_find(domain=[("is_won", "=", False)], limit=None)
        # The follow-up crons, in the order ir.cron runs them.
        crons = env["ir.cron"].search(
            [("model_id.model", "=", "prospect.followup.engine")],
            order="priority, id",
        )
        cr.execute(
            """UPDATE ir_cron SET nextcall = now() at time zone 'UTC' + interval '1 day'
                WHERE id NOT IN %s AND active""",
            [tuple(crons.ids)],
        )
        data = {
            "token": token,
            "alias": f"{team.alias_name}@{alias_domain}",
            "team_id": team.id,
            "users": [(user.id, user.login) for user in users],
            "admin_id": env.ref("base.user_admin").id,
            "leads": [
                {
                    "id": lead.id,
                    # The last ones are everybody's (no owner).
                    "owner": index % clients
                    if index < clients * leads_per_client
                    else None,
                    "email": lead.email_from,
                    "message_id": message_ids.get(lead.id),
                }
                for index, lead in enumerate(leads)
            ],
            "stage_ids": stages.ids,
            "cron_ids": crons.ids,
        }
    registry.delete(db)
    odoo.sql_db.close_db(db)
    return data


def start_servers(args, db):
    servers = []
    for index in range(2):
        http_port, gevent_port = args.http_ports[index], args.gevent_ports[index]
        logfile = Path(args.scratch) / f"server{index}.log"
        cmd = [
            sys.executable,
            str(ODOO_BIN),
            "-c",
            args.config,
            "-d",
            db,
            "--db-filter",
            f"^{re.escape(db)}$",
            "--workers=2",
            "--max-cron-threads=1",
            "--http-interface=127.0.0.1",
            f"--http-port={http_port}",
            f"--gevent-port={gevent_port}",
            "--limit-time-real=600",
            "--limit-time-cpu=300",
            "--log-level=warn",
            "--log-handler=odoo.service.model:INFO",
            f"--log-handler=odoo.addons.{ADDON}:INFO",
            "--log-handler=odoo.addons.base.models.ir_cron:INFO",
            f"--logfile={logfile}",
        ]
        # Its own process group: killed whole (workers included) at the end.
        # Its gevent process (longpolling) may print to stderr: kept apart.
        with open(Path(args.scratch) / f"server{index}.out", "w") as out:
            process = subprocess.Popen(
                cmd, start_new_session=True, stdout=out, stderr=subprocess.STDOUT
            )
        servers.append({"process": process, "port": http_port, "log": logfile})
        with open(Path(args.scratch) / "pids", "a") as pids:
            pids.write(f"{process.pid}\n")
    deadline = time.monotonic() + 180
    for server in servers:
        url = f"http://127.0.0.1:{server['port']}/web/webclient/version_info"
        while True:
            if server["process"].poll() is not None:
                raise SystemExit(
                    f"Server on port {server['port']} exited; see its log."
                )
            try:
                request = urllib.request.Request(
                    url, data=b"{}", headers={"Content-Type": "application/json"}
                )
                urllib.request.urlopen(request, timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise SystemExit(
                        f"Server on port {server['port']} did not answer in 180 s."
                    ) from None
                time.sleep(0.5)
    log(f"Servers up on ports {[s['port'] for s in servers]} (2 workers, 1 cron each)")
    return servers


def stop_servers(servers):
    for server in servers:
        process = server["process"]
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
    for server in servers:
        try:
            server["process"].wait(timeout=20)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(server["process"].pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        # Workers may outlive their master for a moment.
        try:
            os.killpg(server["process"].pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# ----------------------------------------------------------------------
# Clients
# ----------------------------------------------------------------------


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.counts = Counter()
        self.refusals = Counter()
        self.errors = []
        self.races = Counter()
        # lead id -> criteria of the last successful write (owner only).
        self.last_write = {}
        # lead id -> [(values, sent, answered)] of the writes on hot leads.
        self.hot_writes = defaultdict(list)
        # promotion note token -> lead id
        self.promotions = {}
        self.gateway_leads = []

    def record(self, operation, seconds):
        with self.lock:
            self.latencies[operation].append(seconds)
            self.counts[operation] += 1


class Client(threading.Thread):
    def __init__(self, index, rpc, gateway, data, operations, results, seed):
        super().__init__(name=f"client-{index}", daemon=True)
        self.index, self.rpc, self.gateway = index, rpc, gateway
        self.data, self.operations, self.results = data, operations, results
        self.random = random.Random(seed)
        self.own = [lead for lead in data["leads"] if lead["owner"] == index]

    def run(self):
        names = list(OPERATIONS)
        weights = [OPERATIONS[name] for name in names]
        for number in range(self.operations):
            operation = self.random.choices(names, weights)[0]
            start = time.monotonic()
            try:
                getattr(self, f"op_{operation}")(number)
            except RpcError as error:
                if operation in ("promote", "drag") and error.name in REFUSALS:
                    with self.results.lock:
                        self.results.refusals[operation] += 1
                elif operation == "activity_done" and error.name in (
                    "odoo.exceptions.MissingError",
                ):
                    # The activity was done or cancelled by the cron or a
                    # customer reply (cadence stopped) meanwhile.
                    with self.results.lock:
                        self.results.races["activity_gone"] += 1
                else:
                    with self.results.lock:
                        self.results.errors.append(f"{operation}: {error}"[:500])
            except Exception as error:  # noqa: BLE001 - any failure counts
                with self.results.lock:
                    self.results.errors.append(f"{operation}: {error!r}"[:500])
            self.results.record(operation, time.monotonic() - start)

    def any_lead(self):
        return self.random.choice(self.data["leads"])

    def op_qualify(self, number):
        lead = self.random.choice(self.own)
        self.write_criteria(
            lead, {code: self.random.choice(ANSWERS) for code in CRITERIA}
        )

    def write_criteria(self, lead, answers):
        values = {f"qualification_{code}": answer for code, answer in answers.items()}
        self.rpc("crm.lead", "write", [lead["id"]], values)
        # Only this client writes the criteria of its leads: its last
        # successful write must be what the database holds at the end.
        with self.results.lock:
            self.results.last_write[lead["id"]] = values

    def op_qualify_hot(self, number):
        lead = self.random.choice(
            [lead for lead in self.data["leads"] if lead["owner"] is None]
        )
        values = {
            f"qualification_{code}": self.random.choice(ANSWERS) for code in CRITERIA
        }
        sent = time.monotonic()
        self.rpc("crm.lead", "write", [lead["id"]], values)
        with self.results.lock:
            self.results.hot_writes[lead["id"]].append((values, sent, time.monotonic()))

    def op_promote(self, number):
        lead = self.random.choice(self.own)
        if self.random.random() < 0.6:
            # Answer yes to everything first: most gates let it through.
            self.write_criteria(lead, dict.fromkeys(CRITERIA, "yes"))
        note = f"load-{self.data['token']}-{self.index}-{number}"
        context = {"active_model": "crm.lead", "active_ids": [lead["id"]]}
        wizard_id = self.rpc(
            "prospect.promotion.wizard",
            "create",
            [{"lead_ids": [(6, 0, [lead["id"]])], "note": note}],
            context=context,
        )
        if isinstance(wizard_id, list):
            wizard_id = wizard_id[0]
        action = self.rpc(
            "prospect.promotion.wizard",
            "action_promote",
            [wizard_id],
            context=context,
        )
        if action.get("type") == "ir.actions.client":
            with self.results.lock:
                self.results.promotions[note] = lead["id"]
        else:
            # The result dialog: the gate refused the lead.
            with self.results.lock:
                self.results.refusals["promote"] += 1

    def op_drag(self, number):
        lead = self.any_lead()
        stage_id = self.random.choice(self.data["stage_ids"])
        self.rpc("crm.lead", "write", [lead["id"]], {"stage_id": stage_id})

    def op_activity_done(self, number):
        lead = self.random.choice(self.own)
        activities = self.rpc(
            "mail.activity",
            "search",
            [("res_model", "=", "crm.lead"), ("res_id", "=", lead["id"])],
            limit=1,
        )
        if not activities:
            self.rpc(
                "crm.lead",
                "activity_schedule",
                [lead["id"]],
                act_type_xmlid="mail.mail_activity_data_call",
                summary=f"Load call {number}",
                user_id=self.rpc.uid,
            )
            return
        self.rpc(
            "mail.activity",
            "action_feedback",
            activities,
            feedback=f"Done by client {self.index}",
        )

    def op_customer_reply(self, number):
        lead = self.any_lead()
        message_id = f"<reply-{uuid.uuid4().hex}@customer.example.com>"
        raw = (
            f"From: Customer <{lead['email']}>\r\n"
            f"To: {self.data['alias']}\r\n"
            f"Subject: Re: our quote\r\n"
            f"Message-ID: {message_id}\r\n"
            f"In-Reply-To: {lead['message_id']}\r\n"
            f"References: {lead['message_id']}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Thanks, we are still interested ({number}).\r\n"
        )
        self.gateway("mail.thread", "message_process", False, raw)

    def op_gateway_lead(self, number):
        token = uuid.uuid4().hex
        raw = (
            f"From: New Prospect <prospect-{token}@customer.example.com>\r\n"
            f"To: {self.data['alias']}\r\n"
            f"Subject: Quote request {token}\r\n"
            f"Message-ID: <{token}@customer.example.com>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Could you send us a quote?\r\n"
        )
        lead_id = self.gateway("mail.thread", "message_process", False, raw)
        with self.results.lock:
            self.results.gateway_leads.append(lead_id)

    def op_read(self, number):
        self.rpc(
            "crm.lead",
            "read",
            [lead["id"] for lead in self.own],
            ["qualification_score", "qualification_level", "stage_id"],
        )


class CronKicker(threading.Thread):
    """Makes the follow-up crons due every second (the cron workers of both
    servers listen to cron_trigger) and, every 10 seconds, runs one of them
    in an HTTP worker of each server in turn (an administrator's Run
    Manually)."""

    def __init__(self, db, data, admin_rpc, ports):
        super().__init__(name="cron-kicker", daemon=True)
        self.db, self.data, self.admin_rpc, self.ports = db, data, admin_rpc, ports
        self.stop = threading.Event()
        self.kicks = Counter()

    def run(self):
        conn = pg_connect(self.db)
        conn.autocommit = True
        turn = 0
        try:
            while not self.stop.wait(1.0):
                with conn.cursor() as cr:
                    cr.execute(
                        """UPDATE ir_cron
                              SET nextcall = now() at time zone 'UTC'
                                             - interval '1 second'
                            WHERE id IN %s""",
                        [tuple(self.data["cron_ids"])],
                    )
                    cr.execute("SELECT pg_notify('cron_trigger', %s)", [self.db])
                self.kicks["notify"] += 1
                turn += 1
                if turn % 10:
                    continue
                port = self.ports[(turn // 10) % len(self.ports)]
                cron_ids = self.data["cron_ids"]
                try:
                    self.admin_rpc(
                        "ir.cron",
                        "method_direct_trigger",
                        [cron_ids[(turn // 10) % len(cron_ids)]],
                        port=port,
                    )
                    self.kicks["direct"] += 1
                except RpcError as error:
                    # A cron worker holds the job right now.
                    self.kicks[f"busy {error.name}"] += 1
        finally:
            conn.close()


# ----------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------


def hot_lost_updates(hot_writes, stored):
    """The leads everybody writes: the final criteria must be those of a
    write that no other write followed for sure (one sent after it was
    answered); anything else is a lost update."""
    lost = []
    for lead_id, writes in hot_writes.items():
        # Writes not followed by one sent after their answer: any may be last.
        candidates = {
            tuple(values[f"qualification_{c}"] for c in CRITERIA)
            for values, _sent, answered in writes
            if not any(other_sent > answered for _v, other_sent, _a in writes)
        }
        if stored.get(lead_id) not in candidates:
            lost.append(
                {
                    "lead": lead_id,
                    "possible": sorted(candidates),
                    "found": stored.get(lead_id),
                }
            )
    return lost


def check_database(db, data, results):
    conn = pg_connect(db)
    failures = {}
    try:
        with conn.cursor() as cr:
            lead_ids = tuple(lead["id"] for lead in data["leads"])
            cr.execute(
                f"""SELECT id, {", ".join(f"qualification_{c}" for c in CRITERIA)}
                      FROM crm_lead WHERE id IN %s""",
                [lead_ids],
            )
            stored = {row[0]: row[1:] for row in cr.fetchall()}
            lost = []
            for lead_id, values in results.last_write.items():
                expected = tuple(values[f"qualification_{c}"] for c in CRITERIA)
                if stored.get(lead_id) != expected:
                    lost.append(
                        {
                            "lead": lead_id,
                            "expected": expected,
                            "found": stored.get(lead_id),
                        }
                    )
            lost += hot_lost_updates(results.hot_writes, stored)
            failures["lost_updates"] = lost
            cr.execute(
                """SELECT lead_id, rule_id, step_id, count(*)
                     FROM prospect_followup_execution
                    WHERE state IN ('planned', 'overdue')
                    GROUP BY lead_id, rule_id, step_id HAVING count(*) > 1"""
            )
            failures["duplicates"] = [list(row) for row in cr.fetchall()]
            notes = list(results.promotions)
            found = Counter()
            if notes:
                cr.execute(
                    """SELECT res_id, substring(body from %s)
                         FROM mail_message
                        WHERE model = 'crm.lead' AND body LIKE %s""",
                    [
                        f"(load-{data['token']}-[0-9]+-[0-9]+)",
                        f"%load-{data['token']}-%",
                    ],
                )
                for res_id, note in cr.fetchall():
                    found[(note, res_id)] += 1
            failures["promotions_without_note"] = [
                note
                for note, lead_id in results.promotions.items()
                if found[(note, lead_id)] != 1
            ]
            cr.execute(
                "SELECT count(*) FROM crm_lead WHERE id = ANY(%s)",
                [[lead_id for lead_id in results.gateway_leads if lead_id]],
            )
            failures["gateway_leads_missing"] = (
                len(results.gateway_leads) - (cr.fetchone()[0])
            )
            cr.execute(
                "SELECT count(*) FROM prospect_followup_execution WHERE lead_id IN %s",
                [lead_ids + tuple(i for i in results.gateway_leads if i)],
            )
            executions = cr.fetchone()[0]
    finally:
        conn.close()
    # The stored score is the score of the stored criteria.
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        leads = env["crm.lead"].with_context(active_test=False).browse(list(stored))
        scores = {lead.id: lead.qualification_score for lead in leads}
        leads.invalidate_recordset(["qualification_score"])
        leads._compute_qualification_score()
        failures["stale_scores"] = [
            lead.id for lead in leads if lead.qualification_score != scores[lead.id]
        ]
        cr.rollback()
    registry.delete(db)
    odoo.sql_db.close_db(db)
    return failures, executions


def read_logs(servers, cron_ids):
    """What the servers logged: retries of the RPC layer by error code,
    retries exhausted, cron batches left to the next run, statements that
    failed (table and columns), runs of the follow-up crons per server."""
    found = {
        "retries": Counter(),
        "exhausted": 0,
        "deferred": 0,
        "statements": Counter(),
        "cron_runs": [],
    }
    for server in servers:
        text = server["log"].read_text(errors="replace")
        for match in RETRY_LINE.finditer(text):
            found["retries"][match.group(1)] += 1
        found["exhausted"] += len(MAX_TRIES_LINE.findall(text))
        found["deferred"] += text.count(CRON_DEFERRED)
        for match in BAD_QUERY.finditer(text):
            verb, table, columns = match.groups()
            if columns:
                columns = ",".join(
                    sorted(
                        set(re.findall(r'(\w+)"?\s*=(?!=)', columns[:3000]))
                        - {"write_date", "write_uid"}
                    )
                )
            found["statements"][f"{verb} {table} {columns or ''}".strip()] += 1
        found["cron_runs"].append(
            sum(
                1
                for match in CRON_RUN.finditer(text)
                if int(match.group(1)) in cron_ids
            )
        )
    return found


def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def build_report(args, results, failures, executions, logs, kicker, elapsed):
    latencies = [s for values in results.latencies.values() for s in values]
    operations = sum(results.counts.values())
    return {
        "clients": args.clients,
        "operations": operations,
        "servers": 2,
        "workers_per_server": 2,
        "errors": len(results.errors),
        "refusals": sum(results.refusals.values()),
        "refusals_by_operation": dict(results.refusals),
        "races": dict(results.races),
        "lost_updates": len(failures["lost_updates"]),
        "stale_scores": len(failures["stale_scores"]),
        "duplicates": len(failures["duplicates"]),
        "promotions": len(results.promotions),
        "promotions_without_note": len(failures["promotions_without_note"]),
        "gateway_leads": len(results.gateway_leads),
        "gateway_leads_missing": failures["gateway_leads_missing"],
        "followup_executions": executions,
        "followup_cron_runs_by_server": logs["cron_runs"],
        "serialization_retries": sum(logs["retries"].values()),
        "retries_by_code": dict(logs["retries"]),
        "retries_exhausted": logs["exhausted"],
        "cron_batches_deferred": logs["deferred"],
        "cron_kicks": dict(kicker.kicks),
        "failed_statements": dict(logs["statements"].most_common(12)),
        "seconds": round(elapsed, 1),
        "throughput_ops_per_s": round(operations / elapsed, 2),
        "latency_p50_s": round(statistics.median(latencies), 3) if latencies else 0,
        "latency_p95_s": round(percentile(latencies, 0.95), 3),
        "latency_p95_by_operation_s": {
            name: round(percentile(values, 0.95), 3)
            for name, values in sorted(results.latencies.items())
        },
        "operations_by_kind": dict(results.counts),
    }


def problems_of(args, results, failures, report):
    problems = []
    if results.errors:
        problems.append(f"{len(results.errors)} errors reached the clients")
        for error in results.errors[:10]:
            log(f"  error: {error}")
    for key in (
        "lost_updates",
        "stale_scores",
        "duplicates",
        "promotions_without_note",
    ):
        if failures[key]:
            problems.append(f"{key}: {failures[key][:5]}")
    if failures["gateway_leads_missing"]:
        problems.append(f"{failures['gateway_leads_missing']} gateway leads missing")
    if report["operations"] != args.clients * args.ops:
        problems.append(
            f"{report['operations']} operations of {args.clients * args.ops}"
        )
    return problems


def drive(args, db, data, ports):
    """The clients and the cron kicker, until every client is done."""
    results = Results()
    admin = Rpc(ports, db, data["admin_id"], PASSWORD)
    # Warm both servers' workers up (registry loading is not measured).
    for port in ports:
        for _attempt in range(4):
            admin("res.users", "read", [data["admin_id"]], ["login"], port=port)
    clients = [
        Client(
            index,
            Rpc(ports, db, uid, PASSWORD),
            admin,
            data,
            args.ops,
            results,
            seed=args.seed * 1000 + index,
        )
        for index, (uid, _login) in enumerate(data["users"])
    ]
    kicker = CronKicker(db, data, admin, ports)
    log(f"{args.clients} clients x {args.ops} operations on ports {ports}")
    start = time.monotonic()
    kicker.start()
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    elapsed = time.monotonic() - start
    kicker.stop.set()
    kicker.join()
    # One last run of each cron with the clients gone, then the checks.
    for cron_id in data["cron_ids"]:
        try:
            admin("ir.cron", "method_direct_trigger", [cron_id])
        except RpcError as error:
            log(f"last run of cron {cron_id}: {error}")
    return results, kicker, elapsed


def run(args):
    db = args.db or f"pq_load_{os.getpid()}"
    servers, drop = [], not args.db and not args.keep
    try:
        if not args.db:
            create_database(args, db)
        data = prepare_data(db, args.clients, args.leads)
        servers = start_servers(args, db)
        ports = [server["port"] for server in servers]
        results, kicker, elapsed = drive(args, db, data, ports)
        failures, executions = check_database(db, data, results)
        stop_servers(servers)
        logs = read_logs(servers, data["cron_ids"])
        report = build_report(
            args, results, failures, executions, logs, kicker, elapsed
        )
        print(json.dumps(report, indent=2))
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
        problems = problems_of(args, results, failures, report)
        for problem in problems:
            log(f"FAILED: {problem}")
        if not problems:
            log("All assertions held.")
        return 1 if problems else 0
    finally:
        stop_servers(servers)
        if drop:
            try:
                maintenance(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            except psycopg2.Error as error:
                log(f"Could not drop {db}: {error}")
        else:
            log(f"Database kept: {db}")


def free_ports(count):
    """`count` TCP ports free on 127.0.0.1 right now."""
    sockets = []
    try:
        for _index in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--quick", action="store_true", help="6 clients x 20 ops")
    parser.add_argument("--clients", type=int)
    parser.add_argument("--ops", type=int, help="operations per client")
    parser.add_argument("--leads", type=int, default=3, help="opportunities per client")
    parser.add_argument("--db", help="run on this database (kept)")
    parser.add_argument(
        "--from", dest="template", help="copy this database (createdb -T)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument(
        "--port", type=int, help="HTTP ports N and N+1 (default: free ports)"
    )
    parser.add_argument(
        "--gevent-port", type=int, help="gevent ports N and N+1 (default: free ports)"
    )
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--scratch", required=True, help="folder for the logs")
    args = parser.parse_args()
    args.clients = args.clients or (6 if args.quick else 20)
    args.ops = args.ops or (20 if args.quick else 50)
    free = free_ports(4)
    args.http_ports = [args.port, args.port + 1] if args.port else free[:2]
    args.gevent_ports = (
        [args.gevent_port, args.gevent_port + 1] if args.gevent_port else free[2:]
    )
    config.parse_config(["-c", args.config, "--log-level=warn"])

    def terminate(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)
    sys.exit(run(args))


if __name__ == "__main__":
    main()
