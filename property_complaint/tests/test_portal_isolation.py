"""An owner sees only their household's complaints (issue 12, item 6): never a
neighbour's name, unit or text, by guessing ids or tokens, through a collective
event or a search; co-owners of one unit see the unit's complaints."""

import json
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_portal_owner import PHOTO, PortalOwnerCase


@tagged("post_install", "-at_install")
class TestPortalIsolation(PortalOwnerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.co_owner = cls.env["res.partner"].create({"name": "Wang Jun"})
        cls.unit_301.owner_ids = [Command.link(cls.co_owner.id)]
        cls.co_owner_user = cls._create_portal_user(cls.co_owner, "pct-owner-wang-jun")
        cls.own = cls._create_complaint(name="Our bathroom ceiling leaks")
        cls.neighbours = cls._create_complaint(
            name="Li's secret trouble",
            description="<p>Li Lei's private story.</p>",
            unit_id=cls.unit_302.id,
            # The earlier: the event is named after it.
            received_at=fields.Datetime.now() - timedelta(hours=1),
        )
        cls.photo = cls.env["ir.attachment"].create(
            {
                "name": "pct-li-photo.png",
                "raw": PHOTO,
                "res_model": "helpdesk.ticket",
                "res_id": cls.neighbours.id,
            }
        )
        cls.photo.generate_access_token()
        cls.neighbours.work_photo_ids = cls.photo

    def _open(self, url):
        return self.url_open(url, allow_redirects=False)

    def _assert_refused(self, response, secret=b"Li Lei"):
        self.assertNotEqual(response.status_code, 200, response.url)
        self.assertNotIn(secret, response.content)

    # ------------------------------------------------------------ households
    def test_co_owner_reads_the_units_complaints(self):
        self.assertEqual(self.own.partner_id, self.owner_wang)
        self._login(self.co_owner_user)
        page = self._open(f"/my/ticket/{self.own.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Our bathroom ceiling leaks", page.text)
        listing = self._open("/my/tickets").text
        self.assertIn(self.own.number, listing)
        self.assertNotIn(self.neighbours.number, listing)
        self.assertEqual(
            self.env["helpdesk.ticket"].with_user(self.co_owner_user).search([]),
            self.own,
        )

    def test_co_owner_who_sold_the_unit_no_longer_reads_it(self):
        self.unit_301.owner_ids = [Command.unlink(self.co_owner.id)]
        self._login(self.co_owner_user)
        self._assert_refused(
            self._open(f"/my/ticket/{self.own.id}"), b"Our bathroom ceiling"
        )

    # ------------------------------------------------------------ guessing
    def test_guessing_ticket_ids_and_tokens(self):
        self._login(self.owner_user)
        self._assert_refused(self._open(f"/my/ticket/{self.neighbours.id}"))
        own_token = self.own.sudo()._portal_ensure_token()
        for token in ("0" * 36, own_token, "' OR 1=1 --"):
            self._assert_refused(
                self._open(f"/my/ticket/{self.neighbours.id}?access_token={token}")
            )
        # Nor as a visitor who is not logged in.
        self.authenticate(None, None)
        self._assert_refused(
            self._open(f"/my/ticket/{self.neighbours.id}?access_token={own_token}")
        )

    def test_guessing_attachment_ids(self):
        self._login(self.owner_user)
        for url in (
            f"/web/content/{self.photo.id}",
            f"/web/content/{self.photo.id}?download=true",
            f"/web/image/{self.photo.id}",
            f"/web/image/{self.photo.id}/600x600",
            f"/web/content/{self.photo.id}?access_token={'0' * 36}",
            f"/web/image/{self.photo.id}?access_token={self.own.sudo()._portal_ensure_token()}",
        ):
            response = self._open(url)
            # /web/image answers a placeholder picture, never the photo.
            self.assertNotEqual(response.content, PHOTO, url)
            if url.startswith("/web/content"):
                self.assertNotEqual(response.status_code, 200, url)
        with self.assertRaises(AccessError):
            self.photo.with_user(self.owner_user).read(["datas"])

    def test_search_finds_no_neighbours_complaint(self):
        self._login(self.owner_user)
        for search_in in ("all", "name", "number"):
            for text in ("secret", self.neighbours.number):
                listing = self._open(
                    f"/my/tickets?search={text}&search_in={search_in}"
                ).text
                # The number searched for stays in the search box, no more.
                self.assertNotIn(f"/my/ticket/{self.neighbours.id}", listing)
                self.assertNotIn(
                    f'data-ticket-number="{self.neighbours.number}"', listing
                )
                self.assertNotIn("Li&#39;s secret trouble", listing)
                self.assertNotIn("Li's secret trouble", listing)

    # ------------------------------------------------------------ events
    def test_collective_event_shows_no_neighbour(self):
        """Linked into one event, the owner still sees only the household's
        complaint: not the event (named after the neighbour's complaint), not
        the other households' complaints, not as a follower."""
        tickets = (self.neighbours | self.own).with_user(self.supervisor)
        event = tickets._link_into_event()
        # Its tracking written, as at the end of a request.
        self._end_request()
        self.assertEqual(event.name, "Li's secret trouble")
        self.assertNotIn(self.owner_wang, self.neighbours.message_partner_ids)
        as_owner = self.env["helpdesk.ticket"].with_user(self.owner_user)
        self.assertEqual(as_owner.search([]), self.own)
        self.assertEqual(
            as_owner.search([("collective_event_id", "=", event.id)]), self.own
        )
        with self.assertRaises(AccessError):
            event.with_user(self.owner_user).read(["name"])
        self._login(self.owner_user)
        page = self._open(f"/my/ticket/{self.own.id}").text
        for secret in ("secret trouble", "Li Lei", self.unit_302.name):
            self.assertNotIn(secret, page)
        data = self._json(
            "/web/dataset/call_kw",
            {
                "model": "property.complaint.event",
                "method": "search_read",
                "args": [[]],
                "kwargs": {"fields": ["name", "ticket_ids"]},
            },
        )
        self.assertIn("error", data)
        self.assertNotIn("secret trouble", json.dumps(data))
        data = self._json(
            "/web/dataset/call_kw",
            {
                "model": "helpdesk.ticket",
                "method": "read",
                "args": [[self.neighbours.id], ["name"]],
                "kwargs": {},
            },
        )
        self.assertIn("error", data)
        self.assertNotIn("secret trouble", json.dumps(data))

    def test_filing_makes_the_owner_follow_only_the_new_complaint(self):
        self._login(self.owner_user)
        self._submit(unit=self.unit_301.id)
        filed = self._tickets_of(self.owner_wang)
        followed = self.env["helpdesk.ticket"].search(
            [("message_partner_ids", "in", self.owner_wang.ids)]
        )
        self.assertIn(filed, followed)
        self.assertFalse(followed - self.own - filed)
