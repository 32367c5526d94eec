from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal


class PortalServiceReport(CustomerPortal):
    """The monthly property service reports (4.12.2) on the owners' portal:
    the published ones of the estates the owner has a unit in, nothing else."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "service_report_count" in counters:
            values["service_report_count"] = len(self._get_service_reports())
        return values

    def _get_service_reports(self):
        return request.env["property.complaint.service.report"]._get_portal_reports(
            request.env.user.partner_id
        )

    @http.route(["/my/service-reports"], type="http", auth="user", website=True)
    def portal_my_service_reports(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "service_reports",
                "service_reports": self._get_service_reports(),
            }
        )
        return request.render("property_complaint.portal_my_service_reports", values)

    @http.route(
        ["/my/service-reports/<int:report_id>/pdf"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_service_report_pdf(self, report_id, **kw):
        # A draft, another estate's report or a guessed id is not found at all.
        report = self._get_service_reports().filtered(lambda r: r.id == report_id)
        if not report:
            raise NotFound()
        content, _kind = report._render_portal_pdf()
        filename = f"{report.display_name}.pdf"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename, "inline")),
            ],
        )
