# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stage gates: what a card needs to enter a stage, the one service every
path into a stage asks, the promotion and the overrides."""

from . import test_stage_gate
from . import test_promotion_wizard
from . import test_disqualification
from . import test_promotion_tour
from . import test_stage_refusal_tour
