"""The rule opened by pre-migrate.py is noupdate again, now that the upgrade
has loaded its new domain."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_model_data SET noupdate = TRUE
         WHERE module = 'property_complaint'
           AND name = 'helpdesk_ticket_rule_estate_read'
        """
    )
