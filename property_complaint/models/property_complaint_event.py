from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class PropertyComplaintEvent(models.Model):
    """One event that several households of an estate complain about (4.1.4).

    Below the service center's threshold of distinct households it is just a
    group of related complaints; at the threshold it becomes a collective
    complaint (集体投诉) that the manager owns (4.5.1).
    """

    _name = "property.complaint.event"
    _description = "Collective complaint event"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "property.complaint.decision.mixin",
    ]
    _order = "id desc"

    name = fields.Char(required=True, tracking=True)
    team_id = fields.Many2one(
        "helpdesk.ticket.team", "Service center", required=True, tracking=True
    )
    estate_id = fields.Many2one(
        "property.estate",
        related="team_id.estate_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(related="team_id.company_id", store=True)
    category_id = fields.Many2one("helpdesk.ticket.category", tracking=True)
    description = fields.Html()
    state = fields.Selection(
        [
            ("open", "Being handled"),
            ("replied", "Replied"),
            ("closed", "Closed"),
        ],
        default="open",
        required=True,
        tracking=True,
    )
    ticket_ids = fields.One2many("helpdesk.ticket", "collective_event_id", "Complaints")
    ticket_count = fields.Integer(compute="_compute_households", store=True)
    unit_ids = fields.Many2many(
        "property.unit",
        "property_complaint_event_unit_rel",
        "event_id",
        "unit_id",
        string="Households",
        compute="_compute_households",
        store=True,
    )
    household_count = fields.Integer(compute="_compute_households", store=True)
    collective_threshold = fields.Integer(related="team_id.collective_threshold")
    is_collective = fields.Boolean(
        "Collective", readonly=True, tracking=True, copy=False
    )
    collective_since = fields.Datetime(readonly=True, copy=False)
    manager_id = fields.Many2one(
        "res.users",
        "Manager in charge",
        compute="_compute_manager_id",
        store=True,
        readonly=False,
        tracking=True,
    )
    manager_told_at = fields.Datetime(
        readonly=True, copy=False, help="When the manager was told it is collective."
    )
    manager_reported_at = fields.Datetime(
        "Reported to the manager at", readonly=True, tracking=True, copy=False
    )
    # The manager's decision on whom to tell (4.5.1)
    tell_general_manager = fields.Boolean(tracking=True)
    tell_developer_cs = fields.Boolean("Tell the developer's CS center", tracking=True)
    decision_note = fields.Text("Decision", tracking=True)
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decided_at = fields.Datetime(readonly=True, copy=False)
    told_partner_ids = fields.Many2many(
        "res.partner", string="Told", readonly=True, copy=False
    )
    # One reply for every household (4.8)
    agreed_reply_at = fields.Datetime("Agreed reply time", tracking=True)
    handling = fields.Text(tracking=True, help="What was done about the event.")
    reply = fields.Text("Coordinated reply", tracking=True)
    replied_at = fields.Datetime(readonly=True, copy=False)
    owner_summary = fields.Text(
        "For owners",
        tracking=True,
        help="What was done, as the monthly property service report tells the "
        "estate's owners: no household, owner or unit in it.",
    )
    visit_ids = fields.One2many(
        "property.complaint.event.visit", "event_id", "Home visits"
    )
    visit_count = fields.Integer(compute="_compute_visit_count")
    # The special event report's sign-off (特别事件报告)
    report_signed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    report_signed_at = fields.Datetime(readonly=True, copy=False)

    @api.depends("ticket_ids.unit_id", "ticket_ids.co_unit_ids")
    def _compute_households(self):
        for event in self:
            units = event.ticket_ids.unit_id | event.ticket_ids.co_unit_ids
            event.unit_ids = units
            event.household_count = len(units)
            event.ticket_count = len(event.ticket_ids)

    @api.depends("team_id")
    def _compute_manager_id(self):
        for event in self:
            event.manager_id = event.manager_id or event.team_id.manager_id

    @api.depends("visit_ids")
    def _compute_visit_count(self):
        for event in self:
            event.visit_count = len(event.visit_ids)

    @api.constrains("team_id")
    def _check_one_service_center(self):
        for event in self:
            others = event.ticket_ids.filtered(
                lambda t, e=event: t.team_id != e.team_id
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "Collective event %(event)s belongs to service center "
                        "%(team)s: complaints %(numbers)s of another service center "
                        "cannot be part of it.",
                        event=event.name,
                        team=event.team_id.display_name,
                        numbers=", ".join(others.mapped("number")),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_form(self):
        # Its complaints and visits would leave their signed-off record forms.
        self.ticket_ids._check_form_not_locked()

    # ------------------------------------------------------------ actions
    def action_report_to_manager(self):
        """The front desk reports the collective event to the manager (4.5.1)."""
        self._check_collective()
        now = fields.Datetime.now()
        events = self.filtered(lambda e: not e.manager_reported_at)
        events._write_decision({"manager_reported_at": now})
        events.ticket_ids.filtered(lambda t: not t.manager_reported_at)._write_decision(
            {"manager_reported_at": now}
        )

    def action_record_decision(self):
        """The manager's decision on telling the general manager and the
        developer's CS center, recorded and carried out (4.5.1)."""
        self._check_collective()
        self._check_manager()
        for event in self:
            partners = event._get_decision_partners()
            event._write_decision(
                {
                    "decided_by_id": self.env.user.id,
                    "decided_at": fields.Datetime.now(),
                    "told_partner_ids": [fields.Command.set(partners.ids)],
                }
            )
            event.message_post(
                body=event._get_decision_message(),
                partner_ids=partners.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def action_send_reply(self):
        """One coordinated reply to every household: each complaint gets the
        reply, by home visit (4.8), with its household's visit record."""
        for event in self:
            if not event.reply:
                raise UserError(self.env._("Write the coordinated reply first."))
            now = fields.Datetime.now()
            event._write_decision({"replied_at": now, "state": "replied"})
            # A signed-off record form keeps the reply it was signed with.
            for ticket in event.ticket_ids.filtered(lambda t: not t.is_locked):
                ticket.write(event._prepare_ticket_reply_values(ticket, now))

    def action_sign_report(self):
        """The manager signs the special event report."""
        self.ensure_one()
        self._check_manager()
        self._write_decision(
            {
                "report_signed_by_id": self.env.user.id,
                "report_signed_at": fields.Datetime.now(),
            }
        )

    def action_close(self):
        self.write({"state": "closed"})

    # ------------------------------------------------------------ business
    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }

    def _check_manager(self):
        if not self.env.user.has_group("property_complaint.group_complaint_manager"):
            raise AccessError(
                self.env._("Only the service-center manager may do this.")
            )

    def _check_collective(self):
        for event in self:
            if not event.is_collective:
                raise UserError(
                    self.env._(
                        "%(event)s covers %(count)s households, fewer than the "
                        "%(threshold)s of a collective complaint.",
                        event=event.name,
                        count=event.household_count,
                        threshold=event.collective_threshold,
                    )
                )

    def _get_decision_partners(self):
        """Who the manager decided to tell: the general manager, the developer's
        CS center."""
        self.ensure_one()
        partners = self.env["res.partner"]
        if self.tell_general_manager:
            partners |= self.company_id.complaint_general_manager_id.partner_id
        if self.tell_developer_cs:
            partners |= self.team_id.developer_cs_partner_id
        return partners

    def _get_decision_message(self):
        self.ensure_one()
        told = ", ".join(self.told_partner_ids.mapped("name")) or self.env._("no one")
        return self.env._(
            "Collective complaint %(event)s (%(count)s households): the manager "
            "decided to tell %(told)s. %(note)s",
            event=self.name,
            count=self.household_count,
            told=told,
            note=self.decision_note or "",
        )

    def _prepare_ticket_reply_values(self, ticket, replied_at):
        """The event's reply on one of its complaints, with the household's
        home visit when it was made."""
        self.ensure_one()
        values = {
            "result": self.reply,
            "reply_method": "home_visit",
            "replied_at": replied_at,
        }
        if self.agreed_reply_at:
            values["agreed_reply_at"] = self.agreed_reply_at
        visit = self._get_visit(ticket)
        if visit:
            values.update(
                {
                    "replied_at": visit.visited_at,
                    "owner_opinion": visit.opinion,
                    "owner_signature": visit.signature,
                    "satisfaction": visit.satisfaction,
                }
            )
        return values

    def _get_visit(self, ticket):
        """The home visit to the ticket's household, if it was made."""
        self.ensure_one()
        return self.visit_ids.filtered(lambda v: v.unit_id == ticket.unit_id)[:1]

    def _sync_collective(self):
        """Collective at the threshold, just a group below it (4.1.4): flag or
        unflag the complaints, and tell the manager once when it crosses."""
        now = fields.Datetime.now()
        # sudo: whether an event is collective is the server's count of its
        # households, whoever linked the complaint that changed it.
        for event in self.sudo():
            collective = event.household_count >= event.collective_threshold
            if collective and not event.is_collective:
                event.write({"is_collective": True, "collective_since": now})
                event._tell_manager_collective()
            elif not collective and event.is_collective:
                event.write({"is_collective": False, "collective_since": False})
            to_flag = event.ticket_ids.filtered(
                lambda t, c=collective: t.is_collective != c
            )
            values = {"is_collective": collective}
            if not collective:
                values["collective_at"] = False
            to_flag.write(values)
            if collective and event.manager_reported_at:
                # The manager already knows: a new household is reported as
                # it joins, not before its complaint was received.
                to_flag.filtered(lambda t: not t.manager_reported_at).write(
                    {"manager_reported_at": now}
                )

    def _tell_manager_collective(self):
        """Once per event: dropping below the threshold and crossing it again
        is the same event the manager already knows."""
        self.ensure_one()
        if not self.manager_id or self.manager_told_at:
            return
        self.manager_told_at = fields.Datetime.now()
        summary = self.env._(
            "Collective complaint: %(event)s, %(count)s households. Look into it now.",
            event=self.name,
            count=self.household_count,
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.manager_id.id,
            summary=summary,
            date_deadline=fields.Date.context_today(self),
        )
        self.message_post(
            body=summary,
            partner_ids=self.manager_id.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )


class PropertyComplaintEventVisit(models.Model):
    """The home visit to one household of a collective event (4.8)."""

    _name = "property.complaint.event.visit"
    _inherit = [
        "property.complaint.recorded.time.mixin",
        "property.complaint.history.mixin",
    ]
    _description = "Home visit of a collective event"
    _order = "visited_at desc, id desc"

    event_id = fields.Many2one(
        "property.complaint.event", required=True, ondelete="cascade", index=True
    )
    unit_id = fields.Many2one("property.unit", "Household", required=True)
    visited_at = fields.Datetime(
        required=True, default=fields.Datetime.now, tracking=True
    )
    visited_by_id = fields.Many2one(
        "res.users", "Visited by", required=True, default=lambda self: self.env.user
    )
    opinion = fields.Text("Owner's opinion")
    signature = fields.Binary("Owner's signature", attachment=True)
    satisfaction = fields.Selection(selection="_selection_satisfaction")

    _sql_constraints = [
        (
            "event_unit_uniq",
            "unique(event_id, unit_id)",
            "One home visit per household of an event.",
        ),
    ]

    def _selection_satisfaction(self):
        """The complaint's own scale: a visit's answer becomes its complaint's."""
        return (
            self.env["helpdesk.ticket"]
            ._fields["satisfaction"]
            ._description_selection(self.env)
        )

    @api.constrains("unit_id", "event_id")
    def _check_household_of_event(self):
        for visit in self:
            if visit.unit_id not in visit.event_id.unit_ids:
                raise ValidationError(
                    self.env._(
                        "%(unit)s is not a household of %(event)s.",
                        unit=visit.unit_id.display_name,
                        event=visit.event_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._get_tickets()._check_form_not_locked()
        visits._apply_to_tickets()
        return visits

    def write(self, vals):
        # The visit is part of its household's signed-off record form.
        self._get_tickets()._check_form_not_locked()
        result = super().write(vals)
        tickets = self._get_tickets()
        tickets._check_form_not_locked()
        # Anonymised, the visit no longer answers the complaints it answered.
        if not tickets._is_anonymising():
            self._apply_to_tickets()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_form(self):
        self._get_tickets()._check_form_not_locked()

    def _get_recorded_time_fields(self):
        return ["visited_at"]

    def _get_recorded_time_complaints(self):
        """The household's complaints in the event: the visit answers them."""
        self.ensure_one()
        return self._get_tickets()

    def _get_history_thread(self):
        self.ensure_one()
        return self.event_id

    def _get_tickets(self):
        """The complaints of the visited households in their events."""
        households = {(visit.event_id, visit.unit_id) for visit in self}
        return self.event_id.ticket_ids.filtered(
            lambda t: (t.collective_event_id, t.unit_id) in households
        )

    def _apply_to_tickets(self):
        """Once the event has replied, a visit completes its household's complaints."""
        for visit in self.filtered(lambda v: v.event_id.replied_at):
            for ticket in visit._get_tickets():
                ticket.write(
                    visit.event_id._prepare_ticket_reply_values(
                        ticket, visit.event_id.replied_at
                    )
                )
