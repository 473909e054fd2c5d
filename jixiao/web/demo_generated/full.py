"""The full demo (`load_demo(full=True)`, what `./run.sh` serves): beside each seed department, its finance bureau
gets eleven generated county departments, each with its units, two years of evaluations and a preparer and a
reviewer (accounts without a password: they stand for the people the workflow's events name). Statuses and
performance are planned per department so that every status and every grade appears under every bureau; the
grades themselves are the core's verdict on the generated documents."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model

from jixiao.web.evaluations.models import Status

from . import mark_generated
from .departments import HUBEI, NATIONAL, PROFILES, department_document
from .sectors import SECTORS
from .stated import sync_stated
from .workflow import Actors, create_generated

# Per generated department, in SECTORS order: how it performed the year before and this year, and where this year's
# evaluation stands (last year's were all accepted).
PLAN = (
    ("良", "良", Status.ACCEPTED),
    ("优", "优", Status.WITH_FINANCE),
    ("中", "良", Status.SUBMITTED),
    ("良", "中", Status.DRAFT),
    ("中", "差", Status.ACCEPTED),
    ("优", "优", Status.RETURNED),
    ("良", "优", Status.WITH_FINANCE),
    ("差", "中", Status.ACCEPTED),
    ("优", "良", Status.SUBMITTED),
    ("良", "良", Status.ACCEPTED),
    ("中", "中", Status.DRAFT),
)
DEPARTMENTS_PER_BUREAU = 1 + len(PLAN)


def county_of(bureau_name: str) -> str:
    return bureau_name.removesuffix("财政局")


def load_bureau(bureau, key: str, seed: dict, finance_user) -> None:
    """Eleven generated departments for `bureau`, in the years of its seed department (`seed`, its document)."""
    from jixiao.web.accounts.models import Membership
    from jixiao.web.organisations.models import Department, Unit

    year = int(seed["year"])
    schemes = HUBEI if (seed.get("scheme") or "").startswith("hubei") else NATIONAL
    county = county_of(bureau.name)
    taken = set(bureau.departments.values_list("name", flat=True))
    sectors = [s for s in SECTORS if f"{county}{s.name}" not in taken][:len(PLAN)]
    for i, (sector, (before, now, status)) in enumerate(zip(sectors, PLAN), start=1):
        rng = random.Random(f"{bureau.name}:{sector.name}")
        documents = [department_document(county, sector, year - 1, schemes, PROFILES[before], rng),
                     department_document(county, sector, year, schemes, PROFILES[now], rng)]
        department = Department.objects.create(finance_bureau=bureau, name=documents[0]["department"]["name"],
                                               generated=True)
        for unit in documents[0]["department"]["units"]:
            Unit.objects.create(department=department, name=unit["name"], is_main=unit.get("is_main", False))
        people = []
        for role, who in (("preparer", "填报人"), ("department_reviewer", "审核人")):
            # no password: an account the events can name, which nobody signs in to
            account = get_user_model().objects.create_user(f"{key}_d{i:02d}_{role.split('_')[-1]}", password=None,
                                                           first_name=f"{department.name} {who}")
            Membership.objects.create(user=account, role=role, department=department)
            people.append(account)
        actors = Actors(people[0], people[1], finance_user)
        for document, target in zip(documents, (Status.ACCEPTED, status)):
            mark_generated(document)
            sync_stated(document)
            create_generated(department, document, target, actors)
