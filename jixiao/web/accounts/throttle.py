"""Failed logins, counted per account-and-address and per address.

- One address failing `max_failed_logins` times on one account within the lockout period locks that account
  against that address for the period (等保: 限制非法登录次数).
- One address failing on many user names (ADDRESS_MAX_NAMES within the period) or very often (ADDRESS_MAX_FAILURES)
  is blocked whatever name it tries next: a password spray is stopped at its source, and since the per-account
  counter is kept per address, the accounts it targets are not locked for anyone else. So nobody can lock another
  person's account, an administrator's included, by typing wrong passwords from elsewhere.

The limits per address are loose enough for an office behind one address: ten different people mistyping within a
quarter of an hour is rare; a sprayer needs hundreds of names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from jixiao.web.audit.log import client_ip, record
from jixiao.web.audit.models import Action

from .models import AddressThrottle, LoginThrottle, SecuritySettings

ADDRESS_MAX_NAMES = 10
ADDRESS_MAX_FAILURES = 30


@dataclass(frozen=True)
class Refusal:
    code: str  # "locked" or "address_blocked"
    minutes: int


def _address(request) -> str:
    return client_ip(request) or ""


def _minutes_until(moment) -> int:
    return max(1, int((moment - timezone.now()).total_seconds() // 60) + 1)


def refusal(request, username: str) -> Refusal | None:
    """Whether this attempt is refused before the password is even checked (and the attempt logged)."""
    ip = _address(request)
    address = AddressThrottle.objects.filter(ip=ip).first()
    if address is not None and address.is_blocked():
        record(Action.LOGIN_FAILED, request, username=username, detail="来源地址封禁期间尝试登录")
        return Refusal("address_blocked", _minutes_until(address.blocked_until))
    account = LoginThrottle.objects.filter(username=username, ip=ip).first()
    if account is not None and account.is_locked():
        record(Action.LOGIN_FAILED, request, username=username, detail="账户锁定期间尝试登录")
        return Refusal("locked", _minutes_until(account.locked_until))
    return None


def succeeded(request, username: str) -> None:
    LoginThrottle.objects.filter(username=username, ip=_address(request)).delete()


def failed(request, username: str, detail: str = "用户名或密码不正确") -> None:
    settings = SecuritySettings.current()
    window = timedelta(minutes=settings.lockout_minutes)
    locked = _count_account(username, _address(request), settings.max_failed_logins, window)
    blocked = _count_address(username, _address(request), window)
    record(Action.LOGIN_FAILED, request, username=username, detail=detail)
    if locked:
        record(Action.LOCKED_OUT, request, username=username,
               detail=f"同一地址连续失败 {settings.max_failed_logins} 次，对该地址锁定 {settings.lockout_minutes} 分钟")
    if blocked:
        record(Action.ADDRESS_BLOCKED, request, username=username,
               detail=f"该地址在 {settings.lockout_minutes} 分钟内对 {blocked[0]} 个用户名登录失败 {blocked[1]} 次，"
                      f"封禁 {settings.lockout_minutes} 分钟（所涉账户不因此锁定）")


@transaction.atomic
def _count_account(username: str, ip: str, limit: int, window: timedelta) -> bool:
    now = timezone.now()
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(username=username, ip=ip)
    if throttle.last_failure is None or now - throttle.last_failure > window:
        throttle.failures = 0
    throttle.failures += 1
    throttle.last_failure = now
    locked = throttle.failures >= limit
    if locked:
        throttle.locked_until, throttle.failures = now + window, 0
    throttle.save()
    return locked


@transaction.atomic
def _count_address(username: str, ip: str, window: timedelta) -> tuple[int, int] | None:
    """(names, failures) when this failure blocks the address, else None."""
    now = timezone.now()
    address, _ = AddressThrottle.objects.select_for_update().get_or_create(ip=ip)
    if address.first_failure is None or now - address.first_failure > window:
        address.failures, address.usernames, address.first_failure = 0, [], now
    address.failures += 1
    if username not in address.usernames and len(address.usernames) < ADDRESS_MAX_NAMES:
        address.usernames = [*address.usernames, username[:150]]
    blocked = len(address.usernames) >= ADDRESS_MAX_NAMES or address.failures >= ADDRESS_MAX_FAILURES
    result = (len(address.usernames), address.failures) if blocked else None
    if blocked:
        address.blocked_until = now + window
        address.failures, address.usernames, address.first_failure = 0, [], None
    address.save()
    return result
