from odoo import http
from odoo.http import content_disposition, request


class PersonalDataController(http.Controller):
    @http.route(
        "/property_complaint/personal_data/<int:partner_id>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def download_personal_data(self, partner_id):
        """The owner's copy of their personal data (PIPL art. 45), made and
        logged as the staff member downloading it, who must be allowed to."""
        partner = request.env["res.partner"].browse(partner_id).exists()
        if not partner:
            return request.not_found()
        filename, content = partner._export_personal_data()
        return request.make_response(
            content,
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
