from . import monthly_statistics_xlsx
from . import report_duty_log
from . import report_monthly_service
