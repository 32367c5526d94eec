"""Times staff record (received, contacted, agreed, replied, visited,
reported) are refused before the complaint was received or more than the
tolerance ahead of now, with a message naming the field; each change is kept
in the history (issue 10, point 3; 4.3: recorded truthfully)."""

from datetime import datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import NOW, SIGNATURE, PropertyComplaintCase

# The fields of the complaint holding when something happened, and their
# labels. Staff record the reply; the others are stamped by their actions
# (never written by staff): checked all the same, for imports and the server.
HAPPENED = {
    "replied_at": "Replied At",
    "fixed_on_the_spot_at": "Fixed on the spot at",
    "manager_reported_at": "Reported to the manager at",
    "written_report_at": "Written report sent at",
    "developer_forwarded_at": "Developer Forwarded At",
    "developer_reported_at": "Result reported to the developer CS at",
}
STAFF_RECORDED = {"received_at", "replied_at", "agreed_reply_at"}


class RecordedTimesCase(PropertyComplaintCase):
    """A valid complaint received at NOW (10:00 UTC, 18:00 in Shanghai)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(NOW):
            cls.ticket = cls._create_complaint(cls.front_desk, complaint_type="valid")

    def _writer(self, name):
        """The ticket as who writes `name`: the assistant, or the action."""
        return (
            self.ticket.with_user(self.assistant)
            if name in STAFF_RECORDED
            else self.ticket
        )


@tagged("post_install", "-at_install")
class TestRecordedTimes(RecordedTimesCase):
    def _refused(self, field_label, reason):
        number = self.ticket.number
        return self.assertRefused(
            ValidationError, rf"^{field_label} of complaint {number} .*{reason}"
        )

    @freeze_time("2026-11-05 12:00:00")
    def test_received_in_the_future_refused(self):
        with self.assertRefused(
            ValidationError,
            r"^Received at of complaint TS\d+ cannot be in the future "
            r"\(11/08/2026 20:00\): record when it happened\.$",
        ):
            self._create_complaint(self.front_desk, received_at="2026-11-08 12:00:00")
        with self._refused("Received at", "cannot be in the future"):
            self.ticket.with_user(self.assistant).received_at = "2026-11-08 12:00:00"
        self.assertEqual(self.ticket.received_at, datetime(2026, 11, 5, 10))

    @freeze_time("2026-11-05 12:00:00")
    def test_tolerance_is_configured(self):
        ticket = self.ticket.with_user(self.assistant)
        # Within the shipped 5 minutes: the clock of the desk runs ahead.
        ticket.replied_at = "2026-11-05 12:04:00"
        self.assertEqual(ticket.replied_at, datetime(2026, 11, 5, 12, 4))
        with self._refused("Replied At", "cannot be in the future"):
            ticket.replied_at = "2026-11-05 12:06:00"
        self.env["ir.config_parameter"].set_param(
            "property_complaint.recorded_time_tolerance_minutes", "1"
        )
        with self._refused("Replied At", "cannot be in the future"):
            ticket.replied_at = "2026-11-05 12:03:00"
        self.assertEqual(ticket.replied_at, datetime(2026, 11, 5, 12, 4))

    @freeze_time("2026-11-05 12:00:00")
    def test_times_before_received_refused(self):
        for name, label in {**HAPPENED, "agreed_reply_at": "Agreed reply time"}.items():
            ticket = self._writer(name)
            with self.subTest(field=name):
                with self._refused(
                    label,
                    r"\(01/01/2023 08:00\) cannot be before the complaint was "
                    r"received \(11/05/2026 18:00\)\.$",
                ):
                    ticket.write({name: "2023-01-01 00:00:00"})
                self.assertFalse(ticket[name])

    @freeze_time("2026-11-05 12:00:00")
    def test_times_in_the_future_refused(self):
        for name, label in HAPPENED.items():
            ticket = self._writer(name)
            with self.subTest(field=name):
                with self._refused(label, "cannot be in the future"):
                    ticket.write({name: "2026-11-06 12:00:00"})
                self.assertFalse(ticket[name])
        # A reply time agreed with the owner lies ahead.
        ticket = self.ticket.with_user(self.assistant)
        ticket.agreed_reply_at = "2026-11-20 12:00:00"
        self.assertEqual(ticket.agreed_reply_at, datetime(2026, 11, 20, 12))

    @freeze_time("2026-11-05 12:00:00")
    def test_contact_times_refused(self):
        with self._refused("When", "cannot be before the complaint was received"):
            self._log_contact(self.ticket, contacted_at="2026-11-05 09:00:00")
        with self._refused("When", "cannot be in the future"):
            self._log_contact(self.ticket, contacted_at="2026-11-05 13:00:00")
        with self._refused(
            "Reply agreed for", "cannot be before the complaint was received"
        ):
            self._log_contact(self.ticket, agreed_reply_at="2026-11-04 12:00:00")
        self.assertFalse(self.ticket.contact_ids)
        contact = self._log_contact(self.ticket, contacted_at="2026-11-05 11:00:00")
        with self._refused("When", "cannot be before the complaint was received"):
            contact.contacted_at = "2026-11-05 09:59:00"
        # Received after the contact: one of the two is wrong.
        with self._refused("When", "cannot be before the complaint was received"):
            self.ticket.with_user(self.assistant).received_at = "2026-11-05 11:30:00"
        self.assertEqual(self.ticket.received_at, datetime(2026, 11, 5, 10))

    @freeze_time("2026-11-05 12:00:00")
    def test_visit_times_refused(self):
        event = self.env["property.complaint.event"].create(
            {"name": "Block 2 without water", "team_id": self.center_sunny.id}
        )
        self.ticket.collective_event_id = event
        Visit = self.env["property.complaint.event.visit"].with_user(self.assistant)
        values = {"event_id": event.id, "unit_id": self.unit_301.id}
        with self._refused("Visited At", "cannot be before the complaint was received"):
            Visit.create({**values, "visited_at": "2026-11-05 08:00:00"})
        with self._refused("Visited At", "cannot be in the future"):
            Visit.create({**values, "visited_at": "2026-11-05 18:00:00"})
        self.assertFalse(event.visit_ids)

    @freeze_time("2026-11-05 12:00:00")
    def test_message_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        desk = self._create_user(
            "pct_zh_recorded_times",
            "property_complaint.group_complaint_assistant",
            "Desk zh",
            lang="zh_CN",
        )
        self.center_sunny.user_ids = [Command.link(desk.id)]
        with self.assertRefused(ValidationError, "不能早于投诉受理时间"):
            self.ticket.with_user(desk).with_context(
                lang="zh_CN"
            ).replied_at = "2023-01-01 00:00:00"


@tagged("post_install", "-at_install")
class TestRecordedTimesTracked(RecordedTimesCase):
    """Every change of a recorded time is in the history, as tracking values."""

    def _tracking(self, record, field_name):
        self._end_request()
        record.invalidate_recordset(["message_ids"])
        return record.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == field_name
        )

    @freeze_time("2026-11-05 12:00:00")
    def test_complaint_times_tracked(self):
        for name in ["received_at", *HAPPENED, "agreed_reply_at"]:
            ticket = self._writer(name)
            with self.subTest(field=name):
                old = ticket[name]
                ticket.write({name: "2026-11-05 11:00:00"})
                value = self._tracking(ticket, name)
                self.assertEqual(len(value), 1)
                self.assertEqual(value.old_value_datetime, old or False)
                self.assertEqual(value.new_value_datetime, datetime(2026, 11, 5, 11))
                self.assertEqual(value.field_id.model, "helpdesk.ticket")

    @freeze_time("2026-11-05 12:00:00")
    def test_contact_times_tracked_on_the_complaint(self):
        contact = self._log_contact(self.ticket, contacted_at="2026-11-05 11:00:00")
        contact.write(
            {
                "contacted_at": "2026-11-05 10:30:00",
                "agreed_reply_at": "2026-11-06 10:00:00",
            }
        )
        value = self._tracking(self.ticket, "contacted_at")
        self.assertRecordValues(
            value,
            [
                {
                    "old_value_datetime": datetime(2026, 11, 5, 11),
                    "new_value_datetime": datetime(2026, 11, 5, 10, 30),
                }
            ],
        )
        self.assertEqual(value.field_id.model, "property.complaint.contact")
        self.assertEqual(value.mail_message_id.author_id, self.assistant.partner_id)
        self.assertIn("Owner contact changed", value.mail_message_id.body)
        self.assertRecordValues(
            self._tracking(self.ticket, "agreed_reply_at").filtered(
                lambda v: v.field_id.model == "property.complaint.contact"
            ),
            [
                {
                    "old_value_datetime": False,
                    "new_value_datetime": datetime(2026, 11, 6, 10),
                }
            ],
        )
        # The summary is not a time: its change is not tracked.
        contact.summary = "Called twice."
        self.assertFalse(self._tracking(self.ticket, "summary"))

    @freeze_time("2026-11-05 12:00:00")
    def test_visit_time_tracked_on_the_event(self):
        event = self.env["property.complaint.event"].create(
            {"name": "Block 2 without water", "team_id": self.center_sunny.id}
        )
        self.ticket.collective_event_id = event
        visit = (
            self.env["property.complaint.event.visit"]
            .with_user(self.assistant)
            .create(
                {
                    "event_id": event.id,
                    "unit_id": self.unit_301.id,
                    "visited_at": "2026-11-05 11:00:00",
                    "signature": SIGNATURE,
                }
            )
        )
        visit.visited_at = "2026-11-05 11:30:00"
        self.assertRecordValues(
            self._tracking(event, "visited_at"),
            [
                {
                    "old_value_datetime": datetime(2026, 11, 5, 11),
                    "new_value_datetime": datetime(2026, 11, 5, 11, 30),
                }
            ],
        )
