from odoo import models
from odoo.tools.pdf import merge_pdf


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _run_wkhtmltopdf(self, bodies, report_ref=False, **kwargs):
        """Print the quality records one document at a time, then merge.

        Debian's wkhtmltopdf (unpatched Qt) fails on several input documents
        at once, so printing several complaints or estates in one go would
        give no PDF at all.
        """
        if len(bodies) < 2 or not self._is_quality_record(report_ref):
            return super()._run_wkhtmltopdf(bodies, report_ref=report_ref, **kwargs)
        return merge_pdf(
            [
                super(IrActionsReport, self)._run_wkhtmltopdf(
                    [body], report_ref=report_ref, **kwargs
                )
                for body in bodies
            ]
        )

    def _is_quality_record(self, report_ref):
        report = self._get_report(report_ref) if report_ref else self
        return report.report_name.startswith("property_complaint.")
