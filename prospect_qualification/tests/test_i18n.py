# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import re
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

I18N = Path(__file__).resolve().parent.parent / "i18n"
ES_PO = I18N / "es.po"
POT = I18N / "prospect_qualification.pot"
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|\{\w*\}")


@tagged("post_install", "-at_install")
class TestSpanishTranslation(TransactionCase):
    """Every string the addon shows has a Spanish translation in es.po, with
    the same placeholders (setup/i18n.sh regenerates the .pot and es.po)."""

    def test_every_string_is_translated(self):
        buffer = io.BytesIO()
        trans_export(False, ["prospect_qualification"], buffer, "po", self.env.cr)
        source = polib.pofile(buffer.getvalue().decode())
        spanish = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(ES_PO))}
        missing = [
            e.msgid
            for e in source
            if not getattr(spanish.get((e.msgctxt, e.msgid)), "msgstr", "")
        ]
        self.assertFalse(
            missing,
            f"{len(missing)} strings lack Spanish in es.po "
            f"(run setup/i18n.sh and translate them): {missing[:10]}",
        )

    def test_pot_is_up_to_date(self):
        """Odoo loads es.po merged with the .pot: a Spanish string whose
        msgid is missing from the .pot is dropped as obsolete, and users see
        English."""
        buffer = io.BytesIO()
        trans_export(False, ["prospect_qualification"], buffer, "po", self.env.cr)
        exported = polib.pofile(buffer.getvalue().decode())
        source = {(e.msgctxt, e.msgid) for e in exported}
        template = {(e.msgctxt, e.msgid) for e in polib.pofile(str(POT))}
        missing = sorted(msgid for _ctxt, msgid in source - template)
        self.assertFalse(
            missing,
            f"{len(missing)} strings are missing from the .pot (run "
            f"setup/i18n.sh): {missing[:10]}",
        )

    def test_placeholders_kept(self):
        for entry in polib.pofile(str(ES_PO)):
            with self.subTest(msgid=entry.msgid):
                self.assertEqual(
                    sorted(PLACEHOLDER.findall(entry.msgid)),
                    sorted(PLACEHOLDER.findall(entry.msgstr)),
                )
