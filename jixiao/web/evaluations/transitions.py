"""The workflow's steps, apart from the services that take them: `returns` names a returned evaluation by the return
that made it, and reads those names here (the services import `returns`, so it cannot import them)."""

from __future__ import annotations

from .models import Status

TRANSITIONS = {
    # action: (from statuses, to status, label, freezes a version); a return's label is the name of the status it makes
    "submit": ({Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, "提交部门审核", True),
    "return_department": ({Status.SUBMITTED}, Status.RETURNED, "部门退回修改", False),
    "approve": ({Status.SUBMITTED}, Status.WITH_FINANCE, "部门审核通过并报送财政局", True),
    "return_finance": ({Status.WITH_FINANCE}, Status.RETURNED, "财政退回修改", False),
    "accept": ({Status.WITH_FINANCE}, Status.ACCEPTED, "财政接收", False),
}
