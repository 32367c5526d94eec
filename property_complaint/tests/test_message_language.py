"""What the server writes by itself reaches each reader in their language.

The enforcement runs as the cron's user: without care its notifications,
activities and history lines would all be in that one user's language.
"""

from datetime import date

from odoo.tests import freeze_time, tagged

from .common import NOW, ClockCase

# The breach of the triage clock, as zh_CN.po says it.
BREACH_ZH = "投诉 {number} 的“分类”时限已超时（到期时间 2026-11-05 20:00）"  # noqa: RUF001


@tagged("post_install", "-at_install")
class TestMessageLanguage(ClockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese()
        cls.supervisor.lang = "zh_CN"
        cls.manager.lang = "en_US"

    def _breach_notices(self, partner, ticket):
        return self._notifications(partner, ticket.number)

    def test_each_reader_in_their_language(self):
        self.center_sunny.lang = "zh_CN"
        with freeze_time(NOW):
            ticket = self._create_complaint(self.front_desk)
        # Triage is due 2 h after reception (20:00 in Shanghai): first the
        # supervisor, two hours later the manager.
        self._enforce_clocks("2026-11-05 12:00:00")
        self._enforce_clocks("2026-11-05 14:00:00")

        [to_supervisor] = self._breach_notices(self.supervisor.partner_id, ticket)
        self.assertEqual(to_supervisor.subject, "投诉时限已超时")
        self.assertIn(BREACH_ZH.format(number=ticket.number), to_supervisor.body)
        [to_manager] = self._breach_notices(self.manager.partner_id, ticket)
        self.assertEqual(to_manager.subject, "Complaint deadlines breached")
        self.assertIn(
            f"Triage of {ticket.number} breached (due 11/05/2026 20:00)",
            to_manager.body,
        )
        # The activities, each in its assignee's language.
        self.assertEqual(
            self._activities(ticket, self.supervisor)
            .filtered(lambda activity: "超时" in activity.summary)
            .summary,
            BREACH_ZH.format(number=ticket.number),
        )
        self.assertIn(
            f"Triage of {ticket.number} breached (due 11/05/2026 20:00)",
            self._activities(ticket, self.manager).mapped("summary"),
        )
        # The history, in the service center's language.
        ticket.invalidate_recordset(["message_ids"])
        steps = ticket.message_ids.filtered(
            lambda message: "已升级至" in (message.body or "")
        )
        self.assertEqual(len(steps), 2)
        self.assertFalse(
            ticket.message_ids.filtered(
                lambda message: "Escalated to" in (message.body or "")
            )
        )

    def test_center_language_defaults_to_the_company(self):
        self.env.company.partner_id.lang = "zh_CN"
        center = self.env["helpdesk.ticket.team"].create(
            {"name": "New center", "manager_id": self.manager.id}
        )
        self.assertEqual(center.lang, "zh_CN")

    def test_statistics_mail_in_each_readers_language(self):
        self.quality.lang = "zh_CN"
        english = self._create_user(
            "pct_quality_en", "property_complaint.group_complaint_quality", "QA EN"
        )
        mails = self.estate_sunny._send_monthly_statistics(date(2026, 11, 1))
        chinese = mails.filtered(lambda m: self.quality.partner_id in m.recipient_ids)
        in_english = mails.filtered(lambda m: english.partner_id in m.recipient_ids)
        self.assertEqual(chinese.subject, "投诉统计 2026-11")
        self.assertEqual(chinese.attachment_ids.name, "投诉统计 2026-11.xlsx")
        self.assertNotIn(english.partner_id, chinese.recipient_ids)
        self.assertEqual(in_english.subject, "Complaint statistics 2026-11")
        self.assertNotIn(self.quality.partner_id, in_english.recipient_ids)
