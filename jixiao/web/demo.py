"""Demo data from the seeds: 昌黎 2023, 靖州 2022 and 通城 2023 as three departments under their finance bureaus, each
with the year before generated from its seed (jixiao/web/demo_generated), and a user of every role; the full demo
adds generated departments. Passwords are random, printed once and kept in the data folder (never in the repo).

The accounts that must log in with a second factor (the administrators and the finance reviewers) get a confirmed
TOTP device whose secret is kept in the same file, so that a new user without a phone can try them: `jixiao otp
USERNAME` prints the current code."""

from __future__ import annotations

import importlib
import importlib.util
import secrets
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from jixiao.core.build import evaluation_from_data as read_evaluation_data
from jixiao.core.build import evaluation_to_data
from jixiao.io.evaluation_file import read_evaluation
from jixiao.web.demo_logins import DemoLogin, base32_secret, write_logins

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@dataclass(frozen=True)
class DemoDepartment:
    key: str
    example: str
    bureau: str


DEPARTMENTS = (
    DemoDepartment("tongcheng", "seed-003-tongcheng-2023.yaml", "通城县财政局"),
    DemoDepartment("changli", "seed-000-changli-2023.yaml", "昌黎县财政局"),
    DemoDepartment("jingzhou", "seed-002-jingzhou-2022.yaml", "靖州县财政局"),
)
# The cycle's apps each put their part of the demo in place (goals set and approved, a quarter of monitoring, a
# spot-check, suggestions, publications) with `jixiao/web/<app>/demo.py: load()`, called in this order after the
# departments, evaluations and users exist; analytics last, so that its projection sees what the others changed.
# The bureau whose finance reviewer finds every part of the cycle in the demo (issue 10's Done-when: goals approved,
# monitoring, risk ranking, a spot-check, suggestions, publications, all for one bureau); the loaders start there.
SHOWCASE_BUREAU = "通城县财政局"
CYCLE_DEMOS = ("goals", "monitoring", "review", "result_application", "disclosure", "api", "analytics")
ROLE_NAMES = {"preparer": "填报人", "department_reviewer": "部门审核人", "finance_reviewer": "财政审核人",
              "system_admin": "系统管理员", "security_admin": "安全管理员", "audit_admin": "审计管理员"}


@lru_cache(maxsize=None)
def _example(name: str) -> dict:
    return evaluation_to_data(read_evaluation(EXAMPLES / name))


def random_password() -> str:
    """Meets the password rules: four character classes."""
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"Jx{core}!7"


def logins_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-logins.txt"


@transaction.atomic
def load_demo(full: bool = False) -> list[tuple[str, str, str]]:
    """The seed departments with their seed year (drafts) and the generated year before (accepted); `full` (what
    `jixiao serve` loads) adds eleven generated departments with two years each to every bureau
    (`jixiao.web.demo_generated.full`). The tests load the small demo."""
    from jixiao.web.accounts.models import Membership
    from jixiao.web.demo_generated import generated_previous_year
    from jixiao.web.demo_generated.workflow import Actors, create_generated
    from jixiao.web.evaluations.models import Evaluation, Revision, Status
    from jixiao.web.evaluations.services import analyse, normalised, summarise
    from jixiao.web.organisations.models import Department, FinanceBureau, Unit

    from jixiao.web.accounts.twofactor import create_confirmed_device, requires_two_factor

    users = get_user_model().objects
    logins: list[DemoLogin] = []

    def user(username: str, full_name: str, role: str, **scope) -> None:
        password = random_password()
        account = users.create_user(username, password=password, first_name=full_name)
        Membership.objects.create(user=account, role=role, **scope)
        secret = base32_secret(create_confirmed_device(account).key) if requires_two_factor(account) else ""
        label = f"{ROLE_NAMES[role]}{'（' + str(next(iter(scope.values()))) + '）' if scope else ''}"
        logins.append(DemoLogin(username, password, label, secret))

    for demo in DEPARTMENTS:
        data = _example(demo.example)
        document = read_evaluation_data(data)
        bureau, _ = FinanceBureau.objects.get_or_create(name=demo.bureau)
        department = Department.objects.create(finance_bureau=bureau, name=document.department.name,
                                               code=document.department.code or "")
        for unit in document.department.units:
            Unit.objects.create(department=department, name=unit.name, is_main=unit.is_main)
        data = normalised(data)
        evaluation = Evaluation(department=department, year=document.year, document=data)
        summarise(evaluation, analyse(data))
        evaluation.save()
        Revision.objects.create(evaluation=evaluation, number=1, document=data)
        user(f"{demo.key}_preparer", f"{department.name} 填报人", "preparer", department=department)
        user(f"{demo.key}_reviewer", f"{department.name} 审核人", "department_reviewer", department=department)
        user(f"{demo.key}_finance", f"{demo.bureau} 审核人", "finance_reviewer", finance_bureau=bureau)
        # the year before, generated from the seed and accepted by the bureau: history for the cycle's pages
        actors = Actors(*(users.get(username=f"{demo.key}_{who}") for who in ("preparer", "reviewer", "finance")))
        create_generated(department, generated_previous_year(data, demo.key), Status.ACCEPTED, actors)
    if full:
        from jixiao.web.demo_generated.full import load_bureau

        for demo in DEPARTMENTS:
            load_bureau(FinanceBureau.objects.get(name=demo.bureau), demo.key, _example(demo.example),
                        users.get(username=f"{demo.key}_finance"))
    user("sysadmin", "系统管理员", "system_admin")
    user("secadmin", "安全管理员", "security_admin")
    user("auditor", "审计管理员", "audit_admin")
    for app in CYCLE_DEMOS:
        if importlib.util.find_spec(f"jixiao.web.{app}.demo") is not None:
            importlib.import_module(f"jixiao.web.{app}.demo").load()
    write_logins(logins_file(), logins)
    return [(login.username, login.password, login.role) for login in logins]
