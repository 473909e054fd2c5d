"""What the layout tests share: the dev fixtures, a layout's text, and the values their expectations name."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from jixiao.io.layout import Heading, Layout, Paragraph, Table

DEV = Path(__file__).resolve().parents[2] / "reading" / "fixtures" / "dev"
DOCUMENTS = sorted(p for p in DEV.iterdir() if p.is_file() and not p.name.endswith(".yaml") and p.name[0] != "_")
SCANS = {p.name for p in DOCUMENTS if p.name.endswith("-scan.pdf")}  # the fixtures' naming convention for scans


def layout_text(layout: Layout) -> str:
    parts: list[str] = []
    for block in layout.blocks:
        if isinstance(block, Table):
            parts.append(block.caption)
            parts.extend(cell.text for cell in block.cells)
        elif isinstance(block, (Heading, Paragraph)):
            parts.append(getattr(block, "numbering", "") + block.text)
    return "\n".join(parts)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expectation(document: Path) -> dict:
    return yaml.safe_load((DEV / f"{document.name}.expect.yaml").read_text(encoding="utf-8"))


def expected_values(document: Path) -> list[str]:
    """The department and the figures and names the expectation says a careful reader reads, as written."""
    spec = expectation(document)
    values = [str(spec["department"])]
    for key, value in (spec.get("facts") or {}).items():
        if isinstance(value, (str, int)) and not isinstance(value, bool) and key not in ("year",):
            text = str(value)
            if text not in values and len(text) >= 2:
                values.append(text)
    return values


def numbers_as_written(text: str) -> str:
    """856.40 and 856.4 are one figure: trailing decimal zeros dropped before comparing."""
    return re.sub(r"(\d+)\.(\d*?)0+(?!\d)", lambda m: m.group(1) + ("." + m.group(2) if m.group(2) else ""), text)


def written_forms(value: str) -> list[str]:
    """A value as a document may write it: an ISO date also as 2023年3月5日."""
    forms = [numbers_as_written(squeeze(value))]
    date = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if date:
        forms.append(f"{date.group(1)}年{int(date.group(2))}月{int(date.group(3))}日")
    return forms


def found(values: list[str], text: str) -> list[str]:
    flat = "¦".join(numbers_as_written(squeeze(part)) for part in text.split("\n"))
    return [v for v in values if any(form in flat for form in written_forms(v))]
