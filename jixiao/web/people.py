"""How a person is named to other people: pages, messages (a save conflict names who saved) and the history."""

from __future__ import annotations


def person(user) -> str:
    """A user's name as people read it; an account that no longer exists still has a line in the history."""
    if user is None:
        return "（账户已删除）"
    return user.first_name or user.get_username()
