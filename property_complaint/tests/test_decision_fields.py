"""The procedure's decisions are made only by their actions (issue: trust).

The ORM does not enforce ``readonly``: each field below is written here with a
plain ``write()`` and ``create()``, as every staff role would over the external
API, and must be refused without changing anything. The actions that own the
fields still set them.
"""

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PropertyComplaintCase

MOMENT = "2026-11-01 08:00:00"

# Field of a complaint -> a value a caller might try to force on it.
TICKET_DECISIONS = {
    "reviewed_by_id": "user",
    "reviewed_at": MOMENT,
    "signed_off_by_id": "user",
    "signed_off_at": MOMENT,
    "triaged_at": MOMENT,
    "supervisor_reached_at": MOMENT,
    "agreed_reply_set_at": MOMENT,
    "collective_at": MOMENT,
    "handling_completed_at": MOMENT,
    "manager_reported_at": MOMENT,
    "developer_reported_at": MOMENT,
    "record_form_opened_at": MOMENT,
    "fixed_on_the_spot_at": MOMENT,
    "written_report_at": MOMENT,
    "developer_forwarded_at": MOMENT,
    "developer_forwarded_by_id": "user",
    # The server's own computations.
    "is_complaint": False,
    "estate_id": "other_estate",
    "building_id": "other_building",
    "channel_type": "portal",
    "next_due_at": MOMENT,
    "is_repeat": True,
    "number": "TS2000010001",
}
EVENT_DECISIONS = {
    "is_collective": True,
    "collective_since": MOMENT,
    "manager_told_at": MOMENT,
    "manager_reported_at": MOMENT,
    "decided_by_id": "user",
    "decided_at": MOMENT,
    "replied_at": MOMENT,
    "report_signed_by_id": "user",
    "report_signed_at": MOMENT,
    "household_count": 9,
    "ticket_count": 9,
    "estate_id": "other_estate",
}
REFUSED = "never written directly|not by hand"
STAFF_ROLES = ("front_desk", "assistant", "supervisor", "manager", "administrator")


@tagged("post_install", "-at_install")
class TestDecisionFields(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_complaint(cls.front_desk)
        cls.event = cls.env["property.complaint.event"].create(
            {"name": "Water cut in block 2", "team_id": cls.center_sunny.id}
        )

    def _value(self, raw, user):
        return {
            "user": user.id,
            "other_estate": self.estate_lake.id,
            "other_building": self.building_lake.id,
        }.get(raw, raw)

    def _assert_write_refused(self, record, field_values, free_field):
        writers = [getattr(self, role) for role in STAFF_ROLES]
        writers = [
            user for user in writers if record.with_user(user).has_access("write")
        ]
        # The refusals below are the guard's, not a lack of rights on the record.
        self.assertGreaterEqual(len(writers), 4)
        for user in writers:
            record.with_user(user).write({free_field: f"Noted by {user.login}"})
            role = user.login
            for name, raw in field_values.items():
                with self.subTest(role=role, model=record._name, field=name):
                    before = record[name]
                    with self.assertRefused(AccessError, REFUSED):
                        record.with_user(user).write({name: self._value(raw, user)})
                    record.invalidate_recordset([name])
                    self.assertEqual(record[name], before)

    def test_decision_fields_are_guarded(self):
        """Every field of the issue's list is among the guarded ones."""
        guarded = self.env["helpdesk.ticket"]._get_decision_fields()
        self.assertLessEqual(set(TICKET_DECISIONS) - {"number"}, guarded)
        event_guarded = self.env["property.complaint.event"]._get_decision_fields()
        self.assertLessEqual(set(EVENT_DECISIONS), event_guarded)

    def test_ticket_decisions_refuse_write(self):
        self._assert_write_refused(self.ticket, TICKET_DECISIONS, "result")

    def test_event_decisions_refuse_write(self):
        self._assert_write_refused(self.event, EVENT_DECISIONS, "handling")

    def test_ticket_decisions_refuse_create(self):
        Ticket = self.env["helpdesk.ticket"]
        count = Ticket.search_count([])
        for name, raw in TICKET_DECISIONS.items():
            with self.subTest(field=name):
                with self.assertRefused(AccessError, REFUSED):
                    self._create_complaint(
                        self.front_desk, **{name: self._value(raw, self.front_desk)}
                    )
        self.assertEqual(Ticket.search_count([]), count)

    def test_event_decisions_refuse_create(self):
        Event = self.env["property.complaint.event"]
        for name, raw in EVENT_DECISIONS.items():
            with self.subTest(field=name):
                with self.assertRefused(AccessError, "never written directly"):
                    Event.with_user(self.front_desk).create(
                        {
                            "name": "Lift stopped",
                            "team_id": self.center_sunny.id,
                            name: self._value(raw, self.front_desk),
                        }
                    )
        self.assertFalse(Event.search([("name", "=", "Lift stopped")]))

    def test_forged_review_and_sign_off(self):
        """The hole: a front desk's plain write showed a review and a sign-off
        nobody gave, and locked the form for good."""
        with self.assertRefused(AccessError, "never written directly"):
            self.ticket.with_user(self.front_desk).write(
                {
                    "reviewed_by_id": self.supervisor.id,
                    "reviewed_at": fields.Datetime.now(),
                    "signed_off_by_id": self.manager.id,
                    "signed_off_at": fields.Datetime.now(),
                }
            )
        self.assertFalse(self.ticket.reviewed_at)
        self.assertFalse(self.ticket.is_locked)
        # The ticket stays editable.
        self.ticket.with_user(self.front_desk).write({"result": "Being handled."})
        self.assertEqual(self.ticket.result, "Being handled.")

    def test_actions_still_record_their_decisions(self):
        self._sign_off(self.ticket)
        self.assertEqual(self.ticket.reviewed_by_id, self.supervisor)
        self.assertEqual(self.ticket.signed_off_by_id, self.manager)
        self.assertTrue(self.ticket.is_locked)
        tracked = self._tracked_field_names(self.ticket)
        self.assertLessEqual(
            {"reviewed_by_id", "reviewed_at", "signed_off_by_id", "signed_off_at"},
            tracked,
        )

    def test_action_needs_write_access(self):
        """The action's own write is not a way round the user's rights: the
        quality department may not record a report to the manager."""
        ticket = self._create_complaint(self.front_desk, is_collective=True)
        with self.assertRaises(AccessError):
            ticket.with_user(self.quality).action_report_to_manager()
        self.assertFalse(ticket.manager_reported_at)

    def test_copy_is_numbered_by_the_server(self):
        copy = self.ticket.with_user(self.assistant).copy()
        self.assertRegex(copy.number, r"^TS\d{10}$")
        self.assertNotEqual(copy.number, self.ticket.number)
        forced = self.ticket.with_user(self.assistant).copy({"number": "TS2000010001"})
        self.assertRegex(forced.number, r"^TS\d{10}$")
        self.assertNotEqual(forced.number, "TS2000010001")
