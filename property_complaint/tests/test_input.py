"""Bad input gets a clear, translated error and changes nothing (issue 10,
point 7): a service center's thresholds and target, a clock policy's
durations and warning, the service center of a collective event."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PropertyComplaintCase


@tagged("post_install", "-at_install")
class TestServiceCenterSettings(PropertyComplaintCase):
    def _assert_refused(self, field, values, regex):
        before = self.center_sunny[field]
        for value in values:
            with (
                self.subTest(field=field, value=value),
                self.assertRefused(ValidationError, regex),
            ):
                self.center_sunny.with_user(self.complaint_admin).write({field: value})
                self.env.flush_all()
            self.center_sunny.invalidate_recordset([field])
            self.assertEqual(self.center_sunny[field], before)

    def test_collective_threshold_of_two_households_at_least(self):
        self._assert_refused(
            "collective_threshold", (1, 0, -3), "at least 2 households, not"
        )
        self.center_sunny.with_user(self.complaint_admin).collective_threshold = 2
        self.assertEqual(self.center_sunny.collective_threshold, 2)

    def test_timeliness_target_within_0_and_100(self):
        self._assert_refused(
            "timeliness_target", (150.0, 100.5, -1.0), "between 0 and 100 %, not"
        )
        for value in (0.0, 100.0):
            self.center_sunny.with_user(self.complaint_admin).timeliness_target = value
            self.assertEqual(self.center_sunny.timeliness_target, value)

    def test_collective_window_positive(self):
        self._assert_refused(
            "collective_window_hours", (0.0, -24.0), "must be positive, not"
        )

    def test_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        center = self.center_sunny.with_user(self.complaint_admin).with_context(
            lang="zh_CN"
        )
        with self.assertRefused(ValidationError, "集体投诉至少.*2.*户"):
            center.write({"collective_threshold": 0})
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestClockPolicySettings(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls.env.ref("property_complaint.clock_policy_triage")

    def _assert_refused(self, values, regex):
        before = self.policy.read(list(values))[0]
        with self.subTest(values=values), self.assertRefused(ValidationError, regex):
            self.policy.with_user(self.complaint_admin).write(values)
            self.env.flush_all()
        self.policy.invalidate_recordset()
        self.assertEqual(self.policy.read(list(values))[0], before)

    def test_durations_positive(self):
        for hours in (0.0, -2.0):
            self._assert_refused({"duration_hours": hours}, "hours must be positive")
        for hours in (0.0, -1.0):
            self._assert_refused({"repeat_interval_hours": hours}, "must be positive")

    def test_warning_before_the_due_time(self):
        # The triage clock runs 2 hours: a warning 2 hours or more before its
        # due time would fall before it starts.
        for minutes in (120, 180, 0, -30):
            self._assert_refused(
                {"warning_type": "minutes", "warning_minutes": minutes},
                "does not fall between the start and the due time",
            )
        for share in (0.0, 100.0, 150.0, -10.0):
            self._assert_refused(
                {"warning_type": "share", "warning_share": share},
                "between 0 and 100 %, not",
            )
        self.policy.with_user(self.complaint_admin).write(
            {"warning_type": "minutes", "warning_minutes": 119}
        )
        self.assertEqual(self.policy.warning_minutes, 119)

    def test_shorter_duration_than_its_warning(self):
        self._assert_refused(
            {"duration_hours": 0.25}, "does not fall between the start and the due"
        )
        # Without a warning it may be that short.
        self.policy.with_user(self.complaint_admin).write(
            {"duration_hours": 0.25, "warning_type": "none"}
        )
        self.assertEqual(self.policy.duration_hours, 0.25)


@tagged("post_install", "-at_install")
class TestEventServiceCenter(PropertyComplaintCase):
    """The complaints of an event share its service center."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sunny = cls._create_complaint(cls.front_desk)
        cls.lake = cls._create_complaint(
            cls.front_desk,
            team_id=cls.center_lake.id,
            unit_id=cls.unit_lake.id,
        )
        cls.event = (
            cls.env["property.complaint.event"]
            .with_user(cls.front_desk)
            .create({"name": "No water", "team_id": cls.center_sunny.id})
        )
        cls.sunny.with_user(cls.front_desk).collective_event_id = cls.event

    def test_complaint_of_another_center_not_linked(self):
        with self.assertRefused(ValidationError, "of another service center"):
            self.lake.with_user(self.front_desk).collective_event_id = self.event
            self.env.flush_all()
        self.lake.invalidate_recordset(["collective_event_id"])
        self.assertFalse(self.lake.collective_event_id)
        self.assertEqual(self.event.ticket_ids, self.sunny)

    def test_event_not_moved_away_from_its_complaints(self):
        with self.assertRefused(ValidationError, "of another service center"):
            self.event.with_user(self.manager).team_id = self.center_lake
            self.env.flush_all()
        self.event.invalidate_recordset(["team_id"])
        self.assertEqual(self.event.team_id, self.center_sunny)
