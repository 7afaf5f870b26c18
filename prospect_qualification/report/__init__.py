from . import prospect_report_median_mixin
from . import prospect_lead_report_mixin
from . import qualification
from . import speed
from . import followup
from . import promise
