"""Binding ids and the keymap: which ids exist, what a keymap file may say, and how a key is
written for people ("ctrl+s" → "Ctrl+S").

Every Binding in thread_tui/ui has an id ("editor.submit"); the keymap file
(storage/keymap.py) maps ids to keys and the App applies it with Textual's `set_keymap`. This
module checks a keymap before it is applied: an unknown id, a key name Textual would never
send, or a key that would then be bound twice on one screen is a warning and that entry is
dropped (its binding keeps its default key). The bindings are found by importing the screens
and widgets, so this module is loaded only when a keymap file exists, and by help.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from textual.binding import Binding
from textual.keys import Keys, format_key, key_to_character
from textual.screen import ModalScreen, Screen

from thread_tui.storage.keymap import KEYMAP_FILE, short

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
# The widgets with bindings that live on a screen, by class name: a key is "bound twice on
# one screen" when the screen's, these widgets' or the App's bindings share it.
SCREEN_WIDGETS = {
    "LookupScreen": ("CatalogTable",),
    "EditorScreen": ("MetadataGrid", "IdList", "MessagesView", "TranscriptList"),
    "PickerScreen": ("PickerTable",),
    "BulkEditorScreen": ("MetadataGrid",),
    "MessageEditorScreen": ("MetadataGrid",),
}
_NAMED_KEYS = frozenset(key.value for key in Keys)
_BASE_LABELS = {
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "space": "Space",
    "backspace": "Backspace",
    "delete": "Delete",
    "insert": "Insert",
    "home": "Home",
    "end": "End",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}


@dataclass(frozen=True)
class Owner:
    """A class that declares bindings, and the bindings it declares itself."""

    name: str
    cls: type
    bindings: tuple[Binding, ...]


@cache
def owners() -> tuple[Owner, ...]:
    """Every class in thread_tui/ui (the App, screens, widgets) that declares bindings."""
    from textual.dom import DOMNode

    import thread_tui.ui.screens
    import thread_tui.ui.widgets

    modules = ["thread_tui.ui.app"]
    for package in (thread_tui.ui.screens, thread_tui.ui.widgets):
        modules += [
            f"{package.__name__}.{info.name}" for info in pkgutil.iter_modules(package.__path__)
        ]
    found: list[Owner] = []
    for name in sorted(modules):
        module = importlib.import_module(name)
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            # Textual reads BINDINGS of DOM nodes only; a plain helper's (the editor's tabs
            # object) are spliced into its screen's list and would count twice.
            if cls.__module__ != name or not issubclass(cls, DOMNode):
                continue
            own = [b for b in vars(cls).get("BINDINGS", ()) if isinstance(b, Binding)]
            if own:
                found.append(Owner(cls_name, cls, tuple(own)))
    return tuple(found)


def all_bindings() -> list[tuple[str, Binding]]:
    """(owner class name, binding) for every binding declared in thread_tui/ui."""
    return [(owner.name, binding) for owner in owners() for binding in owner.bindings]


@cache
def defaults() -> dict[str, Binding]:
    """Each binding id and its binding as declared (with its default key)."""
    return {binding.id: binding for _owner, binding in all_bindings() if binding.id}


def active_keys(keymap: Mapping[str, str], binding_id: str) -> list[str]:
    """The keys bound to `binding_id` now: the keymap's, else the default."""
    keys = keymap.get(binding_id)
    if keys is None:
        binding = defaults().get(binding_id)
        keys = binding.key if binding else ""
    return [key.strip() for key in keys.split(",") if key.strip()]


# -- key names ------------------------------------------------------------------------------


def split_key(key: str) -> tuple[list[str], str]:
    """ "ctrl+shift+a" → (["ctrl", "shift"], "a"); "+" alone is the plus key."""
    *mods, base = key.split("+") if key != "+" else [key]
    return mods, base


def normalize_key(key: str) -> str | None:
    """The key as Textual names it ("Ctrl+S" → "ctrl+s", "?" stays "?"), or None when no
    terminal would ever send it."""
    key = key.strip()
    if not key:
        return None
    mods, base = split_key(key)
    mods = [mod.lower() for mod in mods]
    if any(mod not in MODIFIERS for mod in mods) or len(set(mods)) != len(mods) or not base:
        return None
    if len(base) > 1:
        base = base.lower()
        if base not in _NAMED_KEYS and format_key(base) == base:
            return None
    elif not base.isprintable():
        return None
    elif mods:
        base = base.lower()  # with a modifier a terminal names the letter in lower case
    return "+".join([*mods, base])


def canonical_key(key: str) -> str:
    """One spelling per key, to compare them: "question_mark" and "?" are the same key."""
    mods, base = split_key(key)
    character = key_to_character(base) or format_key(base)
    if len(character) == 1:
        base = character
    return "+".join([*mods, base])


def key_label(key: str) -> str:
    """A key as written for people: "ctrl+s" → "Ctrl+S", "question_mark" → "?"."""
    mods, base = split_key(key)
    if base in _BASE_LABELS:
        label = _BASE_LABELS[base]
    elif re.fullmatch(r"f\d{1,2}", base):
        label = base.upper()
    else:
        character = key_to_character(base) or format_key(base)
        if len(character) == 1:
            label = character.upper() if mods and character.isalpha() else character
        else:
            label = base.replace("_", " ").capitalize()
    return "+".join([*(mod.capitalize() for mod in mods), label])


# -- checking a keymap ----------------------------------------------------------------------


def check_keymap(entries: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The entries that can be applied (keys normalized) and a warning per dropped entry."""
    known = defaults()
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for binding_id, value in entries.items():
        if binding_id not in known:
            warnings.append(
                f'{KEYMAP_FILE}: "{short(binding_id)}" is not a binding id (the README\'s '
                f"Keys section lists them); ignored."
            )
            continue
        keys = value.split(",")
        normalized = [normalize_key(key) for key in keys]
        bad = [
            short(key.strip()) or "an empty key"
            for key, n in zip(keys, normalized, strict=True)
            if not n
        ]
        if bad:
            warnings.append(
                f'{KEYMAP_FILE}: "{binding_id}" = "{short(value)}": {", ".join(bad)} is not a '
                f'key name (such as "f5", "ctrl+t", "question_mark"); {binding_id} keeps its '
                f"default key."
            )
            continue
        keymap[binding_id] = ",".join(dict.fromkeys(n for n in normalized if n))
    for dropped, message in _clashes(keymap):
        keymap.pop(dropped, None)
        warnings.append(message)
    return keymap, warnings


def _groups() -> list[tuple[str, list[Binding]]]:
    """(screen name, every binding that can be active on it) per screen class."""
    by_name = {owner.name: owner for owner in owners()}
    app_bindings = [b for owner in owners() if owner.name.endswith("App") for b in owner.bindings]
    placed: set[str] = set()
    groups: list[tuple[str, list[Binding]]] = []
    for owner in owners():
        if not issubclass(owner.cls, Screen):
            continue
        bindings: list[Binding] = []
        for base in owner.cls.__mro__:
            for widget in SCREEN_WIDGETS.get(base.__name__, ()):
                placed.add(widget)
                if widget in by_name:
                    bindings += by_name[widget].bindings
            bindings += [b for b in vars(base).get("BINDINGS", ()) if isinstance(b, Binding)]
        # Below a modal screen the App's keys stop, but its priority keys (quit) still apply.
        modal = issubclass(owner.cls, ModalScreen)
        bindings += [b for b in app_bindings if b.priority or not modal]
        groups.append((_screen_name(owner.name), bindings))
    for owner in owners():  # a widget no table places is checked against its own keys
        unplaced = not issubclass(owner.cls, Screen) and not owner.name.endswith("App")
        if unplaced and owner.name not in placed:
            groups.append((_screen_name(owner.name), list(owner.bindings)))
    return groups


def _clashes(keymap: dict[str, str]) -> Iterable[tuple[str, str]]:
    """(remapped id to drop, warning) while a remapped key is bound twice on one screen.

    Dropping an entry gives its binding back its default key, which may now clash with
    another remapped one (a swap of two keys does not clash), so this repeats until none."""
    groups = _groups()
    while True:
        found = _first_clash(groups, keymap)
        if found is None:
            return
        yield found
        keymap.pop(found[0], None)


def _first_clash(
    groups: list[tuple[str, list[Binding]]], keymap: Mapping[str, str]
) -> tuple[str, str] | None:
    for screen, bindings in groups:
        by_key: dict[str, dict[str, Binding]] = {}
        for binding in bindings:
            # A binding without an id cannot be remapped, but its key can still be taken.
            binding_id = binding.id or f"({binding.key} {binding.action})"
            for key in active_keys(keymap, binding_id) or binding.key.split(","):
                by_key.setdefault(canonical_key(key.strip()), {})[binding_id] = binding
        for key, bound in by_key.items():
            remapped = sorted(i for i in bound if i in keymap)
            actions = {b.action for b in bound.values()}
            if len(bound) > 1 and len(actions) > 1 and remapped:
                others = ", ".join(sorted(i for i in bound if i != remapped[0]))
                return remapped[0], (
                    f"{KEYMAP_FILE}: {key_label(key)} would be bound twice on the {screen} "
                    f"screen ({remapped[0]} and {others}); {remapped[0]} keeps its default key."
                )
    return None


def _screen_name(class_name: str) -> str:
    name = class_name.removesuffix("Screen")
    return " ".join(re.findall(r"[A-Z][a-z]*", name)).lower() or class_name
