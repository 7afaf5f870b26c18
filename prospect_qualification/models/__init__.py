from . import prospect_qualification_criterion
from . import prospect_interest_tag
from . import prospect_state_history
from . import res_company
from . import res_config_settings
from . import utm_medium
from . import crm_stage
from . import crm_lead
