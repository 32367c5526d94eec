"""Times property_complaint's reports on a month of 100 000 complaints.

Run it through ``benchmarks/run.sh``, which makes the database (the addon
without demo data). The first run generates the month: two estates of a few
thousand households with their owners, service centers, users, categories,
the complaints (inserted in chunks, with their clocks), twenty collective
events, one complaint through its whole record form and one fully handled
collective event; later runs reuse it. Then it times:

- the quality department's monthly statistics (XLSX) of the month, target 10 s,
  with the time of each part (queries, case list, xlsxwriter) and, when over
  target or asked with --profile, a cProfile of the whole;
- each PDF form once per run, target 2 s: the complaint record form, the duty
  log of one service center's day, the special event report and the monthly
  property service report.
"""

# The generated complaints are in Chinese, with its full-width punctuation.
# ruff: noqa: RUF001

import argparse
import base64
import cProfile
import io
import json
import logging
import os
import pstats
import random
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as dtime
from unittest.mock import patch

import pytz
import xlsxwriter
from freezegun import freeze_time
from PIL import Image
from psycopg2.extras import execute_values

import odoo
import odoo.http
from odoo import Command, api
from odoo.service import server
from odoo.tools import config
from odoo.tools.pdf import PdfFileReader

MONTH = date(2026, 11, 1)
TZ_NAME = "Asia/Shanghai"
TZ = pytz.timezone(TZ_NAME)
MARKER = "property_complaint_bench.generated"
XLSX_TARGET = 10.0
PDF_TARGET = 2.0
STATISTICS = "property_complaint.action_report_monthly_statistics_xlsx"
RECORD_FORM = "property_complaint.action_report_complaint_record_form"
DUTY_LOG = "property_complaint.action_report_duty_log"
SPECIAL_EVENT = "property_complaint.action_report_special_event"
MONTHLY_SERVICE = "property_complaint.action_report_monthly_service"
# Data generation runs without chatter: nobody reads it in a report.
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


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--database", required=True)
    parser.add_argument("--http-port", type=int, default=8269)
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per report")
    parser.add_argument("--seed", type=int, default=20261101)
    parser.add_argument(
        "--profile", action="store_true", help="profile the XLSX even on target"
    )
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--keep-pdf", metavar="DIR", help="save the PDFs there")
    return parser.parse_args()


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

    def __init__(self, env, complaints, seed):
        self.env = env(context=dict(env.context, **QUIET))
        self.total = complaints
        self.rng = random.Random(seed)
        self.seed = seed

    def run(self):
        print(f"Generating {self.total} complaints for {MONTH:%Y-%m}...", flush=True)
        with stopwatch("users, estates, households"):
            self._create_users()
            self._create_estates()
            self._create_categories()
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
                " res_partner, property_complaint_event"
            )
        marker = {
            "month": str(MONTH),
            "complaints": self.total,
            "seed": self.seed,
            "showcase_ticket_id": showcase.id,
            "showcase_event_id": event_ids[0],
        }
        self.env["ir.config_parameter"].sudo().set_param(MARKER, json.dumps(marker))
        return marker

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
            kind: ref(f"property_complaint.clock_policy_{kind}").id
            for kind in ("triage", "first_contact", "invalid_reply", "agreed_reply")
        }
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
        tickets, clocks = [], []
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
                agreed = received + timedelta(hours=rng.randint(12, 72))
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
                )
            )
            clocks += self._clocks(
                ticket_id, team, complaint_type, received, agreed, reply, policies
            )
        columns = (
            "id, company_id, team_id, estate_id, building_id, unit_id, partner_id,"
            " commercial_partner_id, number, name, description, stage_id, unattended,"
            " user_id, taken_by_id, supervisor_id, channel_id, channel_type,"
            " category_id, complaint_type, complaint_cause, handling_level, priority,"
            " kanban_state, active, received_at, triaged_at, last_stage_update,"
            " closed_date, create_date, write_date, create_uid, write_uid,"
            " is_complaint, is_collective, is_repeat, repeat_of_id, satisfaction,"
            " reply_method, replied_at, result, owner_opinion, agreed_reply_at,"
            " agreed_reply_set_at"
        )
        raw = cr._obj
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
            " done_at, state, escalation_level, create_uid, create_date,"
            " write_uid, write_date) VALUES %s",
            [
                (*clock, users["front_desk"], clock[5], users["front_desk"], clock[5])
                for clock in clocks
            ],
            page_size=2000,
        )
        env.invalidate_all()
        print(f"  {len(tickets)} complaints, {len(clocks)} clocks", flush=True)

    def _clocks(
        self, ticket_id, team, complaint_type, received, agreed, reply, policies
    ):
        """The ticket's decided clocks: met mostly, some breached and escalated."""
        rng = self.rng
        closed = "replied_at" in reply
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
            if rng.random() < met_share:
                done = started + (due - started) * rng.random()
                state, level, warned = "met", 0, None
            else:
                level = rng.choices([0, 1, 2, 3], [3, 4, 2, 1])[0]
                # Stopped late, or still open and climbing the ladder.
                done = due + timedelta(minutes=rng.randint(5, 600))
                if level and not closed:
                    done = None
                state, warned = "breached", warning
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
        with freeze_time(moment + timedelta(hours=8)):
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
        with freeze_time(moment + timedelta(hours=9)):
            manager.action_sign_report()


def _signature():
    stream = io.BytesIO()
    Image.new("RGB", (120, 40), "navy").save(stream, "PNG")
    return base64.b64encode(stream.getvalue())


# ---------------------------------------------------------------- timing
class Bench:
    def __init__(self, registry, marker, runs, keep_pdf=None):
        self.registry = registry
        self.marker = marker
        self.runs = runs
        self.keep_pdf = keep_pdf
        self.results = []

    @contextmanager
    def env(self, login):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            user = env["res.users"].search([("login", "=", login)])
            yield api.Environment(cr, user.id, {"lang": "en_US", "tz": TZ_NAME})
            cr.rollback()

    def world(self, env):
        estates = env["property.estate"].search(
            [("code", "in", [code for code, _n, _b in ESTATES])], order="code"
        )
        return estates, estates.team_ids.sorted("id")

    def time_runs(self, label, target, func):
        """Each run in a transaction of its own, cold ORM cache."""
        durations = []
        for _run in range(self.runs):
            durations.append(func())
        self.results.append((label, target, durations))
        first, best = durations[0], min(durations)
        median = statistics.median(durations)
        verdict = "ok" if median < target else "OVER TARGET"
        print(
            f"{label:<58} first {first:6.2f} s  median {median:6.2f} s"
            f"  best {best:6.2f} s  (target {target:g} s: {verdict})",
            flush=True,
        )
        return median

    # ------------------------------------------------ XLSX
    def bench_xlsx(self, profile):
        print("\n== Monthly statistics (XLSX), as the quality department ==")
        with self.env("bench_quality") as env:
            estates, _teams = self.world(env)
            domain = env["property.complaint.statistics"]._get_ticket_domain(
                estates, MONTH
            )
            count = env["helpdesk.ticket"].search_count(domain)
            print(f"{count} complaints in {MONTH:%Y-%m} for {len(estates)} estates")
        data = {"month": str(MONTH), "estate_ids": estates.ids}

        def render():
            with self.env("bench_quality") as env:
                start = time.perf_counter()
                queries = env.cr.sql_log_count
                content, _kind = env["ir.actions.report"]._render_xlsx(
                    STATISTICS, estates.ids, dict(data)
                )
                duration = time.perf_counter() - start
                self.xlsx_info = (len(content), env.cr.sql_log_count - queries)
                return duration

        median = self.time_runs("XLSX monthly statistics", XLSX_TARGET, render)
        size, queries = self.xlsx_info
        print(f"  {size / 1024 / 1024:.1f} MiB, {queries} SQL queries")
        self.xlsx_parts(estates, data)
        if profile or median > XLSX_TARGET:
            self.profile_xlsx(estates, data)

    def xlsx_parts(self, estates, data):
        """Where the time goes: each query of the figures, the case list (its
        fetch, then the rows built from it) and xlsxwriter, separately."""
        print("\n  Where the time goes (one warm run each, cold ORM cache):")
        with self.env("bench_quality") as env:
            Statistics = env["property.complaint.statistics"]
            Ticket = env["helpdesk.ticket"]
            estates = estates.with_env(env)
            domain = Statistics._get_ticket_domain(estates, MONTH)
            case_fields = Statistics._get_case_fields()
            parts = [
                ("search_count (total)", lambda: Ticket.search_count(domain)),
                (
                    "search_count (repeat)",
                    lambda: Ticket.search_count([*domain, ("is_repeat", "=", True)]),
                ),
                (
                    "_count_collective_events",
                    lambda: Statistics._count_collective_events(estates, MONTH),
                ),
                *[
                    (
                        f"_count_by {name}",
                        lambda name=name: Statistics._count_by(domain, name),
                    )
                    for name in (
                        "estate_id",
                        "complaint_type",
                        "complaint_cause",
                        "category_id",
                        "channel_id",
                    )
                ],
                (
                    "_count_by satisfaction (closed)",
                    lambda: Statistics._count_by(
                        [*domain, ("closed", "=", True)], "satisfaction"
                    ),
                ),
                ("_get_timeliness", lambda: Statistics._get_timeliness(estates, MONTH)),
                ("_get_breaches", lambda: Statistics._get_breaches(estates, MONTH)),
                (
                    "_get_cases: search_fetch only",
                    lambda: Ticket.search_fetch(
                        domain, case_fields, order="received_at, id"
                    ),
                ),
                ("_get_cases: whole", lambda: Statistics._get_cases(domain)),
                (
                    "_get_figures: whole",
                    lambda: Statistics._get_figures(estates, MONTH),
                ),
            ]
            timings = {}
            for label, func in parts:
                env.invalidate_all()
                queries = env.cr.sql_log_count
                start = time.perf_counter()
                result = func()
                timings[label] = time.perf_counter() - start
                print(
                    f"    {label:<40} {timings[label]:6.2f} s"
                    f"  {env.cr.sql_log_count - queries:3d} queries"
                )
            rows = (
                timings["_get_cases: whole"] - timings["_get_cases: search_fetch only"]
            )
            print(f"    {'_get_cases: rows built in Python':<40} {rows:6.2f} s")
            stats = result
            Report = env["report.property_complaint.monthly_statistics_xlsx"]
            with patch.object(
                type(Statistics), "_get_figures", lambda self, estates, month: stats
            ):
                stream = io.BytesIO()
                workbook = xlsxwriter.Workbook(stream, Report.get_workbook_options())
                start = time.perf_counter()
                Report.generate_xlsx_report(workbook, dict(data), estates)
                written = time.perf_counter() - start
                workbook.close()
                closed = time.perf_counter() - start - written
            print(f"    {'xlsxwriter: writing the cells':<40} {written:6.2f} s")
            print(f"    {'xlsxwriter: close (XML + zip)':<40} {closed:6.2f} s")
            env.cr.rollback()

    def profile_xlsx(self, estates, data):
        print("\n  cProfile of one XLSX render (top functions by own time):")
        with self.env("bench_quality") as env:
            profiler = cProfile.Profile()
            profiler.enable()
            env["ir.actions.report"]._render_xlsx(STATISTICS, estates.ids, dict(data))
            profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(20)
        stats.sort_stats("cumulative").print_stats(30)
        text = out.getvalue().replace(os.path.dirname(odoo.__path__[0]) + "/", "")
        print("\n".join("    " + line for line in text.splitlines()))

    # ------------------------------------------------ PDF
    def bench_pdfs(self):
        print("\n== PDF forms, as the service-center manager ==")
        with self.env("bench_manager") as env:
            estates, teams = self.world(env)
            ticket = env["helpdesk.ticket"].browse(self.marker["showcase_ticket_id"])
            event = env["property.complaint.event"].browse(
                self.marker["showcase_event_id"]
            )
            day = date(2026, 11, 15)
            duty = env["report.property_complaint.report_duty_log"]._get_tickets(
                teams[0], day
            )
            forms = [
                (
                    f"complaint record form ({ticket.number})",
                    RECORD_FORM,
                    ticket.ids,
                    None,
                ),
                (
                    f"duty log ({teams[0].name}, {day}, {len(duty)} complaints)",
                    DUTY_LOG,
                    teams[:1].ids,
                    {"team_ids": teams[:1].ids, "date": str(day)},
                ),
                (
                    f"special event report ({event.household_count} households)",
                    SPECIAL_EVENT,
                    event.ids,
                    None,
                ),
                (
                    f"monthly property service report ({estates[0].name})",
                    MONTHLY_SERVICE,
                    estates[:1].ids,
                    {"estate_ids": estates[:1].ids, "month": str(MONTH)},
                ),
            ]
        for label, report, res_ids, data in forms:
            # The first print compiles the report assets: kept (committed), as
            # a server keeps them, so the runs time the printing alone.
            with self.registry.cursor() as cr:
                env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
                start = time.perf_counter()
                env["ir.actions.report"]._render_qweb_pdf(
                    report, res_ids, data=dict(data) if data else None
                )
                print(
                    f"  (first print, assets compiled: "
                    f"{time.perf_counter() - start:.2f} s)",
                    flush=True,
                )

            def render(report=report, res_ids=res_ids, data=data):
                with self.env("bench_manager") as env:
                    Report = env["ir.actions.report"]
                    start = time.perf_counter()
                    html, _kind = Report._render_qweb_html(
                        report, res_ids, data=dict(data) if data else None
                    )
                    html_time = time.perf_counter() - start
                    start = time.perf_counter()
                    content, kind = Report._render_qweb_pdf(
                        report, res_ids, data=dict(data) if data else None
                    )
                    duration = time.perf_counter() - start
                    assert kind == "pdf" and content.startswith(b"%PDF"), kind
                    if self.keep_pdf:
                        path = os.path.join(
                            self.keep_pdf, f"{report.split('.')[1]}.pdf"
                        )
                        with open(path, "wb") as file:
                            file.write(content)
                    self.pdf_info = (
                        html_time,
                        len(html),
                        len(content),
                        _pages(content),
                    )
                    return duration

            self.time_runs(label, PDF_TARGET, render)
            html_time, html_size, size, pages = self.pdf_info
            print(
                f"  {pages} page(s), {size / 1024:.0f} KiB; of which the HTML"
                f" ({html_size / 1024:.0f} KiB) takes {html_time:.2f} s,"
                " wkhtmltopdf the rest"
            )


def _pages(content):
    return len(PdfFileReader(io.BytesIO(content)).pages)


# ---------------------------------------------------------------- main
def start_http(port):
    """The PDFs' CSS is fetched by wkhtmltopdf from the report URL: serve it
    from this process (HTTP only, no cron thread)."""
    config["http_port"] = port
    config["http_interface"] = "127.0.0.1"
    server.load_server_wide_modules()
    http_server = server.ThreadedServer(odoo.http.root)
    http_server.http_spawn()
    return f"http://127.0.0.1:{port}"


def main():
    args = parse_args()
    config.parse_config(
        [
            "--config",
            args.config,
            "--database",
            args.database,
            "--log-level",
            "warn",
            "--max-cron-threads",
            "0",
        ]
    )
    odoo.netsvc.init_logger()
    # Debian's wkhtmltopdf warns on every print that it ignores the header
    # and footer switches (unpatched Qt): noise here.
    logging.getLogger("odoo.addons.base.models.ir_actions_report").setLevel(
        logging.ERROR
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
        marker = env["ir.config_parameter"].get_param(MARKER)
        marker = json.loads(marker) if marker else None
        if marker and marker["complaints"] != args.complaints:
            sys.exit(
                f"{args.database} holds {marker['complaints']} generated complaints, "
                f"not {args.complaints}: run with PC_BENCH_FRESH=1 to start again."
            )
        if not marker:
            start = time.perf_counter()
            marker = Generator(env, args.complaints, args.seed).run()
            cr.commit()
            print(f"Generated in {time.perf_counter() - start:.0f} s\n")
        else:
            print(f"Reusing the {marker['complaints']} complaints of {marker['month']}")
        url = start_http(args.http_port)
        env["ir.config_parameter"].set_param("report.url", url)
        cr.commit()
    bench = Bench(registry, marker, args.runs, args.keep_pdf)
    bench.bench_xlsx(args.profile)
    if not args.skip_pdf:
        bench.bench_pdfs()
    print("\n== Summary (median of the runs) ==")
    failed = False
    for label, target, durations in bench.results:
        median = statistics.median(durations)
        failed |= median >= target
        verdict = "ok" if median < target else "OVER"
        print(f"  {median:6.2f} s / {target:g} s  {verdict:<4}  {label}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
