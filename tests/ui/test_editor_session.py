"""The editor's session without Textual: submit (ok, conflict then rebase / overwrite /
cancel), create (ok, unsure then asked again), reload failure and a disk that refuses every
autosave, over the emulator's in-process transport. Each returns an outcome, never raises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from thread_tui.api import ApiClient
from thread_tui.core.ids import ResourceKind
from thread_tui.core.resources import unsaved_resource
from thread_tui.core.settings import Settings
from thread_tui.emulator import FIXED_NOW, Emulator
from thread_tui.storage import StateStore
from thread_tui.ui.editor_session import EditorSession


async def _no_sleep(_seconds: float) -> None:
    return None


@pytest.fixture
def client(emulator: Emulator, demo_settings: Settings) -> ApiClient:
    return ApiClient(demo_settings, transport=emulator.transport(), sleep=_no_sleep)


@pytest.fixture
def store(tmp_path: Path) -> StateStore:
    return StateStore(tmp_path / "state")


def session_of(client: ApiClient, store: StateStore, resource: object) -> EditorSession:
    return EditorSession(
        resource,  # type: ignore[arg-type]
        client.last_exchange,
        client=lambda: client,
        drafts=store.drafts,
        recents=store.recents,
        now=lambda: float(FIXED_NOW),
    )


async def loaded(client: ApiClient, store: StateStore, resource_id: str) -> EditorSession:
    return session_of(client, store, await client.get_resource(resource_id))


def edit_modified(session: EditorSession, value: str = "mine") -> None:
    row = next(r for r in session.draft.rows if r.key == "modified")
    session.draft.set_value(row.id, value)


def test_the_session_loads_no_textual() -> None:
    code = (
        "import sys, thread_tui.ui.editor_session, thread_tui.ui.editor_outcome;"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


async def test_submit_sends_the_edits_and_holds_the_answer(
    client: ApiClient, store: StateStore, emulator: Emulator
) -> None:
    session = await loaded(client, store, "thread_abc123")
    edit_modified(session)
    said: list[str] = []
    outcome = await session.submit(said.append)
    assert said == ["Checking the server's current version…", "Sending…"]
    assert outcome.status is not None and outcome.status.startswith("Saved · HTTP 200")
    assert not outcome.error and outcome.conflict is None
    assert outcome.draft is session.draft and session.draft.is_noop
    assert session.draft.loaded_metadata["modified"] == "mine"
    assert outcome.inspect is session.exchange is not None and outcome.expectation is not None
    assert emulator.threads["thread_abc123"]["metadata"]["modified"] == "mine"


async def test_a_submit_that_fails_keeps_the_edits(
    client: ApiClient, store: StateStore, emulator: Emulator
) -> None:
    session = await loaded(client, store, "thread_abc123")
    edit_modified(session)
    emulator.faults.inject(400, match="POST /v1/threads/thread_abc123")
    outcome = await session.submit()
    assert outcome.error and outcome.status is not None and outcome.status.startswith("Not saved")
    assert outcome.draft is None
    assert session.draft.request_body() == {"metadata": {"modified": "mine"}}


async def conflicting(client: ApiClient, store: StateStore, emulator: Emulator) -> EditorSession:
    session = await loaded(client, store, "thread_abc123")
    edit_modified(session)
    # Someone else, after our load: changes a key we did not touch and adds one.
    emulator.threads["thread_abc123"]["metadata"].update({"user": "theirs", "new": "x"})
    return session


async def test_a_conflict_asks_and_sends_nothing_until_answered(
    client: ApiClient, store: StateStore, emulator: Emulator
) -> None:
    session = await conflicting(client, store, emulator)
    outcome = await session.submit()
    assert outcome.conflict is not None and outcome.status is None
    assert set(outcome.conflict.drift.metadata_keys) == {"user", "new"}
    assert emulator.mutating_requests() == []


async def test_conflict_rebase_puts_mine_on_theirs_and_sends_nothing(
    client: ApiClient, store: StateStore, emulator: Emulator
) -> None:
    session = await conflicting(client, store, emulator)
    conflict = (await session.submit()).conflict
    assert conflict is not None
    outcome = await session.resolve(conflict, "rebase")
    assert outcome.status is not None and outcome.status.startswith("Rebased your edits")
    assert outcome.draft is session.draft and outcome.resource is conflict.now
    assert session.draft.loaded_metadata["user"] == "theirs"
    assert session.draft.request_body() == {"metadata": {"modified": "mine"}}
    assert emulator.mutating_requests() == []
    again = await session.submit()  # the server is as rebased onto now: sent
    assert again.conflict is None and again.status is not None
    assert again.status.startswith("Saved")
    assert emulator.threads["thread_abc123"]["metadata"]["user"] == "theirs"


async def test_conflict_overwrite_sends_every_key_i_hold(
    client: ApiClient, store: StateStore, emulator: Emulator
) -> None:
    session = await conflicting(client, store, emulator)
    conflict = (await session.submit()).conflict
    assert conflict is not None
    outcome = await session.resolve(conflict, "overwrite")
    assert outcome.status is not None and outcome.status.startswith("Saved")
    sent = emulator.threads["thread_abc123"]["metadata"]
    assert sent["user"] == "abc123" and sent["modified"] == "mine"  # mine, not theirs
    assert len(emulator.mutating_requests()) == 1


async def test_conflict_cancel_sends_nothing_and_keeps_the_edits(
    client: ApiClient, store: StateStore, emulator: Emulator
) -> None:
    session = await conflicting(client, store, emulator)
    conflict = (await session.submit()).conflict
    assert conflict is not None
    outcome = await session.resolve(conflict, None)
    assert outcome.status == "Not sent: the object changed on the server. Your edits are kept."
    assert outcome.draft is None and emulator.mutating_requests() == []
    assert session.draft.request_body() == {"metadata": {"modified": "mine"}}


async def test_create_records_the_id_and_becomes_its_session(
    client: ApiClient, store: StateStore, emulator: Emulator
) -> None:
    session = session_of(client, store, unsaved_resource(ResourceKind.THREAD))
    session.draft.add_row("owner", "ana")
    outcome = await session.create()
    assert outcome.status is not None and outcome.status.startswith("Created thread_")
    assert not session.draft.is_new and session.resource.id in emulator.threads
    assert [r.id for r in store.recents.items()] == [session.resource.id]
    assert outcome.inspect is not None and outcome.expectation is not None


async def test_an_unsure_create_asks_before_a_second_one(
    client: ApiClient, store: StateStore, emulator: Emulator
) -> None:
    session = session_of(client, store, unsaved_resource(ResourceKind.THREAD))
    session.draft.add_row("owner", "ana")
    before = len(emulator.threads)
    emulator.faults.inject(malformed="not_json", match="POST /v1/threads")
    outcome = await session.create()
    assert outcome.error and outcome.status is not None
    assert "may have been created" in outcome.status and "Not created" not in outcome.status
    assert session.draft.is_new and session.create_unsure is not None
    assert len(emulator.threads) == before + 1 and store.recents.items() == []
    asked = await session.create()
    assert asked.confirm_again == session.create_unsure and len(emulator.threads) == before + 1
    refused = await session.create(again=False)
    assert refused.status is not None and refused.status.startswith("Not sent: the earlier try")
    assert len(emulator.threads) == before + 1
    created = await session.create(again=True)
    assert created.status is not None and created.status.startswith("Created thread_")
    assert len(emulator.threads) == before + 2 and session.create_unsure is None


async def test_a_refused_create_is_not_created(
    client: ApiClient, store: StateStore, emulator: Emulator
) -> None:
    session = session_of(client, store, unsaved_resource(ResourceKind.THREAD))
    emulator.faults.inject(400, match="POST /v1/threads")
    outcome = await session.create()
    assert outcome.error and outcome.status is not None
    assert outcome.status.startswith("Not created:") and session.create_unsure is None


async def test_a_failed_reload_keeps_the_draft(
    client: ApiClient, store: StateStore, emulator: Emulator
) -> None:
    session = await loaded(client, store, "thread_abc123")
    edit_modified(session)
    draft = session.draft
    emulator.faults.inject(500, match="GET /v1/threads/thread_abc123", times=10)
    outcome = await session.reload()
    assert outcome.error and outcome.status is not None
    assert outcome.status.startswith("Reload failed:")
    assert session.draft is draft and outcome.draft is None
    assert draft.request_body() == {"metadata": {"modified": "mine"}}


async def test_a_reload_replaces_the_draft(client: ApiClient, store: StateStore) -> None:
    session = await loaded(client, store, "thread_abc123")
    edit_modified(session)
    outcome = await session.reload()
    assert outcome.status is not None and outcome.status.startswith("Reloaded · HTTP 200")
    assert outcome.draft is session.draft and session.draft.is_noop


async def test_a_failing_disk_refuses_autosaves_and_the_session_goes_on(
    client: ApiClient, tmp_path: Path, emulator: Emulator
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a regular file where the state directory's parent should be")
    store = StateStore(blocker / "state")
    warnings: list[str] = []
    store.listen(warnings.append)
    session = await loaded(client, store, "thread_abc123")
    edit_modified(session)
    assert session.autosave() is False
    edit_modified(session, "mine again")
    assert session.autosave() is False
    assert len(warnings) == 1  # once for the failing disk, not per save
    outcome = await session.submit()  # the cleanup after it is refused too
    assert outcome.status is not None and outcome.status.startswith("Saved")
    assert emulator.threads["thread_abc123"]["metadata"]["modified"] == "mine again"
    session.release()


async def test_autosave_writes_and_offers_the_draft_to_the_next_session(
    client: ApiClient, store: StateStore
) -> None:
    first = await loaded(client, store, "thread_abc123")
    edit_modified(first)
    assert first.autosave() is True
    first.release()
    second = await loaded(client, store, "thread_abc123")
    offer = second.first_saved_offer()
    assert offer is not None and offer.older == 0
    outcome = second.restore(offer)
    assert outcome.draft is second.draft
    assert second.draft.request_body() == {"metadata": {"modified": "mine"}}
    second.release()
    third = await loaded(client, store, "thread_abc123")
    offer = third.first_saved_offer()
    assert offer is not None  # moved into the second session's file, still offered
    assert third.discard_saved(offer) is None
    assert third.first_saved_offer() is None
