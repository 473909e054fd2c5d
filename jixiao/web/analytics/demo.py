"""The demo's analytics: the projection of whatever evaluations the demo holds (one pass, one analysis each)."""

from __future__ import annotations


def load() -> None:
    from .projection import rebuild_all

    rebuild_all()
