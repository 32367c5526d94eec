"""The wheel odoo-addon-property_complaint, installed as Odoo 18 would."""

import ast
import email
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("*.whl")
    return path


def test_wheel_name_and_requirements(wheel):
    assert wheel.name.startswith("odoo_addon_property_complaint-18.0.1.2.0-")
    with zipfile.ZipFile(wheel) as archive:
        metadata_name = next(
            n for n in archive.namelist() if n.endswith(".dist-info/METADATA")
        )
        metadata = email.message_from_bytes(archive.read(metadata_name))
    assert metadata["Name"] == "odoo-addon-property_complaint"
    requires = set(metadata.get_all("Requires-Dist"))
    assert "odoo<18.1dev,>=18.0a" in requires
    assert "odoo-addon-helpdesk_mgmt<18.1dev,>=18.0dev" in requires
    assert "xlsxwriter" in requires
    # Odoo's own addons are part of odoo, not packages to require.
    assert not {r for r in requires if r.startswith("odoo-addon-base_automation")}


def test_wheel_installs_an_addon_odoo_finds(wheel, tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(tmp_path),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    addons = tmp_path / "odoo" / "addons"
    assert (addons / "property_complaint" / "__manifest__.py").is_file()
    # The namespace packages belong to Odoo: the wheel must not ship them.
    assert not (tmp_path / "odoo" / "__init__.py").exists()
    assert not (addons / "__init__.py").exists()
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, odoo\n"
            "from odoo.modules.module import get_manifest\n"
            f"odoo.tools.config.parse_config(['--addons-path={addons}'])\n"
            "odoo.addons.__path__.insert(0, sys.argv[1])\n"
            "manifest = get_manifest('property_complaint')\n"
            "print(manifest['depends'], manifest['installable'],"
            " manifest['addons_path'])",
            str(addons),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    depends = ast.literal_eval(
        (ROOT / "property_complaint" / "__manifest__.py").read_text()
    )["depends"]
    assert found.strip() == f"{depends} True {addons}"
