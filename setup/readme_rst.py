"""Write prospect_qualification/README.rst from the fragments in readme/, in
the layout of the OCA's oca-gen-addon-readme (which needs pandoc, and a
GitHub organisation for its links: neither is here).

Usage: python3 setup/readme_rst.py (no dependency; run it after editing a
fragment and commit both). The fragments use the part of Markdown that reads
the same in reStructuredText (paragraphs, lists, *emphasis*, **strong**);
this converts the rest: `code`, [links](url), ## headings and pipe tables.
"""

import re
import sys
from pathlib import Path

ADDON = Path(__file__).resolve().parent.parent / "prospect_qualification"
NAME = "Prospect Qualification"
AUTHORS = ("Prospect Qualification developers",)
# oca-gen-addon-readme's order and titles.
SECTIONS = (
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
)
LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
CODE = re.compile(r"(?<![`<])`([^`<>]+)`(?![`_])")


def inline(text):
    return CODE.sub(r"``\1``", LINK.sub(r"`\1 <\2>`_", text))


def list_table(rows):
    cells = [
        [cell.strip() for cell in row.strip().strip("|").split("|")] for row in rows
    ]
    out = [".. list-table::", "   :header-rows: 1", ""]
    for row in [cells[0], *cells[2:]]:  # cells[1] is the |---| line
        for index, cell in enumerate(row):
            bullet = "   * -" if index == 0 else "     -"
            out.append(f"{bullet} {inline(cell)}" if cell else bullet)
    return out


def convert(markdown):
    lines = markdown.rstrip("\n").split("\n")
    out = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("|"):
            rows = []
            while index < len(lines) and lines[index].startswith("|"):
                rows.append(lines[index])
                index += 1
            out.extend(list_table(rows))
            continue
        heading = re.match(r"^## (.*)$", line)
        if heading:
            title = inline(heading.group(1))
            out.extend([title, "-" * len(title)])
        elif line.startswith("#"):
            sys.exit(f"Only ## headings are converted: {line!r}")
        else:
            out.append(inline(line))
        index += 1
    return "\n".join(out) + "\n"


def fragment(key):
    path = ADDON / "readme" / f"{key}.md"
    return convert(path.read_text()) if path.exists() else None


def readme():
    parts = [
        "=" * len(NAME),
        NAME,
        "=" * len(NAME),
        "",
        "..",
        "   This file is written from the fragments in readme/ (DESCRIPTION, INSTALL,",
        "   CONFIGURE, USAGE, ROADMAP, HISTORY, CONTRIBUTORS) in the layout of",
        "   oca-gen-addon-readme, by setup/readme_rst.py.",
        "",
        "|badge1|",
        "",
        ".. |badge1| image:: https://img.shields.io/badge/licence-LGPL--3-blue.png",
        "    :target: http://www.gnu.org/licenses/lgpl-3.0-standalone.html",
        "    :alt: License: LGPL-3",
        "",
        fragment("DESCRIPTION"),
        "**Table of contents**",
        "",
        ".. contents::",
        "   :local:",
        "",
    ]
    for key, title in SECTIONS:
        body = fragment(key)
        if body:
            parts += [title, "=" * len(title), "", body]
    parts += ["Credits", "=======", "", "Authors", "-------", ""]
    parts += [f"- {author}" for author in AUTHORS] + [""]
    contributors = fragment("CONTRIBUTORS")
    if contributors:
        parts += ["Contributors", "------------", "", contributors]
    return "\n".join(parts).rstrip("\n") + "\n"


if __name__ == "__main__":
    (ADDON / "README.rst").write_text(readme())
