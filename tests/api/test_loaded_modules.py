"""What importing a layer loads at run time: httpx stays out of `thread_tui` and
`thread_tui.core`, Textual and the emulator out of `thread_tui.api`. (The static rule is the
import contract, tests/test_import_contract.py; this checks what is really loaded.)"""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_package_and_core_loads_no_httpx() -> None:
    code = (
        "import sys, thread_tui, thread_tui.core.models, thread_tui.core.settings, "
        "thread_tui.core.ids; "
        "print('httpx' in sys.modules, 'textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_the_api_package_loads_no_textual_and_no_emulator() -> None:
    code = (
        "import sys, thread_tui.api; "
        "print('textual' in sys.modules, 'thread_tui.emulator' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
