"""Characters no form field needs, refused at the door: a NUL (PostgreSQL cannot store it, and a query comparing
with it fails) in any parameter gets a Chinese 400 naming the field. The entry pages are let through: they say it on
the field itself, with everything else typed kept."""

from __future__ import annotations

import re

from . import errors

_ENTRY = re.compile(r"^/evaluations/\d+/(edit|preview)/")
SMALL_BODY = 1_000_000  # bytes of a multipart post read here; a larger one is an upload, read by its view


def _length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return SMALL_BODY + 1


class NulCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = _with_nul(request.GET)
        # large uploads are read by their view after its size checks, not here; entry pages answer on the field
        small = request.content_type != "multipart/form-data" or _length(request) <= SMALL_BODY
        if found is None and small and not _ENTRY.match(request.path):
            found = _with_nul(request.POST)
        if found is not None:
            return errors.refuse_input(request, f"“{found[:40]}”中含有不允许的控制字符（NUL），请删除后重新提交。")
        return self.get_response(request)


def _with_nul(params) -> str | None:
    for name, values in params.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return name.replace("\x00", "")
    return None
