"""After the reply, on the owner's ticket page (issue 12, items 3 and 4): the
owner says once whether they are satisfied (not satisfied opens a repeat
complaint, 4.11, and tells the supervisor), and signs the home-visit record
(4.7.3). Only the owner who reads the complaint, and only while it may still be
answered."""

import base64
import io
import json

from lxml import etree
from PIL import Image

from odoo import fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from .common import PropertyComplaintCase


def _png():
    """A small image, as the signature canvas sends it."""
    buffer = io.BytesIO()
    Image.new("RGBA", (60, 20), (0, 0, 139, 255)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


SIGNATURE_PNG = _png()


class PortalReplyCase(PropertyComplaintCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner_user = cls._create_portal_user(cls.owner_wang, "pct-reply-wang")
        cls.neighbour_user = cls._create_portal_user(cls.owner_li, "pct-reply-li")

    @classmethod
    def _replied_complaint(cls, reply_method="phone", **values):
        """A complaint of Wang Fang's unit 2-1-301 taken by the front desk and
        replied to by the assistant (its handler) on the complaint's form."""
        ticket = cls._create_complaint(cls.front_desk, user_id=cls.assistant.id)
        with Form(ticket.with_user(cls.assistant)) as form:
            form.complaint_type = "valid"
            form.complaint_cause = "service_center"
            form.result = "The pipe was replaced."
            form.reply_method = reply_method
            form.replied_at = fields.Datetime.now()
            for name, value in values.items():
                setattr(form, name, value)
        cls._end_request()
        return ticket

    def _login(self, user):
        """Log in as `user`, keeping the session (and what it holds for the
        next page) while the same user goes on."""
        if getattr(self, "_session_user", None) != user:
            self.authenticate(user.login, user.login)
            self._session_user = user

    def _rate(self, ticket, satisfaction, comment="", user=None):
        self._login(user or self.owner_user)
        return self.url_open(
            f"/my/ticket/{ticket.id}/rate",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "satisfaction": satisfaction,
                "comment": comment,
            },
            allow_redirects=False,
        )

    def _sign(self, ticket, user=None, signature=SIGNATURE_PNG, name="Wang Fang"):
        self._login(user or self.owner_user)
        response = self.url_open(
            f"/my/ticket/{ticket.id}/sign",
            data=json.dumps({"params": {"name": name, "signature": signature}}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()["result"]

    def _page(self, ticket, user=None):
        self._login(user or self.owner_user)
        response = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(response.status_code, 200)
        return response.text

    def _answer(self, ticket):
        ticket.invalidate_recordset()
        return {
            "satisfaction": ticket.satisfaction,
            "owner_portal_satisfaction": ticket.owner_portal_satisfaction,
            "owner_portal_comment": ticket.owner_portal_comment,
            "owner_rated_at": ticket.owner_rated_at,
            "repeats": ticket.repeat_ids,
        }


@tagged("post_install", "-at_install")
class TestPortalRating(PortalReplyCase):
    def test_owner_says_satisfied(self):
        ticket = self._replied_complaint()
        page = self._page(ticket)
        self.assertIn('name="owner_rating"', page)
        self.assertIn("Are you satisfied with the result?", page)
        response = self._rate(ticket, "satisfied", "Quick and clean work.")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(
                f"/my/ticket/{ticket.id}#owner_answer"
            )
        )
        answer = self._answer(ticket)
        self.assertEqual(answer["satisfaction"], "satisfied")
        self.assertEqual(answer["owner_portal_satisfaction"], "satisfied")
        self.assertEqual(answer["owner_portal_comment"], "Quick and clean work.")
        self.assertTrue(answer["owner_rated_at"])
        self.assertFalse(answer["repeats"])
        # The owner's words are in the history, apart from the staff's opinion.
        self.assertFalse(ticket.owner_opinion)
        self.assertIn("owner_portal_comment", self._tracked_field_names(ticket))
        page = self._page(ticket)
        self.assertNotIn('name="owner_rating"', page)
        self.assertIn('name="owner_rated"', page)
        self.assertIn("Quick and clean work.", page)

    def test_not_satisfied_opens_a_repeat(self):
        ticket = self._replied_complaint()
        self._rate(ticket, "not_satisfied", "Still dripping at night.")
        self._end_request()
        repeat = self._answer(ticket)["repeats"]
        self.assertEqual(len(repeat), 1)
        self.assertRecordValues(
            repeat,
            [
                {
                    "repeat_of_id": ticket.id,
                    "is_repeat": True,
                    "partner_id": self.owner_wang.id,
                    "unit_id": self.unit_301.id,
                    "team_id": self.center_sunny.id,
                    "channel_id": self.channel_portal.id,
                    "supervisor_id": self.supervisor.id,
                }
            ],
        )
        self.assertIn("Still dripping at night.", repeat.description)
        self.assertEqual(ticket.satisfaction, "not_satisfied")
        # The supervisor gets the review to do and a notification.
        self.assertEqual(
            self._activities(repeat, self.supervisor).summary,
            f"Repeat complaint: review the handling of {ticket.number}",
        )
        notified = (
            self.env["mail.notification"]
            .search([("res_partner_id", "=", self.supervisor.partner_id.id)])
            .mail_message_id.filtered(
                lambda m: m.res_id == repeat.id and "Still dripping" in m.body
            )
        )
        self.assertIn("is not satisfied with the handling", notified.body)
        # The owner sees the repeat: linked from the page and in the list.
        page = self._page(ticket)
        self.assertIn(f'href="/my/ticket/{repeat.id}"', page)
        self.assertIn(repeat.number, page)
        self.assertIn(repeat.number, self.url_open("/my/tickets").text)
        self.assertIn("Still dripping at night.", self._page(repeat))

    def test_rating_twice_refused(self):
        ticket = self._replied_complaint()
        self._rate(ticket, "not_satisfied", "Still dripping.")
        before = self._answer(ticket)
        self._rate(ticket, "satisfied", "Now it is fine.")
        self.assertEqual(self._answer(ticket), before)
        page = self._page(ticket)
        self.assertIn("You already said whether you are satisfied", page)
        # Refused, the owner's words are still on the page.
        self.assertIn('name="owner_answer_error"', page)

    def test_rating_before_the_reply_refused(self):
        ticket = self._create_complaint(self.front_desk)
        self.assertNotIn('name="owner_rating"', self._page(ticket))
        self._rate(ticket, "satisfied", "Good.")
        self.assertRecordValues(
            ticket,
            [
                {
                    "satisfaction": False,
                    "owner_rated_at": False,
                    "owner_portal_comment": False,
                }
            ],
        )
        page = self._page(ticket)
        self.assertIn("has not replied to complaint", page)
        self.assertIn("Good.", page)

    def test_rating_a_signed_off_form_refused(self):
        ticket = self._replied_complaint()
        self._sign_off(ticket)
        self.assertTrue(ticket.is_locked)
        self._rate(ticket, "not_satisfied", "Too late.")
        self.assertRecordValues(
            ticket,
            [{"satisfaction": "satisfied", "owner_rated_at": False, "repeat_ids": []}],
        )
        self.assertIn("is signed off: it can no longer be rated", self._page(ticket))

    def test_rating_a_closed_complaint_refused(self):
        ticket = self._replied_complaint(satisfaction="satisfied")
        self._close(ticket, self.assistant)
        with self.assertRefused(UserError, "is closed"):
            ticket.with_user(self.owner_user).sudo()._rate_from_portal(
                "not_satisfied", ""
            )
        self.assertFalse(ticket.repeat_ids)

    def test_unknown_answer_refused(self):
        ticket = self._replied_complaint()
        self._rate(ticket, "basically_satisfied")
        self.assertFalse(self._answer(ticket)["owner_rated_at"])
        self.assertIn("Choose whether you are satisfied.", self._page(ticket))

    def test_neighbour_cannot_rate_by_guessing_the_id(self):
        ticket = self._replied_complaint()
        before = self._answer(ticket)
        response = self._rate(ticket, "not_satisfied", "Spam.", self.neighbour_user)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self.assertEqual(self._answer(ticket), before)
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("repeat_of_id", "=", ticket.id)])
        )

    def test_staff_record_satisfaction_on_the_form(self):
        ticket = self._replied_complaint()
        with self.assertRefused(UserError, "Staff record the owner's satisfaction"):
            ticket.with_user(self.assistant).sudo()._rate_from_portal("satisfied", "")
        # The staff's own record still works after the owner's answer.
        self._rate(ticket, "not_satisfied", "Still dripping.")
        ticket.with_user(self.assistant).satisfaction = "satisfied"
        self.assertRecordValues(
            ticket,
            [
                {
                    "satisfaction": "satisfied",
                    "owner_portal_satisfaction": "not_satisfied",
                }
            ],
        )

    def test_owner_answer_written_by_the_portal_only(self):
        ticket = self._replied_complaint()
        with self.assertRefused(AccessError, "never written directly"):
            ticket.with_user(self.assistant).write(
                {
                    "owner_portal_comment": "Made up.",
                    "owner_rated_at": fields.Datetime.now(),
                }
            )


@tagged("post_install", "-at_install")
class TestPortalRatingLanguage(PortalReplyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese()
        cls.supervisor.lang = "zh_CN"

    def test_supervisor_told_in_chinese(self):
        ticket = self._replied_complaint()
        self._rate(ticket, "not_satisfied", "晚上还在漏水。")
        repeat = self._answer(ticket)["repeats"]
        self.assertEqual(
            self._activities(repeat, self.supervisor).summary,
            f"重复投诉：请了解 {ticket.number} 的前期处理情况",  # noqa: RUF001
        )
        note = repeat.message_ids.filtered(lambda m: "漏水" in m.body)
        self.assertIn("不满意", note.body)
        self.assertIn("晚上还在漏水。", note.body)


@tagged("post_install", "-at_install")
class TestPortalSignature(PortalReplyCase):
    def test_owner_signs_the_home_visit(self):
        ticket = self._replied_complaint("home_visit", satisfaction="satisfied")
        with self.assertRefused(UserError, "needs the owner's signature"):
            self._close(ticket, self.assistant)
        self.assertIn('name="owner_sign"', self._page(ticket))
        result = self._sign(ticket, name="Wang Fang")
        self.assertEqual(
            result.get("redirect_url"), f"/my/ticket/{ticket.id}#owner_answer"
        )
        ticket.invalidate_recordset()
        self.assertEqual(ticket.owner_signature.decode(), SIGNATURE_PNG)
        self.assertEqual(ticket.owner_signed_by, "Wang Fang")
        self.assertTrue(ticket.owner_signed_at)
        self.assertTrue(
            {"owner_signed_at", "owner_signed_by"} <= self._tracked_field_names(ticket)
        )
        page = self._page(ticket)
        self.assertNotIn('name="owner_sign"', page)
        self.assertIn("data:image/png;base64", page)
        # The closure rule passes now.
        self._close(ticket, self.assistant)
        self.assertTrue(ticket.closed)

    def test_signing_twice_refused(self):
        ticket = self._replied_complaint("home_visit")
        self._sign(ticket)
        signed_at = ticket.owner_signed_at
        result = self._sign(ticket, name="Someone else")
        self.assertIn("already signed", result["error"])
        ticket.invalidate_recordset()
        self.assertRecordValues(
            ticket, [{"owner_signed_by": "Wang Fang", "owner_signed_at": signed_at}]
        )

    def test_no_home_visit_nothing_to_sign(self):
        ticket = self._replied_complaint("phone")
        self.assertNotIn('name="owner_signature"', self._page(ticket))
        result = self._sign(ticket)
        self.assertIn("was not answered by a home visit", result["error"])
        self.assertFalse(ticket.owner_signature)

    def test_not_an_image_refused(self):
        ticket = self._replied_complaint("home_visit")
        result = self._sign(ticket, signature=base64.b64encode(b"<script>").decode())
        self.assertIn("could not be decoded as an image", result["error"])
        ticket.invalidate_recordset()
        self.assertFalse(ticket.owner_signature)

    def test_signed_off_form_cannot_be_signed(self):
        ticket = self._replied_complaint("phone")
        self._sign_off(ticket)
        # Signed off, the record form is frozen, whatever its reply.
        self.assertTrue(ticket.is_locked)
        result = self._sign(ticket)
        self.assertIn("signed off", result["error"])
        self.assertFalse(ticket.owner_signature)

    def test_neighbour_cannot_sign_by_guessing_the_id(self):
        ticket = self._replied_complaint("home_visit")
        result = self._sign(ticket, self.neighbour_user, name="Li Lei")
        self.assertEqual(result["error"], "This complaint is not yours to sign.")
        ticket.invalidate_recordset()
        self.assertRecordValues(
            ticket, [{"owner_signature": False, "owner_signed_by": False}]
        )

    def test_staff_tablet_signature_stamped(self):
        ticket = self._replied_complaint("home_visit")
        ticket.with_user(self.assistant).owner_signature = SIGNATURE_PNG
        self.assertEqual(ticket.owner_signed_by, "Wang Fang")
        self.assertTrue(ticket.owner_signed_at)
        # On the form, the staff's tablet signs in the signature widget.
        arch = etree.fromstring(
            ticket.with_user(self.assistant).get_views([(False, "form")])["views"][
                "form"
            ]["arch"]
        )
        [field] = arch.xpath("//field[@name='owner_signature']")
        self.assertEqual(field.get("widget"), "signature")

    def test_household_signs_its_event_visit(self):
        ticket = self._replied_complaint("home_visit")
        neighbour_ticket = self._create_complaint(
            self.front_desk, unit_id=self.unit_302.id
        )
        event = (
            self.env["property.complaint.event"]
            .with_user(self.front_desk)
            .create({"name": "Block 2 without water", "team_id": self.center_sunny.id})
        )
        (ticket | neighbour_ticket).with_user(
            self.front_desk
        ).collective_event_id = event
        visit = (
            self.env["property.complaint.event.visit"]
            .with_user(self.assistant)
            .create(
                {
                    "event_id": event.id,
                    "unit_id": self.unit_301.id,
                    "opinion": "Understood.",
                }
            )
        )
        event.with_user(self.manager).write({"reply": "The pump was replaced."})
        event.with_user(self.manager).action_send_reply()
        self._end_request()
        # The neighbour's household has no visit yet: nothing to sign.
        result = self._sign(neighbour_ticket, self.neighbour_user, name="Li Lei")
        self.assertIn("not recorded yet", result["error"])
        # Wang Fang signs the visit of her household from her complaint.
        self.assertFalse(self._sign(ticket).get("error"))
        visit.invalidate_recordset()
        ticket.invalidate_recordset()
        self.assertEqual(visit.signature.decode(), SIGNATURE_PNG)
        self.assertEqual(ticket.owner_signature.decode(), SIGNATURE_PNG)
        self.assertEqual(ticket.owner_signed_by, "Wang Fang")
        self.assertIn("data:image/png;base64", self._page(ticket))


@tagged("post_install", "-at_install")
class TestPortalReplyTours(PortalReplyCase):
    def test_owner_not_satisfied_sees_the_repeat(self):
        ticket = self._replied_complaint()
        self.start_tour(
            "/my/tickets",
            "property_complaint_owner_not_satisfied_tour",
            login=self.owner_user.login,
        )
        repeat = ticket.repeat_ids
        self.assertEqual(len(repeat), 1)
        self.assertRecordValues(
            ticket,
            [
                {
                    "satisfaction": "not_satisfied",
                    "owner_portal_comment": "Still dripping at night.",
                }
            ],
        )
        self.assertEqual(repeat.partner_id, self.owner_wang)

    def test_owner_signs_the_home_visit(self):
        ticket = self._replied_complaint("home_visit")
        self.start_tour(
            "/my/tickets",
            "property_complaint_owner_sign_tour",
            login=self.owner_user.login,
        )
        self.assertTrue(ticket.owner_signature)
        self.assertEqual(ticket.owner_signed_by, "Wang Fang")
        self.assertTrue(ticket.owner_signed_at)
