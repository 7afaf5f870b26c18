"""The running server answers as Odoo 18.0 over HTTP and JSON-RPC, and the
addon is listed in the Apps menu."""

import json

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestJsonRpc(HttpCase):
    test_module = "prospect_qualification"

    def _jsonrpc(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": args},
            "id": 1,
        }
        response = self.url_open(
            "/jsonrpc",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertNotIn("error", body, body.get("error"))
        return body["result"]

    def test_login_page(self):
        response = self.url_open("/web/login")
        self.assertEqual(response.status_code, 200)

    def test_version(self):
        version = self._jsonrpc("common", "version")
        self.assertEqual(version["server_serie"], "18.0")

    def test_apps_lists_module(self):
        admin = self.env.ref("base.user_admin")
        admin.password = "admin-rpc"
        db = self.env.cr.dbname
        uid = self._jsonrpc("common", "authenticate", db, admin.login, "admin-rpc", {})
        self.assertEqual(uid, admin.id)
        modules = self._jsonrpc(
            "object",
            "execute_kw",
            db,
            uid,
            "admin-rpc",
            "ir.module.module",
            "search_read",
            [[("name", "=", "prospect_qualification")]],
            {"fields": ["shortdesc", "state", "application", "category_id"]},
        )
        self.assertEqual(len(modules), 1)
        self.assertEqual(modules[0]["shortdesc"], "Prospect Qualification")
        self.assertEqual(modules[0]["state"], "installed")
        self.assertTrue(
            modules[0]["application"], "the Apps menu filters on applications"
        )
