"""A small HTTP client for a running jixiao (standard library only): a signed-in session, the CSRF token, form and
multipart posts. Used by bench/uploads.py and by the tests that drive a real `jixiao serve`."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def django(code: str, env: dict[str, str]) -> object:
    """Run `code` with Django set up in a separate process against the database `env` names; it leaves its answer
    in the variable `result` (printed as JSON)."""
    script = ("import django, json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'jixiao.web.settings'); "
              "django.setup()\nresult = None\n" + code + "\nprint('@@' + json.dumps(result, default=str))")
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.rsplit("@@", 1)[1])


def signed_in_client(username: str):
    """A Django test client signed in as `username` past both login steps, the way the tests' client_for signs in:
    force_login skips the password and the session is marked verified by the user's authenticator (roles that need
    one). Needs Django set up in this process."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from jixiao.web.accounts import twofactor

    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    device = twofactor.confirmed_device(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def session_for(username: str, env: dict[str, str]) -> str:
    """A session key of `username` signed in (and past the code step), made in a separate process against the
    database `env` names."""
    return django(f"""
from bench.webclient import signed_in_client
result = signed_in_client({username!r}).cookies["sessionid"].value
""", env)


class Browser:
    def __init__(self, base: str, session: str):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        host = self.base.split("//", 1)[1].split(":")[0]
        self.jar.set_cookie(http.cookiejar.Cookie(0, "sessionid", session, None, False, host, False, False, "/", True,
                                                  False, None, False, None, None, {}))

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None,
                timeout: float = 60) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path: str, **headers) -> tuple[int, dict, bytes]:
        return self.request(path, headers=headers)

    def csrf(self, path: str) -> str:
        status, _, body = self.get(path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or match is None:
            raise RuntimeError(f"{path}: {status}, no CSRF token")
        return match[1].decode()

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, dict, bytes]:
        token = self.csrf(path if not path.startswith("/bureau/export") else "/bureau/")
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        return self.request(path, body, {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.base + path})

    def post_files(self, path: str, files: list[tuple[str, bytes]], token: str | None = None) -> tuple[int, dict, bytes]:
        token = token or self.csrf(path)
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'.encode()]
        for name, content in files:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": self.base + path}
        return self.request(path, b"".join(parts), headers, timeout=120)


def server_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(JIXIAO_DATA=str(data_dir), PYTHONPATH=str(ROOT))
    if database_url:
        env["DATABASE_URL"] = database_url
    return env
