"""The catalog browser's sort columns, apart from core/catalog_view.py: the lookup's table
names them on the start-up path, and the index itself loads with the catalog, after."""

from __future__ import annotations

# The recents order (pinned, then last opened, then last seen), the fixed columns, and
# `meta:KEY` for a metadata key.
RECENT = "recent"
BASE_COLUMNS = ("id", "kind", "created", "seen")
TIME_COLUMNS = frozenset({"created", "seen", RECENT})
