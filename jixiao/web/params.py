"""Reading numbers a request sends: a value that is not a number is the default, never a server error.

What is a number here, in one place: ASCII digits, or the full-width ones a Chinese input method types (２０２４),
with a minus written -, － or − (U+2212, the minus of a typeset report). Other scripts' digits are no number, whether
int() reads them (٣, Arabic-Indic: int() says 3) or refuses them (² passes str.isdigit(), Ⅻ is a numeral): a year
"٣" must not silently become year 3, nor a row "٣" row 3. Number fields of the forms use the same (PLAIN_NUMBER)."""

from __future__ import annotations

import re

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years an evaluation may be for

# full-width digits and signs (an input method's), the typeset minus → ASCII
WIDE_DIGITS = str.maketrans("０１２３４５６７８９－＋−", "0123456789-+-")
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")  # 18 digits: within a database integer, so a lookup cannot overflow
# a decimal number as the forms read it, after the full-width translation: [0-9], not \d (which matches ٣ too)
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


def integer(text, default: int | None = 0) -> int | None:
    """The whole number `text` states (an int is itself), or `default`."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if not isinstance(text, str):
        return default
    cleaned = text.strip().translate(WIDE_DIGITS)
    return int(cleaned) if _INTEGER.fullmatch(cleaned) else default


def year(text) -> int | None:
    """The year typed, or None when it is not a plausible evaluation year."""
    value = integer(text)
    return value if FIRST_YEAR <= value <= LAST_YEAR else None


def year_problem(text, example: int) -> str:
    """Why `text` is not a year an evaluation may be for, as the forms say it ("" when it is one): nothing typed asks
    for the year; anything else ("24", "２０２４年", "٢٠٣٠") says what a year must be and what was typed, not as if the
    field were empty."""
    typed = text.strip() if isinstance(text, str) else ""
    if not typed:
        return f"请填写年度（如 {example}）"
    if year(typed) is None:
        return f"年度应是 {FIRST_YEAR} 到 {LAST_YEAR} 之间的四位数字，不是“{typed[:20]}”"
    return ""


SEARCH_LENGTH = 50  # characters of a search box kept: longer text names nothing (names are at most 100)


def search_words(request) -> str:
    """A list's search box (GET `q`, or the POST field a list's buttons carry to keep it), trimmed."""
    return (request.GET.get("q") or request.POST.get("q") or "").strip()[:SEARCH_LENGTH]
