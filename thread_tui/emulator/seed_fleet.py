"""A fleet of seeded threads and conversations, for the catalog and bulk edits to work on.

`thread-tui emulator --seed-count N` (and `--demo`, with DEMO_SEED_COUNT) adds N threads and
N conversations to the hand-made demo objects of seed.py. Object number i is a function of i
alone (and of the emulator's clock for its age): its ID never depends on N, so the first k
objects of a fleet of N+1 are those of a fleet of N, on every run and every Python (no
hash(), no random module). Their metadata varies: most carry `team`, `env`, `owner` and
`status` keys with a spread of values, some have all 16 pairs, some none, some values of
the full 512 characters; some threads have tool resources (of the emulator's seeded files
and vector stores).

Nothing of the fleet is built up front: `SeededObjects` makes object i when it is read, and
holds an object only once it is written (a modify) or marks it once deleted, so a fleet of
100,000 costs two small sets until the objects are changed.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from thread_tui.emulator import seed

DEMO_SEED_COUNT = 150  # threads and as many conversations: 300 objects for the demo's catalog
MAX_SEED_COUNT = 1_000_000  # the index has six digits in the ID
THREAD_PREFIX = "thread_s"
CONVERSATION_PREFIX = "conv_s"
_DIGITS = 6
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
# Byte b becomes _ALPHABET[b % 57]: a token is a digest translated in C, not a Python loop
# (seed._token's LCG takes ~10 µs an ID; 200,000 IDs are listed in well under a second).
_TO_ALPHABET = bytes(ord(_ALPHABET[b % len(_ALPHABET)]) for b in range(256))

TEAMS = ("payments", "search", "growth", "platform", "support", "infra", "data", "mobile")
ENVS = ("prod", "staging", "dev", "test")
STATUSES = ("open", "pending", "closed", "archived", "escalated")
OWNERS = (
    "ana", "ben", "chloé", "dmitri", "emeka", "fatima", "gus", "hana", "ivan", "jun",
    "kofi", "lena", "marco", "nadia", "oscar", "priya", "quinn", "rosa", "sven", "tomás",
    "uma", "vik", "wen", "yusuf",
)  # fmt: skip
_EXTRA_KEYS = ("priority", "region", "customer", "ticket", "channel", "tier", "locale", "batch")
_REGIONS = ("eu-west", "us-east", "ap-south", "sa-east")
_SENTENCE = "Escalated after the third reply; the customer wants a call back before Friday. "


def thread_id(index: int) -> str:
    """Seeded thread number `index`: `thread_s000042…`, 24 characters after `thread_`, as the
    API's are."""
    return f"{THREAD_PREFIX}{index:0{_DIGITS}d}{_token(b'thread', index, 17)}"


def conversation_id(index: int) -> str:
    """Seeded conversation number `index`: `conv_s000042…`, 48 characters after `conv_`."""
    return f"{CONVERSATION_PREFIX}{index:0{_DIGITS}d}{_token(b'conv', index, 41)}"


def _token(kind: bytes, index: int, width: int) -> str:
    """A stable alphanumeric token for (kind, index): the same on every Python and machine."""
    digest = hashlib.blake2b(index.to_bytes(4, "big"), digest_size=width, person=kind).digest()
    return digest.translate(_TO_ALPHABET).decode("ascii")


def index_of(resource_id: str, prefix: str, count: int) -> int | None:
    """The index of a seeded ID among `count`, or None when it names no object of the fleet."""
    digits = resource_id[len(prefix) : len(prefix) + _DIGITS]
    if not resource_id.startswith(prefix) or len(digits) != _DIGITS or not digits.isdigit():
        return None
    index = int(digits)
    if index >= count:
        return None
    make_id = thread_id if prefix == THREAD_PREFIX else conversation_id
    return index if make_id(index) == resource_id else None


def _mix(index: int, salt: int) -> int:
    """A well-spread 32-bit number for (index, salt): the choices of object `index`."""
    x = (index * 0x9E3779B1 + salt * 0x85EBCA77 + 0x165667B1) & 0xFFFFFFFF
    x ^= x >> 15
    x = (x * 0x2C1B3C6D) & 0xFFFFFFFF
    x ^= x >> 12
    x = (x * 0x297A2D39) & 0xFFFFFFFF
    return x ^ (x >> 15)


def metadata(index: int, salt: int = 0) -> dict[str, str]:
    """Object `index`'s metadata (`salt` tells threads from conversations). One in 20 has
    none, one in 20 all 16 pairs, one in 20 a 64-character key and a 512-character value;
    the rest one to eight pairs, most of them of team, env, owner and status."""
    # Each choice takes its own bits of two well-mixed numbers.
    a = _mix(index, salt + 1)
    b = _mix(index, salt + 2)
    shape = a % 20
    if shape == 0:
        return {}
    pairs = {"team": TEAMS[(a >> 5) % len(TEAMS)]}
    if (a >> 8) % 5:
        pairs["env"] = ENVS[(a >> 11) % len(ENVS)]
    if (a >> 13) % 3:
        pairs["owner"] = OWNERS[(a >> 15) % len(OWNERS)]
    if (a >> 20) % 7 < 5:
        pairs["status"] = STATUSES[(a >> 23) % len(STATUSES)]
    if shape == 1:
        for n in range(16 - len(pairs)):
            pairs[f"label_{n:02d}"] = f"value {(index + n) % 97}"
        return pairs
    if shape == 2:
        pairs[f"note_{index:06d}_" + "k" * 52] = "a key of exactly 64 characters"
        pairs["summary"] = (f"#{index}: " + _SENTENCE * 8)[:512]
        return pairs
    for n in range(b % 5):
        key = _EXTRA_KEYS[((b >> 3) + n) % len(_EXTRA_KEYS)]
        pairs[key] = _extra_value(key, index)
    return pairs


def _extra_value(key: str, index: int) -> str:
    if key == "region":
        return _REGIONS[index % len(_REGIONS)]
    if key == "priority":
        return ("low", "normal", "high", "urgent")[index % 4]
    if key == "ticket":
        return f"T-{100_000 + index * 7 % 900_000}"
    return f"{key}-{index % 13}"


def _tool_resources(index: int) -> dict[str, Any] | None:
    """One thread in 8 with code_interpreter files (1 to 20), one in 10 with a vector store,
    one in 25 with `null` (as an old thread may have)."""
    roll = _mix(index, 50)
    if roll % 25 == 0:
        return None
    resources: dict[str, Any] = {}
    if roll % 8 == 1:
        count = 1 + _mix(index, 51) % 20
        first = _mix(index, 52) % (64 - count)  # the emulator always holds files 0 to 63
        resources["code_interpreter"] = {"file_ids": list(_file_ids()[first : first + count])}
    if roll % 10 == 3:
        store = _mix(index, 53) % len(seed.STORE_NAMES)
        resources["file_search"] = {"vector_store_ids": [seed.vector_store_id(store)]}
    return resources


@functools.cache
def _file_ids() -> tuple[str, ...]:
    return tuple(seed.file_id(n) for n in range(64))


def _age(index: int, salt: int) -> int:
    """Seconds before `now`: spread over about a year."""
    return 600 + _mix(index, salt + 60) % (365 * seed.DAY)


def make_thread(index: int, now: int = seed.FIXED_NOW) -> dict[str, Any]:
    return {
        "id": thread_id(index),
        "object": "thread",
        "created_at": now - _age(index, 0),
        "metadata": metadata(index),
        "tool_resources": _tool_resources(index),
    }


def make_conversation(index: int, now: int = seed.FIXED_NOW) -> dict[str, Any]:
    return {
        "id": conversation_id(index),
        "object": "conversation",
        "created_at": now - _age(index, 100),
        "metadata": metadata(index, salt=100),
    }


def seeded_ids(count: int) -> Iterator[str]:
    """Every seeded thread and conversation ID: the hand-made ones of seed.py, then thread 0,
    conversation 0, thread 1, … so that the list for N+1 starts with the list for N."""
    yield from seed.DEMO_THREAD_IDS
    yield from seed.DEMO_CONVERSATION_IDS
    for index in range(count):
        yield thread_id(index)
        yield conversation_id(index)


def seeded_objects(count: int, now: int = seed.FIXED_NOW) -> Iterator[dict[str, Any]]:
    """The fleet's objects in `seeded_ids` order (without the hand-made ones), made one at a
    time: for pre-recording a catalog."""
    for index in range(count):
        yield make_thread(index, now)
        yield make_conversation(index, now)


class SeededObjects(MutableMapping[str, dict[str, Any]]):
    """The emulator's threads (or conversations): the objects it holds, and a fleet of `count`
    seeded ones made on each read until written.

    A seeded object read and changed in place is not kept: assign it back (as the emulator's
    routes do after a modify) to keep the change. Iteration yields the held objects first,
    then the seeded ones still there, in index order.
    """

    def __init__(
        self,
        held: dict[str, dict[str, Any]],
        *,
        count: int = 0,
        prefix: str = THREAD_PREFIX,
        make: Callable[[int], dict[str, Any]] | None = None,
    ) -> None:
        if not 0 <= count <= MAX_SEED_COUNT:
            raise ValueError(f"a seed count is from 0 to {MAX_SEED_COUNT}")
        self._held = held
        self._count = count if make is not None else 0
        self._prefix = prefix
        self._make = make
        self._written: set[str] = set()  # seeded IDs now in _held
        self._deleted: set[int] = set()

    def _seeded(self, key: str) -> int | None:
        if self._count == 0 or not key.startswith(self._prefix):
            return None
        return index_of(key, self._prefix, self._count)

    def __getitem__(self, key: str) -> dict[str, Any]:
        held = self._held.get(key)
        if held is not None:
            return held
        index = self._seeded(key)
        if index is None or index in self._deleted or self._make is None:
            raise KeyError(key)
        return self._make(index)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if key in self._held:
            return True
        index = self._seeded(key)
        return index is not None and index not in self._deleted

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        self._held[key] = value
        index = self._seeded(key)
        if index is not None:
            self._written.add(key)
            self._deleted.discard(index)

    def __delitem__(self, key: str) -> None:
        index = self._seeded(key)
        if key in self._held:
            del self._held[key]
            self._written.discard(key)
        elif index is None or index in self._deleted:
            raise KeyError(key)
        if index is not None:
            self._deleted.add(index)

    def __iter__(self) -> Iterator[str]:
        for key in list(self._held):
            if key not in self._written:
                yield key
        make_id = thread_id if self._prefix == THREAD_PREFIX else conversation_id
        for index in range(self._count):
            if index in self._deleted:
                continue
            key = make_id(index)
            if key in self._written or key not in self._held:
                yield key

    def __len__(self) -> int:
        return len(self._held) - len(self._written) + self._count - len(self._deleted)
