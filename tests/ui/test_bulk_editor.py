"""The bulk editor in the TUI: the change's own counters, each object's validity against its
current state, the review's groups, the confirm, and the progress view's outcomes, Stop and
Retry failed. Driven with Pilot against the seeded emulator (through a transport wrapper
where a test needs to hold or fail a request)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from bulk_openers import IDS, bulk_editor, fast_pacer, settle
from textual.widgets import Button, RichLog, Static, TextArea
from ui_helpers import head_counter, notes

from thread_tui.api import ApiClient
from thread_tui.core.settings import Settings
from thread_tui.emulator import Emulator
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.bulk_session import split_ids
from thread_tui.ui.screens import bulk_progress
from thread_tui.ui.screens.bulk_editor import BulkEditorScreen
from thread_tui.ui.screens.bulk_progress import BulkProgressScreen
from thread_tui.ui.screens.bulk_review import BulkReviewScreen
from thread_tui.ui.screens.dialogs import ChoiceScreen, YesNoScreen

SIZE = (80, 24)


async def _no_sleep(_seconds: float) -> None:
    return None


class Wrapped(httpx.AsyncBaseTransport):
    """The emulator's transport with hooks: count GETs in flight, hold POSTs until released,
    answer one POST with an error of the test's choosing."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.gets_in_flight = 0
        self.peak_gets = 0
        self.get_delay = 0.0
        self.hold_posts = False
        self.release = asyncio.Event()
        self.held = 0
        self.posts: list[str] = []
        self.fail_post: dict[str, str] = {}  # id -> error message, answered once with a 400

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        resource_id = request.url.path.rsplit("/", 1)[-1]
        if request.method == "GET":
            self.gets_in_flight += 1
            self.peak_gets = max(self.peak_gets, self.gets_in_flight)
            try:
                await asyncio.sleep(self.get_delay)
                return await self.inner.handle_async_request(request)
            finally:
                self.gets_in_flight -= 1
        if request.method == "POST":
            self.posts.append(resource_id)
            if resource_id in self.fail_post:
                message = self.fail_post.pop(resource_id)
                body = {"error": {"message": message, "type": "invalid_request_error"}}
                return httpx.Response(400, json=body, headers={"x-request-id": "req_bad1"})
            if self.hold_posts:
                self.held += 1
                await self.release.wait()
        return await self.inner.handle_async_request(request)


@pytest.fixture
def wrapped(emulator: Emulator) -> Wrapped:
    return Wrapped(emulator.transport())


@pytest.fixture
def wrapped_app(
    make_app: Callable[..., ThreadTuiApp], demo_settings: Settings, wrapped: Wrapped
) -> ThreadTuiApp:
    client = ApiClient(demo_settings, transport=wrapped, sleep=_no_sleep)
    return make_app(client=client)


@pytest.fixture(autouse=True)
def _fast_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # A run started from the confirm paces with make_pacer(): no waiting between requests.
    monkeypatch.setattr(bulk_progress, "make_pacer", lambda: fast_pacer(2))


def validity(screen: BulkEditorScreen) -> list[str]:
    return screen.validity_text().splitlines()


def log_lines(screen: BulkProgressScreen) -> list[str]:
    return [strip.text for strip in screen.query_one(RichLog).lines]


async def test_each_object_is_checked_against_its_own_state(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await bulk_editor(pilot, pairs=(("owner", "ana"),))
        assert screen.session.fetch_line().startswith("Checked the current state of all 7")
        assert "1 not found" in screen.session.fetch_line()
        # thread_full16 has 16 keys already: one more is over the limit there, not elsewhere.
        assert validity(screen) == [
            "5 of 7 would change",
            "1 of 7 would exceed 16 pairs",
            "1 not found",
        ]
        assert not screen.query_one("#bulk-review", Button).disabled


async def test_a_key_every_object_holds_already_is_a_no_op_there(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await bulk_editor(
            pilot, ids=["thread_tools", "thread_abc123"], pairs=(("project", "atlas"),)
        )
        assert validity(screen) == [
            "1 of 2 would change",
            "1 of 2 already hold the change (nothing to send)",
        ]


async def test_the_change_has_its_own_live_counters_and_limits(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await bulk_editor(pilot, ids=["thread_abc123"], pairs=(("k" * 65, "v"),))
        assert head_counter(screen, "#grid-head") == ("1/16 pairs", "ok")
        assert screen.query_one("#bulk-review", Button).disabled
        reason = str(screen.query_one("#bulk-reason", Static).render())
        assert reason.startswith("Fix first:") and "64" in reason
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, BulkReviewScreen)
        assert any("Fix first" in n for n in notes(app))


async def test_an_empty_change_cannot_be_reviewed(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await bulk_editor(pilot, ids=["thread_abc123"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert any("Nothing to send" in n for n in notes(app))


async def test_the_state_is_fetched_with_bounded_concurrency(
    wrapped_app: ThreadTuiApp, wrapped: Wrapped
) -> None:
    wrapped.get_delay = 0.01  # every GET stays in flight long enough to overlap
    async with wrapped_app.run_test(size=SIZE) as pilot:
        await wrapped_app.push_screen(BulkEditorScreen(IDS, concurrency=3))
        await settle(pilot)
        screen = wrapped_app.screen
        assert isinstance(screen, BulkEditorScreen)
        assert len(screen.session.fetched) == len(IDS)
        assert wrapped.peak_gets == 3


async def test_the_review_groups_what_each_object_gets_and_why_some_are_refused(
    make_app: Any,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await bulk_editor(pilot, pairs=(("owner", "ana"),))
        await pilot.press("ctrl+s")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, BulkReviewScreen)
        groups = str(review.query_one("#bulk-review-groups", Static).render())
        assert "Will change (5)" in groups and '5 get  + owner: "ana"' in groups
        assert "Refused, not sent: 1 would exceed 16 pairs" in groups
        assert "thread_full16: 17 metadata pairs" in groups
        assert "Not found (1)" in groups and "thread_nope" in groups
        # Send and Cancel are in sight at 80x24.
        for button in ("#bulk-review-send", "#bulk-review-cancel"):
            region = review.query_one(button).region
            assert region.height and region.bottom <= SIZE[1]


async def test_send_asks_to_confirm_and_the_outcomes_follow(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await bulk_editor(pilot, pairs=(("owner", "ana"),))
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        assert emulator.threads["thread_abc123"]["metadata"].get("owner") is None
        await pilot.press("enter")  # Cancel has the focus: Enter alone sends nothing
        await settle(pilot)
        assert isinstance(app.screen, BulkEditorScreen)
        assert emulator.threads["thread_abc123"]["metadata"].get("owner") is None
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        progress = app.screen
        assert isinstance(progress, BulkProgressScreen)
        run = progress.run
        assert {i: o.status for i, o in run.latest.items()} == {
            "thread_abc123": "updated",
            "thread_full16": "refused",
            "thread_tools": "updated",
            "thread_empty": "updated",
            "conv_abc123": "updated",
            "conv_empty": "updated",
            "thread_nope": "not_found",
        }
        assert emulator.threads["thread_abc123"]["metadata"]["owner"] == "ana"
        assert emulator.conversations["conv_empty"]["metadata"]["owner"] == "ana"
        assert "owner" not in emulator.threads["thread_full16"]["metadata"]
        counts = str(progress.query_one("#bulk-progress-counts", Static).render())
        assert counts == "5 updated · 1 refused · 1 not found"
        assert len(log_lines(progress)) >= len(IDS)
        assert str(progress.query_one("#bulk-progress-summary", Static).render()) == (
            "Done: 5 of 7 hold the change."
        )
        # Closing goes back to the editor, which checks the objects again: now no-ops.
        await pilot.press("escape")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, BulkEditorScreen)
        assert "5 of 7 already hold the change (nothing to send)" in validity(editor)


async def test_cancel_in_the_confirm_sends_nothing(
    wrapped_app: ThreadTuiApp, wrapped: Wrapped
) -> None:
    async with wrapped_app.run_test(size=SIZE) as pilot:
        await bulk_editor(pilot, pairs=(("owner", "ana"),))
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(wrapped_app.screen, BulkEditorScreen)
        assert wrapped.posts == []


async def test_stop_lets_the_requests_in_flight_finish_and_sends_no_new_one(
    wrapped_app: ThreadTuiApp, wrapped: Wrapped, emulator: Emulator
) -> None:
    wrapped.hold_posts = True
    async with wrapped_app.run_test(size=SIZE) as pilot:
        editor = await bulk_editor(pilot, pairs=(("owner", "ana"),))
        progress = BulkProgressScreen(editor.session, pacer=fast_pacer(2))
        await wrapped_app.push_screen(progress)
        for _ in range(200):  # both workers reach a POST: thread_abc123 and thread_tools
            if wrapped.held == 2:
                break
            await pilot.pause(0.01)
        assert wrapped.held == 2
        await pilot.press("escape")
        await pilot.pause()
        assert progress.stop_event.is_set() and progress.run.running
        wrapped.release.set()
        await settle(pilot)
        assert sorted(wrapped.posts) == ["thread_abc123", "thread_tools"]
        assert emulator.threads["thread_tools"]["metadata"]["owner"] == "ana"
        assert "owner" not in emulator.threads["thread_empty"]["metadata"]
        run = progress.run
        assert run.stopped and not run.running
        assert run.counts_line() == "2 updated · 1 refused · 4 not sent"
        summary = str(progress.query_one("#bulk-progress-summary", Static).render())
        assert summary.startswith("Stopped: 2 of 7 hold the change")
        assert app_screen_is(wrapped_app, progress)
        await pilot.press("escape")  # now it closes
        await settle(pilot)
        assert isinstance(wrapped_app.screen, BulkEditorScreen)


async def _until(pilot: Any, done: Callable[[], bool]) -> None:
    """Let the app run until `done()` holds (at most 200 short pauses)."""
    for _ in range(200):
        if done():
            return
        await pilot.pause(0.01)


async def _running_with_two_held(
    app: ThreadTuiApp, wrapped: Wrapped, pilot: Any
) -> BulkProgressScreen:
    wrapped.hold_posts = True
    editor = await bulk_editor(pilot, pairs=(("owner", "ana"),))
    progress = BulkProgressScreen(editor.session, pacer=fast_pacer(2))
    await app.push_screen(progress)
    await _until(pilot, lambda: wrapped.held == 2)
    assert wrapped.held == 2
    return progress


async def test_ctrl_q_during_a_bulk_run_asks_and_no_keeps_sending(
    wrapped_app: ThreadTuiApp, wrapped: Wrapped
) -> None:
    async with wrapped_app.run_test(size=SIZE) as pilot:
        progress = await _running_with_two_held(wrapped_app, wrapped, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert wrapped_app.return_code is None  # not quit at once
        question = wrapped_app.screen
        assert isinstance(question, YesNoScreen)
        assert "running" in question.message and "not sent" in question.message
        await pilot.press("n")
        await pilot.pause()
        assert wrapped_app.screen is progress and not progress.stop_event.is_set()
        wrapped.release.set()
        await settle(pilot)
        assert len(wrapped.posts) == 7 - 2  # every object but the two refused was sent
        assert wrapped_app.return_code is None


async def test_stop_and_quit_lets_the_requests_in_flight_finish_then_says_what_was_done(
    wrapped_app: ThreadTuiApp, wrapped: Wrapped, emulator: Emulator
) -> None:
    async with wrapped_app.run_test(size=SIZE) as pilot:
        progress = await _running_with_two_held(wrapped_app, wrapped, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert progress.stop_event.is_set()
        assert wrapped_app.return_code is None  # the two in flight have not answered yet
        wrapped.release.set()
        await _until(pilot, lambda: wrapped_app.return_code is not None)
        assert wrapped_app.return_code == 0
        assert sorted(wrapped.posts) == ["thread_abc123", "thread_tools"]
        assert emulator.threads["thread_tools"]["metadata"]["owner"] == "ana"
        assert wrapped_app.quit_report == (
            "Bulk update stopped by quitting: 2 updated · 1 refused · 4 not sent."
        )


async def test_a_run_that_ends_while_the_quit_question_is_open_is_reported_as_finished(
    wrapped_app: ThreadTuiApp, wrapped: Wrapped
) -> None:
    async with wrapped_app.run_test(size=SIZE) as pilot:
        progress = await _running_with_two_held(wrapped_app, wrapped, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        wrapped.release.set()  # the run goes on and ends under the question
        await _until(pilot, lambda: not progress.run.running)
        assert not progress.run.running
        await pilot.press("y")
        await _until(pilot, lambda: wrapped_app.return_code is not None)
        assert wrapped_app.return_code == 0
        assert wrapped_app.quit_report == (
            "Bulk update finished: 5 updated · 1 refused · 1 not found."
        )


async def test_a_second_ctrl_q_opens_no_second_question(
    wrapped_app: ThreadTuiApp, wrapped: Wrapped
) -> None:
    async with wrapped_app.run_test(size=SIZE) as pilot:
        await _running_with_two_held(wrapped_app, wrapped, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert sum(isinstance(s, YesNoScreen) for s in wrapped_app.screen_stack) == 1


async def test_ctrl_q_while_stopping_asks_nothing_and_the_stop_quits_once(
    wrapped_app: ThreadTuiApp, wrapped: Wrapped
) -> None:
    async with wrapped_app.run_test(size=SIZE) as pilot:
        progress = await _running_with_two_held(wrapped_app, wrapped, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("ctrl+q")  # while the two requests in flight have not answered
        await pilot.pause()
        assert wrapped_app.screen is progress  # no new question offering "Keep going"
        assert any("Stopping" in note for note in notes(wrapped_app))
        wrapped.release.set()
        await _until(pilot, lambda: wrapped_app.return_code is not None)
        assert wrapped_app.return_code == 0
        assert wrapped_app.quit_report == (
            "Bulk update stopped by quitting: 2 updated · 1 refused · 4 not sent."
        )


async def test_stop_and_quit_also_says_what_happens_to_unsaved_edits_below(
    wrapped_app: ThreadTuiApp, wrapped: Wrapped
) -> None:
    from thread_tui.ui.screens.editor import EditorScreen

    async with wrapped_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")  # a new thread, never created
        await pilot.pause()
        editor = wrapped_app.screen
        assert isinstance(editor, EditorScreen) and editor.draft.is_new
        await pilot.press(*"team", "enter", *"blue")
        await pilot.pause()
        assert editor.has_unsaved_edits()
        await _running_with_two_held(wrapped_app, wrapped, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        question = wrapped_app.screen
        assert isinstance(question, YesNoScreen)
        assert "running" in question.message and "never created" in question.message


def app_screen_is(app: ThreadTuiApp, screen: object) -> bool:
    return app.screen is screen


async def test_a_failure_is_shown_inert_and_retry_failed_sends_it_again(
    wrapped_app: ThreadTuiApp, wrapped: Wrapped, emulator: Emulator
) -> None:
    wrapped.fail_post["thread_tools"] = "bad\x1b]0;pwned\x07 [b]markup[/b]"
    async with wrapped_app.run_test(size=SIZE) as pilot:
        editor = await bulk_editor(
            pilot, ids=["thread_abc123", "thread_tools"], pairs=(("a", "b"),)
        )
        progress = BulkProgressScreen(editor.session, pacer=fast_pacer(1))
        await wrapped_app.push_screen(progress)
        await settle(pilot)
        assert progress.run.failed_ids() == ["thread_tools"]
        shown = "".join(log_lines(progress))  # a long line wraps
        assert "thread_tools  failed" in shown and "(HTTP 400): bad␛]0;pwned␇" in shown
        assert "\x1b" not in shown and "\x07" not in shown and "[b]markup[/b]" in shown
        retry = progress.query_one("#bulk-progress-retry", Button)
        assert not retry.disabled and "(1)" in str(retry.label)
        await pilot.press("r")
        await settle(pilot)
        assert progress.run.latest["thread_tools"].status == "updated"
        assert emulator.threads["thread_tools"]["metadata"]["a"] == "b"
        assert progress.run.failed_ids() == []
        assert retry.disabled
        assert wrapped.posts == ["thread_abc123", "thread_tools", "thread_tools"]


async def test_tool_resources_are_skipped_on_conversations(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await bulk_editor(
            pilot, ids=["thread_abc123", "conv_abc123"], pairs=(("owner", "ana"),)
        )
        screen.session.replace_file_ids = []
        screen.refresh_validity()
        await settle(pilot)
        assert "1 is a conversation: tool resources skipped" in validity(screen)
        items = dict(screen.session.items())
        assert items["conv_abc123"].tool_resources is None
        assert items["conv_abc123"].metadata == {"owner": "ana"}
        assert items["thread_abc123"].tool_resources == {"code_interpreter": {"file_ids": []}}


async def test_picked_files_replace_the_threads_lists_and_skip_the_conversations(
    make_app: Any, emulator: Emulator
) -> None:
    from thread_tui.ui.screens.pickers import FilePickerScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await bulk_editor(
            pilot, ids=["thread_tools", "conv_abc123"], pairs=(("owner", "ana"),)
        )
        await pilot.press("ctrl+f")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, FilePickerScreen)
        kept = emulator.threads["thread_tools"]["tool_resources"]["code_interpreter"]["file_ids"]
        picker.dismiss(kept[:2])
        await settle(pilot)
        tools = str(screen.query_one("#bulk-tools", Static).render())
        assert tools.startswith("Threads' tools  files replaced by 2 · vector store kept")
        assert validity(screen) == [
            "2 of 2 would change",
            "1 is a conversation: tool resources skipped",
        ]
        progress = BulkProgressScreen(screen.session, pacer=fast_pacer(1))
        await app.push_screen(progress)
        await settle(pilot)
        assert progress.run.counts_line() == "2 updated"
        thread = emulator.threads["thread_tools"]
        assert thread["tool_resources"]["code_interpreter"]["file_ids"] == kept[:2]
        assert thread["tool_resources"]["file_search"]["vector_store_ids"]  # kept
        assert emulator.conversations["conv_abc123"]["metadata"]["owner"] == "ana"


async def test_read_only_mode_never_opens_the_review(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.read_only = True
        screen = await bulk_editor(pilot, ids=["thread_abc123"], pairs=(("owner", "ana"),))
        assert screen.query_one("#bulk-review", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert any("Read-only" in n for n in notes(app))


async def test_leaving_with_a_change_asks_first(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await bulk_editor(pilot, ids=["thread_abc123"], pairs=(("owner", "ana"),))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert screen not in app.screen_stack


async def test_the_palette_command_takes_pasted_ids(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Bulk edit IDs…" in titles
        app.action_bulk_ids()
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        area.text = "thread_abc123, conv_abc123\nthread_abc123\nthread_../x"
        await pilot.pause()
        status = str(app.screen.query_one("#bulk-ids-status", Static).render())
        assert status.startswith("2 IDs · not IDs: line 3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, BulkEditorScreen)  # nothing typed is lost either
        assert area.text.endswith("thread_../x")
        area.text = "thread_abc123, conv_abc123\nthread_abc123"
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BulkEditorScreen)
        assert screen.session.ids == ("thread_abc123", "conv_abc123")


def test_pasted_ids_are_split_on_lines_spaces_and_commas() -> None:
    pasted = split_ids(" thread_a\tconv_b,thread_a\n\n conv_c ")
    assert pasted.ids == ("thread_a", "conv_b", "conv_c") and pasted.problems == ()
    assert split_ids("thread_a?x").problems[0].startswith("line 1: 'thread_a?x'")


def test_a_check_replaced_by_a_newer_one_stops_and_counts_only_its_own_states() -> None:
    from thread_tui.ui.bulk_session import BulkSession, Fetched

    session = BulkSession(["thread_a", "thread_b"], client=lambda: None)  # type: ignore[arg-type,return-value]
    session.draft.add_row("owner", "ana", fresh=False)
    state = {"id": "thread_a", "object": "thread", "created_at": 1, "metadata": {}}
    found = session.evaluate(fetched={"thread_a": Fetched("thread_a", state)})
    assert found is not None
    assert found.lines == ("1 of 2 would change", "1 not checked yet")
    assert session.evaluate(cancelled=lambda: True) is None


def test_an_outcome_too_wide_for_the_log_continues_indented_under_its_id() -> None:
    from thread_tui.api.bulk_runner import Outcome

    outcome = Outcome("thread_" + "x" * 24, "updated", "req_" + "0" * 32, None, None, None)
    line = bulk_progress.outcome_line(outcome, 32, width=78).plain
    head, more = line.split("\n")
    assert head.startswith("✓ thread_") and head.rstrip().endswith("updated")
    assert more == "    req_" + "0" * 32  # not flush left, where it reads as another row
    wide = bulk_progress.outcome_line(outcome, 32, width=120).plain
    assert "\n" not in wide and wide.endswith("req_" + "0" * 32)
