from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

DATA_ACCESS_ACTIONS = [
    ("print", "Printed"),
    ("export", "List export"),
    ("xlsx", "Statistics workbook"),
    ("personal_data", "Personal data export (owner's request)"),
    ("anonymise", "Anonymised (owner's request)"),
]


class PropertyComplaintDataAccess(models.Model):
    """Who printed or exported which complaints' personal data, and when
    (PIPL arts. 51, 54): kept by the server, read by the company's
    administrators and the quality department, never changed or deleted."""

    _name = "property.complaint.data.access"
    _description = "Access to owners' personal data"
    _order = "accessed_at desc, id desc"

    user_id = fields.Many2one(
        "res.users", "By", required=True, readonly=True, ondelete="restrict", index=True
    )
    accessed_at = fields.Datetime(
        "When", required=True, readonly=True, default=fields.Datetime.now
    )
    action = fields.Selection(DATA_ACCESS_ACTIONS, required=True, readonly=True)
    report_name = fields.Char("Document", readonly=True)
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "property_complaint_data_access_ticket_rel",
        "access_id",
        "ticket_id",
        string="Complaints",
        readonly=True,
    )
    ticket_count = fields.Integer(
        "Number of complaints", compute="_compute_ticket_count"
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Owner",
        readonly=True,
        ondelete="restrict",
        help="The owner whose request it answered.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="restrict", index=True
    )

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        for line in self:
            line.ticket_count = len(line.ticket_ids)

    @api.depends("action", "user_id", "accessed_at")
    def _compute_display_name(self):
        labels = dict(self._fields["action"]._description_selection(self.env))
        for line in self:
            line.display_name = " · ".join(
                filter(None, [labels.get(line.action), line.user_id.name])
            )

    @api.model_create_multi
    def create(self, vals_list):
        # Written by the server as the access happens (_log_access), whatever
        # rights another addon grants on the model.
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "The personal data access log is kept by the server: its "
                    "lines are never written by hand."
                )
            )
        return super().create(vals_list)

    # A line of the log is never changed: nothing to pass on to super().
    def write(self, vals):  # pylint: disable=method-required-super
        raise AccessError(self.env._("The personal data access log cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_log(self):
        raise UserError(self.env._("The personal data access log is never deleted."))

    @api.model
    def _log_access(
        self, action, tickets, report_name=False, partner=None, company=None
    ):
        """One line per company of `tickets` for what the current user did;
        without complaints, one line in the company of `partner` or `company`."""
        by_company = self._group_complaints_by_company(tickets)
        if not by_company and not (partner or company):
            return self.browse()
        if not by_company:
            company = company or (partner and partner.company_id)
            by_company = {company or self.env.company: tickets.browse()}
        user = self.env.user
        lines = self.browse()
        for company, company_tickets in by_company.items():
            company = company or self.env.company
            # sudo: the log records what the user did; no user writes it. In
            # the line's company: no query for the user's own company.
            lines |= (
                self.sudo()
                .with_company(company)
                .create(
                    {
                        "user_id": user.id,
                        "action": action,
                        "report_name": report_name,
                        "ticket_ids": [fields.Command.set(company_tickets.ids)],
                        "partner_id": partner.id if partner else False,
                        "company_id": company.id,
                    }
                )
            )
        return lines

    @api.model
    def _log_access_domain(self, action, domain, report_name=False):
        """As _log_access, for the complaints of `domain` as the user reads
        them, linked in the database: a month of a million complaints is
        never in memory."""
        Ticket = self.env["helpdesk.ticket"]
        domain = [*domain, ("is_complaint", "=", True)]
        field = self._fields["ticket_ids"]
        lines = self.browse()
        for (company,) in Ticket._read_group(domain, ["company_id"]):
            line = self._log_access(
                action, Ticket.browse(), report_name, company=company
            )
            query = Ticket._search([*domain, ("company_id", "=", company.id)])
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (%s, %s) SELECT %s, id FROM (%s) AS complaints",
                    SQL.identifier(field.relation),
                    SQL.identifier(field.column1),
                    SQL.identifier(field.column2),
                    line.id,
                    query.select(),
                )
            )
            line.invalidate_recordset(["ticket_ids"])
            lines |= line
        return lines

    @api.model
    def _group_complaints_by_company(self, tickets):
        """{company: complaints} of `tickets`, in one grouped query: a month's
        statistics log a hundred thousand complaints at once."""
        if not tickets:
            return {}
        tickets.flush_recordset(["is_complaint", "company_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT company_id, array_agg(id ORDER BY id) FROM %s"
                " WHERE id = ANY(%s) AND is_complaint GROUP BY company_id",
                SQL.identifier(tickets._table),
                list(tickets.ids),
            )
        )
        Company = self.env["res.company"]
        return {
            Company.browse(company_id): tickets.browse(ids) for company_id, ids in rows
        }
