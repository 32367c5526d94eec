"""The benchmarks' data: one world of estates, households and staff, and
a month of complaints with their clocks, generated once per database.

Every size is November 2026's complaints (MONTH), the stress case for the
month's reports. The complaints go in with SQL, in chunks, with what the ORM
would store (numbers, units, owners, channels, types, stages, replies, the
next deadline, the household), and their clocks:

- most met, some breached and escalated on closed complaints;
- some running: open complaints whose agreed reply falls due between 3 h
  and 5 days after the generation;
- a few overdue: open complaints whose clock breached and climbed one or
  two steps, the next climb 6 to 24 h after the generation.

So at ``generated_at`` nothing is due; ``rebase_clocks`` makes that true again
on a database reused later. One complaint goes through its whole record form
and twenty collective events through the ORM, as the staff would.
"""

# The generated complaints are in Chinese, with its full-width punctuation.
# ruff: noqa: RUF001

import base64
import io
import json
import random
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as dtime

import pytz
from common import open_registry, section_parser
from freezegun import freeze_time
from PIL import Image
from psycopg2.extras import execute_values

from odoo import SUPERUSER_ID, Command, api, fields

MONTH = date(2026, 11, 1)
TZ_NAME = "Asia/Shanghai"
TZ = pytz.timezone(TZ_NAME)
MARKER = "property_complaint_bench.generated"
SEED = 20261101
# Complaints inserted per round trip, so a million never sit in memory at once.
CHUNK = 50_000
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}
# (code, name, buildings): 60 households per building.
ESTATES = [("BENCH-A", "阳光花园", 30), ("BENCH-B", "湖景苑", 20)]
# (name, responsible post, weight, titles)
CATEGORIES = [
    ("漏水渗水", "工程部", 14, ["卫生间天花板漏水", "外墙渗水", "楼上漏水到我家"]),
    ("电梯故障", "工程部", 10, ["电梯困人", "电梯运行异响", "电梯停运未通知"]),
    ("噪音扰民", "秩序部", 12, ["夜间装修噪音", "广场舞噪音", "楼上拖拽家具"]),
    ("停车管理", "秩序部", 10, ["车位被占用", "外来车辆乱停", "停车费计费错误"]),
    ("物业费用", "客服中心", 8, ["物业费账单有误", "公摊水电费过高", "收费不透明"]),
    ("环境卫生", "环境部", 10, ["垃圾未及时清运", "楼道有异味", "地下室积水"]),
    ("绿化养护", "环境部", 5, ["草坪枯黄", "树枝遮挡窗户", "绿化带被占"]),
    ("安全秩序", "秩序部", 8, ["门禁损坏", "陌生人进入小区", "监控不清晰"]),
    ("停水停电", "工程部", 8, ["突然停水", "停电未提前通知", "水压太低"]),
    ("装修管理", "客服中心", 6, ["装修垃圾堆放", "违规改动承重墙", "装修时间过长"]),
    ("宠物管理", "秩序部", 5, ["宠物粪便未清理", "犬只未拴绳", "宠物夜间吠叫"]),
    ("公共设施", "工程部", 4, ["路灯不亮", "健身器材损坏", "儿童滑梯破损"]),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌"


def utc(local):
    """A naive local (service center) datetime as naive UTC."""
    return TZ.localize(local).astimezone(pytz.utc).replace(tzinfo=None)


def month_days():
    day, days = MONTH, []
    while day.month == MONTH.month:
        days.append(day)
        day += timedelta(days=1)
    return days


@contextmanager
def stopwatch(label):
    start = time.perf_counter()
    yield
    print(f"  {label}: {time.perf_counter() - start:.1f} s", flush=True)


# ---------------------------------------------------------------- the month
class Generator:
    """Builds the benchmark's month once, in one transaction."""

    def __init__(self, env, complaints, seed=SEED):
        self.env = env(context=dict(env.context, **QUIET))
        self.total = complaints
        self.rng = random.Random(seed)
        self.seed = seed
        # The running clocks fall due after this moment, the overdue ones
        # climb after it: nothing is due when the generation ends.
        self.generated_at = fields.Datetime.now().replace(microsecond=0)

    def run(self):
        print(f"Generating {self.total} complaints for {MONTH:%Y-%m}...", flush=True)
        with stopwatch("users, estates, households"):
            self._create_users()
            self._create_estates()
            self._create_categories()
        marker = {
            "month": str(MONTH),
            "complaints": self.total,
            "seed": self.seed,
            "generated_at": fields.Datetime.to_string(self.generated_at),
        }
        if self.total:
            marker.update(self._generate_month())
        self.env["ir.config_parameter"].sudo().set_param(MARKER, json.dumps(marker))
        return marker

    def _generate_month(self):
        with stopwatch("record form complaint (ORM)"):
            showcase = self._create_showcase_complaint()
        with stopwatch("complaints and clocks (SQL)"):
            events = self._plan_events()
            self._insert_complaints(self.total - 1, events)
        with stopwatch("collective events (ORM)"):
            event_ids = self._create_events(events)
        with stopwatch("timeliness, ANALYZE"):
            Timeliness = self.env["property.complaint.timeliness"].sudo()
            for team in self.teams:
                Timeliness._refresh(team, MONTH)
            self.env.flush_all()
            self.env.cr.execute(
                "ANALYZE helpdesk_ticket, property_complaint_clock, property_unit,"
                " res_partner, property_complaint_event,"
                " helpdesk_ticket_unit_owner_rel"
            )
        return {"showcase_ticket_id": showcase.id, "showcase_event_id": event_ids[0]}

    # ------------------------------------------------ people and places
    def _create_users(self):
        Users = self.env["res.users"]
        prefix = "property_complaint.group_complaint"
        self.users = {}
        for role, group, name in [
            ("front_desk", f"{prefix}_front_desk", "前台 小周"),
            ("assistant", f"{prefix}_assistant", "客服助理 小陈"),
            ("supervisor", f"{prefix}_supervisor", "客服主管 王敏"),
            ("manager", f"{prefix}_manager", "服务中心经理 刘强"),
            ("quality", f"{prefix}_quality", "品质部 赵静"),
            ("general_manager", "base.group_user", "总经理 孙伟"),
        ]:
            self.users[role] = Users.create(
                {
                    "name": name,
                    "login": f"bench_{role}",
                    "email": f"bench.{role}@example.com",
                    "password": f"bench_{role}",
                    "lang": "en_US",
                    "tz": TZ_NAME,
                    "groups_id": [Command.set(self.env.ref(group).ids)],
                }
            )
        company = self.env.company
        company.complaint_general_manager_id = self.users["general_manager"]
        self.developer_cs = self.env["res.partner"].create(
            {"name": "开发商客服中心", "email": "cs@developer.example.com"}
        )

    def _create_estates(self):
        rng, users = self.rng, self.users
        self.estates = self.env["property.estate"]
        self.teams = self.env["helpdesk.ticket.team"]
        self.households = {}  # estate id: [(unit, building, owner)]
        for code, name, buildings in ESTATES:
            estate = self.env["property.estate"].create({"name": name, "code": code})
            team = self.env["helpdesk.ticket.team"].create(
                {
                    "name": f"{name}服务中心",
                    "estate_id": estate.id,
                    "manager_id": users["manager"].id,
                    "supervisor_ids": [Command.set(users["supervisor"].ids)],
                    "user_ids": [
                        Command.set((users["front_desk"] | users["assistant"]).ids)
                    ],
                    "hotline": f"400-800-{1000 + len(self.teams) * 1111}",
                    "tz": TZ_NAME,
                    "developer_cs_partner_id": self.developer_cs.id,
                }
            )
            building_records = self.env["property.building"].create(
                [
                    {
                        "name": f"{number}号楼",
                        "estate_id": estate.id,
                        "sequence": number,
                    }
                    for number in range(1, buildings + 1)
                ]
            )
            unit_names = [
                f"{entrance}-{floor}{room:02d}"
                for entrance in (1, 2)
                for floor in range(1, 11)
                for room in (1, 2, 3)
            ]
            owners = self.env["res.partner"].create(
                [
                    {
                        "name": rng.choice(SURNAMES)
                        + "".join(rng.choices(GIVEN, k=rng.randint(1, 2))),
                        "mobile": f"13{rng.randrange(10**9):09d}",
                    }
                    for _building in building_records
                    for _unit in unit_names
                ]
            )
            owner_iter = iter(owners)
            values = []
            for building in building_records:
                for unit_name in unit_names:
                    owner = next(owner_iter)
                    values.append(
                        {
                            "name": f"{building.sequence}-{unit_name}",
                            "building_id": building.id,
                            "owner_ids": [Command.set(owner.ids)],
                        }
                    )
            units = self.env["property.unit"].create(values)
            self.households[estate.id] = [
                (unit.id, unit.building_id.id, unit.owner_ids.id) for unit in units
            ]
            self.estates |= estate
            self.teams |= team

    def _create_categories(self):
        Category = self.env["helpdesk.ticket.category"]
        self.categories = []
        for name, post, weight, titles in CATEGORIES:
            category = Category.create({"name": name, "responsible_post": post})
            self.categories.append((category.id, weight, titles))
        self.water_category = self.categories[8]

    # ------------------------------------------------ the record form
    def _create_showcase_complaint(self):
        """One complaint through its whole record form, as the staff would."""
        users, estate = self.users, self.estates[0]
        unit_id, _building_id, owner_id = self.households[estate.id][0]
        Ticket = self.env["helpdesk.ticket"].with_user(users["front_desk"])
        with freeze_time("2026-11-15 02:00:00"):
            ticket = Ticket.create(
                {
                    "name": "卫生间天花板漏水",
                    "description": "<p>楼上卫生间渗水，天花板发霉，要求尽快维修。</p>",
                    "team_id": self.teams[0].id,
                    "unit_id": unit_id,
                    "partner_id": owner_id,
                    "channel_id": self.env.ref(
                        "helpdesk_mgmt.helpdesk_ticket_channel_phone"
                    ).id,
                    "category_id": self.categories[0][0],
                    "requested_remedy": "尽快维修并赔偿吊顶",
                    "complaint_type": "valid",
                    "complaint_cause": "service_center",
                    "user_id": users["assistant"].id,
                }
            )
        Contact = self.env["property.complaint.contact"].with_user(users["assistant"])
        for moment, method, summary, agreed in [
            ("2026-11-15 03:00:00", "phone", "电话联系业主，约定次日上门", True),
            ("2026-11-16 02:00:00", "home_visit", "上门查看，楼上排水管破裂", False),
        ]:
            with freeze_time(moment):
                Contact.create(
                    {
                        "ticket_id": ticket.id,
                        "method": method,
                        "summary": summary,
                        "agreed_reply_at": "2026-11-16 06:00:00" if agreed else False,
                    }
                )
        with freeze_time("2026-11-16 04:00:00"):
            ticket.with_user(users["assistant"]).write(
                {
                    "result": "更换楼上排水管并修复吊顶",
                    "reply_method": "home_visit",
                    "replied_at": "2026-11-16 04:00:00",
                    "owner_opinion": "维修及时，很满意",
                    "owner_signature": _signature(),
                    "satisfaction": "satisfied",
                }
            )
            ticket.with_user(users["assistant"]).stage_id = self.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_stage_done"
            )
        with freeze_time("2026-11-16 06:00:00"):
            supervisor = ticket.with_user(users["supervisor"])
            supervisor.review_opinion = "处理及时，记录完整"
            supervisor.action_review()
        with freeze_time("2026-11-16 08:00:00"):
            manager = ticket.with_user(users["manager"])
            manager.sign_off_opinion = "同意结案"
            manager.action_sign_off()
        self.env.flush_all()
        return ticket

    # ------------------------------------------------ the complaints
    def _plan_events(self):
        """Twenty collective events: 5 to 9 households of one estate without
        water on one day, the complaints within the hour."""
        events = []
        for index in range(20):
            estate = self.estates[0] if index < 14 else self.estates[1]
            day = MONTH + timedelta(days=self.rng.randrange(28))
            start = utc(datetime.combine(day, dtime(self.rng.randint(7, 19))))
            households = self.rng.sample(
                self.households[estate.id], self.rng.randint(5, 9)
            )
            events.append(
                {
                    "estate": estate,
                    "team": self.teams[self.estates.ids.index(estate.id)],
                    "start": start,
                    "households": households,
                    "ticket_ids": [],
                }
            )
        return events

    def _insert_complaints(self, count, events):
        """The complaints and their clocks, inserted in chunks: what the ORM
        would store, without its per-record work (numbering, clocks, chatter)."""
        env, cr, rng = self.env, self.env.cr, self.rng
        env.flush_all()
        cr.execute(
            "SELECT nextval('helpdesk_ticket_id_seq') FROM generate_series(1, %s)",
            (count,),
        )
        ids = [row[0] for row in cr.fetchall()]
        ref = env.ref
        channels = [
            (ref("helpdesk_mgmt.helpdesk_ticket_channel_phone"), 45),
            (ref("property_complaint.helpdesk_ticket_channel_face_to_face"), 25),
            (ref("helpdesk_mgmt.helpdesk_ticket_channel_web"), 12),
            (ref("helpdesk_mgmt.helpdesk_ticket_channel_email"), 8),
            (ref("property_complaint.helpdesk_ticket_channel_letter"), 5),
            (ref("property_complaint.helpdesk_ticket_channel_developer"), 5),
        ]
        stages = {
            name: ref(f"helpdesk_mgmt.helpdesk_ticket_stage_{name}").id
            for name in ("new", "in_progress", "awaiting", "done")
        }
        policies = {
            kind: ref(f"property_complaint.clock_policy_{kind}")
            for kind in ("triage", "first_contact", "invalid_reply", "agreed_reply")
        }
        # Whether a clock escalated `level` steps has a step left to climb.
        self.climbs = {
            kind: {
                level: bool(policy._get_escalation_role(level + 1)) for level in (1, 2)
            }
            for kind, policy in policies.items()
        }
        policies = {kind: policy.id for kind, policy in policies.items()}
        company_id = env.company.id
        users = {role: user.id for role, user in self.users.items()}
        estate_weights = [len(self.households[estate.id]) for estate in self.estates]
        hour_weights = [1, 1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 9, 7, 8, 9, 9, 9, 8, 8]
        hour_weights += [9, 8, 6, 4, 2]
        days = month_days()
        # The households of the planned events, each complaining once.
        planned = [
            (event, household) for event in events for household in event["households"]
        ]
        last_by_unit = {}
        tickets, clocks, household = [], [], []
        inserted = 0
        for index, ticket_id in enumerate(ids):
            if index < len(planned):
                event, (unit_id, building_id, owner_id) = planned[index]
                estate, team = event["estate"], event["team"]
                received = event["start"] + timedelta(minutes=rng.randrange(60))
                category_id, titles = self.water_category[0], self.water_category[2]
                channel = channels[0][0]
                complaint_type, cause, stage = "valid", "developer", "in_progress"
                event["ticket_ids"].append(ticket_id)
            else:
                position = rng.choices(range(len(self.estates)), estate_weights)[0]
                estate, team = self.estates[position], self.teams[position]
                unit_id, building_id, owner_id = rng.choice(self.households[estate.id])
                local = datetime.combine(
                    rng.choice(days),
                    dtime(rng.choices(range(24), hour_weights)[0], rng.randrange(60)),
                )
                received = utc(local)
                category_id, _weight, titles = rng.choices(
                    self.categories, [c[1] for c in self.categories]
                )[0]
                channel = rng.choices(
                    [c for c, _w in channels], [w for _c, w in channels]
                )[0]
                complaint_type = rng.choices(
                    ["valid", "invalid", "assisted", False], [60, 15, 15, 10]
                )[0]
                cause = {
                    "valid": rng.choices(["service_center", "other"], [85, 15])[0],
                    "invalid": "other",
                    "assisted": rng.choice(
                        ["developer", "surroundings", "public_facility"]
                    ),
                    False: None,
                }[complaint_type]
                stage = (
                    "new"
                    if not complaint_type
                    else rng.choices(["done", "in_progress", "awaiting"], [75, 15, 10])[
                        0
                    ]
                )
            closed = stage == "done"
            title = rng.choice(titles)
            reply = {}
            if closed:
                replied_at = received + timedelta(minutes=rng.randint(20, 36 * 60))
                reply = {
                    "replied_at": replied_at,
                    "reply_method": "written"
                    if channel.complaint_channel == "letter"
                    else rng.choices(["phone", "home_visit", "oral"], [60, 30, 10])[0],
                    "satisfaction": rng.choices(
                        ["satisfied", "basically_satisfied"], [78, 22]
                    )[0],
                    "result": f"已处理：{title}",
                    "owner_opinion": rng.choice(
                        ["满意", "基本满意，希望加快速度", "谢谢"]
                    ),
                }
            elif complaint_type and rng.random() < 0.05:
                reply = {"satisfaction": "not_satisfied", "owner_opinion": "不满意"}
            agreed = None
            if complaint_type == "valid" and rng.random() < 0.25:
                # A closed complaint's agreed time is past; an open one's
                # is still to come: due after the generation.
                agreed = min(
                    received + timedelta(hours=rng.randint(12, 72)),
                    self.generated_at - timedelta(hours=1),
                )
                if not closed:
                    agreed = self.generated_at + timedelta(
                        minutes=rng.randint(3 * 60, 5 * 24 * 60)
                    )
            ticket_clocks = self._clocks(
                ticket_id, team, complaint_type, received, agreed, closed, policies
            )
            open_dues = [clock[6] for clock in ticket_clocks if clock[9] is None]
            repeat_of = None
            if complaint_type and rng.random() < 0.03:
                repeat_of = last_by_unit.get(unit_id)
            last_by_unit[unit_id] = ticket_id
            tickets.append(
                (
                    ticket_id,
                    company_id,
                    team.id,
                    estate.id,
                    building_id,
                    unit_id,
                    owner_id,
                    owner_id,
                    f"TS{MONTH:%Y%m}{index + 1:06d}",
                    title,
                    f"<p>{title}，请尽快处理。</p>",
                    stages[stage],
                    stage == "new",
                    users["assistant"],
                    users["front_desk"],
                    users["supervisor"],
                    channel.id,
                    channel.complaint_channel,
                    category_id,
                    complaint_type or None,
                    cause,
                    "handler",
                    "1",
                    "normal",
                    True,
                    received,
                    received if complaint_type else None,
                    reply.get("replied_at", received),
                    reply.get("replied_at"),
                    received,
                    reply.get("replied_at", received),
                    users["front_desk"],
                    users["assistant"],
                    True,
                    False,
                    bool(repeat_of),
                    repeat_of,
                    reply.get("satisfaction"),
                    reply.get("reply_method"),
                    reply.get("replied_at"),
                    reply.get("result"),
                    reply.get("owner_opinion"),
                    agreed,
                    received + timedelta(hours=1) if agreed else None,
                    min(open_dues, default=None),
                )
            )
            clocks += ticket_clocks
            household.append((ticket_id, owner_id))
            if len(tickets) == CHUNK:
                self._insert_chunk(tickets, clocks, household)
                inserted += len(tickets)
                tickets, clocks, household = [], [], []
        self._insert_chunk(tickets, clocks, household)
        env.invalidate_all()
        print(f"  {inserted + len(tickets)} complaints with their clocks", flush=True)

    def _insert_chunk(self, tickets, clocks, household):
        if not tickets:
            return
        front_desk = self.users["front_desk"].id
        columns = (
            "id, company_id, team_id, estate_id, building_id, unit_id, partner_id,"
            " commercial_partner_id, number, name, description, stage_id, unattended,"
            " user_id, taken_by_id, supervisor_id, channel_id, channel_type,"
            " category_id, complaint_type, complaint_cause, handling_level, priority,"
            " kanban_state, active, received_at, triaged_at, last_stage_update,"
            " closed_date, create_date, write_date, create_uid, write_uid,"
            " is_complaint, is_collective, is_repeat, repeat_of_id, satisfaction,"
            " reply_method, replied_at, result, owner_opinion, agreed_reply_at,"
            " agreed_reply_set_at, next_due_at"
        )
        raw = self.env.cr._obj
        execute_values(
            raw,
            f"INSERT INTO helpdesk_ticket ({columns}) VALUES %s",
            tickets,
            page_size=2000,
        )
        execute_values(
            raw,
            "INSERT INTO property_complaint_clock (ticket_id, policy_id, kind,"
            " team_id, company_id, started_at, due_at, warning_at, warned_at,"
            " done_at, state, escalation_level, next_check_at, decided_at,"
            " create_uid, create_date, write_uid, write_date) VALUES %s",
            [(*clock, front_desk, clock[5], front_desk, clock[5]) for clock in clocks],
            page_size=2000,
        )
        execute_values(
            raw,
            "INSERT INTO helpdesk_ticket_unit_owner_rel (ticket_id, partner_id)"
            " VALUES %s",
            household,
            page_size=5000,
        )

    def _clocks(
        self, ticket_id, team, complaint_type, received, agreed, closed, policies
    ):
        """The ticket's clocks: met mostly, some breached and escalated; an
        open complaint's agreed reply still running, its breached clocks
        climbing the ladder."""
        rng = self.rng
        clock_kinds = {
            False: [("triage", received, received + timedelta(hours=2), 0.80)],
            "valid": [("first_contact", received, received + timedelta(hours=2), 0.88)],
            "invalid": [
                ("invalid_reply", received, received + timedelta(hours=2), 0.85)
            ],
            "assisted": [],
        }[complaint_type]
        if agreed:
            clock_kinds.append(
                ("agreed_reply", received + timedelta(hours=1), agreed, 0.9)
            )
        rows = []
        for clock_kind, started, due, met_share in clock_kinds:
            warning = due - timedelta(minutes=30)
            next_check = decided = None
            if due > self.generated_at:
                done, state, level, warned, next_check = (
                    None,
                    "running",
                    0,
                    None,
                    warning,
                )
            elif rng.random() < met_share:
                done = decided = started + (due - started) * rng.random()
                state, level, warned = "met", 0, None
            else:
                level = rng.choices([0, 1, 2, 3], [3, 4, 2, 1])[0]
                # Stopped late, or still open and climbing the ladder.
                done = min(
                    due + timedelta(minutes=rng.randint(5, 600)), self.generated_at
                )
                state, warned, decided = "breached", warning, due
                if level and not closed:
                    done, level = None, min(level, 2)
                    if self.climbs[clock_kind][level]:
                        next_check = self.generated_at + timedelta(
                            minutes=rng.randint(6 * 60, 24 * 60)
                        )
            rows.append(
                (
                    ticket_id,
                    policies[clock_kind],
                    clock_kind,
                    team.id,
                    team.company_id.id,
                    started,
                    due,
                    warning,
                    warned,
                    done,
                    state,
                    level,
                    next_check,
                    decided,
                )
            )
        return rows

    def _create_events(self, events):
        """Link the planned complaints into their events as the front desk
        would; the first event is handled to the end: decision, coordinated
        reply, home visits and the manager's signature."""
        users = self.users
        Ticket = self.env["helpdesk.ticket"]
        event_ids = []
        for index, plan in enumerate(events):
            moment = plan["start"] + timedelta(hours=1)
            with freeze_time(moment):
                event = (
                    self.env["property.complaint.event"]
                    .with_user(users["front_desk"])
                    .create(
                        {
                            "name": f"{plan['estate'].name} 停水 第{index + 1}次",
                            "team_id": plan["team"].id,
                            "category_id": self.water_category[0],
                            "description": "<p>二次供水泵房故障，多户停水。</p>",
                        }
                    )
                )
                Ticket.browse(plan["ticket_ids"]).with_user(users["front_desk"]).write(
                    {"collective_event_id": event.id}
                )
            with freeze_time(moment + timedelta(minutes=5)):
                event.with_user(users["front_desk"]).action_report_to_manager()
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE property_complaint_event SET create_date = %s WHERE id = %s",
                (moment, event.id),
            )
            event_ids.append(event.id)
            if index == 0:
                self._handle_event(event, moment)
        self.env.invalidate_all()
        return event_ids

    def _handle_event(self, event, moment):
        manager = event.with_user(self.users["manager"])
        with freeze_time(moment + timedelta(hours=1)):
            manager.write(
                {
                    "tell_general_manager": True,
                    "tell_developer_cs": True,
                    "decision_note": "泵房属开发商保修范围，通知开发商与总经理。",
                }
            )
            manager.action_record_decision()
        with freeze_time(moment + timedelta(hours=5)):
            manager.write(
                {
                    "handling": "开发商更换二次供水泵，物业加强巡检。",
                    "reply": "供水已恢复，今后停水提前一天通知。",
                    "agreed_reply_at": moment + timedelta(hours=24),
                }
            )
            manager.action_send_reply()
        Visit = self.env["property.complaint.event.visit"].with_user(
            self.users["assistant"]
        )
        # Recorded after the last visit: a visit is never in the future.
        with freeze_time(moment + timedelta(hours=10)):
            Visit.create(
                [
                    {
                        "event_id": event.id,
                        "unit_id": unit.id,
                        "visited_at": moment + timedelta(hours=8, minutes=10 * n),
                        "opinion": "理解，希望提前通知",
                        "signature": _signature(),
                        "satisfaction": "satisfied" if n % 3 else "basically_satisfied",
                    }
                    for n, unit in enumerate(event.unit_ids)
                ]
            )
        with freeze_time(moment + timedelta(hours=11)):
            manager.action_sign_report()


def _signature():
    stream = io.BytesIO()
    Image.new("RGB", (120, 40), "navy").save(stream, "PNG")
    return base64.b64encode(stream.getvalue())


# ---------------------------------------------------------------- reuse
def get_marker(env):
    """What the database holds: the generation's marker, or None."""
    marker = env["ir.config_parameter"].sudo().get_param(MARKER)
    return json.loads(marker) if marker else None


def ensure_generated(registry, complaints, seed=SEED):
    """The database's month of `complaints`: generated and committed on the
    first call, reused after (its open clocks rebased to now)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
        marker = get_marker(env)
        if marker and marker["complaints"] != complaints:
            raise SystemExit(
                f"{cr.dbname} holds {marker['complaints']} generated complaints, "
                f"not {complaints}: drop it to start again."
            )
        if marker:
            marker = rebase_clocks(env, marker)
        else:
            start = time.perf_counter()
            marker = Generator(env, complaints, seed).run()
            print(f"Generated in {time.perf_counter() - start:.0f} s", flush=True)
        cr.commit()
    return marker


def rebase_clocks(env, marker):
    """Shift every open clock's times by the time passed since the
    generation, so that nothing is due now, as at the generation."""
    now = fields.Datetime.now().replace(microsecond=0)
    shift = now - fields.Datetime.to_datetime(marker["generated_at"])
    env.flush_all()
    env.cr.execute(
        """
        UPDATE property_complaint_clock
           SET due_at = due_at + %(shift)s,
               warning_at = warning_at + %(shift)s,
               next_check_at = next_check_at + %(shift)s
         WHERE done_at IS NULL AND state != 'cancelled'
        """,
        {"shift": shift},
    )
    env.cr.execute("SELECT id FROM helpdesk_ticket WHERE next_due_at IS NOT NULL")
    sync_next_deadlines(env.cr, [ticket_id for (ticket_id,) in env.cr.fetchall()])
    env.invalidate_all()
    marker = dict(marker, generated_at=fields.Datetime.to_string(now))
    env["ir.config_parameter"].sudo().set_param(MARKER, json.dumps(marker))
    return marker


def sync_next_deadlines(cr, ticket_ids):
    """The complaints' next deadline after their clocks were moved in SQL,
    as the ORM keeps it: a stale one would make the enforcement update
    complaints it otherwise leaves alone."""
    cr.execute(
        """
        UPDATE helpdesk_ticket AS ticket
           SET next_due_at = (SELECT MIN(due_at) FROM property_complaint_clock
                               WHERE ticket_id = ticket.id AND done_at IS NULL
                                 AND state != 'cancelled')
         WHERE id = ANY(%s)
        """,
        [list(ticket_ids)],
    )


def world(env):
    """The generated estates and their service centers."""
    estates = env["property.estate"].search(
        [("code", "in", [code for code, _name, _buildings in ESTATES])], order="code"
    )
    return estates, estates.team_ids.sorted("id")


def main():
    parser = section_parser(__doc__)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    marker = ensure_generated(open_registry(args.config, args.database), args.size)
    print(f"{args.database}: {marker['complaints']} complaints of {marker['month']}")


if __name__ == "__main__":
    main()
