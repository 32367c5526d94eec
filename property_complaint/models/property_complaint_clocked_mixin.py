from typing import NamedTuple

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression

# The clocks are part of the record form's internal side.
STAFF = "base.group_user"


class ClockEvent(NamedTuple):
    """A moment of the procedure that starts or stops a clock."""

    label: str
    # "start" or "stop": which of a policy's two events it can be.
    role: str
    # The document's fields it reads; it happened at the value of the last,
    # once every one of them is set. `getter` reads it otherwise.
    fields: tuple
    getter: str = ""


# Each procedure event, in the procedure's order, and what it reads on the
# complaint. The policies' start and stop choices and the fields whose change
# re-syncs the clocks come from here.
CLOCK_EVENTS = {
    "received": ClockEvent(
        "Complaint received",
        "start",
        ("received_at", "create_date"),
        "_get_received_event_at",
    ),
    "classified": ClockEvent(
        "Complaint type set", "stop", ("complaint_type", "triaged_at")
    ),
    "owner_contacted": ClockEvent(
        "Owner contacted",
        "stop",
        ("contact_ids.contacted_at", "replied_at"),
        "_get_owner_contacted_event_at",
    ),
    "fixed_on_the_spot": ClockEvent(
        "Fixed on the spot", "start", ("fixed_on_the_spot_at",)
    ),
    "reached_supervisor": ClockEvent(
        "Reaches the supervisor", "start", ("supervisor_reached_at",)
    ),
    "agreed_time_set": ClockEvent(
        "Agreed reply time set", "start", ("agreed_reply_at", "agreed_reply_set_at")
    ),
    "reply_given": ClockEvent("Reply given", "stop", ("replied_at",)),
    "collective_flagged": ClockEvent("Flagged collective", "start", ("collective_at",)),
    "manager_reported": ClockEvent(
        "Reported to the manager", "stop", ("manager_reported_at",)
    ),
    "handling_complete": ClockEvent(
        "Handling complete", "start", ("handling_completed_at",)
    ),
    "developer_reported": ClockEvent(
        "Result reported to the developer CS", "stop", ("developer_reported_at",)
    ),
}
START_EVENTS = [(key, e.label) for key, e in CLOCK_EVENTS.items() if e.role == "start"]
STOP_EVENTS = [(key, e.label) for key, e in CLOCK_EVENTS.items() if e.role == "stop"]


class PropertyComplaintClockedMixin(models.AbstractModel):
    """A document the procedure's clocks run on: its clocks, its next
    deadline, and the sync that tells the clocks what happened on it.

    The document says when each procedure event happened (`CLOCK_EVENTS`);
    the policies say which clocks run; each clock decides its own transitions
    (`property.complaint.clock._get_transition`). The clocks point at their
    document through `ticket_id`.
    """

    _name = "property.complaint.clocked.mixin"
    _description = "Document with procedure clocks"

    clock_ids = fields.One2many(
        "property.complaint.clock", "ticket_id", "Clocks", copy=False, groups=STAFF
    )
    next_due_at = fields.Datetime(
        "Next deadline",
        compute="_compute_next_due_at",
        store=True,
        index="btree_not_null",
        groups=STAFF,
        help="The earliest due time of the complaint's open clocks.",
    )
    next_due_left = fields.Char(
        "Time left",
        compute="_compute_is_overdue",
        groups=STAFF,
        help="How long is left until the next deadline, or how late it is.",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        groups=STAFF,
        help="One of its clocks is open past its due time.",
    )

    @api.depends("clock_ids.due_at", "clock_ids.done_at", "clock_ids.state")
    def _compute_next_due_at(self):
        for document in self:
            document.next_due_at = min(
                document.clock_ids.filtered("is_open").mapped("due_at"), default=False
            )

    @api.depends("next_due_at")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        Clock = self.env["property.complaint.clock"]
        for document in self:
            document.is_overdue = bool(
                document.next_due_at and document.next_due_at < now
            )
            document.next_due_left = Clock._format_time_left(document.next_due_at, now)

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue."))
        domain = [("next_due_at", "<", fields.Datetime.now())]
        return domain if (operator == "=") == value else ["!", *domain]

    # ------------------------------------------------------------ events
    def _get_clock_event_at(self, event):
        """When the procedure's `event` happened on this document, or False."""
        self.ensure_one()
        definition = CLOCK_EVENTS[event]
        if definition.getter:
            return getattr(self, definition.getter)()
        values = [self[name] for name in definition.fields]
        return all(values) and values[-1]

    def _get_received_event_at(self):
        # Recorded reception; a complaint without one counts from its creation.
        return self.received_at or self.create_date

    def _get_owner_contacted_event_at(self):
        # A reply is a contact too, if none was logged before it.
        return min(
            filter(None, [*self.contact_ids.mapped("contacted_at"), self.replied_at]),
            default=False,
        )

    def _record_clock_events(self, changed):
        """Stamp the events the clocks start from, as `changed` fields make
        them happen. Documents with stamps of their own override it."""

    def _get_clock_fields(self):
        """The fields whose change may start, stop, cancel or move a clock:
        what the procedure events read, what the policies' filters read (an
        administrator's filter on the category re-syncs on a new category),
        and what decides where a policy applies and when it falls due."""
        return self._get_clock_fields_cached()

    @tools.ormcache()
    def _get_clock_fields_cached(self):
        names = set(self._get_clock_trigger_fields())
        for event in CLOCK_EVENTS.values():
            names.update(path.split(".")[0] for path in event.fields)
        # sudo: the policies of every company; a field any of them reads.
        policies = (
            self.env["property.complaint.clock.policy"]
            .sudo()
            .with_context(active_test=False)
            .search([("ticket_domain", "not in", [False, "[]"])])
        )
        for policy in policies:
            names.update(self._get_domain_fields(policy._get_ticket_domain()))
        return frozenset(names)

    def _get_clock_trigger_fields(self):
        """Fields that move clocks without being an event: where a policy
        applies (company, estate) and what its due time reads (the service
        center's time zone, the agreed time)."""
        return {"company_id", "team_id", "unit_id", "agreed_reply_at"}

    def _get_domain_fields(self, domain):
        """The document's own fields a domain reads, with the fields the
        stored computations among them depend on (a filter on the channel
        type changes with the channel)."""
        names = set()
        for leaf in domain:
            if expression.is_leaf(leaf) and not expression.is_boolean(leaf):
                names.add(str(leaf[0]).split(".")[0])
        todo = list(names)
        while todo:
            field = self._fields.get(todo.pop())
            if not field or not (field.compute or field.related):
                continue
            for dependency in self.pool.field_depends[field]:
                name = dependency.split(".")[0]
                if name not in names:
                    names.add(name)
                    todo.append(name)
        return names - {"id"}

    # ------------------------------------------------------------ sync
    def _sync_clocks(self):
        """Tell the clocks what happened on the documents, as they are now.

        The document says what happened (stopped, no longer applies, start
        or due moved); the clock decides what that does to it
        (`_get_transition`) and whether a new one starts (`_may_start`).
        """
        documents = self._get_clocked_documents()
        if not documents:
            return
        # sudo: the policies are configuration the server applies; staff of a
        # company may not read another company's shared ones, yet they apply.
        policies = (
            self.env["property.complaint.clock.policy"]
            .sudo()
            .search(documents._get_clock_policy_domain())
        )
        to_create = []
        for policy in policies:
            applicable = policy._applies_to(documents)
            for document in documents:
                to_create += document._sync_policy_clock(policy, document in applicable)
        if to_create:
            # Clocks are kept by the server: staff read them, never set them.
            self.env["property.complaint.clock"].sudo().create(to_create)

    def _get_clocked_documents(self):
        """The documents among these the procedure's clocks run on."""
        return self

    def _sync_policy_clock(self, policy, applies):
        """Pass this document's events to its clock of `policy`: a list with
        the values of a clock to start, if one starts."""
        self.ensure_one()
        Clock = self.env["property.complaint.clock"]
        # sudo: the clocks are the server's; the user need not read them all.
        clocks = self.sudo().clock_ids.filtered(lambda c: c.policy_id == policy)
        open_clock = clocks.filtered("is_open")
        started_at = self._get_clock_event_at(policy.start_event)
        stopped_at = self._get_clock_event_at(policy.stop_event)
        # A stop wins over a change of class: a triage clock is met (or
        # breached), not cancelled, when the type gets set.
        if stopped_at:
            open_clock._decide("stop", stopped_at)
            return []
        if not (applies and started_at):
            open_clock._decide("cancel")
            return []
        if open_clock and (
            open_clock.started_at != started_at
            or open_clock.due_at != policy._compute_due_at(self, started_at)
        ):
            open_clock._decide("retime")
        if Clock._may_start(policy, started_at, clocks):
            return [self._prepare_clock_values(policy, started_at)]
        return []

    def _get_clock_policy_domain(self):
        """The policies that may run clocks on these documents."""
        return [("company_id", "in", [False, *self.company_id.ids])]

    def _prepare_clock_values(self, policy, started_at):
        self.ensure_one()
        due_at = policy._compute_due_at(self, started_at)
        return {
            "ticket_id": self.id,
            "policy_id": policy.id,
            "kind": policy.kind,
            "started_at": started_at,
            "due_at": due_at,
            "warning_at": policy._compute_warning_at(started_at, due_at),
        }
