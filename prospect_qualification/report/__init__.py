from . import prospect_report_median_mixin
from . import prospect_lead_report_mixin
from . import prospect_funnel_report
from . import prospect_state_duration_report
from . import prospect_speed_report
from . import prospect_followup_compliance_report
from . import prospect_qualification_dashboard
from . import prospect_promise_report
