"""Intake in batches (issue 14): a batch of complaints costs, per complaint, no
more queries than plain helpdesk_mgmt's tickets do; what the complaint adds
(its number, the owner's unit, the clock stamps, the clocks) is paid per batch."""

from odoo import Command
from odoo.tests import freeze_time, tagged

from .common import NOW, PropertyComplaintCase

# The larger batch: enough households for every complaint to have its own.
LARGE = 25
SMALL = 5


@tagged("post_install", "-at_install", "is_query_count")
class TestIntakeBatchQueries(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owners = cls.env["res.partner"].create(
            [{"name": f"Batch owner {index}"} for index in range(LARGE)]
        )
        cls.units = cls.env["property.unit"].create(
            [
                {
                    "name": f"9-1-{index + 101}",
                    "building_id": cls.building_sunny.id,
                    "owner_ids": [Command.set(owner.ids)],
                }
                for index, owner in enumerate(cls.owners)
            ]
        )
        # Owning no unit: their tickets stay plain helpdesk tickets.
        cls.employees = cls.env["res.partner"].create(
            [{"name": f"Office worker {index}"} for index in range(LARGE)]
        )

    def _complaint_values(self, count):
        """`count` complaints of distinct households: every other one gives its
        unit, the others only the owner (as mail and the portal do), every
        third is triaged at once."""
        return [
            {
                "name": f"Noise at night {index}",
                "description": "<p>Loud music after 23:00.</p>",
                "team_id": self.center_sunny.id,
                "channel_id": self.channel_phone.id,
                "category_id": self.category_leak.id,
                "partner_id": owner.id,
                **({"unit_id": unit.id} if index % 2 else {}),
                **({"complaint_type": "valid"} if not index % 3 else {}),
            }
            for index, (owner, unit) in enumerate(
                zip(self.owners[:count], self.units[:count], strict=True)
            )
        ]

    def _ticket_values(self, count):
        """`count` plain helpdesk tickets: a team without an estate."""
        return [
            {
                "name": f"Printer jammed {index}",
                "description": "<p>The printer jams on every page.</p>",
                "team_id": self.team_it.id,
                "channel_id": self.channel_phone.id,
                "category_id": self.category_leak.id,
                "partner_id": employee.id,
            }
            for index, employee in enumerate(self.employees[:count])
        ]

    def _queries_of_create(self, vals_list):
        """Queries of one create() by the front desk, its flush included, from
        an empty cache as in a new request."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.front_desk)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        tickets = Ticket.create(vals_list)
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        self.assertEqual(len(tickets), len(vals_list))
        return tickets, count

    @freeze_time(NOW)
    def test_complaint_queries_grow_as_plain_tickets_do(self):
        # Warm the registry's caches (sequences, policies) for both kinds.
        self._queries_of_create(self._ticket_values(1))
        self._queries_of_create(self._complaint_values(1))
        _tickets, plain_small = self._queries_of_create(self._ticket_values(SMALL))
        tickets, plain_large = self._queries_of_create(self._ticket_values(LARGE))
        complaints, small = self._queries_of_create(self._complaint_values(SMALL))
        complaints, large = self._queries_of_create(self._complaint_values(LARGE))
        # What was batched still happened, complaint by complaint.
        self.assertEqual(complaints.unit_id, self.units)
        self.assertEqual(len(set(complaints.mapped("number"))), LARGE)
        self.assertFalse(tickets.filtered("is_complaint"))
        self.assertTrue(all(t.triaged_at for t in complaints[::3]))
        self.assertTrue(all(complaints.mapped("clock_ids")))
        plain_per_ticket = (plain_large - plain_small) / (LARGE - SMALL)
        self.assertLessEqual(
            large - small,
            plain_large - plain_small,
            f"{LARGE - SMALL} more complaints cost {large - small} more queries "
            f"({(large - small) / (LARGE - SMALL):.1f} each), plain tickets "
            f"{plain_large - plain_small} ({plain_per_ticket:.1f} each)",
        )
