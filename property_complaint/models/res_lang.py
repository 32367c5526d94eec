from odoo import api, models

# Odoo's own zh_CN formats (2026年12月01日 14时05分00秒), and the ones a Chinese
# service center reads at a glance everywhere: screens, records, messages.
ODOO_ZH_CN_FORMATS = {
    "date_format": "%Y年%m月%d日",
    "time_format": "%H时%M分%S秒",
    "short_time_format": "%H时%M分",
}
SERVICE_CENTER_ZH_CN_FORMATS = {
    "date_format": "%Y-%m-%d",
    "time_format": "%H:%M:%S",
    "short_time_format": "%H:%M",
}


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _set_service_center_formats(self):
        """Chinese dates as 2026-12-01 14:05, unless an administrator already
        chose other formats than Odoo's."""
        lang = self.with_context(active_test=False).search([("code", "=", "zh_CN")])
        if lang and all(
            lang[name] == value for name, value in ODOO_ZH_CN_FORMATS.items()
        ):
            lang.write(SERVICE_CENTER_ZH_CN_FORMATS)
