"""Checks, from the repository's own files, the rules HACS and hassfest apply to us."""

import ast
import datetime as dt
import json
from pathlib import Path
import re
import struct
import tomllib

from packaging.specifiers import SpecifierSet
import pytest
import yaml

from custom_components.seminar_calendar import calendar, const, sensor
from custom_components.seminar_calendar.engine import (
    CertificateError,
    FeedError,
    FeedParser,
    FeedTooLarge,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    UnknownHost,
)
from custom_components.seminar_calendar.failures import failure_of

ROOT = Path(__file__).parents[1]
INTEGRATION = ROOT / "custom_components" / "seminar_calendar"
TRANSLATIONS = INTEGRATION / "translations"
MANIFEST = json.loads((INTEGRATION / "manifest.json").read_text())
EN = json.loads((TRANSLATIONS / "en.json").read_text())
MODULES = {
    path.relative_to(INTEGRATION).as_posix(): ast.parse(path.read_text())
    for path in INTEGRATION.rglob("*.py")
}
# Bodies that are not calendars, each as servers send them, and a feed cut short.
NOT_CALENDARS = (
    b"",
    b"<!DOCTYPE html><html><body>Events</body></html>",
    b'{"events": []}',
    b"BEGIN:VCARD\nFN:Jane\nEND:VCARD\n",
    b"Hello",
    b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20250101T100000Z\n",
)
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


def _feed_error(body: bytes) -> FeedError:
    try:
        FeedParser(dt.UTC).parse(body, dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    except FeedError as err:
        return err
    raise AssertionError(body)


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


FAILURES = [
    *(HTTPStatusError(status, None) for status in (401, 403, 404, 410, 429, 500)),
    FetchTimeout("slow"),
    CertificateError("self-signed"),
    UnknownHost("no such name"),
    FeedTooLarge(20 * 2**20),
    FetchError("reset"),
    *(_feed_error(body) for body in NOT_CALENDARS),
]


@pytest.mark.parametrize("error", FAILURES, ids=lambda error: type(error).__name__)
def test_every_failure_reads_the_same_in_the_form_the_log_and_the_repair(
    error: FetchError | FeedError,
) -> None:
    failure = failure_of(error)
    form, log = EN["config"]["error"][failure.key], EN["exceptions"][failure.key]
    assert _placeholders(form) <= set(failure.placeholders)
    assert _placeholders(log["message"]) == set(failure.placeholders)


def test_the_failure_table_knows_every_kind_of_feed_error() -> None:
    kinds = {failure_of(error).key for error in FAILURES}
    assert len(kinds) == len(FAILURES)  # each failure has its own words
    assert set(EN["config"]["error"]) == kinds | {"invalid_url", "no_feed_on_page"}
    assert set(EN["exceptions"]) == kinds | {
        "not_a_seminar_calendar",
        "window_ends_before_start",
    }
    for issue in ("feed_unavailable", "feed_moved"):
        confirm = EN["issues"][issue]["fix_flow"]["step"]["confirm"]
        assert _placeholders(confirm["description"]) == {"title", "reason"}
    assert {"already_configured", "reconfigure_successful", "reauth_successful"} <= set(
        EN["config"]["abort"]
    )
    assert "invalid_regex" in EN["options"]["error"]


def test_every_sensor_has_a_translated_name_and_an_icon() -> None:
    keys = {description.translation_key for description in sensor.NEXT_SEMINAR_SENSORS}
    # The Last refreshed sensor's name is checked on the entity, in test_entities.py.
    keys.add("last_refreshed")
    assert keys == set(EN["entity"]["sensor"])
    assert all(EN["entity"]["sensor"][key]["name"] for key in keys)


def test_icons() -> None:
    icons = json.loads((INTEGRATION / "icons.json").read_text())
    assert all(value.startswith("mdi:") for value in _paths(icons).values())
    for platform in ("sensor", "event", "image"):
        assert set(icons["entity"][platform]) == set(EN["entity"][platform])


def test_actions_are_described_and_translated() -> None:
    services = yaml.safe_load((INTEGRATION / "services.yaml").read_text())
    icons = json.loads((INTEGRATION / "icons.json").read_text())
    assert set(services) == set(EN["services"]) == set(icons["services"])
    for name, service in services.items():
        assert set(service["fields"]) == set(EN["services"][name]["fields"])


def test_platforms_update_in_parallel() -> None:
    assert calendar.PARALLEL_UPDATES == 0
    assert sensor.PARALLEL_UPDATES == 0


def test_the_engine_imports_nothing_of_home_assistant() -> None:
    engine = {
        name: tree for name, tree in MODULES.items() if name.startswith("engine/")
    }
    assert len(engine) >= 10
    for name, tree in engine.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""] if node.level == 0 else []
                # Relative imports stay inside the engine.
                package = name.split("/")[:-1]
                assert node.level <= len(package), name
            else:
                continue
            assert not any(module.startswith("homeassistant") for module in modules), (
                name
            )


def test_only_home_assistants_llm_integration_loads_the_llm_platform() -> None:
    # No other module imports llm.py: on a release without Home Assistant's llm
    # integration (or with another API), the integration loads without it.
    for name, tree in MODULES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                imported = [node.module or "", *(a.name for a in node.names)]
                assert "llm" not in imported, name
    assert "homeassistant.components.llm" not in {
        node.module
        for name, tree in MODULES.items()
        if name != "llm.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }


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
    # Each of these is tested where it works: test_config_flow.py (reauth,
    # reconfigure), test_diagnostics.py, test_faults.py (repairs), test_entities.py.
    for rule in (
        "reauthentication-flow",
        "reconfiguration-flow",
        "diagnostics",
        "repair-issues",
        "entity-disabled-by-default",
    ):
        assert status[rule] == "done", rule


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
    folder = ROOT / "blueprints/automation/seminar_calendar"
    before = yaml.load(
        (folder / "notify_before_seminar.yaml").read_text(), Loader=Loader
    )
    assert set(before["blueprint"]["input"]) == {
        "calendar",
        "offset",
        "notify",
        "category",
        "keyword",
    }
    assert before["triggers"][0]["trigger"] == "calendar"
    changes = yaml.load(
        (folder / "notify_on_seminar_change.yaml").read_text(), Loader=Loader
    )
    assert set(changes["blueprint"]["input"]) == {
        "changes",
        "kinds",
        "notify",
        "category",
        "keyword",
    }
    copy = yaml.load(
        (folder / "copy_matching_seminars.yaml").read_text(), Loader=Loader
    )
    assert set(copy["blueprint"]["input"]) == {
        "changes",
        "target_calendar",
        "keyword",
        "speaker",
        "copy_listed",
        "daily_time",
        "days_ahead",
    }
    assert {trigger["trigger"] for trigger in copy["triggers"]} == {"state", "time"}
    options = changes["blueprint"]["input"]["kinds"]["selector"]["select"]["options"]
    assert {option["value"] for option in options} == set(
        EN["entity"]["event"]["seminar_changes"]["state_attributes"]["event_type"][
            "state"
        ]
    )
