"""The zh_CN translation is complete: every string the addon shows has one,
and so has every term of helpdesk_mgmt's, which ships no zh_CN of its own."""

import ast
import importlib.util
import re
from pathlib import Path

import polib

ADDON = Path(__file__).resolve().parent.parent / "property_complaint"
EXTRA = ADDON / "i18n_extra" / "zh_CN.po"
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[-.0-9]*[sdf%]")
# What a translation must keep as it is: tags (with their t-out expressions)
# and the {{ }} expressions of mail template subjects.
MARKUP = re.compile(r"<[^>]+>|\{\{.*?\}\}")


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


def _helpdesk_mgmt_template():
    """helpdesk_mgmt's .pot, as installed beside the Odoo the tests run."""
    spec = importlib.util.find_spec("odoo.addons.helpdesk_mgmt")
    (path,) = spec.submodule_search_locations
    return polib.pofile(str(Path(path) / "i18n" / "helpdesk_mgmt.pot"))


def test_every_helpdesk_mgmt_term_is_translated():
    extra = {entry.msgid: entry for entry in polib.pofile(str(EXTRA))}
    template = _helpdesk_mgmt_template()
    assert len(template) > 250
    untranslated = [
        e.msgid for e in template if not getattr(extra.get(e.msgid), "msgstr", "")
    ]
    assert not untranslated
    # The #: lines decide which records a term translates: the .pot's ones at
    # least (other addons' fields on helpdesk_mgmt's models may add some).
    misplaced = [
        e.msgid
        for e in template
        if not set(e.occurrences) <= set(extra[e.msgid].occurrences)
        or ("odoo-python" in e.comment) != ("odoo-python" in extra[e.msgid].comment)
        or ("odoo-javascript" in e.comment)
        != ("odoo-javascript" in extra[e.msgid].comment)
    ]
    assert not misplaced
    mismatched = [
        e.msgid
        for e in template
        if sorted(PLACEHOLDER.findall(e.msgid))
        != sorted(PLACEHOLDER.findall(extra[e.msgid].msgstr))
        or MARKUP.findall(e.msgid) != MARKUP.findall(extra[e.msgid].msgstr)
    ]
    assert not mismatched
    # Only helpdesk_mgmt's records and code: the addon's own terms live in i18n/.
    foreign = {
        occurrence
        for entry in extra.values()
        for occurrence, _line in entry.occurrences
        if not re.match(r"(model|model_terms):[\w.]+,\w+:helpdesk_mgmt\.", occurrence)
        and not occurrence.startswith("code:addons/helpdesk_mgmt/")
    }
    assert foreign == set()


def test_no_template_beside_the_extra_translation():
    # Beside a .pot, Odoo merges the .po with it and drops the msgids it lacks:
    # every helpdesk_mgmt term would be lost.
    assert not list(EXTRA.parent.glob("*.pot"))


def test_shared_code_messages_say_the_same():
    # The addon's code translations read i18n/ then i18n_extra/: for a message
    # in both, the second would silently win.
    def code_messages(path):
        return {
            e.msgid: e.msgstr
            for e in polib.pofile(str(path))
            if "odoo-python" in e.comment or "odoo-javascript" in e.comment
        }

    own = code_messages(ADDON / "i18n" / "zh_CN.po")
    extra = code_messages(EXTRA)
    assert {
        m: (own[m], extra[m]) for m in own.keys() & extra.keys() if own[m] != extra[m]
    } == {}
