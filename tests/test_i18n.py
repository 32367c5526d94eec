"""The zh_CN translation is complete: every string the addon shows has one."""

import ast
import re
from pathlib import Path

import polib

ADDON = Path(__file__).resolve().parent.parent / "property_complaint"
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[-.0-9]*[sdf%]")


def _code_messages():
    """The literal messages of every self.env._(...) call in the addon."""
    messages = set()
    for path in ADDON.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                messages.add(node.args[0].value)
    return messages


def test_every_template_entry_is_translated():
    template = polib.pofile(str(ADDON / "i18n" / "property_complaint.pot"))
    translation = {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(ADDON / "i18n" / "zh_CN.po"))
    }
    untranslated = [e.msgid for e in template if not translation.get(e.msgid)]
    assert not untranslated
    mismatched = [
        e.msgid
        for e in template
        if sorted(PLACEHOLDER.findall(e.msgid))
        != sorted(PLACEHOLDER.findall(translation[e.msgid]))
    ]
    assert not mismatched


def test_every_code_message_is_in_the_template():
    template = {
        e.msgid for e in polib.pofile(str(ADDON / "i18n" / "property_complaint.pot"))
    }
    assert _code_messages() - template == set()
