"""Log lines as one JSON object each (JIXIAO_LOG_FORMAT=json), for a log collector to index by request id, view,
status or task; the readable line stays the default for a person reading a terminal."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

# attributes every LogRecord has: not repeated as fields (their useful parts are named below)
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request"}
_SCALARS = (str, int, float, bool, type(None))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        request = getattr(record, "request", None)  # django.request's records carry the request itself
        if request is not None and hasattr(request, "method"):
            line.update(method=request.method, path=request.path)
        for key, value in vars(record).items():  # what the call passed as `extra`
            if key not in _STANDARD and key not in line and isinstance(value, _SCALARS):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)
