from . import prospect_input_check_mixin
from . import prospect_server_fields_mixin
from . import qualification
from . import lifecycle
from . import gate
from . import customer
from . import speed
from . import followup
from . import promise
from . import score
from . import merge

# Last of crm.lead: refuses forged values before the other write hooks run.
from . import crm_lead_server_fields
