"""The headless commands check a server's answer with the TUI's parser: a wrong shape, a
duplicate key, a number that is not finite, or an object far beyond the API's limits is a
sentence on stderr and exit 1, never printed; a valid answer is printed as received."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from thread_tui.cli import main
from thread_tui.commands import demo

THREAD = {
    "id": "thread_abc123",
    "object": "thread",
    "created_at": 1700000000,
    "metadata": {"owner": "ana"},
    "tool_resources": {},
    "new_field": {"kept": [1, 2.5]},
}


pytestmark = pytest.mark.usefixtures("no_user_environment")


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Make the demo client talk to a server answering every request with `text` (HTTP 200)."""

    def install(text: str) -> None:
        def answer(request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, text=text, headers={"content-type": "application/json"})

        real = demo.build_client

        def build(settings: Any, transport: Any = None, *, emulator: Any = None) -> Any:
            return real(settings, httpx.MockTransport(answer), emulator=emulator)

        monkeypatch.setattr(demo, "build_client", build)

    return install


def with_fields(**fields: Any) -> str:
    return json.dumps({**THREAD, **fields})


WRONG = {
    "metadata as a list": (with_fields(metadata=[1, 2]), "'metadata'"),
    "a metadata value not a string": (with_fields(metadata={"a": 5}), "'metadata.a'"),
    "file_ids as a string": (
        with_fields(tool_resources={"code_interpreter": {"file_ids": "file-1"}}),
        "'tool_resources.code_interpreter.file_ids'",
    ),
    "a duplicate id": (
        '{"id": "thread_abc123", "object": "thread", "created_at": 1, "id": "thread_zzz"}',
        "'id' appears more than once",
    ),
    "NaN": (with_fields(created_at=float("nan")), "NaN"),
    "1e99999": (
        with_fields(created_at=1).replace('"created_at": 1', '"created_at": 1e99999'),
        "1e99999",
    ),
    "5,000 pairs": (
        with_fields(metadata={f"k{i}": "v" * 500 for i in range(5000)}),
        "5,000 metadata pairs; the API allows 16",
    ),
}


@pytest.mark.parametrize("command", ["get", "update"])
@pytest.mark.parametrize("case", list(WRONG))
def test_a_wrong_answer_is_a_sentence_and_exit_1(
    serve: Callable[[str], None], capsys: pytest.CaptureFixture[str], command: str, case: str
) -> None:
    text, named = WRONG[case]
    serve(text)
    args = [command, "thread_abc123", "--demo", "--max-retries", "0"]
    if command == "update":
        args += ["--metadata", "a=b"]
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert named in err
    assert "Traceback" not in err


def test_create_checks_the_answer_too(
    serve: Callable[[str], None], capsys: pytest.CaptureFixture[str]
) -> None:
    serve(with_fields(metadata=[1]))
    code = main(["create", "--demo", "--max-retries", "0"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "The server's answer is not a valid thread: 'metadata'" in err


def test_a_valid_answer_is_printed_as_received(
    serve: Callable[[str], None], capsys: pytest.CaptureFixture[str]
) -> None:
    serve(json.dumps(THREAD))
    code = main(["get", "thread_abc123", "--demo", "--max-retries", "0"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out, parse_constant=lambda c: pytest.fail(c)) == THREAD


def test_print_json_refuses_nan_in_a_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    from thread_tui.commands.common import print_json

    print_json({"created_at": float("inf")})
    out, err = capsys.readouterr()
    assert out == ""
    assert "not printed" in err and "not finite" in err
