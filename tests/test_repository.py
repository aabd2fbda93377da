"""Checks, from the repository's own files, the rules HACS and hassfest apply to us."""

import ast
import json
from pathlib import Path
import re
import struct
import tomllib

from packaging.specifiers import SpecifierSet
import pytest
import yaml

from custom_components.seminar_calendar import const
from custom_components.seminar_calendar.client import CertificateError, HTTPStatusError
from custom_components.seminar_calendar.coordinator import _failure_key
from custom_components.seminar_calendar.sensor import NEXT_SEMINAR_SENSORS

ROOT = Path(__file__).parents[1]
INTEGRATION = ROOT / "custom_components" / "seminar_calendar"
TRANSLATIONS = INTEGRATION / "translations"
MANIFEST = json.loads((INTEGRATION / "manifest.json").read_text())
EN = json.loads((TRANSLATIONS / "en.json").read_text())
SOURCES = {path.name: path.read_text() for path in INTEGRATION.glob("*.py")}
PLATFORMS = ("calendar.py", "sensor.py")
# Home Assistant core's caldav pins this icalendar; installing us must not fight it.
CORE_ICALENDAR = "6.3.1"
QUALITY_RULES = {
    "bronze": "action-setup appropriate-polling brands common-modules config-flow-test-coverage config-flow dependency-transparency docs-actions docs-conditions docs-high-level-description docs-installation-instructions docs-removal-instructions docs-triggers entity-event-setup entity-unique-id has-entity-name runtime-data test-before-configure test-before-setup unique-config-entry",
    "silver": "action-exceptions config-entry-unloading docs-configuration-parameters docs-installation-parameters entity-unavailable integration-owner log-when-unavailable parallel-updates reauthentication-flow test-coverage",
    "gold": "devices diagnostics discovery-update-info discovery docs-data-update docs-examples docs-known-limitations docs-supported-devices docs-supported-functions docs-troubleshooting docs-use-cases dynamic-devices entity-category entity-device-class entity-disabled-by-default entity-translations exception-translations icon-translations reconfiguration-flow repair-issues stale-devices",
    "platinum": "async-dependency inject-websession strict-typing",
}


def _paths(tree: object, prefix: str = "") -> dict[str, str]:
    if isinstance(tree, dict):
        found: dict[str, str] = {}
        for key, value in tree.items():
            found |= _paths(value, f"{prefix}.{key}" if prefix else key)
        return found
    return {prefix: str(tree)}


def test_one_integration_and_the_files_hacs_needs() -> None:
    assert [
        path.name for path in (ROOT / "custom_components").iterdir() if path.is_dir()
    ] == ["seminar_calendar"]
    for name in ("README.md", "LICENSE", "hacs.json", "CHANGELOG.md"):
        assert (ROOT / name).is_file(), name
    assert "MIT License" in (ROOT / "LICENSE").read_text()


def test_manifest() -> None:
    keys = list(MANIFEST)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    required = {
        "codeowners",
        "config_flow",
        "documentation",
        "integration_type",
        "iot_class",
        "issue_tracker",
        "requirements",
        "version",
    }
    assert required <= set(keys)
    assert MANIFEST["domain"] == const.DOMAIN
    assert MANIFEST["config_flow"] is True
    assert MANIFEST["iot_class"] == "cloud_polling"
    assert MANIFEST["integration_type"] == "service"
    for url_key in ("documentation", "issue_tracker"):
        assert MANIFEST[url_key].startswith("https://")
    assert (
        "quality_scale" not in MANIFEST
    )  # custom integrations keep it as a self-audit


def test_versions_agree() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    newest = re.search(r"^## (\S+)", (ROOT / "CHANGELOG.md").read_text(), re.MULTILINE)
    assert newest is not None
    assert (
        MANIFEST["version"]
        == const.VERSION
        == pyproject["project"]["version"]
        == newest.group(1)
    )


def test_requirements_match_and_admit_cores_icalendar() -> None:
    listed = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert MANIFEST["requirements"] == listed
    icalendar = next(spec for spec in listed if spec.startswith("icalendar"))
    assert CORE_ICALENDAR in SpecifierSet(icalendar.removeprefix("icalendar"))
    for requirement in listed:
        assert re.search(r">=[\d.]+,<\d+", requirement), (
            f"{requirement}: a range, not a pin"
        )


def test_hacs_json() -> None:
    hacs = json.loads((ROOT / "hacs.json").read_text())
    allowed = {
        "name",
        "homeassistant",
        "hacs",
        "zip_release",
        "filename",
        "content_in_root",
        "hide_default_branch",
        "country",
        "persistent_directory",
    }
    assert set(hacs) <= allowed
    assert hacs["name"] == MANIFEST["name"]
    floor = tuple(int(part) for part in hacs["homeassistant"].split("."))
    pinned = re.search(
        r"homeassistant==([\d.]+)", (ROOT / "requirements_test.txt").read_text()
    )
    assert pinned is not None
    assert floor <= tuple(int(part) for part in pinned.group(1).split("."))


def test_translations_are_complete_and_resolved() -> None:
    assert not (INTEGRATION / "strings.json").exists()
    english = _paths(EN)
    assert not [value for value in english.values() if "[%key:" in value]
    assert {path.name for path in TRANSLATIONS.iterdir()} == {
        "en.json",
        "de.json",
        "nl.json",
        "fr.json",
    }
    for path in TRANSLATIONS.iterdir():
        other = _paths(json.loads(path.read_text()))
        assert set(other) == set(english), path.name
        for key, text in other.items():
            assert sorted(re.findall(r"\{\w+\}", text)) == sorted(
                re.findall(r"\{\w+\}", english[key])
            ), (path.name, key)
            assert text == text.strip()
            assert "<" not in text


def _literals(pattern: str) -> set[str]:
    return {
        match for source in SOURCES.values() for match in re.findall(pattern, source)
    }


def test_every_translation_key_the_code_uses_exists() -> None:
    feed_errors = _literals(r'FeedError\(\s*"(\w+)"')
    assert feed_errors == {
        "empty_feed",
        "html_page",
        "json_data",
        "contact_card",
        "not_a_calendar",
        "truncated",
    }
    form_errors = _literals(r'FormError\("(\w+)"\)') | feed_errors
    form_errors |= set(
        re.findall(
            r':\s*"(\w+)"',
            SOURCES["config_flow.py"].split("_STATUS_ERRORS = ")[1].split("\n")[0],
        )
    )
    assert form_errors <= set(EN["config"]["error"]), form_errors - set(
        EN["config"]["error"]
    )
    assert "invalid_regex" in EN["options"]["error"]

    failures = {
        _failure_key(HTTPStatusError(status, None))[0]
        for status in (401, 403, 404, 410, 429, 500)
    }
    sensors = {description.translation_key for description in NEXT_SEMINAR_SENSORS}
    sensors |= _literals(r'_attr_translation_key = "(\w+)"') - {"calendar"}
    for key in sensors:
        assert EN["entity"]["sensor"][key]["name"]
    issues = {"feed_unavailable", "feed_moved"}
    literal_keys = (
        _literals(r'translation_key="(\w+)"') - sensors - issues - {"calendar"}
    )
    exceptions = failures | feed_errors | literal_keys
    exceptions |= {
        _failure_key(CertificateError("x"))[0],
        "timeout",
        "too_large",
        "cannot_connect",
    }
    assert exceptions <= set(EN["exceptions"]), exceptions - set(EN["exceptions"])

    for issue in ("feed_unavailable", "feed_moved"):
        assert f'"{issue}"' in SOURCES["coordinator.py"]
        assert EN["issues"][issue]["fix_flow"]["step"]["confirm"]["description"]
    for step in ("user", "reconfigure", "reauth_confirm"):
        assert f'step_id="{step}"' in SOURCES["config_flow.py"]
        assert EN["config"]["step"][step]
    assert {"already_configured", "reconfigure_successful", "reauth_successful"} <= set(
        EN["config"]["abort"]
    )


def test_icons() -> None:
    icons = json.loads((INTEGRATION / "icons.json").read_text())
    assert all(value.startswith("mdi:") for value in _paths(icons).values())
    assert set(icons["entity"]["sensor"]) == set(EN["entity"]["sensor"])


def test_no_service_actions() -> None:
    assert not (INTEGRATION / "services.yaml").exists()
    assert not _literals(r"(services\.async_register)")


def test_mechanical_quality_rules() -> None:
    for platform in PLATFORMS:
        assert re.search(r"^PARALLEL_UPDATES = 0$", SOURCES[platform], re.MULTILINE), (
            platform
        )
    assert "entry.runtime_data = coordinator" in SOURCES["__init__.py"]
    assert "_attr_has_entity_name = True" in SOURCES["entity.py"]
    assert not _literals(r"(_attr_icon\b|icon=)")
    for name, source in SOURCES.items():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for argument in node.args.args:
                    if (
                        argument.arg in {"entry", "config_entry"}
                        and argument.annotation is not None
                    ):
                        assert (
                            ast.unparse(argument.annotation)
                            == "SeminarCalendarConfigEntry"
                        ), (name, node.name)


def test_quality_scale_claims() -> None:
    rules = yaml.safe_load((INTEGRATION / "quality_scale.yaml").read_text())["rules"]
    expected = {rule for tier in QUALITY_RULES.values() for rule in tier.split()}
    assert len(expected) == 54
    assert set(rules) == expected
    for rule, status in rules.items():
        if isinstance(status, str):
            assert status in {"done", "todo"}, rule
        else:
            assert status["status"] in {"done", "exempt", "todo"}, rule
            if status["status"] == "exempt":
                assert status["comment"], rule
    status = {
        rule: value if isinstance(value, str) else value["status"]
        for rule, value in rules.items()
    }
    # What the code shows: reauth, reconfigure, diagnostics and repairs exist.
    assert status["reauthentication-flow"] == "done"
    assert "async_step_reauth" in SOURCES["config_flow.py"]
    assert status["reconfiguration-flow"] == "done"
    assert "async_step_reconfigure" in SOURCES["config_flow.py"]
    assert status["diagnostics"] == "done"
    assert "async_get_config_entry_diagnostics" in SOURCES["diagnostics.py"]
    assert status["repair-issues"] == "done"
    assert "async_create_fix_flow" in SOURCES["repairs.py"]
    assert status["entity-disabled-by-default"] == "done"
    assert "_attr_entity_registry_enabled_default = False" in SOURCES["sensor.py"]


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("icon.png", 256),
        ("icon@2x.png", 512),
        ("dark_icon.png", 256),
        ("dark_icon@2x.png", 512),
        ("logo.png", 256),
        ("logo@2x.png", 512),
        ("dark_logo.png", 256),
        ("dark_logo@2x.png", 512),
    ],
)
def test_brand_images(name: str, size: int) -> None:
    header = (INTEGRATION / "brand" / name).read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (size, size)


def test_blueprint_is_valid_yaml_with_the_promised_inputs() -> None:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!input", lambda loader, node: f"!input {node.value}")
    path = ROOT / "blueprints/automation/seminar_calendar/notify_before_seminar.yaml"
    blueprint = yaml.load(path.read_text(), Loader=Loader)
    assert set(blueprint["blueprint"]["input"]) == {
        "calendar",
        "offset",
        "notify",
        "category",
        "keyword",
    }
    assert blueprint["triggers"][0]["trigger"] == "calendar"
