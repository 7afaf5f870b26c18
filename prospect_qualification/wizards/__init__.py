from . import prospect_promotion_wizard
