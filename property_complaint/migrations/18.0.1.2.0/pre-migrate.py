"""The estate read rule now lets co-owners of a unit read its complaints.

The rule is noupdate (an administrator's edits survive upgrades): it is opened
here so that the upgrade loads its new domain, and closed again afterwards
(post-migrate.py).
"""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_model_data SET noupdate = FALSE
         WHERE module = 'property_complaint'
           AND name = 'helpdesk_ticket_rule_estate_read'
        """
    )
