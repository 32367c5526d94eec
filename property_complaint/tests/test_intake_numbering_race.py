"""The month's numbering under two workers at once (issue 14): at the first
minutes of a month both may find no numbering range for it; one makes it, the
other waits and is retried, and the numbers stay one counter's."""

import threading

from psycopg2 import IntegrityError
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, freeze_time, tagged
from odoo.tools import mute_logger

from ..models.helpdesk_ticket import COMPLAINT_SEQUENCE_CODE
from .common import NOW, PropertyComplaintCase

# A month no other test numbers in, its first minutes.
MONTH_START = "2031-03-01 00:01:00"


@tagged("post_install", "-at_install")
class TestNumberingRace(TransactionCase):
    """Two real transactions, committed: what two Odoo workers do."""

    def setUp(self):
        super().setUp()
        self.company = self.env.ref("base.main_company")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            sequence = env["ir.sequence"].search(
                [
                    ("code", "=", COMPLAINT_SEQUENCE_CODE),
                    ("company_id", "=", self.company.id),
                ]
            )
            created = not sequence
            # The company's sequence, as after its first complaint: committed.
            sequence = env["helpdesk.ticket"]._get_complaint_sequence(self.company)
            self.sequence_id = sequence.id
        self.addCleanup(self._remove_month, created)

    def _remove_month(self, sequence_created):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            sequence = env["ir.sequence"].browse(self.sequence_id)
            sequence.date_range_ids.filtered(
                lambda r: str(r.date_from) >= MONTH_START[:10]
            ).unlink()
            if sequence_created:
                sequence.unlink()

    def _number(self, cr):
        """One complaint number drawn in the transaction of `cr`."""
        env = api.Environment(cr, SUPERUSER_ID, {})
        return env["helpdesk.ticket"]._next_complaint_number(self.company.with_env(env))

    def _month_ranges(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["ir.sequence.date_range"].search_count(
                [
                    ("sequence_id", "=", self.sequence_id),
                    ("date_from", "=", MONTH_START[:10]),
                ]
            )

    @freeze_time(MONTH_START)
    def test_second_worker_waits_for_the_first_month_range(self):
        first, second = self.registry.cursor(), self.registry.cursor()
        outcome = {}

        def second_worker():
            try:
                outcome["number"] = self._number(second)
                second.commit()
            except SerializationFailure as error:
                outcome["error"] = error
                second.rollback()

        try:
            # Both transactions see the database before either makes the month.
            for cr in (first, second):
                cr.execute("SELECT 1")
            first_number = self._number(first)
            with mute_logger("odoo.sql_db"):
                worker = threading.Thread(target=second_worker)
                worker.start()
                worker.join(2)
                waited = worker.is_alive()
                first.commit()
                worker.join(30)
        finally:
            first.close()
            second.close()
        # One counter for the month, not one per worker.
        self.assertEqual(self._month_ranges(), 1, outcome)
        self.assertTrue(waited, "the second worker waits for the first's month")
        # Odoo retries a serialization failure in a new transaction, which
        # sees the month the first worker made and numbers on.
        self.assertIsInstance(outcome.get("error"), SerializationFailure)
        with self.registry.cursor() as cr:
            retried_number = self._number(cr)
        self.assertEqual(first_number, "TS2031030001")
        self.assertEqual(retried_number, "TS2031030002")


@tagged("post_install", "-at_install")
class TestNumberUnique(PropertyComplaintCase):
    @freeze_time(NOW)
    def test_number_unique_per_company(self):
        first = self._create_complaint()
        second = self._create_complaint()
        # Not even the superuser's hand gives a complaint another's number.
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                second.write({"number": first.number})
                self.env.flush_all()
        # Plain helpdesk tickets keep helpdesk_mgmt's numbering rules.
        tickets = self.env["helpdesk.ticket"].create(
            [{"name": "Printer", "description": "Jammed", "team_id": self.team_it.id}]
            * 2
        )
        tickets.write({"number": "HT-SAME"})
        self.env.flush_all()
