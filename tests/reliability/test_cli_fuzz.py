"""Fuzzing the CLI's --metadata / --tool-resources: either a clear refusal with nothing sent,
or a request body that breaks no limit. Never a traceback."""

from __future__ import annotations

import contextlib
import io
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thread_tui.cli import main
from thread_tui.core import limits
from thread_tui.emulator import Emulator

flow_text = st.one_of(
    st.text(max_size=300),
    st.dictionaries(
        st.text(max_size=70),
        st.one_of(
            st.text(max_size=600), st.integers(), st.none(), st.booleans(), st.lists(st.text())
        ),
        max_size=20,
    ).map(lambda d: __import__("json").dumps(d)),
    st.builds(lambda k, v: f"{k}={v}", st.text(max_size=70), st.text(max_size=600)),
)
resources_text = st.one_of(
    st.none(),
    st.text(max_size=200),
    st.builds(
        lambda files, stores: __import__("json").dumps(
            {"code_interpreter": {"file_ids": files}, "file_search": {"vector_store_ids": stores}}
        ),
        st.lists(st.sampled_from(["file-a", "file-b", "x"]) | st.text(max_size=8), max_size=24),
        st.lists(st.text(max_size=8), max_size=3),
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(metadata=st.lists(flow_text, min_size=1, max_size=3), resources=resources_text)
def test_any_input_is_refused_clearly_or_sent_within_limits(
    metadata: list[str], resources: str | None, schemas: Any
) -> None:
    emulator = Emulator()
    argv = ["update", "--thread-id", "thread_empty"]
    for value in metadata:
        argv += ["--metadata", value]
    if resources is not None:
        argv += ["--tool-resources", resources]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*argv, "--demo"], emulator=emulator)
    assert "Traceback" not in err.getvalue()
    sent = emulator.mutating_requests()
    if code == 2:
        assert sent == []
        assert err.getvalue().strip(), "a refusal always says why"
        return
    assert len(sent) == 1
    body = sent[0].json
    schemas.validate("ModifyThreadRequest", body)
    for key, value in body.get("metadata", {}).items():
        assert 0 < len(key) <= limits.MAX_KEY_CHARS and len(value) <= limits.MAX_VALUE_CHARS
    assert len(body.get("metadata", {})) <= limits.MAX_METADATA_PAIRS
    tools = body.get("tool_resources", {})
    assert len(tools.get("code_interpreter", {}).get("file_ids", [])) <= limits.MAX_FILE_IDS
    assert len(tools.get("file_search", {}).get("vector_store_ids", [])) <= 1
    assert code in (0, 1)  # 1: the server refused it (e.g. an unknown file id), clearly
