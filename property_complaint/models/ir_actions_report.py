from odoo import models
from odoo.tools.pdf import merge_pdf


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _run_wkhtmltopdf(self, bodies, report_ref=False, **kwargs):
        """Print the quality records one document at a time, then merge.

        Debian's wkhtmltopdf (unpatched Qt) fails on several input documents
        at once, so printing several complaints or estates in one go would
        give no PDF at all. The forms run no JavaScript either: wkhtmltopdf
        need not wait for it (the print delay).
        """
        if not self._is_quality_record(report_ref):
            return super()._run_wkhtmltopdf(bodies, report_ref=report_ref, **kwargs)
        report = self.with_context(property_complaint_print_delay=True)
        return merge_pdf(
            [
                super(IrActionsReport, report)._run_wkhtmltopdf(
                    [body], report_ref=report_ref, **kwargs
                )
                for body in bodies
            ]
        )

    def _is_quality_record(self, report_ref):
        report = self._get_report(report_ref) if report_ref else self
        return report.report_name.startswith("property_complaint.")

    def _build_wkhtmltopdf_args(self, *args, **kwargs):
        command_args = super()._build_wkhtmltopdf_args(*args, **kwargs)
        if self.env.context.get("property_complaint_print_delay"):
            delay = command_args.index("--javascript-delay") + 1
            # sudo: system parameters are read by administrators only.
            command_args[delay] = (
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("property_complaint.print_delay", "100")
            )
        return command_args

    def _get_rendering_context(self, report, docids, data):
        """A quality record printed (or previewed) with owners' personal
        data is logged: who, which complaints (PIPL art. 51)."""
        data = super()._get_rendering_context(report, docids, data)
        if self._is_quality_record(report):
            tickets = self._get_personal_data_tickets(data)
            if tickets:
                self.env["property.complaint.data.access"]._log_access(
                    "print", tickets, report_name=report.name
                )
        return data

    def _get_personal_data_tickets(self, data):
        """The complaints whose owners a quality record prints: the record
        forms themselves, a duty log's day, a special event's households."""
        Ticket = self.env["helpdesk.ticket"]
        docs = data.get("docs")
        if docs is None:
            return Ticket
        if docs._name == "helpdesk.ticket":
            return docs
        if docs._name == "property.complaint.event":
            return docs.ticket_ids
        tickets_by_team = data.get("tickets_by_team") or {}
        return Ticket.union(*tickets_by_team.values())
