"""Creating, revoking and checking API tokens. A token is 32 random bytes (URL-safe text); the database keeps its
SHA-256 (a token has too much entropy to be guessed from a fast hash, and a leaked database gives no usable token).
Creating and revoking are audited; each use of a token is audited by the API (auth.py)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.utils import timezone

from jixiao.web.accounts import permissions
from jixiao.web.accounts.models import BUSINESS_ROLES
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action

from .models import ApiToken

PREFIX = "jx_"
MAX_ACTIVE = 10  # per user: enough for a few systems, few enough to keep track of
NAME_LENGTH = ApiToken._meta.get_field("name").max_length


class TokenError(Exception):
    """Said to the user on the page, next to the name field."""


@dataclass(frozen=True)
class Created:
    token: ApiToken
    secret: str  # shown once, never stored


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def may_use_api(user) -> bool:
    """Administrators see no business data, through the pages or the API: only business roles get tokens."""
    return bool(permissions.roles(user) & BUSINESS_ROLES)


def create(user, name: str, actor) -> Created:
    name = (name or "").strip()
    if not name:
        raise TokenError("请填写令牌名称（例如使用它的系统）。")
    if len(name) > NAME_LENGTH:
        raise TokenError(f"令牌名称最多 {NAME_LENGTH} 个字符，现有 {len(name)} 个。")
    if user.api_tokens.filter(revoked__isnull=True).count() >= MAX_ACTIVE:
        raise TokenError(f"每个用户最多 {MAX_ACTIVE} 个有效令牌：请先撤销不用的。")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=secret[:10], digest=digest(secret))
    record(Action.SECURITY, actor, object_type="api_token", object_id=token.pk, detail=f"创建接口令牌：{token}")
    return Created(token, secret)


def revoke(token: ApiToken, actor) -> bool:
    """False when it was revoked already (a form sent twice changes nothing)."""
    if token.revoked is not None:
        return False
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])
    record(Action.SECURITY, actor, object_type="api_token", object_id=token.pk, detail=f"撤销接口令牌：{token}")
    return True


def holder(secret: str) -> ApiToken | None:
    """The active token with this secret, of an active user; else None. (What the user may then read is the
    endpoints' question, asked as the pages ask it: an administrator's token reads nothing.)"""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(secret), revoked__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:  # one write a minute, not per call
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token
