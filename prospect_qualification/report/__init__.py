from . import prospect_funnel_report
from . import prospect_state_duration_report
from . import prospect_qualification_dashboard
