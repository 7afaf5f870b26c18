from . import test_qualification_score
from . import test_prospect_state
from . import test_prospecting_type
from . import test_qualification_access
from . import test_qualification_tour
from . import test_i18n
from . import test_customer_class
from . import test_qualification_reports
