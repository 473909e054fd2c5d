"""Web pages (.html, .htm) into text with the standard library's parser: script, style and navigation dropped, block
elements on lines of their own, table rows as "|"-separated lines. The text reader then reads it as a web text."""

from __future__ import annotations

from html.parser import HTMLParser

from .model import Layout
from .text import decode, layout_of_text

SKIP = {"script", "style", "nav", "noscript", "template", "head", "select", "button", "iframe", "svg"}
BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
         "table", "ul", "ol", "dd", "dt", "blockquote", "pre", "hr", "title", "form"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in SKIP:
            self.skip += 1
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in BLOCK and self.cell is None:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()).replace("|", "｜"))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.out.append("\n| " + " | ".join(self.row) + " |\n")
            self.row = None
        elif tag in BLOCK and self.cell is None:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.out.append(" ".join(data.split(" ")).replace("\n", " "))


def html_text(content: bytes) -> str:
    parser = _Text()
    parser.feed(decode(content))
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.out).split("\n")]
    return "\n".join(line for line in lines if line)


def read_html(name: str, content: bytes) -> Layout:
    return layout_of_text(name, html_text(content), "html")
