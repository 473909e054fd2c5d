"""The organisations page's lists at a province's size: the finance bureaus with their counts, and one bureau's
departments (or those a search finds) 50 a page with their units, instead of every department of every bureau."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Department, FinanceBureau, Unit


def bureaus_with_counts() -> QuerySet:
    return FinanceBureau.objects.annotate(department_count=Count("departments", distinct=True),
                                          unit_count=Count("departments__units", distinct=True)).order_by("name")


def departments(bureau: FinanceBureau | None, search: str) -> QuerySet:
    """The chosen bureau's departments, or every department whose name or one of whose units' names contains
    `search` (within the chosen bureau when there is one), with their units; none when neither is given."""
    found = Department.objects.select_related("finance_bureau").prefetch_related("units").order_by(
        "finance_bureau__name", "name")
    if bureau is not None:
        found = found.filter(finance_bureau=bureau)
    if search:
        found = found.filter(Q(name__icontains=search) | Q(units__name__icontains=search)).distinct()
    return found if bureau is not None or search else found.none()


def bureau_id_of(created: FinanceBureau | Department | Unit) -> int:
    if isinstance(created, FinanceBureau):
        return created.pk
    if isinstance(created, Department):
        return created.finance_bureau_id
    return created.department.finance_bureau_id
