"""Old binary office files (.doc, .wps, and .et when the sheet reader cannot open it) converted by LibreOffice
headless in a throw-away profile, so that one conversion never sees another's settings nor leaves a lock behind.

An uploaded file is untrusted, and LibreOffice follows what it links: a .doc whose picture is linked
(INCLUDEPICTURE "http://…") made the server fetch any address its uploader chose, inside the bureau's own network
(an outside security test), and a link to a port that never answers held the worker for the whole timeout. So each
conversion runs without network where the system allows it (`unshare -rn`: a namespace of its own with no interface
up, probed once per process), and in any case its profile (and its environment) sends every internet request to a
proxy that is not there (0.0.0.0, port 1), which fails at once. Measured with a listener on loopback: a plain
conversion of such a .doc made 3 requests; with the proxy alone, or without network, none. The profile also asks
LibreOffice to block linked images of untrusted documents (BlockUntrustedRefererLinks), which alone did not stop the
.doc filter's fetch."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .limits import UploadError, damaged

TIMEOUT_SECONDS = 120
DEAD_PROXY = ("0.0.0.0", 1)  # nothing answers there: a request through it fails at once, never waits
_INET = "/org.openoffice.Inet/Settings"
# the profile's settings: every http(s)/ftp request through DEAD_PROXY, no address exempt; linked images of documents
# outside the trusted locations (there are none) blocked
SETTINGS = f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="{_INET}"><prop oor:name="ooInetProxyType" oor:op="fuse"><value>2</value></prop></item>
<item oor:path="{_INET}"><prop oor:name="ooInetNoProxy" oor:op="fuse"><value></value></prop></item>
""" + "".join(
    f'<item oor:path="{_INET}"><prop oor:name="ooInet{kind}Proxy{field}" oor:op="fuse"><value>{value}</value></prop></item>\n'
    for kind in ("HTTP", "HTTPS", "FTP") for field, value in (("Name", DEAD_PROXY[0]), ("Port", DEAD_PROXY[1]))
) + "</oor:items>\n"
# the same for anything in the conversion that reads the usual variables instead of the profile
PROXY_ENVIRONMENT = {name: f"http://{DEAD_PROXY[0]}:{DEAD_PROXY[1]}"
                     for name in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy",
                                  "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "ALL_PROXY")}


@functools.cache
def offline_prefix() -> tuple[str, ...]:
    """The command that runs a program with no network (`unshare -rn`), when this system lets an unprivileged
    process make such a namespace; () when it does not (the profile's block of linked images stands alone)."""
    unshare = shutil.which("unshare")
    if not unshare:
        return ()
    try:
        probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return (unshare, "-rn") if probe.returncode == 0 else ()


def _environment() -> dict[str, str]:
    """This process's environment with every proxy variable pointing at DEAD_PROXY and no address exempt."""
    environment = {k: v for k, v in os.environ.items() if k.lower() != "no_proxy"}
    return {**environment, **PROXY_ENVIRONMENT}


def _profile(folder: Path) -> str:
    """A fresh LibreOffice profile in `folder` with SETTINGS, as a file URL for -env:UserInstallation."""
    user = folder / "profile" / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(SETTINGS, encoding="utf-8")
    return (folder / "profile").as_uri()


def convert(content: bytes, suffix: str, target: str, what: str) -> bytes:
    """The file converted to `target` (docx, xlsx) by soffice; an UploadError in Chinese when it cannot be."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise UploadError(f"读取 {suffix} 文件需要 LibreOffice（soffice），本机未安装；请安装 LibreOffice，"
                          f"或将文件另存为 .{target} 后上传")
    with tempfile.TemporaryDirectory(prefix="jixiao-convert-") as tmp:
        folder = Path(tmp)
        source = folder / f"upload{suffix}"
        source.write_bytes(content)
        profile = _profile(folder)
        command = [*offline_prefix(), soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target,
                   "--outdir", str(folder / "out"), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False,
                           stdin=subprocess.DEVNULL, env=_environment())
        except subprocess.TimeoutExpired:
            raise UploadError(f"{what} 文件转换超时（超过 {TIMEOUT_SECONDS} 秒），请另存为 .{target} 后上传") from None
        except OSError:
            raise UploadError(f"无法运行 LibreOffice 转换 {what} 文件，请另存为 .{target} 后上传") from None
        out = folder / "out" / f"upload.{target}"
        if not out.exists() or out.stat().st_size == 0:
            raise damaged(what)
        return out.read_bytes()
