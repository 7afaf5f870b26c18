#!/usr/bin/env bash
# Regenerate prospect_qualification/i18n/prospect_qualification.pot from a
# fresh install and merge it into es.po (existing translations are kept; new
# strings get an empty msgstr to fill in). Lists what is left to translate.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
pq_prepare
cd "$PQ_ROOT"

DB=pq_i18n_$$
trap 'pq_sql "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
odoo=("$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" --no-http --stop-after-init --log-level=warn)
"${odoo[@]}" -i prospect_qualification --without-demo=all
pot=prospect_qualification/i18n/prospect_qualification.pot
"${odoo[@]}" --i18n-export="$pot" --modules=prospect_qualification

"$VENV/bin/python" - "$pot" prospect_qualification/i18n/es.po <<'PY'
import sys
import polib

pot_path, po_path = sys.argv[1:]
pot = polib.pofile(pot_path)
try:
    old = {(e.msgctxt, e.msgid): e for e in polib.pofile(po_path)}
except OSError:
    old = {}
po = polib.POFile(wrapwidth=78)
po.metadata = dict(pot.metadata, Language="es")
for entry in pot:
    previous = old.get((entry.msgctxt, entry.msgid))
    entry.msgstr = previous.msgstr if previous else ""
    po.append(entry)
po.save(po_path)
missing = [e.msgid for e in po if not e.msgstr]
print(f"{po_path}: {len(po)} strings, {len(missing)} to translate")
for msgid in missing:
    print("  -", msgid.replace("\n", " ")[:100])
PY
