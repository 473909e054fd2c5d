"""The demo logins file (data/demo-logins.txt, mode 0600): user name, password, role and, for the accounts that
must use two-factor login, the TOTP secret in base32. Read without Django, so that `jixiao otp` can print a demo
account's current code without starting the web app.

For the demo only: real accounts enrol their own authenticator and their secrets are never written to a file.
"""

from __future__ import annotations

import os
import time
from base64 import b32decode, b32encode
from dataclasses import dataclass
from pathlib import Path

from django_otp.oath import hotp


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    otp_secret: str = ""  # base32, as an authenticator app takes it


def default_logins_file() -> Path:
    """Where settings.py puts the data folder: JIXIAO_DATA, or ./data."""
    return Path(os.environ.get("JIXIAO_DATA", Path.cwd() / "data")).resolve() / "demo-logins.txt"


def write_logins(path: Path, logins: list[DemoLogin]) -> None:
    text = "".join(f"{x.username}\t{x.password}\t{x.role}\t{x.otp_secret}\n" for x in logins)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # never readable by others, not even briefly
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    path.chmod(0o600)


def read_logins(path: Path) -> list[DemoLogin]:
    logins = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            logins.append(DemoLogin(*parts[:3], parts[3] if len(parts) > 3 else ""))
    return logins


def base32_secret(hex_key: str) -> str:
    return b32encode(bytes.fromhex(hex_key)).decode("ascii")


def current_code(secret: str, at: float | None = None) -> str:
    """The 6-digit TOTP code (RFC 6238, 30-second steps) an authenticator app shows at `at` (default: now)."""
    key = b32decode(secret.upper() + "=" * (-len(secret) % 8))
    return f"{hotp(key, int(time.time() if at is None else at) // 30):06d}"
