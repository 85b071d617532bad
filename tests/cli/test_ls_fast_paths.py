"""`ls`'s fast paths keep their promises: a page of IDs written at once is still drawn inert
when one of them is not printable (a catalog file edited by hand), and a table cell of
printable ASCII is cut to its width like any other."""

from __future__ import annotations

import sqlite3

import pytest

from thread_tui.cli import main
from thread_tui.commands.ls import cells, fit
from thread_tui.storage.catalog import CATALOG_FILE, Catalog
from thread_tui.storage.state_dir import default_state_dir

pytestmark = pytest.mark.usefixtures("no_user_environment")


def test_an_unprintable_id_among_many_is_drawn_inert(capsys: pytest.CaptureFixture[str]) -> None:
    path = default_state_dir() / CATALOG_FILE
    catalog = Catalog.open(path)
    catalog.record_many({"id": f"thread_{n:04d}", "metadata": {"t": "x"}} for n in range(5))
    catalog.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE objects SET id = ? WHERE id = 'thread_0002'", ("thread_\x1b]0;pwned\x07",))
    conn.commit()
    conn.close()
    assert main(["ls", "--format", "ids"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "thread_␛]0;pwned␇" in out.splitlines()
    assert len(out.splitlines()) == 5


@pytest.mark.parametrize("text", ["abcdefgh", "team=core, owner=ana", "ab"])
@pytest.mark.parametrize("width", [1, 2, 5, 8, 12])
def test_fit_gives_exactly_the_width(text: str, width: int) -> None:
    drawn = fit(text, width)
    assert cells(drawn) == width
    if len(text) > width:
        assert drawn == text[: width - 1] + "…"
    else:
        assert drawn.rstrip() == text
