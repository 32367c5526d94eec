"""Packages the addon as the wheel ``odoo-addon-property_complaint``.

The OCA naming and layout: the addon lands in ``odoo/addons/property_complaint``
of site-packages, its version is Odoo's series plus the manifest's, and its
requirements come from the manifest's ``depends`` and external dependencies.
"""

import ast
from pathlib import Path

from setuptools import setup

ADDON = "property_complaint"
HERE = Path(__file__).parent
MANIFEST = ast.literal_eval((HERE / ADDON / "__manifest__.py").read_text())
SERIES = ".".join(MANIFEST["version"].split(".")[:2])
NEXT_SERIES = f"{SERIES.split('.')[0]}.{int(SERIES.split('.')[1]) + 1}"
# Addons that ship with Odoo itself: no package of their own to require.
ODOO_CORE = {
    "base",
    "base_automation",
    "base_setup",
    "digest",
    "mail",
    "portal",
    "resource",
    "web",
}


def _requirement(name):
    return f"{name}>={SERIES}dev,<{NEXT_SERIES}dev"


def _packages():
    prefix = f"odoo.addons.{ADDON}"
    subs = sorted(
        ".".join(init.parent.relative_to(HERE / ADDON).parts)
        for init in (HERE / ADDON).rglob("__init__.py")
        if init.parent != HERE / ADDON
    )
    return [prefix] + [f"{prefix}.{sub}" for sub in subs]


setup(
    name=f"odoo-addon-{ADDON}",
    version=MANIFEST["version"],
    description=MANIFEST["summary"],
    long_description=(HERE / "README.rst").read_text(encoding="utf-8"),
    long_description_content_type="text/x-rst",
    author=MANIFEST["author"],
    url=MANIFEST["website"],
    license="AGPL-3.0-or-later",
    python_requires=">=3.10",
    packages=_packages(),
    package_dir={f"odoo.addons.{ADDON}": ADDON},
    package_data={"": ["*", "**/*"]},
    exclude_package_data={"": ["__pycache__/*", "*.pyc"]},
    install_requires=[
        _requirement("odoo").replace("dev,", "a,", 1),
        *(
            _requirement(f"odoo-addon-{dep}")
            for dep in MANIFEST["depends"]
            if dep not in ODOO_CORE
        ),
        *MANIFEST.get("external_dependencies", {}).get("python", []),
    ],
    classifiers=[
        "Programming Language :: Python",
        "Framework :: Odoo",
        f"Framework :: Odoo :: {SERIES}",
        "License :: OSI Approved :: GNU Affero General Public License v3",
    ],
    zip_safe=False,
)
