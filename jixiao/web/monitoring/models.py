"""运行监控 (issue 10 [cycle])."""

from django.db import models  # noqa: F401
