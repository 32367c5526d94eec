"""The installed addon as integrations see it: over Odoo's external API."""


def test_addon_installed_over_xmlrpc(admin_rpc):
    modules = admin_rpc(
        "ir.module.module",
        "search_read",
        [["name", "in", ["property_complaint", "helpdesk_mgmt"]]],
        fields=["name", "state", "latest_version"],
    )
    states = {module["name"]: module["state"] for module in modules}
    assert states == {"property_complaint": "installed", "helpdesk_mgmt": "installed"}
    version = next(
        m["latest_version"] for m in modules if m["name"] == "property_complaint"
    )
    assert version.startswith("18.0."), version
