from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # The owners' portal shows mail's chatter and helpdesk_mgmt's and this
        # addon's widgets: their terms in the owner's language too.
        modules = super()._get_translation_frontend_modules_name()
        return [*modules, "mail", "helpdesk_mgmt", "property_complaint"]
