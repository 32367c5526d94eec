from . import property_complaint_cluster_wizard
