"""Writes property_unit_demo.xml: the demo units of both estates and their owners.

Deterministic (names, phones and vacancies come from an MD5 of the unit number),
so running it again gives the same file:

    python3 property_complaint/demo/generate_demo_units.py

helpdesk_ticket_demo.xml refers to units and owners by the ids made here
(property_unit_ch_8_101, res_partner_owner_ch_8_101_a): changing what decides
them changes which units exist and who owns them.
"""

import hashlib
import sys
from itertools import product
from pathlib import Path

# xml id part, buildings, floors, floor area of each room of a floor (room 01,
# 02, ...), address. A unit is named by its room within its building: 502.
ESTATES = [
    ("ch", 8, 6, (118.32, 89.56, 89.56, 118.32), "文一西路588号翠湖花园"),
    ("jx", 5, 11, (96.40, 132.75), "莫干山路1101号锦绣华庭"),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金"
)
MEN = (
    "建国 志强 伟 磊 军 勇 杰 涛 明 超 俊杰 浩然 子轩 宇航 文博 国华 海峰 立新 "
    "晓东 建华 德明 永刚 振华 卫东 春生 家豪 博文 一鸣 思远 鹏飞"
).split()
WOMEN = (
    "秀英 桂英 丽 静 敏 燕 艳 娟 霞 芳 玉兰 淑珍 美玲 晓燕 雅婷 欣怡 梓涵 诗琪 "
    "婉清 慧敏 丽华 春梅 红霞 佳怡 雨萱 梦瑶 海燕 雪梅 文静 月娥"
).split()
MOBILE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 155 156 158 159 "
    "180 181 186 187 188 189"
).split()


def number(*key):
    return int(hashlib.md5("/".join(map(str, key)).encode()).hexdigest(), 16)


def person(key, woman, used, not_surname=""):
    """A name no other owner has: surname and given name from the key."""
    surnames = SURNAMES.replace(not_surname, "") if not_surname else SURNAMES
    given = WOMEN if woman else MEN
    salt = 0
    while True:
        n = number(key, "n", salt)
        name = surnames[n % len(surnames)] + given[n // 97 % len(given)]
        if name not in used:
            used.add(name)
            return name
        salt += 1


def mobile(key, used):
    salt = 0
    while True:
        n = number(key, "m", salt)
        phone = MOBILE_PREFIXES[n % len(MOBILE_PREFIXES)] + f"{n // 97 % 10**8:08d}"
        if phone not in used:
            used.add(phone)
            return phone
        salt += 1


def owner_record(xmlid, name, phone, street):
    return f"""    <record id="{xmlid}" model="res.partner">
        <field name="name">{name}</field>
        <field name="mobile">{phone}</field>
        <field name="street">{street}</field>
        <field name="city">杭州市</field>
        <field name="country_id" ref="base.cn" />
    </record>
"""


def unit_record(key, unit, building, area, owners):
    refs = ", ".join(f"ref('{owner}')" for owner in owners)
    owner_line = (
        f'        <field name="owner_ids" eval="[Command.set([{refs}])]" />\n'
        if owners
        else ""
    )
    return f"""    <record id="property_unit_{key}" model="property.unit">
        <field name="name">{unit}</field>
        <field name="building_id" ref="{building}" />
        <field name="floor_area">{area}</field>
{owner_line}    </record>
"""


def main():
    out, used, owner_count, unit_count = [], set(), 0, 0
    for estate, buildings, floors, areas, address in ESTATES:
        out.append(f"    <!-- {address[-4:]} -->\n")
        previous = None
        for b, f, r in product(
            range(1, buildings + 1), range(1, floors + 1), range(1, len(areas) + 1)
        ):
            unit, key = f"{f}{r:02d}", f"{estate}_{b}_{f}{r:02d}"
            h, street = number(key), f"{address}{b}栋{unit}室"
            owners = []
            if h % 23 == 5:
                pass  # not sold yet: no owner
            elif h % 29 == 3 and previous:
                owners = [previous]  # the owner of the unit before owns this one too
            else:
                woman = h % 2 == 0
                name = person(key, woman, used)
                previous = f"res_partner_owner_{key}_a"
                out.append(owner_record(previous, name, mobile(key, used), street))
                owners.append(previous)
                if h % 7 == 2:  # a couple on the title deed
                    spouse = person(key + "b", not woman, used, name[0])
                    phone = mobile(key + "b", used)
                    owners.append(f"res_partner_owner_{key}_b")
                    out.append(owner_record(owners[-1], spouse, phone, street))
                owner_count += len(owners)
            building = f"property_building_{estate}_{b}"
            out.append(unit_record(key, unit, building, areas[r - 1], owners))
            unit_count += 1
    path = Path(__file__).with_name("property_unit_demo.xml")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8" ?>\n'
        "<!-- Written by generate_demo_units.py: edit the script, not this file. -->\n"
        "<odoo>\n" + "".join(out) + "</odoo>\n",
        encoding="utf-8",
    )
    sys.stdout.write(f"{path.name}: {unit_count} units, {owner_count} owners\n")


if __name__ == "__main__":
    main()
