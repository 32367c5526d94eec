"""helpdesk_mgmt's terms in zh_CN on databases that already speak Chinese.

Right after this script the upgrade loads i18n_extra/zh_CN.po, but a zh_CN value
a record already has wins over the file (always so for noupdate records such as
helpdesk_mgmt's stages). A zh_CN value still equal to the English one is no
translation: it is dropped here, so that the file's applies.
"""

from collections import defaultdict

from odoo import SUPERUSER_ID, api
from odoo.tools.misc import file_open
from odoo.tools.translate import TranslationFileReader

LANG = "zh_CN"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for (model_name, field_name), xmlids in _translated_records(env).items():
        table = env[model_name]._table
        cr.execute(
            f"""
            UPDATE "{table}" AS m
               SET "{field_name}" = m."{field_name}" - %(lang)s
              FROM ir_model_data AS imd
             WHERE imd.model = %(model)s
               AND imd.res_id = m.id
               AND imd.module || '.' || imd.name IN %(xmlids)s
               AND m."{field_name}" ->> %(lang)s = m."{field_name}" ->> 'en_US'
            """,
            {"lang": LANG, "model": model_name, "xmlids": tuple(xmlids)},
        )


def _translated_records(env):
    """{(model, field): xmlids} of the plain translated fields the file sets."""
    records = defaultdict(set)
    with file_open("property_complaint/i18n_extra/zh_CN.po", "rb") as po_file:
        for row in TranslationFileReader(po_file, fileformat="po"):
            if row["type"] != "model" or row["imd_model"] not in env:
                continue
            field_name = row["name"].split(",")[1]
            field = env[row["imd_model"]]._fields.get(field_name)
            # Terms of views and HTML: an English term counts as untranslated.
            if field and field.store and field.translate is True:
                records[row["imd_model"], field_name].add(
                    f"{row['module']}.{row['imd_name']}"
                )
    return records
