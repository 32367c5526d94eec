from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import frozendict
from odoo.tools.sql import create_index

from .property_complaint_clock_policy import HANDLING_LEVELS

COMPLAINT_SEQUENCE_CODE = "property.complaint"
# The record form's internal side: owners on the portal never read it.
STAFF = "base.group_user"


class HelpdeskTicket(models.Model):
    """A ticket of a service center (a team running an estate) is a complaint."""

    _name = "helpdesk.ticket"
    _inherit = [
        "helpdesk.ticket",
        "property.complaint.decision.mixin",
        "property.complaint.recorded.time.mixin",
        "property.complaint.clocked.mixin",
        "property.complaint.owner.portal.mixin",
        "property.complaint.owner.data.mixin",
    ]

    # Indexed: every form counts the complaint's duplicates (helpdesk_mgmt's
    # duplicate_ids), which otherwise reads every complaint.
    duplicate_id = fields.Many2one(index="btree_not_null")
    # Intake (4.3)
    is_complaint = fields.Boolean(
        compute="_compute_is_complaint",
        store=True,
        help="The ticket belongs to a service center: the procedure applies.",
    )
    # Archived by the manager, tracked: it still counts in its month.
    active = fields.Boolean(tracking=True)
    unit_id = fields.Many2one(
        "property.unit", tracking=True, index="btree_not_null", ondelete="restrict"
    )
    building_id = fields.Many2one(related="unit_id.building_id", store=True)
    estate_id = fields.Many2one(
        "property.estate", compute="_compute_estate_id", store=True, index=True
    )
    # Indexed: the month's reports and the form's similar complaints (a
    # window of hours) select by it.
    received_at = fields.Datetime(
        "Received at",
        default=fields.Datetime.now,
        tracking=True,
        copy=False,
        index=True,
    )
    taken_by_id = fields.Many2one(
        "res.users",
        "Taken by",
        default=lambda self: self.env.user,
        tracking=True,
        copy=False,
    )
    channel_type = fields.Selection(
        related="channel_id.complaint_channel", store=True, string="Channel type"
    )
    developer_reference = fields.Char(
        "Developer CS reference",
        tracking=True,
        help="The developer's CS center's number for a complaint they transferred.",
    )
    letter_attachment_ids = fields.Many2many(
        "ir.attachment",
        "helpdesk_ticket_letter_attachment_rel",
        "ticket_id",
        "attachment_id",
        string="Scanned letter",
    )
    requested_remedy = fields.Text(
        "Owner's request", tracking=True, help="The remedy the owner asks for."
    )
    # Classification (4.1)
    complaint_type = fields.Selection(
        [("valid", "Valid"), ("assisted", "Assisted"), ("invalid", "Invalid")],
        "Complaint type",
        tracking=True,
        copy=False,
    )
    complaint_cause = fields.Selection(
        [
            ("service_center", "Service center"),
            ("developer", "Developer"),
            ("surroundings", "Surroundings"),
            ("public_facility", "Public facilities outside remit"),
            ("other", "Other"),
        ],
        "Cause",
        tracking=True,
        copy=False,
    )
    is_collective = fields.Boolean("Collective", tracking=True, copy=False)
    collective_event_id = fields.Many2one(
        "property.complaint.event",
        "Collective event",
        tracking=True,
        copy=False,
        index="btree_not_null",
    )
    co_unit_ids = fields.Many2many(
        "property.unit",
        "helpdesk_ticket_co_unit_rel",
        "ticket_id",
        "unit_id",
        string="Other households",
        help="Households that joined this complaint, e.g. a letter signed by "
        "several owners: each counts for a collective complaint.",
    )
    similar_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        compute="_compute_similar_ticket_ids",
        string="Similar complaints",
        help="Complaints of the same category from other households of the "
        "estate, received within the service center's window: perhaps one event.",
    )
    handling_path = fields.Selection(
        [("quick", "Quick to solve"), ("record_form", "Record form")],
        tracking=True,
        copy=False,
        help="Quick to solve: contact the owner within the first-contact time and "
        "fix it in the agreed time. Otherwise the record form is opened at once.",
    )
    record_form_opened_at = fields.Datetime(readonly=True, copy=False)
    fixed_on_the_spot_at = fields.Datetime(
        "Fixed on the spot at", readonly=True, tracking=True, copy=False
    )
    responsible_post = fields.Char(related="category_id.responsible_post")
    # Handling (4.4)
    supervisor_id = fields.Many2one(
        "res.users",
        compute="_compute_supervisor_id",
        store=True,
        readonly=False,
        tracking=True,
    )
    handling_level = fields.Selection(
        HANDLING_LEVELS,
        # Not required: a NOT NULL column would refuse the tickets created
        # while this addon's code is not loaded yet (the install data and
        # at-install tests of helpdesk addons loaded before it). No level is
        # the handler's.
        default="handler",
        tracking=True,
        copy=False,
        help="Who handles the complaint now: passed up when the handler lacks "
        "authority (4.4.9).",
    )
    contact_ids = fields.One2many(
        "property.complaint.contact",
        "ticket_id",
        "Owner contacts",
        copy=False,
        groups=STAFF,
    )
    agreed_reply_at = fields.Datetime("Agreed reply time", tracking=True, copy=False)
    # Clocks: the procedure's events, when they happened
    triaged_at = fields.Datetime(readonly=True, copy=False)
    supervisor_reached_at = fields.Datetime(readonly=True, copy=False)
    agreed_reply_set_at = fields.Datetime(readonly=True, copy=False)
    collective_at = fields.Datetime("Flagged collective at", readonly=True, copy=False)
    manager_reported_at = fields.Datetime(
        "Reported to the manager at", readonly=True, tracking=True, copy=False
    )
    handling_completed_at = fields.Datetime(readonly=True, copy=False)
    developer_reported_at = fields.Datetime(
        "Result reported to the developer CS at",
        readonly=True,
        tracking=True,
        copy=False,
    )
    resolving_department = fields.Char(
        tracking=True,
        help="The department or outside authority an assisted complaint is "
        "reported to in writing.",
    )
    written_report = fields.Text(copy=False, groups=STAFF)
    written_report_at = fields.Datetime(
        "Written report sent at", readonly=True, tracking=True, copy=False
    )
    developer_forwarded_at = fields.Datetime(readonly=True, tracking=True, copy=False)
    developer_forwarded_by_id = fields.Many2one(
        "res.users", "Forwarded by", readonly=True, copy=False
    )
    developer_result = fields.Text("Developer's result", tracking=True, copy=False)
    result = fields.Text(
        tracking=True, copy=False, help="The result told to the owner."
    )
    # Reply and closure (4.7 to 4.11)
    reply_method = fields.Selection(
        [
            ("home_visit", "Home visit"),
            ("phone", "Phone"),
            ("written", "Written reply"),
            ("oral", "Oral, at the service center"),
        ],
        tracking=True,
        copy=False,
    )
    replied_at = fields.Datetime(tracking=True, copy=False)
    owner_opinion = fields.Text("Owner's opinion", tracking=True, copy=False)
    owner_signature = fields.Binary("Owner's signature", copy=False, attachment=True)
    satisfaction = fields.Selection(
        [
            ("satisfied", "Satisfied"),
            ("basically_satisfied", "Basically satisfied"),
            ("not_satisfied", "Not satisfied"),
        ],
        tracking=True,
        copy=False,
    )
    repeat_of_id = fields.Many2one(
        "helpdesk.ticket",
        "Repeat of",
        tracking=True,
        copy=False,
        index="btree_not_null",
        help="The earlier complaint the owner was not satisfied with (4.11).",
    )
    repeat_ids = fields.One2many("helpdesk.ticket", "repeat_of_id", "Repeats")
    is_repeat = fields.Boolean(
        "Repeat complaint", compute="_compute_is_repeat", store=True
    )
    # Owner's answer on the portal (issue 12, items 3 and 4): the owner's own
    # words and signature, set by the portal's actions only.
    owner_portal_comment = fields.Text(
        "Owner's comment on the portal",
        readonly=True,
        tracking=True,
        copy=False,
        help="What the owner wrote on the portal with their satisfaction; the "
        "owner's opinion above stays the staff's record of it.",
    )
    owner_rated_at = fields.Datetime(
        "Owner rated on the portal at",
        readonly=True,
        tracking=True,
        copy=False,
        help="The owner says once on the portal whether they are satisfied.",
    )
    owner_portal_satisfaction = fields.Selection(
        selection="_selection_satisfaction",
        string="Owner's answer on the portal",
        readonly=True,
        copy=False,
        help="What the owner answered, kept as they said it when staff later "
        "record another satisfaction.",
    )
    owner_signed_at = fields.Datetime(
        "Owner signed at", readonly=True, tracking=True, copy=False
    )
    owner_signed_by = fields.Char(
        "Owner signed as",
        readonly=True,
        tracking=True,
        copy=False,
        help="The name the signer gave, on the portal or on the staff's tablet.",
    )
    # Review (4.12)
    reviewed_by_id = fields.Many2one(
        "res.users",
        "Reviewed by",
        readonly=True,
        tracking=True,
        copy=False,
        groups=STAFF,
    )
    reviewed_at = fields.Datetime(readonly=True, tracking=True, copy=False)
    review_opinion = fields.Text(
        "Supervisor's review", tracking=True, copy=False, groups=STAFF
    )
    signed_off_by_id = fields.Many2one(
        "res.users",
        "Signed off by",
        readonly=True,
        tracking=True,
        copy=False,
        groups=STAFF,
    )
    signed_off_at = fields.Datetime(readonly=True, tracking=True, copy=False)
    sign_off_opinion = fields.Text(
        "Manager's opinion", tracking=True, copy=False, groups=STAFF
    )
    is_locked = fields.Boolean(
        "Locked", compute="_compute_is_locked", help="Signed off: read only."
    )

    # The counter draws each number once; this guards it against a second
    # counter of the month (or a number given by hand by the superuser).
    # Complaints only: helpdesk_mgmt's own tickets may share "/".
    _sql_constraints = [
        (
            "complaint_number_uniq",
            "EXCLUDE (company_id WITH =, number WITH =) WHERE (is_complaint)",
            "Two complaints of a company cannot have the same number.",
        ),
    ]

    @api.depends("team_id.estate_id")
    def _compute_is_complaint(self):
        for ticket in self:
            ticket.is_complaint = bool(ticket.team_id.estate_id)

    @api.depends("unit_id.estate_id", "team_id.estate_id")
    def _compute_estate_id(self):
        for ticket in self:
            ticket.estate_id = ticket.unit_id.estate_id or ticket.team_id.estate_id

    @api.depends("team_id")
    def _compute_supervisor_id(self):
        for ticket in self:
            if ticket.supervisor_id not in ticket.team_id.supervisor_ids:
                ticket.supervisor_id = ticket.team_id._get_default_supervisor()

    @api.depends(
        "estate_id", "category_id", "unit_id", "received_at", "collective_event_id"
    )
    def _compute_similar_ticket_ids(self):
        for ticket in self:
            ticket.similar_ticket_ids = ticket._search_similar_complaints()

    @api.depends("repeat_of_id")
    def _compute_is_repeat(self):
        for ticket in self:
            ticket.is_repeat = bool(ticket.repeat_of_id)

    @api.depends("signed_off_at")
    def _compute_is_locked(self):
        for ticket in self:
            ticket.is_locked = bool(ticket.signed_off_at)

    def _selection_satisfaction(self):
        """The complaint's own scale of satisfaction."""
        return self._fields["satisfaction"]._description_selection(self.env)

    @api.constrains("unit_id", "partner_id")
    def _check_owner_of_unit(self):
        for ticket in self.filtered(lambda t: t.unit_id and t.partner_id):
            owners = ticket.unit_id.owner_ids
            if (
                ticket.partner_id not in owners
                and ticket.partner_id.commercial_partner_id not in owners
            ):
                raise ValidationError(
                    self.env._(
                        "%(owner)s is not an owner of unit %(unit)s. Choose one of "
                        "its owners, or record the owner on the unit first.",
                        owner=ticket.partner_id.display_name,
                        unit=ticket.unit_id.display_name,
                    )
                )

    @api.constrains("unit_id", "team_id")
    def _check_unit_of_estate(self):
        for ticket in self.filtered(lambda t: t.unit_id and t.team_id.estate_id):
            if ticket.unit_id.estate_id != ticket.team_id.estate_id:
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s is not in estate %(estate)s, which service "
                        "center %(team)s runs.",
                        unit=ticket.unit_id.display_name,
                        estate=ticket.team_id.estate_id.display_name,
                        team=ticket.team_id.display_name,
                    )
                )

    @api.constrains("received_at")
    def _check_received_before_contacts(self):
        # Received later than a contact logged on it: one of the two is wrong.
        self.contact_ids._check_recorded_times()

    @api.constrains("collective_event_id", "team_id")
    def _check_event_service_center(self):
        self.collective_event_id._check_one_service_center()

    @api.onchange("unit_id")
    def _onchange_unit_id(self):
        if self.unit_id:
            if self.partner_id not in self.unit_id.owner_ids:
                self.partner_id = False
            self.update(self._prepare_values_from_unit(self.unit_id, self))

    def init(self):
        result = super().init()
        # The desk's screens read their first page in these indexes' order,
        # so it costs the same at a million complaints as at a thousand: the
        # complaint list sorts by the nearest deadline (its default order),
        # the kanban's columns by helpdesk_mgmt's order within a stage.
        create_index(
            self.env.cr,
            "helpdesk_ticket_desk_order_index",
            self._table,
            ["next_due_at", "priority DESC", "id DESC"],
        )
        create_index(
            self.env.cr,
            "helpdesk_ticket_stage_order_index",
            self._table,
            ["stage_id", "priority DESC", "sequence", "number DESC", "id DESC"],
        )
        return result

    @api.model_create_multi
    def create(self, vals_list):
        self._check_number_not_given(vals_list)
        self._prefetch_intake_records(vals_list)
        for vals in vals_list:
            current = self.new(
                {key: vals[key] for key in ("partner_id", "team_id") if key in vals}
            )
            unit = self.env["property.unit"].browse(vals.get("unit_id"))
            if not unit and current.partner_id:
                # Mail and portal complaints come from an owner, not a unit.
                unit = self._get_owner_unit(current.partner_id, current.team_id)
                vals["unit_id"] = unit.id
            if unit:
                vals.update(self._prepare_values_from_unit(unit, current))
        self._number_complaints(vals_list)
        tickets = super().create(vals_list)
        if any(vals.get("owner_signature") for vals in vals_list):
            tickets.filtered("owner_signature")._stamp_owner_signature()
        tickets.filtered(lambda t: t.is_complaint and t.closed)._check_closure()
        tickets._record_clock_events(set().union(*vals_list))
        tickets._sync_clocks()
        tickets.collective_event_id._sync_collective()
        tickets._notify_owner_of_changes({}, set().union(*vals_list))
        return tickets

    def write(self, vals):
        self._check_number_not_given([vals])
        self._check_not_locked(vals)
        if "active" in vals:
            self._check_archive()
        if "team_id" in vals:
            self._check_stays_complaint(vals["team_id"])
        in_event = self.filtered("collective_event_id")
        events = in_event.collective_event_id
        if "owner_signature" in vals:
            signed_before = {ticket: ticket.owner_signature for ticket in self}
        # What the owner was told, read only when a write may change it.
        told_before = (
            self._get_owner_told_values()
            if {"agreed_reply_at", "replied_at"} & set(vals)
            else {}
        )
        result = super().write(vals)
        if "owner_signature" in vals:
            self.filtered(
                lambda t: t.owner_signature != signed_before[t]
            )._stamp_owner_signature()
        if {"collective_event_id", "unit_id", "co_unit_ids"} & set(vals):
            # Linked, unlinked or moved: both events recount their households.
            (events | self.collective_event_id)._sync_collective()
            # Taken out of an event: no longer part of a collective complaint.
            # sudo: the flag's stamp is the server's, not the writer's.
            in_event.filtered(
                lambda t: t.is_collective and not t.collective_event_id
            ).sudo().write({"is_collective": False, "collective_at": False})
        if set(vals) & self._get_clock_fields():
            self._record_clock_events(set(vals))
            self._sync_clocks()
        # Closing, or changing what made a closed complaint closable.
        if set(vals) & self._get_closure_fields():
            self.filtered(lambda t: t.is_complaint and t.closed)._check_closure()
        self._notify_owner_of_changes(told_before, set(vals))
        return result

    def copy(self, default=None):
        # The copy is numbered by create(), like any new complaint.
        return super().copy(dict(default or {}, number="/"))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_complaint(self):
        # No role, not even an administrator or sudo: only uninstalling the
        # addon removes complaints.
        if self.filtered(lambda t: t.is_complaint or t.team_id.estate_id):
            raise UserError(
                self.env._(
                    "Complaints are quality records: they are never deleted. "
                    "Archive the complaint instead."
                )
            )

    def message_post(self, **kwargs):
        self._check_complaint_post_access()
        return super().message_post(**kwargs)

    def _get_mail_thread_data_attachments(self):
        attachments = super()._get_mail_thread_data_attachments()
        if self.env.user._is_internal():
            return attachments
        return attachments - self._get_internal_note_attachments()

    # ------------------------------------------------------------
    # Actions, in the procedure's order
    # ------------------------------------------------------------

    def action_mark_quick(self):
        """Quick to solve (4.3): the owner is contacted and it is fixed in time."""
        self.write({"handling_path": "quick"})

    def action_fixed_on_the_spot(self):
        """Fixed on the spot (4.7.1): the reply to the owner is due from now."""
        self._write_decision(
            {"handling_path": "quick", "fixed_on_the_spot_at": fields.Datetime.now()}
        )

    def action_open_record_form(self):
        """Not quick to solve (4.3): open the record form at once, notify the
        responsible post and report to the supervisor, who tracks it."""
        self._write_decision(
            {
                "handling_path": "record_form",
                "record_form_opened_at": fields.Datetime.now(),
            }
        )
        for ticket in self:
            ticket._notify_responsible_post()
            if ticket.supervisor_id:
                ticket._schedule_complaint_activity(
                    ticket.supervisor_id,
                    lambda env, number=ticket.number: env._(
                        "Track complaint %s: record form opened", number
                    ),
                )

    def action_link_similar(self):
        """Link this complaint and its similar ones into one event: the event
        one of them already belongs to, or a new one (4.1.4)."""
        self.ensure_one()
        return (self | self.similar_ticket_ids)._link_into_event()._get_form_action()

    def action_report_to_manager(self):
        """A collective complaint is reported to the manager at once (4.5.1)."""
        self.filtered(lambda t: not t.manager_reported_at)._write_decision(
            {"manager_reported_at": fields.Datetime.now()}
        )

    def action_send_written_report(self):
        """Assisted complaint (4.4.3): the written report to the resolving
        department, kept on the complaint and in its history."""
        for ticket in self:
            if ticket.complaint_type != "assisted":
                raise UserError(
                    self.env._(
                        "Only an assisted complaint is reported to a resolving "
                        "department."
                    )
                )
            if not ticket.resolving_department or not ticket.written_report:
                raise UserError(
                    self.env._(
                        "Write the report and name the resolving department first."
                    )
                )
            ticket._write_decision({"written_report_at": fields.Datetime.now()})
            ticket.message_post(
                body=self.env._(
                    "Written report sent to %(department)s: %(report)s",
                    department=ticket.resolving_department,
                    report=ticket.written_report,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_forward_to_developer(self):
        """Developer-caused complaint (4.4.5): the supervisor forwards it."""
        self._check_complaint_group("property_complaint.group_complaint_supervisor")
        for ticket in self:
            if ticket.complaint_cause != "developer":
                raise UserError(
                    self.env._(
                        "Complaint %s is not caused by the developer: it is not "
                        "forwarded to them.",
                        ticket.number,
                    )
                )
        self._write_decision(
            {
                "developer_forwarded_at": fields.Datetime.now(),
                "developer_forwarded_by_id": self.env.user.id,
            }
        )

    def action_pass_up(self):
        """The handler lacks authority (4.4.9): the supervisor, then the manager."""
        for ticket in self:
            level, user = ticket._get_next_handling_level()
            if not level:
                raise UserError(
                    self.env._(
                        "Complaint %s is already with the service-center manager. "
                        "What the service center cannot solve goes to the quality "
                        "department.",
                        ticket.number,
                    )
                )
            if not user:
                raise UserError(
                    self.env._(
                        "Service center %s has no one at the next step: set its "
                        "supervisors and manager.",
                        ticket.team_id.display_name,
                    )
                )
            ticket.handling_level = level
            ticket._schedule_complaint_activity(
                user,
                lambda env, number=ticket.number: env._(
                    "Complaint %s passed up to you", number
                ),
            )

    def action_report_to_developer(self):
        """The result of a transferred complaint goes back to the developer's
        CS center within the set time after handling (4.5.3)."""
        for ticket in self:
            if ticket.channel_type != "developer_transfer":
                raise UserError(
                    self.env._(
                        "Complaint %s was not transferred from the developer's CS "
                        "center.",
                        ticket.number,
                    )
                )
        self.filtered(lambda t: not t.developer_reported_at)._write_decision(
            {"developer_reported_at": fields.Datetime.now()}
        )

    def action_reopen_as_repeat(self):
        """An owner unhappy with the handling complains again (4.11): a new
        complaint linked to this one, whose handling the supervisor reviews."""
        self.ensure_one()
        repeat = self._open_repeat()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": repeat.id,
            "view_mode": "form",
        }

    def action_review(self):
        """The supervisor's review of the record form (4.12)."""
        self._check_complaint_group("property_complaint.group_complaint_supervisor")
        for ticket in self:
            if not ticket.review_opinion:
                raise UserError(self.env._("Write the review opinion first."))
        self._write_decision(
            {"reviewed_by_id": self.env.user.id, "reviewed_at": fields.Datetime.now()}
        )

    def action_sign_off(self):
        """The manager signs the record form (4.12); it is locked from then on."""
        self._check_complaint_group("property_complaint.group_complaint_manager")
        for ticket in self:
            if not ticket.reviewed_at:
                raise UserError(
                    self.env._(
                        "Complaint %s has not been reviewed by the supervisor yet.",
                        ticket.number,
                    )
                )
            if not ticket.closed:
                raise UserError(
                    self.env._(
                        "Complaint %s is not closed: sign it off once handled.",
                        ticket.number,
                    )
                )
        self._write_decision(
            {
                "signed_off_by_id": self.env.user.id,
                "signed_off_at": fields.Datetime.now(),
            }
        )

    # ------------------------------------------------------------
    # Intake (4.3): the owner's unit, the complaint's number
    # ------------------------------------------------------------

    @api.model
    def _prepare_values_from_unit(self, unit, ticket):
        """The owner and service center a unit implies, where not chosen yet."""
        values = {}
        if unit.owner_ids and not ticket.partner_id:
            values["partner_id"] = unit.owner_ids[:1].id
        if not ticket.team_id.estate_id and unit.estate_id.team_ids:
            values["team_id"] = unit.estate_id.team_ids[:1].id
        return values

    @api.model
    def _prefetch_intake_records(self, vals_list):
        """Read the batch's units, owners and service centers at once, with
        what intake reads of them: the per-complaint loop of create() then
        finds them in the cache, whatever the batch's size."""
        units = self.env["property.unit"].browse(
            {vals["unit_id"] for vals in vals_list if vals.get("unit_id")}
        )
        # The owners whose unit is looked up: those who name none.
        partners = self.env["res.partner"].browse(
            {
                vals["partner_id"]
                for vals in vals_list
                if vals.get("partner_id") and not vals.get("unit_id")
            }
        )
        teams = self.env["helpdesk.ticket.team"].browse(
            {vals["team_id"] for vals in vals_list if vals.get("team_id")}
        )
        units |= partners._get_owned_units()
        units.mapped("owner_ids.commercial_partner_id")
        (units.estate_id.team_ids | teams).mapped("estate_id")

    @api.model
    def _get_owner_unit(self, partner, team):
        """The owner's unit in the team's estate, when there is just one."""
        units = partner._get_owned_units()
        if team.estate_id:
            units = units.filtered(lambda unit: unit.estate_id == team.estate_id)
        return units if len(units) == 1 else units.browse()

    def _check_stays_complaint(self, team_id):
        """A complaint moves between service centers, never out of them."""
        team = self.env["helpdesk.ticket.team"].browse(team_id)
        if not team.estate_id and self.filtered("is_complaint"):
            raise UserError(
                self.env._(
                    "Complaints %s can only move to another service center: a "
                    "complaint stays a complaint.",
                    ", ".join(self.filtered("is_complaint").mapped("number")),
                )
            )

    def _check_number_not_given(self, vals_list):
        """The number is the server's (TS + month + counter): never given."""
        if not self.env.su and any(
            vals.get("number", "/") != "/" for vals in vals_list
        ):
            raise AccessError(
                self.env._("Complaint numbers are given by the server, not by hand.")
            )

    def _prepare_ticket_number(self, values):
        company = self._get_complaint_number_company(values)
        if not company:
            return super()._prepare_ticket_number(values)
        return self._next_complaint_number(company)

    @api.model
    def _number_complaints(self, vals_list):
        """Number the batch's complaints before helpdesk_mgmt would, one by
        one: per company, one draw of as many numbers as it has complaints."""
        by_company = defaultdict(list)
        for vals in vals_list:
            if vals.get("number", "/") == "/":
                company = self._get_complaint_number_company(vals)
                if company:
                    by_company[company].append(vals)
        for company, company_vals_list in by_company.items():
            numbers = self._next_complaint_numbers(company, len(company_vals_list))
            for vals, number in zip(company_vals_list, numbers, strict=True):
                vals["number"] = number

    def _get_complaint_number_company(self, values):
        """The company whose complaint counter numbers a ticket of `values`;
        none when it is no complaint (helpdesk_mgmt numbers it)."""
        # A copy keeps its original's team, which helpdesk_mgmt leaves out.
        team = (
            self.env["helpdesk.ticket.team"].browse(values.get("team_id"))
            or self.team_id
        )
        if not team.estate_id:
            return self.env["res.company"]
        return (
            self.env["res.company"].browse(values.get("company_id"))
            or team.company_id
            or self.env.company
        )

    @api.model
    def _next_complaint_number(self, company):
        """TS + year + month + a counter per company and month (TS2026110001)."""
        return self._next_complaint_numbers(company, 1)[0]

    @api.model
    def _next_complaint_numbers(self, company, count):
        """`count` complaint numbers of `company`, in order."""
        sequence = self._get_complaint_sequence(company)
        today = fields.Date.context_today(self)
        month = self._ensure_monthly_range(sequence, today)
        sequence = sequence.with_context(
            ir_sequence_date=today, ir_sequence_date_range=month.date_from
        )
        if sequence.implementation != "standard":
            # A no-gap counter is one row updated per number, as ir.sequence does.
            return [sequence.next_by_id() for _index in range(count)]
        # The month's PostgreSQL sequence that ir.sequence draws from (named
        # as it names it), drawn `count` times in one query.
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            [f"ir_sequence_{sequence.id:03d}_{month.id:03d}", count],
        )
        counters = sorted(counter for (counter,) in self.env.cr.fetchall())
        # The prefix once, not per number: what get_next_char() writes.
        prefix, suffix = sequence._get_prefix_suffix()
        return [
            f"{prefix}{counter:0{sequence.padding}d}{suffix}" for counter in counters
        ]

    @api.model
    def _get_complaint_sequence(self, company):
        # The numbering is not the desk user's to see or change: sudo.
        sequences = self.env["ir.sequence"].sudo()
        sequence = sequences.search(
            [("code", "=", COMPLAINT_SEQUENCE_CODE), ("company_id", "=", company.id)],
            limit=1,
        )
        if not sequence:
            # sudo: as above, the numbering is the server's.
            template = self.env.ref("property_complaint.sequence_complaint").sudo()
            # The company's first complaints, in two workers: one copy.
            self._lock_complaint_sequence(template)
            sequence = template.copy({"company_id": company.id})
        return sequence

    @api.model
    def _ensure_monthly_range(self, sequence, day):
        """The numbering range of `day`'s month, made by the first complaint
        of the month."""
        first = day.replace(day=1)
        # sudo: the month's numbering range is the server's, not the desk's.
        ranges = self.env["ir.sequence.date_range"].sudo()
        month = ranges.search(
            [
                ("sequence_id", "=", sequence.id),
                ("date_from", "<=", day),
                ("date_to", ">=", day),
            ],
            limit=1,
        )
        if not month:
            self._lock_complaint_sequence(sequence)
            month = ranges.create(
                {
                    "sequence_id": sequence.id,
                    "date_from": first,
                    "date_to": first + relativedelta(months=1) - timedelta(days=1),
                }
            )
        return month

    @api.model
    def _lock_complaint_sequence(self, sequence):
        """Make what is created from `sequence` one worker's: two workers at
        the start of a month may both find no range for it (or, at a
        company's first complaints, no sequence). The first one's update
        holds the sequence's row until it commits; the other waits for it,
        then fails with a serialization error (its snapshot predates what
        the first made), which Odoo retries in a transaction that sees it.
        An update, not a row lock: only a concurrent update fails a
        repeatable-read transaction, a lock alone would let it make a second
        counter."""
        self.env.cr.execute(
            "UPDATE ir_sequence SET write_date = write_date WHERE id = %s",
            [sequence.id],
        )

    # ------------------------------------------------------------
    # Classification (4.1) and collective complaints (4.5.1)
    # ------------------------------------------------------------

    def _link_into_event(self):
        """These complaints into one event: the one some already belong to, or
        a new one made from the earliest."""
        event = self.collective_event_id[:1] or self.env[
            "property.complaint.event"
        ].create(self.sorted("received_at")[:1]._prepare_event_values())
        self.filtered(lambda t: not t.collective_event_id).write(
            {"collective_event_id": event.id}
        )
        return event

    def _prepare_event_values(self):
        self.ensure_one()
        return {
            "name": self.name,
            "team_id": self.team_id.id,
            "category_id": self.category_id.id,
            "description": self.description,
        }

    def _get_similar_complaints_domain(self):
        """Same estate and category, another household, received within the
        service center's window either side, not yet in another event."""
        self.ensure_one()
        window = timedelta(hours=self.team_id.collective_window_hours)
        received = self.received_at or fields.Datetime.now()
        domain = [
            ("is_complaint", "=", True),
            ("estate_id", "=", self.estate_id.id),
            ("category_id", "=", self.category_id.id),
            ("unit_id", "!=", False),
            ("unit_id", "!=", self.unit_id.id),
            ("received_at", ">=", received - window),
            ("received_at", "<=", received + window),
            ("closed", "=", False),
        ]
        if self.collective_event_id:
            domain.append(("collective_event_id", "!=", self.collective_event_id.id))
        if isinstance(self.id, int):
            domain.append(("id", "!=", self.id))
        return domain

    def _search_similar_complaints(self):
        self.ensure_one()
        if not (self.is_complaint and self.estate_id and self.category_id):
            return self.browse()
        return self.search(self._get_similar_complaints_domain())

    @api.model
    def _find_collective_clusters(self, team):
        """Open complaints of the service center not in an event, grouped by
        category, that come from several households within the window: the
        suggested clusters, largest first."""
        window = timedelta(hours=team.collective_window_hours)
        since = fields.Datetime.now() - window
        tickets = self.search(
            [
                ("team_id", "=", team.id),
                ("collective_event_id", "=", False),
                ("category_id", "!=", False),
                ("unit_id", "!=", False),
                ("closed", "=", False),
                ("received_at", ">=", since),
            ]
        )
        clusters = [
            group
            for group in tickets.grouped("category_id").values()
            if len(group.unit_id | group.co_unit_ids) > 1
        ]
        return sorted(clusters, key=lambda group: -len(group.unit_id))

    def _on_collective_flagged(self):
        """Automation: a complaint flagged collective is reported to the manager
        at once (4.5.1); the report-to-manager clock runs from now."""
        flagged = self.filtered(lambda t: t.is_collective and not t.collective_at)
        # sudo: the stamp is the server's, whoever flagged the complaint.
        flagged.sudo().write({"collective_at": fields.Datetime.now()})
        # An event tells its manager itself, once for all its households.
        for ticket in flagged.filtered(
            lambda t: t.team_id.manager_id and not t.collective_event_id
        ):
            ticket._schedule_complaint_activity(
                ticket.team_id.manager_id,
                lambda env, number=ticket.number: env._(
                    "Collective complaint %s: look into it now", number
                ),
            )

    # ------------------------------------------------------------
    # Handling (4.4): the responsible post, passing up, activities
    # ------------------------------------------------------------

    def _notify_responsible_post(self):
        """Tell the staff of the complaint's category (its responsible post)."""
        self.ensure_one()
        users = self.category_id.responsible_user_ids
        if users:
            self.message_subscribe(partner_ids=users.partner_id.ids)
            for user in users:
                self._schedule_complaint_activity(
                    user,
                    lambda env: env._(
                        "Handle complaint %(number)s (%(post)s)",
                        number=self.number,
                        post=self.responsible_post
                        or self.category_id.with_env(env).name,
                    ),
                )

    def _get_next_handling_level(self):
        """The next step of 4.4.9 and the person there, or (False, False):
        within the service center, the ladder's steps above the handler."""
        self.ensure_one()
        levels = [level for level, _label in HANDLING_LEVELS]
        index = levels.index(self.handling_level or "handler") + 1
        if index == len(levels):
            return False, False
        return levels[index], self._get_escalation_users(levels[index])[:1]

    def _schedule_complaint_activity(self, user, summary):
        self.env["mail.activity"].create(
            self._prepare_complaint_activity_values(user, summary)
        )

    def _prepare_complaint_activity_values(self, user, summary):
        """A to-do for `user` on this complaint, due today, its summary in the
        user's language: `summary(env)` writes it in that env's language."""
        self.ensure_one()
        reader_env = self.with_context(lang=user.lang or self.env.lang).env
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "user_id": user.id,
            "summary": summary(reader_env),
            "date_deadline": fields.Date.context_today(self),
        }

    def _on_handling_complete(self):
        """Automation: handling is complete; a transferred complaint's result is
        due to the developer's CS center from now (4.5.3)."""
        # sudo: the stamp is the server's, whoever completed the handling.
        self.filtered(lambda t: not t.handling_completed_at).sudo().write(
            {"handling_completed_at": fields.Datetime.now()}
        )

    # ------------------------------------------------------------
    # The clocks: recorded times, the events they start from, the ladder
    # ------------------------------------------------------------

    def _get_recorded_time_fields(self):
        return [
            "received_at",
            "fixed_on_the_spot_at",
            "manager_reported_at",
            "written_report_at",
            "developer_forwarded_at",
            "replied_at",
            "developer_reported_at",
        ]

    def _get_agreed_time_fields(self):
        return ["agreed_reply_at"]

    def _get_recorded_time_complaints(self):
        self.ensure_one()
        return self

    def _format_in_team_tz(self, moment):
        """`moment` (UTC) as the complaint's service center lives it."""
        self.ensure_one()
        return self.team_id._format_moment(moment)

    def _get_clock_trigger_fields(self):
        # Passing it up is what stamps the moment it reaches the supervisor.
        return super()._get_clock_trigger_fields() | {"handling_level"}

    def _get_clocked_documents(self):
        return self.filtered("is_complaint")

    def _record_clock_events(self, changed):
        """Stamp the events the clocks start from, the first time they happen."""
        now = fields.Datetime.now()
        # One write per set of stamps, not per complaint: a batch shares them.
        stamped = defaultdict(list)
        for ticket in self:
            values = {}
            if "complaint_type" in changed and ticket.complaint_type:
                values["triaged_at"] = ticket.triaged_at or now
            if "handling_level" in changed and ticket.handling_level != "handler":
                values["supervisor_reached_at"] = ticket.supervisor_reached_at or now
            if "agreed_reply_at" in changed:
                values["agreed_reply_set_at"] = ticket.agreed_reply_at and now
            # What it already says needs no write (a batch's complaints
            # without an agreed time have none to clear).
            values = {
                name: value for name, value in values.items() if ticket[name] != value
            }
            if values:
                stamped[frozendict(values)].append(ticket.id)
        for values, ticket_ids in stamped.items():
            # sudo: the stamps are the server's record of when it happened.
            self.browse(ticket_ids).sudo().write(dict(values))

    def _get_escalation_users(self, role):
        """Who is at this step of the ladder: handles the complaint passed up
        to it, or gets the activity of a breach."""
        self.ensure_one()
        if role == "handler":
            return self.user_id
        if role == "supervisor":
            return self.supervisor_id or self.team_id.supervisor_ids
        if role == "manager":
            return self.team_id.manager_id
        if role == "quality":
            return self.env.ref("property_complaint.group_complaint_quality").users
        return self.env["res.users"]

    def _get_escalation_partners(self, role):
        """Outside parties told at this step: the developer's CS center, for
        developer causes, beside the quality department (4.5.2)."""
        self.ensure_one()
        if role == "quality" and self.complaint_cause == "developer":
            return self.team_id.developer_cs_partner_id
        return self.env["res.partner"]

    # ------------------------------------------------------------
    # Reply and closure (4.7 to 4.11): the closure rules, repeat complaints
    # ------------------------------------------------------------

    def _get_closure_errors(self):
        """Why this complaint cannot be closed yet (4.4.7, 4.7.3, 4.8)."""
        self.ensure_one()
        errors = []
        if not self.complaint_type:
            errors.append(self.env._("The complaint type is not set."))
        if not self.reply_method or not self.replied_at:
            errors.append(
                self.env._("The reply to the owner (how and when) is not recorded.")
            )
        if self.is_collective and self.reply_method != "home_visit":
            errors.append(
                self.env._("A collective complaint must be replied to by home visit.")
            )
        if (
            self.collective_event_id.is_collective
            and not self.collective_event_id._get_visit(self).signature
        ):
            errors.append(
                self.env._(
                    "The home visit to this household, signed by the owner, is not "
                    "recorded on collective event %s.",
                    self.collective_event_id.name,
                )
            )
        if self.channel_type == "letter" and not self.letter_attachment_ids:
            errors.append(self.env._("Attach the scanned letter of the complaint."))
        if self.channel_type == "letter" and self.reply_method != "written":
            errors.append(self.env._("A written complaint must get a written reply."))
        if self.reply_method == "home_visit" and not self.owner_signature:
            errors.append(
                self.env._("A home visit needs the owner's signature on the form.")
            )
        if not self.satisfaction:
            errors.append(self.env._("The owner's satisfaction is not recorded."))
        elif self.satisfaction == "not_satisfied":
            errors.append(
                self.env._(
                    "The owner is not satisfied: the complaint is not over until "
                    "the owner is satisfied."
                )
            )
        return errors

    def _get_closure_fields(self):
        """The fields the closure rules read: changing one re-checks them."""
        return {
            "stage_id",
            "complaint_type",
            "reply_method",
            "replied_at",
            "is_collective",
            "channel_id",
            "letter_attachment_ids",
            "owner_signature",
            "satisfaction",
            "collective_event_id",
        }

    def _check_closure(self):
        for ticket in self:
            errors = ticket._get_closure_errors()
            if errors:
                raise UserError(
                    self.env._(
                        "Complaint %(number)s cannot be closed:\n%(errors)s",
                        number=ticket.number,
                        errors="\n".join(f"- {error}" for error in errors),
                    )
                )

    def _open_repeat(self, values=None):
        """The repeat complaint of this one (4.11), `values` over the usual
        ones; its supervisor gets the earlier handling to review."""
        self.ensure_one()
        repeat = self.create(dict(self._prepare_repeat_values(), **(values or {})))
        if repeat.supervisor_id:
            repeat._schedule_complaint_activity(
                repeat.supervisor_id,
                lambda env: env._(
                    "Repeat complaint: review the handling of %s", self.number
                ),
            )
        return repeat

    def _prepare_repeat_values(self):
        self.ensure_one()
        return {
            "name": self.env._("Repeat: %s", self.name),
            "description": self.description,
            "team_id": self.team_id.id,
            "unit_id": self.unit_id.id,
            "partner_id": self.partner_id.id,
            "category_id": self.category_id.id,
            "channel_id": self.channel_id.id,
            "complaint_type": self.complaint_type,
            "complaint_cause": self.complaint_cause,
            "repeat_of_id": self.id,
        }

    # ------------------------------------------------------------
    # Review and the signed-off record (4.12): the lock, who may write
    # ------------------------------------------------------------

    def _get_fields_writable_when_locked(self):
        """Fields that may change on a signed-off record form: its chatter.
        The superuser itself (maintenance, helpdesk_mgmt's own tests), not a
        user's sudo(), may still archive it."""
        names = {"message_main_attachment_id", "access_token"}
        if self.env.su and self.env.uid == SUPERUSER_ID:
            names.add("active")
        return names

    def _check_not_locked(self, vals):
        if set(vals) - self._get_fields_writable_when_locked():
            self._check_form_not_locked()

    def _check_form_not_locked(self):
        """Refuse any change to these record forms, or to what belongs to
        them (contact log, visits, letter, signature), once signed off.
        The anonymisation of personal data (PIPL) passes on purpose: the form
        stays signed off, with its owner's identity and files taken out."""
        if self._is_anonymising():
            return
        locked = self.filtered("is_locked")
        if locked:
            raise UserError(
                self.env._(
                    "The record form of %s is signed off by the manager: it can no "
                    "longer be changed.",
                    ", ".join(locked.mapped("number")),
                )
            )

    def _check_archive(self):
        """Archiving or restoring a complaint is the manager's tracked action
        (a signed-off form's archive state is frozen with the rest of it)."""
        if self.filtered("is_complaint") and not self.env.su:
            self._check_complaint_group("property_complaint.group_complaint_manager")

    def _check_complaint_post_access(self):
        """helpdesk_mgmt lets whoever reads a ticket post on it (owners on the
        portal, the responsible post following it); the quality department
        reads every complaint but adds nothing to its record."""
        if self.env.su or not self.filtered("is_complaint"):
            return
        if self.env.user.has_group(
            "property_complaint.group_complaint_quality"
        ) and not self.has_access("write"):
            raise AccessError(
                self.env._(
                    "The quality department reads complaints; it does not "
                    "write in their history."
                )
            )

    def _check_complaint_group(self, group_xmlid):
        if not self.env.user.has_group(group_xmlid):
            # sudo: the group's name, for the message, is not every user's to read.
            group = self.env.ref(group_xmlid)
            raise AccessError(
                self.env._("Only %s may do this.", group.sudo().full_name)
            )
