"""`pip install .` must give a working command: the wheel carries code, schema and entry point."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_wheel_contains_the_package_schema_and_console_script(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("narrascope-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "narrascope/schema/article.schema.json" in names
    assert "narrascope/cleaning/rules.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "narrascope = narrascope.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_every_runtime_dependency_is_pinned_exactly() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
        assert "==" in requirement, requirement


def test_lock_file_pins_every_dependency_with_hashes() -> None:
    lock = (ROOT / "requirements" / "lock.txt").read_text()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        name, version = requirement.split("==")
        name = name.split("[")[0].lower().replace("_", "-")
        block = lock.lower().replace("_", "-")
        assert f"{name}=={version}" in block, requirement
    entries = [line for line in lock.splitlines() if line and not line.startswith((" ", "#"))]
    assert all("==" in entry for entry in entries)
    assert lock.count("--hash=sha256:") >= len(entries)


def test_the_built_wheel_runs_and_reports_the_same_models(tmp_path: Path) -> None:
    """Installed from the wheel (not the source tree), the package finds its models, schema
    and data, and ``--version`` gives the checksums the source tree has."""
    from narrascope.version import version_report

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("narrascope-*.whl")
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    script = ("import sys; sys.path.insert(0, sys.argv[1]); import narrascope; "
              "assert narrascope.__file__.startswith(sys.argv[1]), narrascope.__file__; "
              "from narrascope.cli import main; "
              "doc = narrascope.analyze('Missiles hit Kyiv at dawn, officials said.'); "
              "assert doc.language == 'en'; main(['--version'])")
    done = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True,
                          text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == version_report()
