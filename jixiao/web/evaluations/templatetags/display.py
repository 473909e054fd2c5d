"""Small display filters shared by the pages."""

from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's name as people read it; an account that no longer exists still has a line in the history."""
    if user is None:
        return "（账户已删除）"
    return user.first_name or user.get_username()
