"""A request over a real socket runs no import machinery once the client is warm.

httpcore asks `import sniffio` each time it makes a lock or an event for a request (its
`current_async_library`); without sniffio installed, each of those is a failed import, a
search of every sys.path entry (~0.2 ms each, about ten a request): most of a bulk run's
client CPU. sniffio is a dependency so that import is a dictionary lookup."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

from thread_tui.api import ApiClient
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_API_KEY, Emulator
from thread_tui.emulator.server import running_server


class _Recorder(importlib.abc.MetaPathFinder):
    """Notes every module the import system is asked to find (and finds none itself)."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        self.names.append(fullname)
        return None


async def test_requests_on_a_warm_client_search_for_no_module() -> None:
    emu = Emulator()
    with running_server(emu) as base_url:
        settings = Settings(api_key=SecretStr(DEMO_API_KEY), base_url=base_url)
        client = ApiClient(settings)
        try:
            await client.get_resource("thread_abc123")  # warm: lazy imports happen here
            recorder = _Recorder()
            sys.meta_path.insert(0, recorder)
            try:
                for _ in range(5):
                    await client.get_resource("thread_abc123")
            finally:
                sys.meta_path.remove(recorder)
        finally:
            await client.aclose()
    assert recorder.names == []
