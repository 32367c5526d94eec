"""Collective complaints (4.1.4, 4.5.1, 4.5.2, 4.8 and the report-to-manager
clock): complaints of one event found across households, the threshold that
makes them collective, the manager told once, the manager's decision, the
coordinated reply by home visit, the closure rule, and what an owner sees of
the other households."""

from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, freeze_time, tagged

from .common import NOW, SIGNATURE, ClockCase


class CollectiveCase(ClockCase):
    """Six more households of Sunny Garden (eight in all, one owner each, with
    a phone), two more categories and the company's general manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Event = cls.env["property.complaint.event"]
        Category = cls.env["helpdesk.ticket.category"]
        cls.category_noise = Category.create({"name": "Noise"})
        cls.category_fees = Category.create({"name": "Fees"})
        cls.units = cls.unit_301 | cls.unit_302 | cls._create_neighbours(6)

    # ------------------------------------------------------------ helpers
    @classmethod
    def _complaints(cls, units, **values):
        """One complaint per unit, taken by the front desk."""
        tickets = cls.env["helpdesk.ticket"]
        for unit in units:
            tickets |= cls._create_complaint(cls.front_desk, unit_id=unit.id, **values)
        return tickets

    @classmethod
    def _new_event(cls, **values):
        return cls.Event.with_user(cls.front_desk).create(
            {
                "name": "Block 2 without water",
                "team_id": cls.center_sunny.id,
                "category_id": cls.category_leak.id,
                **values,
            }
        )

    @classmethod
    def _link(cls, tickets, event):
        """The front desk links the complaints into the event, as on the form."""
        tickets.with_user(cls.front_desk).write({"collective_event_id": event.id})
        cls._end_request()

    @classmethod
    def _collective_event(cls, count=5):
        """An event of `count` households, one complaint each, linked at once."""
        tickets = cls._complaints(cls.units[:count])
        event = cls._new_event()
        cls._link(tickets, event)
        return event, tickets

    def _manager_activities(self, event):
        """The manager's activities on the event and on its complaints."""
        return (event.activity_ids | event.ticket_ids.activity_ids).filtered(
            lambda activity: activity.user_id == self.manager
        )

    def _manager_messages(self, event):
        """Messages posted to the manager (not the activities' own
        'assigned to you' notices) on the event and on its complaints."""
        notifications = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.manager.partner_id.id),
                ("mail_message_id.message_type", "!=", "user_notification"),
            ]
        )
        records = {(event._name, event.id)} | {
            (ticket._name, ticket.id) for ticket in event.ticket_ids
        }
        return notifications.mail_message_id.filtered(
            lambda message: (message.model, message.res_id) in records
        )

    def _running(self, clocks):
        return clocks.filtered(lambda clock: clock.state == "running")


@tagged("post_install", "-at_install")
class TestCollectiveDetection(CollectiveCase):
    """Similar complaints (4.1.4): same estate and category, other households,
    within the service center's window."""

    @freeze_time(NOW)
    def test_similar_complaints_offered(self):
        ticket = self._create_complaint(self.front_desk)
        earlier = self._create_complaint(
            self.front_desk, unit_id=self.units[1].id, received_at="2026-11-05 07:00:00"
        )
        day_before = self._create_complaint(
            self.front_desk, unit_id=self.units[2].id, received_at="2026-11-04 11:00:00"
        )
        too_early = self._create_complaint(
            self.front_desk, unit_id=self.units[3].id, received_at="2026-11-04 09:00:00"
        )
        other_category = self._create_complaint(
            self.front_desk,
            unit_id=self.units[4].id,
            category_id=self.category_noise.id,
        )
        same_unit = self._create_complaint(self.front_desk)
        other_estate = self._create_complaint(
            self.front_desk, team_id=self.center_lake.id, unit_id=self.unit_lake.id
        )
        self.assertEqual(ticket.similar_ticket_ids, earlier | day_before)
        # Each complaint has its own window: 22 h before this one is within it.
        self.assertEqual(
            earlier.similar_ticket_ids, ticket | day_before | too_early | same_unit
        )
        self.assertNotIn(too_early, ticket.similar_ticket_ids)
        self.assertNotIn(other_category, ticket.similar_ticket_ids)
        self.assertNotIn(same_unit, ticket.similar_ticket_ids)
        self.assertNotIn(other_estate, ticket.similar_ticket_ids)
        self.assertFalse(other_estate.similar_ticket_ids)
        self.assertFalse(other_category.similar_ticket_ids)

        # The window is the service center's setting, not a constant.
        self.center_sunny.collective_window_hours = 48
        ticket.invalidate_recordset(["similar_ticket_ids"])
        self.assertEqual(ticket.similar_ticket_ids, earlier | day_before | too_early)

    @freeze_time(NOW)
    def test_similar_follow_the_link(self):
        ticket, neighbour = self._complaints(self.units[:2])
        self.assertEqual(ticket.similar_ticket_ids, neighbour)
        self._link(ticket | neighbour, self._new_event())
        self.assertFalse(ticket.similar_ticket_ids)

    @freeze_time(NOW)
    def test_closed_complaint_not_offered(self):
        ticket = self._create_complaint(self.front_desk)
        closed = self._create_complaint(self.front_desk, unit_id=self.units[1].id)
        self._reply_and_close(closed)
        self.assertFalse(ticket.similar_ticket_ids)

    @freeze_time(NOW)
    def test_link_similar_into_one_event(self):
        ticket, neighbour, third = self._complaints(self.units[:3])
        events_before = self.Event.search([])
        action = ticket.with_user(self.front_desk).action_link_similar()
        event = self.Event.browse(action["res_id"])
        self.assertEqual(action["res_model"], "property.complaint.event")
        self.assertEqual(self.Event.search([]) - events_before, event)
        self.assertRecordValues(
            event,
            [
                {
                    "name": ticket.name,
                    "team_id": self.center_sunny.id,
                    "estate_id": self.estate_sunny.id,
                    "category_id": self.category_leak.id,
                    "household_count": 3,
                    "ticket_count": 3,
                    "is_collective": False,
                    "manager_id": self.manager.id,
                }
            ],
        )
        self.assertEqual(event.ticket_ids, ticket | neighbour | third)
        self.assertEqual(event.unit_ids, self.units[:3])
        # Linked together, they no longer offer each other (read afresh, as
        # the form does after the action).
        ticket.invalidate_recordset(["similar_ticket_ids"])
        self.assertFalse(ticket.similar_ticket_ids)

        # A later complaint of the event is offered them and joins the same event.
        fourth = self._create_complaint(self.front_desk, unit_id=self.units[3].id)
        self.assertEqual(fourth.similar_ticket_ids, ticket | neighbour | third)
        action = fourth.with_user(self.front_desk).action_link_similar()
        self.assertEqual(action["res_id"], event.id)
        self.assertEqual(self.Event.search([]) - events_before, event)
        self.assertEqual(event.ticket_ids, ticket | neighbour | third | fourth)
        self.assertEqual(event.household_count, 4)


@tagged("post_install", "-at_install")
class TestClusterWizard(CollectiveCase):
    """The suggested clusters: one line per category with two households or
    more, within the window, not yet in an event."""

    def _open_wizard(self):
        return (
            self.env["property.complaint.cluster.wizard"]
            .with_user(self.front_desk)
            .create({"team_id": self.center_sunny.id})
        )

    @freeze_time(NOW)
    def test_clusters_and_link(self):
        leaks = self._complaints(self.units[:3])
        leaks |= self._create_complaint(self.front_desk, unit_id=self.units[2].id)
        noise = self._complaints(self.units[3:5], category_id=self.category_noise.id)
        # One household only, however many complaints: no cluster.
        self._complaints(
            self.units[5] + self.units[5], category_id=self.category_fees.id
        )
        # Outside the window, in an event already, or closed: left out.
        old_leak = self._create_complaint(
            self.front_desk, unit_id=self.units[6].id, received_at="2026-11-04 09:00:00"
        )
        linked_leak = self._create_complaint(self.front_desk, unit_id=self.units[7].id)
        self._link(linked_leak, self._new_event())
        closed_leak = self._create_complaint(self.front_desk, unit_id=self.units[7].id)
        self._reply_and_close(closed_leak)
        # Another service center's complaints are not this one's clusters.
        self._complaints(self.unit_lake + self.unit_lake, team_id=self.center_lake.id)

        wizard = self._open_wizard()
        self.assertRecordValues(
            wizard.line_ids,
            [
                {"category_id": self.category_leak.id, "household_count": 3},
                {"category_id": self.category_noise.id, "household_count": 2},
            ],
        )
        leak_line, noise_line = wizard.line_ids
        self.assertEqual(leak_line.ticket_ids, leaks)
        self.assertEqual(noise_line.ticket_ids, noise)
        self.assertNotIn(old_leak, leak_line.ticket_ids)

        events_before = self.Event.search([])
        action = leak_line.action_link()
        event = self.Event.search([]) - events_before
        self.assertEqual(len(event), 1)
        self.assertEqual(action["res_id"], event.id)
        self.assertEqual(event.ticket_ids, leaks)
        self.assertEqual(event.household_count, 3)
        self.assertEqual(event.category_id, self.category_leak)
        self.assertFalse(noise.collective_event_id)

        # Linked, the cluster is no longer suggested.
        self.assertEqual(self._open_wizard().line_ids.ticket_ids, noise)

    @freeze_time(NOW)
    def test_co_units_make_a_cluster(self):
        letter = self._create_complaint(
            self.front_desk, co_unit_ids=[Command.set(self.units[1].ids)]
        )
        self.assertRecordValues(
            self._open_wizard().line_ids,
            [{"category_id": self.category_leak.id, "household_count": 2}],
        )
        self.assertEqual(self._open_wizard().line_ids.ticket_ids, letter)


@tagged("post_install", "-at_install")
class TestCollectiveThreshold(CollectiveCase):
    """Five distinct households make a collective complaint (4.1.4); the
    manager is told once, at once (4.5.1)."""

    @freeze_time(NOW)
    def test_fifth_household_makes_it_collective(self):
        tickets = self._complaints(self.units[:5])
        event = self._new_event()
        self._link(tickets[:4], event)
        self.assertEqual(event.household_count, 4)
        self.assertFalse(event.is_collective)
        self.assertFalse(any(tickets.mapped("is_collective")))
        self.assertFalse(
            tickets.clock_ids.filtered(lambda c: c.kind == "report_manager")
        )
        self.assertFalse(self._manager_activities(event))
        self.assertFalse(self._manager_messages(event))

        with freeze_time("2026-11-05 10:20:00"):
            self._link(tickets[4], event)
        self.assertRecordValues(
            event,
            [
                {
                    "household_count": 5,
                    "is_collective": True,
                    "collective_since": datetime(2026, 11, 5, 10, 20),
                    "manager_reported_at": False,
                }
            ],
        )
        for ticket in tickets:
            self.assertTrue(ticket.is_collective, ticket.number)
            self.assertEqual(ticket.collective_at, datetime(2026, 11, 5, 10, 20))
            self.assertRecordValues(
                self._clocks(ticket, "report_manager"),
                [
                    {
                        "started_at": datetime(2026, 11, 5, 10, 20),
                        "due_at": datetime(2026, 11, 5, 10, 35),
                        "state": "running",
                    }
                ],
            )
        # Told once, on the event: one activity and one message.
        activity = self._manager_activities(event)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.res_model, "property.complaint.event")
        self.assertEqual(activity.res_id, event.id)
        self.assertIn("Collective complaint", activity.summary)
        self.assertIn("5 households", activity.summary)
        message = self._manager_messages(event)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.model, "property.complaint.event")
        self.assertIn("5 households", message.body)

    @freeze_time(NOW)
    def test_co_units_count_as_households(self):
        letter = self._create_complaint(
            self.front_desk,
            co_unit_ids=[Command.set((self.units[1] | self.units[2]).ids)],
        )
        tickets = letter | self._complaints(self.units[3:5])
        event = self._new_event()
        self._link(tickets, event)
        self.assertEqual(event.ticket_count, 3)
        self.assertEqual(event.unit_ids, self.units[:5])
        self.assertEqual(event.household_count, 5)
        self.assertTrue(event.is_collective)
        self.assertTrue(all(tickets.mapped("is_collective")))
        self.assertEqual(len(self._manager_activities(event)), 1)

        # One household off the letter: below the threshold again.
        letter.with_user(self.front_desk).co_unit_ids = [
            Command.unlink(self.units[2].id)
        ]
        self.assertEqual(event.household_count, 4)
        self.assertFalse(event.is_collective)

    @freeze_time(NOW)
    def test_same_unit_counts_once(self):
        tickets = self._complaints(self.units[:4] + self.units[:1])
        self.assertEqual(len(tickets), 5)
        event = self._new_event()
        self._link(tickets, event)
        self.assertEqual(event.ticket_count, 5)
        self.assertEqual(event.household_count, 4)
        self.assertFalse(event.is_collective)
        self.assertFalse(any(tickets.mapped("is_collective")))
        self.assertFalse(self._manager_activities(event))

        fifth = self._complaints(self.units[4])
        self._link(fifth, event)
        self.assertEqual(event.household_count, 5)
        self.assertTrue(event.is_collective)
        self.assertTrue(all((tickets | fifth).mapped("is_collective")))

    @freeze_time(NOW)
    def test_threshold_is_the_service_centers(self):
        self.center_sunny.collective_threshold = 3
        event, tickets = self._collective_event(3)
        self.assertTrue(event.is_collective)
        self.assertTrue(all(tickets.mapped("is_collective")))

    @freeze_time(NOW)
    def test_sixth_complaint_tells_no_one_twice(self):
        event, _tickets = self._collective_event()
        with freeze_time("2026-11-05 10:05:00"):
            sixth = self._complaints(self.units[5])
            self._link(sixth, event)
        self.assertEqual(event.household_count, 6)
        self.assertTrue(sixth.is_collective)
        self.assertEqual(len(self._manager_activities(event)), 1)
        self.assertEqual(
            len(
                self._manager_activities(event).filtered(
                    lambda activity: activity.res_model == "helpdesk.ticket"
                )
            ),
            0,
        )
        self.assertEqual(len(self._manager_messages(event)), 1)
        # Not reported yet: the sixth waits for the report like the others.
        self.assertEqual(
            self._running(self._clocks(sixth, "report_manager")).started_at,
            datetime(2026, 11, 5, 10, 5),
        )

    @freeze_time(NOW)
    def test_sixth_complaint_after_the_report(self):
        event, tickets = self._collective_event()
        with freeze_time("2026-11-05 10:10:00"):
            event.with_user(self.front_desk).action_report_to_manager()
            self._end_request()
        with freeze_time("2026-11-05 11:00:00"):
            sixth = self._complaints(self.units[5])
            self._link(sixth, event)
        self.assertTrue(sixth.is_collective)
        # The manager already knows of the event: the new household is known
        # too, from when it joins (not before its complaint was received).
        self.assertEqual(sixth.manager_reported_at, datetime(2026, 11, 5, 11))
        self.assertFalse(self._running(self._clocks(sixth, "report_manager")))
        self.assertEqual(len(self._manager_activities(event)), 1)
        self.assertEqual(len(self._manager_messages(event)), 1)
        # Nothing left to escalate to the quality department.
        self._enforce_clocks("2026-11-05 13:00:00")
        self.assertFalse(
            (tickets | sixth)
            .clock_ids.filtered(lambda c: c.kind == "report_manager")
            .escalation_ids
        )


@tagged("post_install", "-at_install")
class TestReportToManager(CollectiveCase):
    @freeze_time(NOW)
    def test_report_meets_every_clock(self):
        event, tickets = self._collective_event()
        with freeze_time("2026-11-05 10:10:00"):
            event.with_user(self.front_desk).action_report_to_manager()
            self._end_request()
        self.assertEqual(event.manager_reported_at, datetime(2026, 11, 5, 10, 10))
        for ticket in tickets:
            self.assertEqual(ticket.manager_reported_at, datetime(2026, 11, 5, 10, 10))
            self.assertRecordValues(
                self._clocks(ticket, "report_manager"),
                [{"state": "met", "done_at": datetime(2026, 11, 5, 10, 10)}],
            )
        # Reporting again changes nothing.
        with freeze_time("2026-11-05 10:30:00"):
            event.with_user(self.front_desk).action_report_to_manager()
        self.assertEqual(event.manager_reported_at, datetime(2026, 11, 5, 10, 10))
        self._enforce_clocks("2026-11-05 12:00:00")
        self.assertFalse(
            tickets.clock_ids.filtered(
                lambda c: c.kind == "report_manager"
            ).escalation_ids
        )

    @freeze_time(NOW)
    def test_not_reported_in_time_goes_to_quality(self):
        _event, tickets = self._collective_event()
        self._enforce_clocks("2026-11-05 10:15:00")
        for ticket in tickets:
            self.assertRecordValues(
                self._clocks(ticket, "report_manager"),
                [{"state": "breached", "escalation_level": 1}],
            )
            self.assertEqual(len(self._activities(ticket, self.quality)), 1)

    @freeze_time(NOW)
    def test_report_refused_below_threshold(self):
        tickets = self._complaints(self.units[:2])
        event = self._new_event()
        self._link(tickets, event)
        with self.assertRefused(UserError, "fewer than the 5 of a collective"):
            event.with_user(self.front_desk).action_report_to_manager()
        self.assertFalse(event.manager_reported_at)


@tagged("post_install", "-at_install")
class TestManagerDecision(CollectiveCase):
    """The manager decides whether to tell the general manager and the
    developer's CS center; the decision is recorded (4.5.1)."""

    @freeze_time(NOW)
    def test_decision_recorded_and_told(self):
        event, _tickets = self._collective_event()
        event = event.with_user(self.manager)
        event.write(
            {
                "tell_general_manager": True,
                "tell_developer_cs": True,
                "decision_note": "Pump failure, the developer's warranty.",
            }
        )
        with freeze_time("2026-11-05 11:00:00"):
            event.action_record_decision()
            self._end_request()
        told = self.general_manager.partner_id | self.developer_cs
        self.assertRecordValues(
            event,
            [
                {
                    "decided_by_id": self.manager.id,
                    "decided_at": datetime(2026, 11, 5, 11),
                }
            ],
        )
        self.assertEqual(event.told_partner_ids, told)
        message = event.message_ids.filtered(
            lambda m: "the manager decided to tell" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertIn("Pump failure, the developer's warranty.", message.body)
        self.assertIn("General Manager", message.body)
        self.assertIn("Developer CS Center", message.body)
        self.assertLessEqual(told, self._notified_partners(message))

    @freeze_time(NOW)
    def test_decision_to_tell_no_one(self):
        event, _tickets = self._collective_event()
        event.with_user(self.manager).action_record_decision()
        self._end_request()
        self.assertEqual(event.decided_by_id, self.manager)
        self.assertEqual(event.decided_at, datetime(2026, 11, 5, 10))
        self.assertFalse(event.told_partner_ids)
        self.assertFalse(
            self._notifications(self.general_manager.partner_id, "decided to tell")
        )
        self.assertFalse(self._notifications(self.developer_cs, "decided to tell"))

    @freeze_time(NOW)
    def test_only_the_developer_cs(self):
        event, _tickets = self._collective_event()
        event = event.with_user(self.manager)
        event.tell_developer_cs = True
        event.action_record_decision()
        self._end_request()
        self.assertEqual(event.told_partner_ids, self.developer_cs)
        self.assertEqual(
            len(self._notifications(self.developer_cs, "decided to tell")), 1
        )
        self.assertFalse(
            self._notifications(self.general_manager.partner_id, "decided to tell")
        )

    @freeze_time(NOW)
    def test_decision_refused_below_threshold(self):
        tickets = self._complaints(self.units[:4])
        event = self._new_event(tell_general_manager=True)
        self._link(tickets, event)
        with self.assertRefused(UserError, "4 households, fewer than the 5"):
            event.with_user(self.manager).action_record_decision()
        self.assertFalse(event.decided_at)
        self.assertFalse(
            self._notifications(self.general_manager.partner_id, "decided to tell")
        )

    @freeze_time(NOW)
    def test_decision_is_the_managers(self):
        event, _tickets = self._collective_event()
        event.with_user(self.manager).tell_general_manager = True
        # AccessError is a UserError: either refusal will do.
        with self.assertRaises(UserError):
            event.with_user(self.front_desk).action_record_decision()
        self.assertFalse(event.decided_by_id)
        self.assertFalse(event.told_partner_ids)


@tagged("post_install", "-at_install")
class TestCoordinatedReply(CollectiveCase):
    """One reply for every household, by home visit (4.8)."""

    REPLY = "The pump was replaced; water cuts are announced 24 h ahead."

    def _visit(self, event, unit, visited_at="2026-11-05 18:00:00", **values):
        """The visit, recorded as it is made."""
        with freeze_time(visited_at):
            visit = (
                self.env["property.complaint.event.visit"]
                .with_user(self.assistant)
                .create(
                    {
                        "event_id": event.id,
                        "unit_id": unit.id,
                        "visited_at": visited_at,
                        "opinion": "Understood; announce cuts earlier.",
                        "signature": SIGNATURE,
                        "satisfaction": "basically_satisfied",
                        **values,
                    }
                )
            )
            self._end_request()
        return visit

    def _send_reply(self, event):
        event = event.with_user(self.manager)
        event.write({"reply": self.REPLY, "agreed_reply_at": "2026-11-06 10:00:00"})
        with freeze_time("2026-11-05 16:00:00"):
            event.action_send_reply()
            self._end_request()

    @freeze_time(NOW)
    def test_reply_reaches_every_complaint(self):
        event, tickets = self._collective_event()
        self._send_reply(event)
        self.assertRecordValues(
            event,
            [{"state": "replied", "replied_at": datetime(2026, 11, 5, 16)}],
        )
        self.assertRecordValues(
            tickets,
            [
                {
                    "result": self.REPLY,
                    "reply_method": "home_visit",
                    "replied_at": datetime(2026, 11, 5, 16),
                    "agreed_reply_at": datetime(2026, 11, 6, 10),
                    "owner_opinion": False,
                    "satisfaction": False,
                }
            ]
            * 5,
        )

    @freeze_time(NOW)
    def test_reply_needs_its_text(self):
        event, tickets = self._collective_event()
        with self.assertRefused(UserError, "Write the coordinated reply first"):
            event.with_user(self.manager).action_send_reply()
        self.assertEqual(event.state, "open")
        self.assertFalse(any(tickets.mapped("reply_method")))

    @freeze_time(NOW)
    def test_visit_completes_its_household(self):
        event, tickets = self._collective_event()
        self._send_reply(event)
        visited = tickets.filtered(lambda t: t.unit_id == self.units[1])
        self._visit(event, self.units[1])
        self.assertRecordValues(
            visited,
            [
                {
                    "result": self.REPLY,
                    "reply_method": "home_visit",
                    "replied_at": datetime(2026, 11, 5, 18),
                    "owner_opinion": "Understood; announce cuts earlier.",
                    "satisfaction": "basically_satisfied",
                }
            ],
        )
        self.assertTrue(visited.owner_signature)
        for ticket in tickets - visited:
            self.assertFalse(ticket.owner_opinion, ticket.number)
            self.assertFalse(ticket.owner_signature, ticket.number)
            self.assertFalse(ticket.satisfaction, ticket.number)
            self.assertEqual(ticket.replied_at, datetime(2026, 11, 5, 16))

    @freeze_time(NOW)
    def test_visit_before_the_reply(self):
        """A household visited first gets its visit with the reply."""
        event, tickets = self._collective_event()
        self._visit(
            event,
            self.units[0],
            visited_at="2026-11-05 15:00:00",
            satisfaction="satisfied",
        )
        self.assertFalse(tickets[0].reply_method)
        self._send_reply(event)
        self.assertRecordValues(
            tickets[0],
            [
                {
                    "result": self.REPLY,
                    "reply_method": "home_visit",
                    "replied_at": datetime(2026, 11, 5, 15),
                    "satisfaction": "satisfied",
                }
            ],
        )
        self.assertTrue(tickets[0].owner_signature)

    def _sign_off_visited(self, event, ticket):
        """The household is visited first, its complaint closed and signed off."""
        visit = self._visit(event, ticket.unit_id, visited_at="2026-11-05 10:00:00")
        self._set_reply(ticket, reply_method="home_visit", owner_signature=SIGNATURE)
        self._close(ticket, self.assistant)
        self._review(ticket)
        signed = ticket.with_user(self.manager)
        signed.sign_off_opinion = "Agreed."
        signed.action_sign_off()
        self._end_request()
        self.assertTrue(ticket.is_locked)
        return visit

    @freeze_time(NOW)
    def test_signed_off_complaint_does_not_block_the_reply(self):
        event, tickets = self._collective_event()
        first = tickets[0]
        self._sign_off_visited(event, first)
        self._send_reply(event)
        self.assertEqual(event.state, "replied")
        self.assertEqual(first.result, "The pipe was replaced.")
        self.assertEqual(set((tickets - first).mapped("result")), {self.REPLY})

    @freeze_time(NOW)
    def test_visit_of_signed_off_form_frozen(self):
        """Issue 10, point 5: the visit is part of the signed-off record form."""
        event, tickets = self._collective_event()
        visit = self._sign_off_visited(event, tickets[0])
        signed = "signed off by the manager"
        with self.assertRefused(UserError, signed):
            visit.with_user(self.assistant).opinion = "Changed my mind."
        with self.assertRefused(UserError, signed):
            visit.with_user(self.assistant).unit_id = self.units[1]
        with self.assertRefused(UserError, signed):
            visit.with_user(self.assistant).unlink()
        # Deleting the event would take the visit and the complaint with it.
        with self.assertRefused(UserError, signed):
            event.sudo().unlink()
        self.assertRecordValues(
            visit,
            [
                {
                    "event_id": event.id,
                    "unit_id": tickets[0].unit_id.id,
                    "opinion": "Understood; announce cuts earlier.",
                }
            ],
        )
        self.assertEqual(tickets[0].collective_event_id, event)

    @freeze_time(NOW)
    def test_visit_of_another_household_refused(self):
        event, _tickets = self._collective_event()
        with self.assertRefused(ValidationError, "is not a household of"):
            self._visit(event, self.units[6])


@tagged("post_install", "-at_install")
class TestCollectiveClosure(CollectiveCase):
    """A complaint of a collective event closes only with its household's
    home visit signed by the owner (4.8)."""

    @freeze_time(NOW)
    def test_closing_needs_the_signed_visit(self):
        event, tickets = self._collective_event()
        event.with_user(self.manager).reply = "The pump was replaced."
        event.with_user(self.manager).action_send_reply()
        ticket = tickets[0]
        # Everything else in order, even a signature on the complaint itself.
        self._set_reply(ticket, reply_method="home_visit", owner_signature=SIGNATURE)
        message = "home visit to this household, signed by the owner, is not recorded"
        with self.assertRefused(UserError, message):
            self._close(ticket, self.assistant)
        self.assertFalse(ticket.closed)

        # Another household's visit does not do.
        Visit = self.env["property.complaint.event.visit"].with_user(self.assistant)
        Visit.create(
            {"event_id": event.id, "unit_id": self.units[1].id, "signature": SIGNATURE}
        )
        with self.assertRefused(UserError, message):
            self._close(ticket, self.assistant)

        # Its own visit, not signed yet, does not do either.
        visit = Visit.create(
            {
                "event_id": event.id,
                "unit_id": ticket.unit_id.id,
                "opinion": "Fine now.",
                "satisfaction": "satisfied",
            }
        )
        with self.assertRefused(UserError, message):
            self._close(ticket, self.assistant)

        visit.signature = SIGNATURE
        self._close(ticket, self.assistant)
        self.assertTrue(ticket.closed)
        self.assertEqual(ticket.stage_id, self.stage_done)
        self.assertEqual(ticket.owner_opinion, "Fine now.")

    @freeze_time(NOW)
    def test_below_threshold_no_visit_needed(self):
        tickets = self._complaints(self.units[:2])
        self._link(tickets, self._new_event())
        self._reply_and_close(tickets[0])
        self.assertTrue(tickets[0].closed)


@tagged("post_install", "-at_install")
class TestUnlinkBelowThreshold(CollectiveCase):
    @freeze_time(NOW)
    def test_unlinking_below_threshold(self):
        event, tickets = self._collective_event()
        remaining, removed = tickets[:4], tickets[4]
        clocks = remaining.clock_ids.filtered(lambda c: c.kind == "report_manager")
        self.assertEqual(len(clocks), 4)
        with freeze_time("2026-11-05 10:05:00"):
            removed.with_user(self.front_desk).collective_event_id = False
            self._end_request()
        self.assertRecordValues(
            event,
            [
                {
                    "household_count": 4,
                    "is_collective": False,
                    "collective_since": False,
                }
            ],
        )
        self.assertEqual(event.ticket_ids, remaining)
        for ticket in remaining:
            self.assertFalse(ticket.is_collective, ticket.number)
            self.assertFalse(ticket.collective_at, ticket.number)
            # Cancelled, and kept.
            self.assertRecordValues(
                self._clocks(ticket, "report_manager"),
                [{"state": "cancelled"}],
            )
        self.assertEqual(clocks.exists(), clocks)
        # Nothing left for the enforcement to escalate.
        self._enforce_clocks("2026-11-05 12:00:00")
        self.assertFalse(clocks.escalation_ids)

    @freeze_time(NOW)
    def test_crossing_again_tells_no_one_twice(self):
        event, tickets = self._collective_event()
        removed = tickets[4]
        with freeze_time("2026-11-05 10:05:00"):
            removed.with_user(self.front_desk).collective_event_id = False
        self.assertFalse(event.is_collective)
        with freeze_time("2026-11-05 10:10:00"):
            removed.with_user(self.front_desk).collective_event_id = event
        self.assertTrue(event.is_collective)
        self.assertEqual(len(self._manager_activities(event)), 1)
        self.assertEqual(len(self._manager_messages(event)), 1)

    @freeze_time(NOW)
    def test_unlinked_complaint_is_no_longer_collective(self):
        _event, tickets = self._collective_event()
        removed = tickets[4]
        removed.with_user(self.front_desk).collective_event_id = False
        self._end_request()
        self.assertFalse(removed.is_collective)
        self.assertFalse(self._running(self._clocks(removed, "report_manager")))


@tagged("post_install", "-at_install")
class TestCollectivePrivacy(CollectiveCase, HttpCase):
    """An owner sees their own complaint, never the event nor the other
    households' complaints, names or phones."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner_user = cls.env["res.users"].create(
            {
                "name": cls.owner_wang.name,
                "login": "pct-collective-owner",
                "password": "pct-collective-owner",
                "partner_id": cls.owner_wang.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )
        cls.event, cls.tickets = cls._collective_event(6)
        cls.own, cls.others = cls.tickets[0], cls.tickets[1:]

    def test_owner_reads_own_complaint_only(self):
        self.assertEqual(self.own.unit_id, self.unit_301)
        self.assertEqual(self.own.partner_id, self.owner_wang)
        self.assertTrue(self.event.is_collective)
        own = self.own.with_user(self.owner_user)
        self.assertEqual(own.read(["number"])[0]["number"], self.own.number)
        with self.assertRaises(AccessError):
            self.event.with_user(self.owner_user).read(["name"])
        with self.assertRaises(AccessError):
            own.collective_event_id.read(["ticket_ids"])
        for other in self.others:
            with self.assertRaises(AccessError):
                other.with_user(self.owner_user).read(["name", "partner_id"])
        self.assertEqual(
            self.env["helpdesk.ticket"].with_user(self.owner_user).search([]),
            self.own,
        )

    def test_portal_page_hides_the_other_households(self):
        self.authenticate("pct-collective-owner", "pct-collective-owner")
        response = self.url_open(f"/my/ticket/{self.own.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.own.number, response.text)
        for other in self.others:
            owner = other.partner_id
            self.assertNotIn(owner.name, response.text)
            for number in filter(None, [owner.phone, owner.mobile]):
                self.assertNotIn(number, response.text)
            self.assertNotIn(other.number, response.text)
        # Nor can the owner open another household's page.
        response = self.url_open(f"/my/ticket/{self.others[0].id}")
        self.assertNotIn(self.others[0].partner_id.name, response.text)
        self.assertNotIn(self.others[0].number, response.text)
