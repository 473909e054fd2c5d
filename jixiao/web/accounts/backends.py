"""Password sign-in as Django's ModelBackend does it; the signed-in user of each request read with SQL written once
per process (`web.lookups`) instead of a queryset compiled again for every page."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from jixiao.web import lookups


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = lookups.one(get_user_model(), ("id",), [user_id])
        except (TypeError, ValueError):  # an id that is not one: no user, as the queryset's DoesNotExist
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
