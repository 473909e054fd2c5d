"""An uploaded .doc whose picture is linked to a web address: converting it must not make the server fetch that
address (an outside security test had LibreOffice request an address of its choice from both upload pages)."""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import threading
from unittest import mock

import pytest

from jixiao.io.layout import convert

pytestmark = pytest.mark.skipif(not shutil.which("soffice"), reason="需要 LibreOffice（./test.sh 安装）")

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"
 office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text><text:p>部门整体绩效自评报告<draw:frame draw:name="p" svg:width="2cm" svg:height="2cm"
 text:anchor-type="as-char"><draw:image xlink:href="http://127.0.0.1:{port}/probe.png" xlink:type="simple"
 xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p></office:text></office:body></office:document>
"""


class Listener:
    """A loopback port that records every connection made to it (and answers 404)."""

    def __init__(self, server: socket.socket):
        self.server, self.requests, self.stopped = server, [], False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        self.server.settimeout(0.2)
        while not self.stopped:
            try:
                connection, _ = self.server.accept()
            except socket.timeout:
                continue
            with connection:
                connection.settimeout(2)
                self.requests.append(connection.recv(300))
                connection.sendall(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")

    def close(self) -> None:
        self.stopped = True
        self.thread.join()
        self.server.close()


@pytest.fixture
def linked_doc(tmp_path):
    """(the .doc's bytes, a listener on the port its picture links to): the .doc is made before anything listens, so
    making it fetches nothing."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    port = server.getsockname()[1]
    (tmp_path / "linked.fodt").write_text(FODT.format(port=port), encoding="utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path), str(tmp_path / "linked.fodt")], capture_output=True, timeout=300,
                   check=True, env=convert._environment())
    content = (tmp_path / "linked.doc").read_bytes()
    assert f"127.0.0.1:{port}/probe.png".encode() in content  # the link is in the file, to be followed or not
    server.listen(8)
    listener = Listener(server)
    yield content, listener, tmp_path
    listener.close()


def test_a_plain_conversion_would_fetch_the_linked_picture(linked_doc):
    """What the protection is measured against: LibreOffice with a profile of its own and nothing else."""
    content, listener, folder = linked_doc
    (folder / "in.doc").write_bytes(content)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/plain", "--headless", "--convert-to", "docx",
                    "--outdir", str(folder / "plain-out"), str(folder / "in.doc")], capture_output=True, timeout=300)
    assert listener.requests and b"/probe.png" in b"".join(listener.requests)


@pytest.mark.parametrize("offline", [True, False], ids=["without-network", "dead-proxy-only"])
def test_our_conversion_fetches_nothing(linked_doc, offline):
    """Without network where the system allows it, and through the profile's dead proxy where it does not: the
    document is converted (its text read) and the listener hears nothing."""
    content, listener, _ = linked_doc
    if offline and not convert.offline_prefix():
        pytest.skip("本机不允许 unshare -rn：只检查代理设置")
    with mock.patch.object(convert, "offline_prefix", convert.offline_prefix if offline else lambda: ()):
        converted = convert.convert(content, ".doc", "docx", "Word")
    assert converted[:2] == b"PK" and listener.requests == []
    from docx import Document

    assert "部门整体绩效自评报告" in Document(io.BytesIO(converted)).paragraphs[0].text
