from . import property_complaint_cluster_wizard
from . import property_complaint_report_wizard
