"""The crawl from outside: a spider that follows every link a user sees, and a poster that sends every form back
unchanged and then with hostile values, checking what a user would see. Nothing here knows the pages: they are
found by following links and reading forms, so a new page joins the crawl without new test code."""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html import unescape
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit

from django.urls import Resolver404, resolve

from .forms import Form, forms_of, links_of

# The values of issue [hardening] §1, each a way people or attackers break forms.
HOSTILE = ["", "abc", "-1", "0", "123456789012345678901234567", "1e30", "1e9999999", "NaN", "Infinity", "x" * 10000,
           '=HYPERLINK("http://x")', "<script>alert(1)</script>", "a\x00b", "１２３", "1,234.5", "12%",
           # digits of other kinds: "²" passes str.isdigit() but int() refuses it (a ?year=² was a 500); int() reads
           # the Arabic-Indic "٣" as 3 (not a number people here type: refused, not read as 3); a Roman numeral; the
           # typeset minus (U+2212) of a copied report, read as a minus; a zero-width space strip() leaves in
           "²", "٣", "Ⅻ", "−1", "12\u200b"]

# Links the spider does not follow, with the reason.
SKIP = {
    "/static/": "files, not pages",
    "/download/": "documents: rendered in the render phase",
    "/accounts/logout/": "ends the session",
    "/export/": "the bureau's zip: started by its form",
}
PER_ROUTE = 4  # distinct URLs per route and kind of page (e.g. the versions page compared in four ways)


@dataclass
class Visit:
    url: str
    status: int
    html: str
    route: str


@dataclass
class Tally:
    pages: Counter = field(default_factory=Counter)  # by user
    posts: int = 0
    values: int = 0
    statuses: Counter = field(default_factory=Counter)
    routes: set = field(default_factory=set)
    refusals: Counter = field(default_factory=Counter)  # (status, kind of page) of every 403 and 404

    def count(self, status: int, url: str) -> None:
        self.statuses[status] += 1
        if status in (403, 404):
            self.refusals[(status, kind_of(url))] += 1

    def line(self) -> str:
        return (f"爬取：{sum(self.pages.values())} 个页面（{len(self.pages)} 个用户）、{len(self.routes)} 种页面、"
                f"提交 {self.posts} 次表单、尝试 {self.values} 个值；状态码 {dict(sorted(self.statuses.items()))}")


def route_of(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).route
    except Resolver404:
        return ""


def kind_of(url: str) -> str:
    """The kind of page: its route, with the entry page's key (project pages are one kind)."""
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return path
    key = match.kwargs.get("key", "")
    return f"{match.route}|{'project-N' if key.startswith('project-') else key}"


def spider(client, start: str = "/", tally: Tally | None = None, user: str = "", limit: int = 600) -> list[Visit]:
    """Every page reachable by following links, GET, as this client. Never a 5xx."""
    seen: set[str] = set()
    per_kind: Counter = Counter()
    queue, visits = deque([start]), []
    while queue and len(visits) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=False)
        if response.status_code in (301, 302):
            visits.append(Visit(url, response.status_code, "", route_of(url)))
            target = response["Location"]
            if target.startswith("/") and not any(s in target for s in SKIP):
                queue.appendleft(target)
            continue
        assert response.status_code < 500, (user, url, response.status_code)
        html = response.content.decode("utf-8", "replace") if "html" in response.get("Content-Type", "") else ""
        visits.append(Visit(url, response.status_code, html, route_of(url)))
        signed_in = getattr(getattr(response, "wsgi_request", None), "user", None)
        if signed_in is not None and signed_in.is_authenticated and response.status_code == 200 and "<html" in html:
            # every full page a signed-in user sees carries the header's sign-out form (a view's context once
            # shadowed `user` and left the auditor with no way to sign out; the audit log's own 退出 filter hid it)
            assert 'action="/accounts/logout/"' in html, (user, url, "页面顶部没有“退出”")
        if tally is not None:
            tally.pages[user] += 1
            tally.count(response.status_code, url)
            tally.routes.add(route_of(url))
        for href in links_of(html):
            href = urldefrag(unescape(href)).url  # a fragment (#find:…) is the same page
            if not href.startswith("/") or href.startswith("//") or any(s in href for s in SKIP):
                continue
            kind = kind_of(href)
            if href not in seen and (per_kind[kind] < PER_ROUTE or "project-" in href):
                per_kind[kind] += 1
                queue.append(href)
    return visits


def submit(client, form: Form, data: list[tuple[str, str]] | dict):
    """Send a form as the browser would: GET forms as a query, others as a POST."""
    if form.method == "get":
        pairs = data.items() if isinstance(data, dict) else data
        flat = [(k, v) for k, vs in pairs for v in (vs if isinstance(vs, list) else [vs])]
        query = urlencode(flat)
        base = form.action.split("?")[0]
        return client.get(f"{base}?{query}" if query else base)
    return client.post(form.action, data)


def with_values(form: Form, values: dict[str, str]) -> dict[str, list[str]]:
    """The form's data with some controls set to other values (for a checkbox: ticked with that value)."""
    data = form.as_dict()
    for name, value in values.items():
        data[name] = [value]
    return data


# ---------------------------------------------------------------------------------------------- what users see
def shown_value(html: str, url: str, name: str, form_id: str | None = None) -> str | None:
    """The value a control named `name` shows on the page (its selected option for a select)."""
    for form in forms_of(html, url):
        if form_id and form.attrs.get("id") != form_id:
            continue
        for control in form.controls:
            if control.name == name and control.kind != "hidden":
                if control.kind == "checkbox":
                    return "on" if control.checked else ""
                return control.value
    return None


_FULLWIDTH = str.maketrans("０１２３４５６７８９．－，−", "0123456789.-,-")


def as_number(text: str) -> Decimal | None:
    cleaned = text.strip().translate(_FULLWIDTH).replace(",", "")
    cleaned = re.sub(r"(万元|分|人|个|份)$", "", cleaned)
    if not re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", cleaned):  # not \d: "٣" shown back as 3 is not as typed
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def same_as_typed(typed: str, shown: str | None) -> bool:
    """Shown back as typed: the same text, or the same number written the page's way (1,234.5 → 1234.5)."""
    if shown is None:
        return False
    if shown == typed.strip():
        return True
    a, b = as_number(typed), as_number(shown)
    return a is not None and b is not None and a == b


def has_error_at(html: str, name: str) -> bool:
    """A Chinese message next to the control: after its input, before the next control."""
    escaped = re.escape(f'name="{name}"')
    for match in re.finditer(escaped, html):
        following = html[match.end():]
        next_control = following.find(' name="')
        window = following if next_control < 0 else following[:next_control]
        if 'class="error"' in window and re.search(r'class="error">[^<]*[\u4e00-\u9fff]', window):
            return True
    return False


def stored_query(url: str) -> dict:
    return dict(parse_qsl(urlsplit(url).query))
