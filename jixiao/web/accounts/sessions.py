"""Sessions in the database, as Django keeps them, read with SQL written once per process (`web.lookups`): every
signed-in request reads its session first."""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.utils import timezone

from jixiao.web import lookups


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        # Django's own: the live row with this key, or None (and the key forgotten, so that a new one is made)
        found = lookups.one(self.model, ("session_key", "expire_date__gt"), [self.session_key, timezone.now()])
        if found is None:
            self._session_key = None
        return found
