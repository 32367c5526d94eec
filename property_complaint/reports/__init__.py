from . import monthly_statistics_xlsx
from . import report_duty_log
