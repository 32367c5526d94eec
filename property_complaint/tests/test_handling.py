"""Handling (4.4): contact log, written report, developer, passing up."""

from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import NOW, PropertyComplaintCase

# The complaints are received before the times the tests record on them.
RECEIVED = "2026-11-05 08:00:00"


@tagged("post_install", "-at_install")
class TestContactLog(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(RECEIVED):
            cls.ticket = cls._create_complaint(cls.front_desk)

    def _log_contact(self, **values):
        return (
            self.env["property.complaint.contact"]
            .with_user(self.assistant)
            .create(
                {
                    "ticket_id": self.ticket.id,
                    "method": "phone",
                    "summary": "Plumber comes tomorrow morning.",
                    **values,
                }
            )
        )

    @freeze_time(NOW)
    def test_contact_logged_in_chatter(self):
        contact = self._log_contact()
        self.assertEqual(contact.user_id, self.assistant)
        self.assertEqual(contact.contacted_at, datetime(2026, 11, 5, 10))
        note = self.ticket.message_ids.filtered(
            lambda message: "Plumber comes tomorrow morning." in message.body
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(note.author_id, self.assistant.partner_id)
        self.assertIn("Owner contacted (Phone) by CS Assistant", note.body)
        self.assertFalse(self.ticket.agreed_reply_at)

    def test_agreed_reply_time_set_on_complaint(self):
        self._log_contact(agreed_reply_at="2026-11-06 09:00:00")
        self.assertEqual(self.ticket.agreed_reply_at, datetime(2026, 11, 6, 9))
        self._log_contact(
            method="home_visit",
            summary="Parts are late: agreed a new time.",
            agreed_reply_at="2026-11-07 09:00:00",
        )
        self.assertEqual(self.ticket.agreed_reply_at, datetime(2026, 11, 7, 9))
        self.assertEqual(len(self.ticket.contact_ids), 2)

    @freeze_time(NOW)
    def test_overdue(self):
        self._log_contact(agreed_reply_at="2026-11-05 09:00:00")
        self.assertTrue(self.ticket.is_overdue)
        overdue = self.env["helpdesk.ticket"].search([("is_overdue", "=", True)])
        self.assertIn(self.ticket, overdue)
        self._log_contact(agreed_reply_at="2026-11-05 12:00:00")
        self.ticket.invalidate_recordset(["is_overdue"])
        self.assertFalse(self.ticket.is_overdue)


@tagged("post_install", "-at_install")
class TestWrittenReport(PropertyComplaintCase):
    """Assisted complaints are reported in writing to the resolving department."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(RECEIVED):
            cls.ticket = cls._create_complaint(
                cls.front_desk,
                complaint_type="assisted",
                complaint_cause="public_facility",
                resolving_department="City water company",
                written_report="The main water pipe in the street leaks.",
            )

    @freeze_time(NOW)
    def test_send_written_report(self):
        self.ticket.with_user(self.assistant).action_send_written_report()
        self.assertEqual(self.ticket.written_report_at, datetime(2026, 11, 5, 10))
        note = self.ticket.message_ids.filtered(
            lambda message: "Written report sent to City water company" in message.body
        )
        self.assertEqual(len(note), 1)
        self.assertIn("The main water pipe in the street leaks.", note.body)

    def test_only_assisted_complaints(self):
        self.ticket.complaint_type = "valid"
        with self.assertRefused(UserError, "Only an assisted complaint"):
            self.ticket.with_user(self.assistant).action_send_written_report()
        self.assertFalse(self.ticket.written_report_at)

    def test_needs_department_and_report(self):
        self.ticket.resolving_department = False
        with self.assertRefused(UserError, "name the resolving department"):
            self.ticket.with_user(self.assistant).action_send_written_report()
        self.ticket.write(
            {"resolving_department": "City water company", "written_report": False}
        )
        with self.assertRefused(UserError, "Write the report"):
            self.ticket.with_user(self.assistant).action_send_written_report()
        self.assertFalse(self.ticket.written_report_at)


@tagged("post_install", "-at_install")
class TestForwardToDeveloper(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(RECEIVED):
            cls.ticket = cls._create_complaint(
                cls.front_desk, complaint_type="assisted", complaint_cause="developer"
            )

    def test_assistant_cannot_forward(self):
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.assistant).action_forward_to_developer()
        self.assertFalse(self.ticket.developer_forwarded_at)

    def test_only_developer_cause(self):
        self.ticket.complaint_cause = "service_center"
        with self.assertRefused(UserError, "not caused by the developer"):
            self.ticket.with_user(self.supervisor).action_forward_to_developer()
        self.assertFalse(self.ticket.developer_forwarded_at)

    @freeze_time(NOW)
    def test_supervisor_forwards(self):
        self.ticket.with_user(self.supervisor).action_forward_to_developer()
        self.assertEqual(self.ticket.developer_forwarded_at, datetime(2026, 11, 5, 10))
        self.assertEqual(self.ticket.developer_forwarded_by_id, self.supervisor)

    def test_manager_forwards(self):
        self.ticket.with_user(self.manager).action_forward_to_developer()
        self.assertEqual(self.ticket.developer_forwarded_by_id, self.manager)


@tagged("post_install", "-at_install")
class TestPassUp(PropertyComplaintCase):
    """A handler without authority passes it up: supervisor, then manager."""

    def test_pass_up_ladder(self):
        ticket = self._create_complaint(self.front_desk)
        ticket.with_user(self.assistant).action_pass_up()
        self.assertEqual(ticket.handling_level, "supervisor")
        supervisor_activity = self._activities(ticket, self.supervisor)
        self.assertEqual(len(supervisor_activity), 1)
        self.assertEqual(
            supervisor_activity.summary,
            f"Complaint {ticket.number} passed up to you",
        )
        self.assertFalse(self._activities(ticket, self.manager))

        ticket.with_user(self.supervisor).action_pass_up()
        self.assertEqual(ticket.handling_level, "manager")
        self.assertEqual(len(self._activities(ticket, self.manager)), 1)

        with self.assertRefused(UserError, "already with the service-center"):
            ticket.with_user(self.manager).action_pass_up()
        self.assertEqual(ticket.handling_level, "manager")

    def test_pass_up_without_a_level(self):
        # A ticket created while this addon's code was not loaded (another
        # helpdesk addon's install) has no level: it is the handler's.
        ticket = self._create_complaint(self.front_desk)
        ticket.handling_level = False
        ticket.with_user(self.assistant).action_pass_up()
        self.assertEqual(ticket.handling_level, "supervisor")
        self.assertEqual(len(self._activities(ticket, self.supervisor)), 1)

    def test_pass_up_without_supervisor(self):
        self.center_sunny.supervisor_ids = False
        ticket = self._create_complaint(self.front_desk)
        self.assertFalse(ticket.supervisor_id)
        with self.assertRefused(UserError, "has no one at the next step"):
            ticket.with_user(self.assistant).action_pass_up()
        self.assertEqual(ticket.handling_level, "handler")
