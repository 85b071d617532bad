"""The pickers' table and selection on their own: cap, placeholders, filter over 10,000 rows."""

from __future__ import annotations

from textual.app import App, ComposeResult

from thread_tui.ui.widgets.picker_table import (
    Column,
    PickerTable,
    PickRow,
    Selection,
    _fit,
)

COLUMNS = (Column("name"), Column("id", 12), Column("size", 6, right=True))


def row(n: int) -> PickRow:
    file_id = f"file-{n:05d}"
    return PickRow.of(file_id, (f"Report {n}.pdf", file_id, "1 KB"), f"Report {n}.pdf", file_id)


class TableApp(App[None]):
    def __init__(self, selection: Selection) -> None:
        super().__init__()
        self.selection = selection

    def compose(self) -> ComposeResult:
        yield PickerTable(COLUMNS, self.selection)


def test_selection_is_capped_and_says_why() -> None:
    selection = Selection(["a", "b", "a"], 2, "At most 2: deselect one first.")
    assert selection.ids == ["a", "b"]
    assert selection.full
    assert selection.toggle("c") == "At most 2: deselect one first."
    assert selection.ids == ["a", "b"]
    assert selection.toggle("a") is None
    assert selection.toggle("c") is None
    assert selection.ids == ["b", "c"]
    assert selection.counter() == "2/2 selected"


def test_fit_pads_and_cuts_by_cells() -> None:
    assert _fit("abc", 5) == "abc  "
    assert _fit("abc", 5, right=True) == "  abc"
    assert _fit("abcdef", 4) == "abc…"
    assert _fit("🦊🦊🦊", 4) == "🦊 …"
    assert _fit("x", 0) == ""


async def test_the_filter_over_10000_rows_rebuilds_only_the_list() -> None:
    app = TableApp(Selection([], 20, ""))
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(PickerTable)
        for start in range(0, 10_000, 100):
            table.add_rows(row(n) for n in range(start, start + 100))
        assert len(table.shown) == 10_000
        table.set_filter("REPORT 99")
        assert table.visible_ids()[:3] == ["file-00099", "file-00990", "file-00991"]
        assert len(table.shown) == 111
        table.set_filter("file-09999")
        assert table.visible_ids() == ["file-09999"]
        table.set_filter("")
        assert len(table.shown) == 10_000
        table.focus()
        await pilot.press("end")
        assert table.cursor == 9_999
        assert table.scroll_y > 0


async def test_a_placeholder_is_replaced_in_place_by_its_real_row() -> None:
    app = TableApp(Selection(["file-00003"], 20, ""))
    async with app.run_test(size=(80, 20)):
        table = app.query_one(PickerTable)
        table.replace_rows([PickRow("file-00003", ("…", "file-00003", ""), "", placeholder=True)])
        table.add_rows(row(n) for n in range(5))
        assert table.visible_ids() == [
            "file-00003",
            "file-00000",
            "file-00001",
            "file-00002",
            "file-00004",
        ]
        assert not table.shown[0].placeholder
        assert table.shown[0].cells[0] == "Report 3.pdf"


async def test_enter_asks_to_toggle_the_cursor_row() -> None:
    toggled: list[str] = []

    class Recorder(TableApp):
        def on_picker_table_toggled(self, event: PickerTable.Toggled) -> None:
            toggled.append(event.row_id)

    app = Recorder(Selection([], 20, ""))
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(PickerTable)
        table.add_rows(row(n) for n in range(3))
        table.focus()
        await pilot.press("down", "enter", "pagedown", "space", "home", "enter")
    assert toggled == ["file-00001", "file-00002", "file-00000"]
