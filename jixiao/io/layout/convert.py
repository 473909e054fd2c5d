"""Old binary office files (.doc, .wps, and .et when the sheet reader cannot open it) converted by LibreOffice
headless in a throw-away profile, so that one conversion never sees another's settings nor leaves a lock behind."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .limits import UploadError, damaged

TIMEOUT_SECONDS = 120


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
        profile = (folder / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target,
                   "--outdir", str(folder / "out"), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False,
                           stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise UploadError(f"{what} 文件转换超时（超过 {TIMEOUT_SECONDS} 秒），请另存为 .{target} 后上传") from None
        except OSError:
            raise UploadError(f"无法运行 LibreOffice 转换 {what} 文件，请另存为 .{target} 后上传") from None
        out = folder / "out" / f"upload.{target}"
        if not out.exists() or out.stat().st_size == 0:
            raise damaged(what)
        return out.read_bytes()
