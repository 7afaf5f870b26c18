# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Install-time demo loader, imported by hooks.post_init_hook only when the
# addon is installed with demo data: no model, nothing in the registry.
