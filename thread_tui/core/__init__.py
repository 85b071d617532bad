"""The non-visual core: models, limits, IDs, the draft/diff/request-body logic.

Nothing in this package imports Textual or httpx; it is plain, strictly typed Python.
"""
