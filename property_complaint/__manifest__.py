{
    "name": "Property Complaints",
    "summary": "Owners' complaint procedure for property service centers: "
    "classification, reply clocks, escalation, collective events, quality records",
    "version": "18.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/property-complaint/property_complaint",
    "author": "property_complaint developers",
    "maintainers": ["property-complaint"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "application": False,
    "installable": True,
    "depends": ["helpdesk_mgmt"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [],
}
