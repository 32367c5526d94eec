from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


class CustomerPortalHelpdeskLabels(CustomerPortalHelpdesk):
    """The owners' ticket list speaks the owner's language.

    helpdesk_mgmt's search bar labels come from its own ``_()``, which reads only
    helpdesk_mgmt's translation files, and those have no zh_CN: the labels are
    said again here, where this addon's translations apply.
    """

    @http.route()
    def portal_my_tickets(self, *args, **kwargs):
        response = super().portal_my_tickets(*args, **kwargs)
        # A redirect (no read access) has no values to relabel.
        filters = getattr(response, "qcontext", {}).get("searchbar_filters")
        if filters:
            self._relabel(filters, {"all": request.env._("All")})
        return response

    def _ticket_get_searchbar_sortings(self):
        return self._relabel(
            super()._ticket_get_searchbar_sortings(),
            {
                "date": request.env._("Newest"),
                "name": request.env._("Title"),
                "stage": request.env._("Stage"),
                "update": request.env._("Last Stage Update"),
            },
        )

    def _ticket_get_searchbar_groupby(self):
        return self._relabel(
            super()._ticket_get_searchbar_groupby(),
            {
                "none": request.env._("None"),
                "category": request.env._("Category"),
                "stage": request.env._("Stage"),
            },
        )

    def _ticket_get_searchbar_inputs(self):
        return self._relabel(
            super()._ticket_get_searchbar_inputs(),
            {
                "all": request.env._("Search in All"),
                "number": request.env._("Search in Number"),
                "name": request.env._("Search in Title"),
            },
        )

    def _relabel(self, options, labels):
        """Give the search bar options still there their translated labels."""
        for key, label in labels.items():
            if key in options:
                options[key]["label"] = label
        return options
