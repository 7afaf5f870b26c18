# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ProspectQualificationCase


@tagged("post_install", "-at_install")
class TestDataDeletion(ProspectQualificationCase):
    """A stage that holds leads and a lost reason that leads use are refused
    before SQL (crm's foreign keys restrict): the uninstall of the addon keeps
    its Prospect stage and its used reasons without logging an error."""

    def test_stage_holding_an_archived_lead_is_kept(self):
        stage = self.env["crm.stage"].create({"name": "PQ Stage"})
        lead = self._create_leads(1)
        lead.sudo().write({"stage_id": stage.id, "active": False})
        with self.assertRaisesRegex(UserError, "PQ Stage holds leads"):
            stage.unlink()
        empty = self.env["crm.stage"].create({"name": "PQ Empty"})
        empty.unlink()
        self.assertFalse(empty.exists())

    def test_used_lost_reason_is_kept_unused_one_deleted(self):
        used = self.env["crm.lost.reason"].create({"name": "PQ Used"})
        unused = self.env["crm.lost.reason"].create({"name": "PQ Unused"})
        lead = self._create_leads(1)
        lead.action_set_lost(lost_reason_id=used.id)
        with self.assertRaisesRegex(UserError, "PQ Used is used"):
            (used | unused).unlink()
        unused.unlink()
        self.assertFalse(unused.exists())
        self.assertTrue(used.exists())
