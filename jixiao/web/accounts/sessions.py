"""Sessions in the database, as Django keeps them, read with SQL written once per process (`web.lookups`): every
signed-in request reads its session first.

A session's stored text is checked (its signature, two HMACs) and parsed again on every request although it changes
at most once a minute (the idle timeout's mark): the outcome is kept per process under the stored text itself,
signature included, so a text is only ever taken as it was first verified, and a changed or forged one is checked
afresh. Only sessions holding plain values are kept (what this application stores: the user's id, backend and hash,
the authenticator, the idle marks, flags), each request given its own copy to change."""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.utils import timezone

from jixiao.web import lookups

_PLAIN = (str, int, float, bool, type(None))
_DECODED: dict[str, dict] = {}
_KEPT = 2000  # sessions' texts kept per process (a few hundred bytes each); the oldest go first


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        # Django's own: the live row with this key, or None (and the key forgotten, so that a new one is made)
        found = lookups.one(self.model, ("session_key", "expire_date__gt"), [self.session_key, timezone.now()])
        if found is None:
            self._session_key = None
        return found

    def decode(self, session_data):
        found = _DECODED.get(session_data)
        if found is None:
            found = super().decode(session_data)
            if not found or not all(type(value) in _PLAIN for value in found.values()):
                return found  # empty (bad signature, corrupt) or holding what a copy would share: not kept
            if len(_DECODED) >= _KEPT:
                del _DECODED[next(iter(_DECODED))]
            _DECODED[session_data] = found
        return dict(found)
