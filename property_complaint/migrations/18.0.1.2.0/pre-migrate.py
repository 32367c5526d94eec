"""The estate read rule now lets co-owners of a unit read its complaints.

The rule is noupdate (an administrator's edits survive upgrades), so an upgrade
never rewrites it: it is removed here, before the upgrade loads the rules, which
then create it again with its new domain.
"""


def migrate(cr, version):
    cr.execute(
        """
        DELETE FROM ir_model_data
         WHERE module = 'property_complaint'
           AND name = 'helpdesk_ticket_rule_estate_read'
        RETURNING res_id
        """
    )
    rule_ids = tuple(row[0] for row in cr.fetchall())
    if rule_ids:
        cr.execute("DELETE FROM ir_rule WHERE id IN %s", (rule_ids,))
