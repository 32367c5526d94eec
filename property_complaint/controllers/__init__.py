from . import main
from . import myaccount
from . import portal_labels
from . import portal_reply
from . import portal_service_report
from . import personal_data
