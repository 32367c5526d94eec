"""Who may do what, on which estate (issue 10, point 1).

The matrix below is the contract: every role against every persistent model of
the addon, for create, read, write and unlink, on a record of the role's own
estate and on one of another estate (or company). Each cell is checked for real,
`with_user` the role, asserting the values of what is allowed and the
AccessError of what is refused.
"""

from contextlib import closing, contextmanager
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import PropertyComplaintCase

# Roles, and where their own records and another estate's records are.
# Sunny Garden and Hill Side are estates of the main company, West Bank is an
# estate of another company. The center staff of common.py work in Sunny
# Garden (and Lake View), not in Hill Side.
ROLES = {
    "fd": ("front_desk", "sunny", "hill"),
    "as": ("assistant", "sunny", "hill"),
    "su": ("supervisor", "sunny", "hill"),
    "ma": ("manager", "sunny", "hill"),
    "qu": ("quality", "hill", "west"),
    "ad": ("complaint_admin", "hill", "west"),
    "po": ("portal_owner", "sunny", "hill"),
    "sh": ("supervisor_hill", "hill", "sunny"),
    "wu": ("west_user", "west", "sunny"),
}

# + allowed on both records, o allowed on the own estate's only, - refused on
# both.
MATRIX = """
model                                 op       fd as su ma qu ad po sh wu
helpdesk.ticket                       create   o  o  o  o  -  o  -  o  o
helpdesk.ticket                       read     o  o  o  o  o  o  o  o  o
helpdesk.ticket                       write    o  o  o  o  -  o  -  o  o
helpdesk.ticket                       unlink   -  -  -  -  -  -  -  -  -
property.complaint.contact            create   o  o  o  o  -  o  -  o  o
property.complaint.contact            read     o  o  o  o  o  o  -  o  o
property.complaint.contact            write    o  o  o  o  -  o  -  o  o
property.complaint.contact            unlink   -  -  -  -  -  -  -  -  -
property.complaint.event              create   o  o  o  o  -  o  -  o  o
property.complaint.event              read     o  o  o  o  o  o  -  o  o
property.complaint.event              write    o  o  o  o  -  o  -  o  o
property.complaint.event              unlink   -  -  -  -  -  -  -  -  -
property.complaint.event.visit        create   o  o  o  o  -  o  -  o  o
property.complaint.event.visit        read     o  o  o  o  o  o  -  o  o
property.complaint.event.visit        write    o  o  o  o  -  o  -  o  o
property.complaint.event.visit        unlink   o  o  o  o  -  o  -  o  o
property.complaint.clock              create   -  -  -  -  -  -  -  -  -
property.complaint.clock              read     o  o  o  o  o  o  -  o  o
property.complaint.clock              write    -  -  -  -  -  -  -  -  -
property.complaint.clock              unlink   -  -  -  -  -  -  -  -  -
property.complaint.clock.escalation   create   -  -  -  -  -  -  -  -  -
property.complaint.clock.escalation   read     o  o  o  o  o  o  -  o  o
property.complaint.clock.escalation   write    -  -  -  -  -  -  -  -  -
property.complaint.clock.escalation   unlink   -  -  -  -  -  -  -  -  -
property.complaint.timeliness         create   -  -  -  -  -  -  -  -  -
property.complaint.timeliness         read     o  o  o  o  o  o  -  o  o
property.complaint.timeliness         write    -  -  -  -  -  -  -  -  -
property.complaint.timeliness         unlink   -  -  -  -  -  -  -  -  -
property.complaint.service.report     create   -  -  o  o  -  o  -  o  o
property.complaint.service.report     read     o  o  o  o  o  o  -  o  o
property.complaint.service.report     write    -  -  o  o  -  o  -  o  o
property.complaint.service.report     unlink   -  -  o  o  -  o  -  o  o
property.complaint.service.report.line create  -  -  o  o  -  o  -  o  o
property.complaint.service.report.line read    o  o  o  o  o  o  -  o  o
property.complaint.service.report.line write   -  -  o  o  -  o  -  o  o
property.complaint.service.report.line unlink  -  -  o  o  -  o  -  o  o
property.complaint.clock.policy       create   -  -  -  -  -  o  -  -  -
property.complaint.clock.policy       read     +  +  +  +  o  o  -  +  o
property.complaint.clock.policy       write    -  -  -  -  -  o  -  -  -
property.complaint.clock.policy       unlink   -  -  -  -  -  o  -  -  -
property.estate                       create   -  -  -  -  -  o  -  -  -
property.estate                       read     +  +  +  +  o  o  -  +  o
property.estate                       write    -  -  -  -  -  o  -  -  -
property.estate                       unlink   -  -  -  -  -  -  -  -  -
property.building                     create   -  -  -  -  -  o  -  -  -
property.building                     read     +  +  +  +  o  o  -  +  o
property.building                     write    -  -  -  -  -  o  -  -  -
property.building                     unlink   -  -  -  -  -  -  -  -  -
property.unit                         create   -  o  o  o  -  o  -  o  o
property.unit                         read     +  +  +  +  o  o  -  +  o
property.unit                         write    -  o  o  o  -  o  -  o  o
property.unit                         unlink   -  -  -  -  -  -  -  -  -
helpdesk.ticket.team                  create   -  -  -  -  -  o  -  -  -
helpdesk.ticket.team                  read     +  +  +  +  o  o  +  +  o
helpdesk.ticket.team                  write    -  -  -  -  -  o  -  -  -
helpdesk.ticket.team                  unlink   -  -  -  -  -  o  -  -  -
res.partner                           create   o  o  o  o  -  o  -  o  o
res.partner                           read     +  +  +  +  +  +  -  +  +
res.partner                           write    o  o  o  o  -  o  -  o  o
res.partner                           unlink   -  -  -  -  -  -  -  -  -
property.complaint.data.access        create   -  -  -  -  -  -  -  -  -
property.complaint.data.access        read     -  -  -  -  o  o  -  -  -
property.complaint.data.access        write    -  -  -  -  -  -  -  -  -
property.complaint.data.access        unlink   -  -  -  -  -  -  -  -  -
resource.calendar.workday             create   -  -  -  -  -  +  -  -  -
resource.calendar.workday             read     +  +  +  +  +  +  -  +  +
resource.calendar.workday             write    -  -  -  -  -  +  -  -  -
resource.calendar.workday             unlink   -  -  -  -  -  +  -  -  -
"""


def _parse_matrix(text):
    """{(model, operation): {role: (allowed on own, allowed on other)}}"""
    lines = text.strip().splitlines()
    roles = lines[0].split()[2:]
    outcomes = {"+": (True, True), "o": (True, False), "-": (False, False)}
    return {
        (model, operation): dict(
            zip(roles, (outcomes[cell] for cell in cells), strict=True)
        )
        for model, operation, *cells in (line.split() for line in lines[1:])
    }


# The field each model's write changes, and the value written.
WRITES = {
    "helpdesk.ticket": ("requested_remedy", "Matrix: a new ceiling."),
    "property.complaint.contact": ("summary", "Matrix: called back."),
    "property.complaint.event": ("name", "Matrix: blackout"),
    "property.complaint.event.visit": ("opinion", "Matrix: satisfied."),
    "property.complaint.clock": (
        "warning_at",
        fields.Datetime.to_datetime("2026-11-05 11:00:00"),
    ),
    "property.complaint.clock.escalation": ("level", 9),
    "property.complaint.timeliness": ("target", 12.5),
    "property.complaint.service.report": ("month", date(2020, 6, 1)),
    "property.complaint.service.report.line": ("owner_text", "Matrix: done."),
    "property.complaint.clock.policy": ("sequence", 77),
    "property.estate": ("street", "Matrix Road 1"),
    "property.building": ("sequence", 77),
    "property.unit": ("floor_area", 77.5),
    "helpdesk.ticket.team": ("hotline", "400-000-0077"),
    "res.partner": ("phone", "13000000077"),
    "property.complaint.data.access": ("report_name", "Matrix: forged"),
    "resource.calendar.workday": ("name", "Matrix: make-up day"),
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_other_estates()
        cls.portal_owner = cls.env["res.users"].create(
            {
                "name": cls.owner_wang.name,
                "login": "pct-matrix-owner",
                "partner_id": cls.owner_wang.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )
        cls.places = {
            "sunny": cls._place(
                cls.center_sunny, cls.unit_301, cls.owner_wang, cls.manager
            ),
            "hill": cls._place(
                cls.center_hill, cls.unit_hill, cls.owner_hill, cls.hill_manager
            ),
            "west": cls._place(
                cls.center_west, cls.unit_west, cls.owner_west, cls.west_manager
            ),
        }

    @classmethod
    def _create_other_estates(cls):
        """Hill Side, another estate of the company with a supervisor of its
        own, and West Bank, an estate of another company."""
        Partner = cls.env["res.partner"]
        cls.owner_hill = Partner.create({"name": "Qian Hui", "phone": "13600136000"})
        cls.owner_west = Partner.create({"name": "Sun Li", "phone": "13500135000"})
        cls.estate_hill = cls.env["property.estate"].create(
            {"name": "Hill Side", "code": "PCT-HS"}
        )
        cls.unit_hill = cls._create_unit(cls.estate_hill, "3-1-101", cls.owner_hill)
        prefix = "property_complaint"
        cls.supervisor_hill = cls._create_user(
            "pct_supervisor_hill", f"{prefix}.group_complaint_supervisor", "Hill Sup"
        )
        cls.hill_manager = cls._create_user(
            "pct_manager_hill", f"{prefix}.group_complaint_manager", "Hill Manager"
        )
        cls.center_hill = cls._create_service_center(
            cls.estate_hill,
            manager_id=cls.hill_manager.id,
            supervisor_ids=[Command.set(cls.supervisor_hill.ids)],
            user_ids=[Command.clear()],
        )

        cls.company_west = cls.env["res.company"].create({"name": "PCT West"})
        cls.estate_west = cls.env["property.estate"].create(
            {"name": "West Bank", "company_id": cls.company_west.id}
        )
        cls.unit_west = cls._create_unit(cls.estate_west, "5-1-101", cls.owner_west)
        west = {
            "company_id": cls.company_west.id,
            "company_ids": [Command.set(cls.company_west.ids)],
            "lang": "en_US",
        }
        cls.west_user = new_test_user(
            cls.env,
            login="pct_west_supervisor",
            groups=f"{prefix}.group_complaint_supervisor",
            **west,
        )
        cls.west_manager = new_test_user(
            cls.env,
            login="pct_west_manager",
            groups=f"{prefix}.group_complaint_manager",
            **west,
        )
        cls.center_west = cls._create_service_center(
            cls.estate_west,
            company=cls.company_west,
            manager_id=cls.west_manager.id,
            supervisor_ids=[Command.set(cls.west_user.ids)],
            user_ids=[Command.clear()],
        )

    @classmethod
    def _create_unit(cls, estate, name, owner):
        building = cls.env["property.building"].create(
            {"name": "Block 3", "estate_id": estate.id}
        )
        return cls.env["property.unit"].create(
            {
                "name": name,
                "building_id": building.id,
                "owner_ids": [Command.set(owner.ids)],
            }
        )

    @classmethod
    def _place(cls, center, unit, owner, manager):
        """An estate's records the cells act on: a complaint of its owner, in
        a collective event, and its clock."""
        ticket = cls._create_complaint(
            team_id=center.id,
            unit_id=unit.id,
            partner_id=owner.id,
            category_id=False,
            name=f"Matrix complaint of {unit.name}",
        )
        event = cls.env["property.complaint.event"].create(
            {"name": f"Matrix event of {center.name}", "team_id": center.id}
        )
        ticket.collective_event_id = event
        cls._end_request()
        return {
            "center": center,
            "company": center.company_id,
            "estate": center.estate_id,
            "building": unit.building_id,
            "unit": unit,
            "owner": owner,
            "manager": manager,
            "ticket": ticket,
            "event": event,
            "clock": ticket.clock_ids[:1],
            "service_report": cls.env["property.complaint.service.report"].create(
                {"team_id": center.id, "month": date(2020, 1, 1)}
            ),
            "calendar": cls.env["resource.calendar"].create(
                {
                    "name": f"Matrix hours of {center.name}",
                    "company_id": center.company_id.id,
                }
            ),
        }

    # ------------------------------------------------------------ values
    def _create_values(self, model, place):
        """Values of a new record of `model` in `place`, unique per call."""
        self._serial = getattr(self, "_serial", 0) + 1
        tag = f"Matrix {self._serial}"
        policy = self.env.ref("property_complaint.clock_policy_triage")
        values = {
            "helpdesk.ticket": lambda: {
                "name": tag,
                "description": f"<p>{tag}</p>",
                "team_id": place["center"].id,
                "unit_id": place["unit"].id,
                "partner_id": place["owner"].id,
                "channel_id": self.channel_phone.id,
            },
            "property.complaint.contact": lambda: {
                "ticket_id": place["ticket"].id,
                "summary": tag,
            },
            "property.complaint.event": lambda: {
                "name": tag,
                "team_id": place["center"].id,
            },
            "property.complaint.event.visit": lambda: {
                "event_id": place["event"].id,
                "unit_id": place["unit"].id,
                "opinion": tag,
            },
            "property.complaint.clock": lambda: {
                "ticket_id": place["ticket"].id,
                "policy_id": policy.id,
                "kind": "triage",
                "started_at": "2026-11-05 10:00:00",
                "due_at": "2026-11-05 12:00:00",
            },
            "property.complaint.clock.escalation": lambda: {
                "clock_id": place["clock"].id,
                "level": 1,
                "role": "supervisor",
                "escalated_at": "2026-11-05 12:00:00",
            },
            "property.complaint.timeliness": lambda: {
                "team_id": place["center"].id,
                "month": date(2020, 1, 1),
            },
            "property.complaint.service.report": lambda: {
                "team_id": place["center"].id,
                "month": date(2030, 1, 1) + relativedelta(months=self._serial),
            },
            "property.complaint.service.report.line": lambda: {
                "report_id": place["service_report"].id,
                "title": tag,
                "owner_text": tag,
            },
            "property.complaint.clock.policy": lambda: policy.copy_data(
                {"name": tag, "company_id": place["company"].id}
            )[0],
            "property.estate": lambda: {
                "name": tag,
                "company_id": place["company"].id,
            },
            "property.building": lambda: {
                "name": tag,
                "estate_id": place["estate"].id,
            },
            "property.unit": lambda: {
                "name": tag,
                "building_id": place["building"].id,
            },
            "helpdesk.ticket.team": lambda: {
                "name": tag,
                "estate_id": place["estate"].id,
                "company_id": place["company"].id,
                "manager_id": place["manager"].id,
            },
            "res.partner": lambda: {
                "name": tag,
                "property_unit_ids": [Command.link(place["unit"].id)],
            },
            "property.complaint.data.access": lambda: {
                "user_id": place["manager"].id,
                "action": "print",
                "report_name": tag,
                "ticket_ids": [Command.set(place["ticket"].ids)],
                "company_id": place["company"].id,
            },
            "resource.calendar.workday": lambda: {
                "calendar_id": place["calendar"].id,
                "date": date(2027, 1, 1) + timedelta(days=self._serial),
                "name": tag,
            },
        }
        return values[model]()

    def _fixture(self, model, place):
        """A record of `model` in `place`, made by the superuser."""
        return self.env[model].create(self._create_values(model, place))

    # ------------------------------------------------------------ operations
    def _do_create(self, user, model, place, allowed):
        values = self._create_values(model, place)
        Model = self.env[model].with_user(user)
        if allowed:
            record = Model.create(values).with_env(self.env)
            self.assertTrue(record.exists())
            self.assertEqual(record.create_uid, user)
            return
        count = self.env[model].with_context(active_test=False).search_count([])
        with self.assertRaises(AccessError):
            Model.create(values)
        self.assertEqual(
            self.env[model].with_context(active_test=False).search_count([]), count
        )

    def _do_read(self, user, model, place, allowed):
        record = self._fixture(model, place)
        as_user = record.with_user(user)
        if allowed:
            self.assertEqual(
                as_user.read(["display_name"])[0]["display_name"],
                record.display_name,
            )
            self.assertEqual(
                self.env[model].with_user(user).search([("id", "=", record.id)]),
                as_user,
            )
            return
        with self.assertRaises(AccessError):
            as_user.read(["display_name"])
        if self.env[model].with_user(user).has_access("read"):
            # Readable in general, this record is not found.
            self.assertFalse(
                self.env[model].with_user(user).search([("id", "=", record.id)])
            )

    def _do_write(self, user, model, place, allowed):
        record = self._fixture(model, place)
        field, value = WRITES[model]
        before = record[field]
        if allowed:
            record.with_user(user).write({field: value})
            record.invalidate_recordset()
            self.assertEqual(record[field], value)
            return
        with self.assertRaises(AccessError):
            record.with_user(user).write({field: value})
        record.invalidate_recordset()
        self.assertEqual(record[field], before)

    def _do_unlink(self, user, model, place, allowed):
        record = self._fixture(model, place)
        if allowed:
            record.with_user(user).unlink()
            self.assertFalse(record.exists())
            return
        # UserError, of which AccessError is one: a complaint is refused as a
        # quality record even to those the rules would let through.
        with self.assertRaises(UserError):
            record.with_user(user).unlink()
        self.assertTrue(record.exists())

    @contextmanager
    def _undone(self):
        """Run a cell, then undo whatever it did."""
        with closing(self.env.cr.savepoint()):
            yield
        self.env.invalidate_all()

    def _check_model(self, model):
        matrix = _parse_matrix(MATRIX)
        for operation in ("create", "read", "write", "unlink"):
            for role, (own, other) in matrix[model, operation].items():
                attribute, own_place, other_place = ROLES[role]
                user = getattr(self, attribute)
                for place, allowed in ((own_place, own), (other_place, other)):
                    with (
                        self.subTest(
                            model=model,
                            operation=operation,
                            role=attribute,
                            place=place,
                            allowed=allowed,
                        ),
                        self._undone(),
                    ):
                        getattr(self, f"_do_{operation}")(
                            user, model, self.places[place], allowed
                        )

    # ------------------------------------------------------------ the matrix
    def test_matrix_covers_every_model_role_and_operation(self):
        matrix = _parse_matrix(MATRIX)
        # The addon's own persistent models (wizards are each user's own),
        # and the helpdesk's models it makes complaints, centers and owners of.
        models = {
            name
            for name, Model in self.env.registry.items()
            if Model._original_module == "property_complaint"
            and Model._auto
            and not Model._transient
        }
        models |= {"helpdesk.ticket", "helpdesk.ticket.team", "res.partner"}
        self.assertEqual({model for model, _op in matrix}, models)
        self.assertEqual(len(matrix), len(models) * 4)
        for cells in matrix.values():
            self.assertEqual(set(cells), set(ROLES))

    def test_complaint(self):
        self._check_model("helpdesk.ticket")

    def test_contact(self):
        self._check_model("property.complaint.contact")

    def test_event(self):
        self._check_model("property.complaint.event")

    def test_event_visit(self):
        self._check_model("property.complaint.event.visit")

    def test_clock(self):
        self._check_model("property.complaint.clock")

    def test_clock_escalation(self):
        self._check_model("property.complaint.clock.escalation")

    def test_timeliness(self):
        self._check_model("property.complaint.timeliness")

    def test_service_report(self):
        self._check_model("property.complaint.service.report")

    def test_service_report_line(self):
        self._check_model("property.complaint.service.report.line")

    def test_clock_policy(self):
        self._check_model("property.complaint.clock.policy")

    def test_estate(self):
        self._check_model("property.estate")

    def test_building(self):
        self._check_model("property.building")

    def test_unit(self):
        self._check_model("property.unit")

    def test_service_center(self):
        self._check_model("helpdesk.ticket.team")

    def test_owner(self):
        self._check_model("res.partner")

    def test_workday(self):
        self._check_model("resource.calendar.workday")

    def test_data_access_log(self):
        self._check_model("property.complaint.data.access")

    # ------------------------------------------------------------ the holes
    def _complaints_seen(self, user):
        return (
            self.env["helpdesk.ticket"]
            .with_user(user)
            .search([("is_complaint", "=", True)])
            .with_env(self.env)
        )

    def test_supervisor_does_not_read_another_estate(self):
        sunny = self.places["sunny"]["ticket"]
        hill = self.places["hill"]["ticket"]
        seen = self._complaints_seen(self.supervisor_hill)
        self.assertIn(hill, seen)
        self.assertNotIn(sunny, seen)
        self.assertEqual(seen.team_id, self.center_hill)
        with self.assertRaises(AccessError):
            sunny.with_user(self.supervisor_hill).read(["name"])
        Ticket = self.env["helpdesk.ticket"].with_user(self.supervisor_hill)
        self.assertFalse(
            Ticket.search_count([("estate_id", "=", self.estate_sunny.id)])
        )
        groups = Ticket._read_group([("is_complaint", "=", True)], ["estate_id"])
        self.assertEqual([estate for [estate] in groups], [self.estate_hill])

    def test_all_tickets_rule_does_not_reopen_the_estates(self):
        """Supervisors and managers have helpdesk_mgmt's "All Tickets" rule;
        other estates' complaints stay closed to them, other tickets open."""
        all_tickets = self.env.ref("helpdesk_mgmt.helpdesk_ticket_user_rule")
        self.assertTrue(all_tickets.active)
        it_ticket = self._create_complaint(team_id=self.team_it.id, unit_id=False)
        self.assertFalse(it_ticket.is_complaint)
        for user in (self.supervisor_hill, self.hill_manager):
            with self.subTest(user=user.name):
                self.assertTrue(user.has_group("helpdesk_mgmt.group_helpdesk_user"))
                self.assertEqual(
                    self._complaints_seen(user).estate_id, self.estate_hill
                )
                self.assertIn(
                    it_ticket, self.env["helpdesk.ticket"].with_user(user).search([])
                )

    def test_new_supervisor_sees_the_center_at_once(self):
        sunny = self.places["sunny"]["ticket"]
        self.assertNotIn(sunny, self._complaints_seen(self.supervisor_hill))
        center = self.center_sunny.with_user(self.complaint_admin)
        center.supervisor_ids |= self.supervisor_hill
        self.assertIn(sunny, self._complaints_seen(self.supervisor_hill))
        sunny.with_user(self.supervisor_hill).requested_remedy = "A new ceiling."
        self.assertEqual(sunny.requested_remedy, "A new ceiling.")
        center.supervisor_ids -= self.supervisor_hill
        self.assertNotIn(sunny, self._complaints_seen(self.supervisor_hill))
        # Joined from the user's side, as the user form does.
        self.supervisor_hill.helpdesk_team_ids |= self.center_sunny
        self.assertIn(sunny, self._complaints_seen(self.supervisor_hill))

    def test_manager_does_not_configure_the_center(self):
        with self.assertRaises(AccessError):
            self.center_sunny.with_user(self.manager).write(
                {"timeliness_target": 50.0, "user_ids": [Command.clear()]}
            )
        self.assertEqual(self.center_sunny.timeliness_target, 90.0)
        self.assertEqual(self.center_sunny.user_ids, self.front_desk | self.assistant)
        self.center_sunny.with_user(self.complaint_admin).timeliness_target = 95.0
        self.assertEqual(self.center_sunny.timeliness_target, 95.0)

    def test_follower_reads_but_does_not_change(self):
        """The category's responsible post follows the complaint: it reads it
        and posts on it, but the record is the center's to change."""
        ticket = self.places["hill"]["ticket"]
        ticket.message_subscribe(partner_ids=self.engineer.partner_id.ids)
        as_engineer = ticket.with_user(self.engineer)
        self.assertEqual(as_engineer.read(["name"])[0]["name"], ticket.name)
        as_engineer.message_post(body="Pipe ordered.", subtype_xmlid="mail.mt_note")
        self.assertEqual(ticket.message_ids[:1].author_id, self.engineer.partner_id)
        with self.assertRaises(AccessError):
            as_engineer.requested_remedy = "Changed."
        self.assertFalse(ticket.requested_remedy)

    def test_quality_does_not_post(self):
        ticket = self.places["hill"]["ticket"]
        # Even following it (an escalation subscribes the quality department).
        ticket.message_subscribe(partner_ids=self.quality.partner_id.ids)
        messages = ticket.message_ids
        for subtype in ("mail.mt_note", "mail.mt_comment"):
            with self.assertRefused(AccessError, "does not write in their history"):
                ticket.with_user(self.quality).message_post(
                    body="Looked into it.", subtype_xmlid=subtype
                )
        ticket.invalidate_recordset(["message_ids"])
        self.assertEqual(ticket.message_ids, messages)
        # The owner still writes to the center from the portal.
        sunny = self.places["sunny"]["ticket"]
        sunny.with_user(self.portal_owner).message_post(
            body="Any news?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(sunny.message_ids[:1].author_id, self.owner_wang)

    def test_quality_does_not_attach(self):
        ticket = self.places["hill"]["ticket"]
        Attachment = self.env["ir.attachment"]
        values = {
            "name": "photo.png",
            "raw": b"photo",
            "res_model": "helpdesk.ticket",
            "res_id": ticket.id,
        }
        attachment = Attachment.create(values)
        count = Attachment.search_count([("res_id", "=", ticket.id)])
        with self.assertRaises(AccessError):
            Attachment.with_user(self.quality).create(dict(values, name="q.png"))
        with self.assertRaises(AccessError):
            attachment.with_user(self.quality).name = "renamed.png"
        with self.assertRaises(AccessError):
            attachment.with_user(self.quality).unlink()
        self.assertEqual(Attachment.search_count([("res_id", "=", ticket.id)]), count)
        self.assertEqual(attachment.name, "photo.png")
        # Reading it is the quality department's job.
        self.assertEqual(attachment.with_user(self.quality).raw, b"photo")
