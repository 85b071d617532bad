"""Fixtures shared by every test folder: the official schemas, a seeded emulator, and an app
factory with a fixed clock, a throw-away state dir and no cursor blink (deterministic Pilot
runs and snapshots)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from thread_tui.api import ApiClient
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_API_KEY, DEMO_BASE_URL, FIXED_NOW, Emulator

SPEC_PATH = Path(__file__).parent / "data" / "openai-openapi-subset.json"


def _spec() -> dict[str, Any]:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


class SchemaChecker:
    """Validates documents against a component schema of the official OpenAPI description."""

    def __init__(self) -> None:
        spec = _spec()
        self.uri = "urn:openai-openapi"
        self.registry = Registry().with_resource(self.uri, Resource.opaque(spec))

    def validate(self, schema_name: str, document: Any) -> None:
        schema = {"$ref": f"{self.uri}#/components/schemas/{schema_name}"}
        Draft202012Validator(schema, registry=self.registry).validate(document)

    def errors(self, schema_name: str, document: Any) -> list[str]:
        schema = {"$ref": f"{self.uri}#/components/schemas/{schema_name}"}
        validator = Draft202012Validator(schema, registry=self.registry)
        return [e.message for e in validator.iter_errors(document)]


@pytest.fixture(scope="session")
def schemas() -> SchemaChecker:
    return SchemaChecker()


TERMINAL_SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _no_user_keymap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app reads keymap.toml from the config dir: never the developer's own one."""
    monkeypatch.setenv("THREAD_TUI_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture(autouse=True)
def _no_user_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands record what they fetch in the state dir's catalog: never the developer's own
    (platformdirs reads XDG_STATE_HOME; subprocesses inherit it)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(seed=True, api_keys={DEMO_API_KEY}, now=FIXED_NOW)


@pytest.fixture
def demo_settings() -> Settings:
    from thread_tui.core.secret import SecretStr

    return Settings(api_key=SecretStr(DEMO_API_KEY), base_url=DEMO_BASE_URL, demo=True)


async def _no_sleep(_seconds: float) -> None:
    return None


@pytest.fixture
def make_app(emulator: Emulator, demo_settings: Settings, tmp_path: Path) -> Callable[..., Any]:
    """Build an app wired to the emulator. Keyword arguments override the defaults."""

    def factory(**overrides: Any) -> Any:
        from thread_tui.ui.app import ThreadTuiApp

        settings = overrides.pop("settings", demo_settings)
        client = ApiClient(settings, transport=emulator.transport(), sleep=_no_sleep)
        options: dict[str, Any] = {
            "client": client,
            "settings": settings,
            "now": lambda: float(FIXED_NOW),
            "state_dir": tmp_path / "state",
            "cursor_blink": False,
        }
        options.update(overrides)
        return ThreadTuiApp(**options)

    return factory


@pytest.fixture
def open_editor() -> Callable[..., Any]:
    """`await open_editor(app, pilot, "thread_abc123")`: fetch the object and push its editor."""

    async def opener(app: Any, pilot: Any, resource_id: str) -> Any:
        from thread_tui.ui.screens.editor import EditorScreen

        resource = await app.client.get_resource(resource_id)
        editor = EditorScreen(resource, app.client.last_exchange)
        await app.push_screen(editor)
        await pilot.pause()
        return editor

    return opener
