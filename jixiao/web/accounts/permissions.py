"""Scoping: a user sees and changes only the organisations they belong to. Every view asks here."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import ADMIN_ROLES, Role


def roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_jixiao_roles", None)
    if cached is None:
        cached = set(user.memberships.values_list("role", flat=True))
        user._jixiao_roles = cached
    return cached


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def department_ids(user, *wanted: str) -> set[int]:
    """Departments where the user holds one of `wanted` (department roles)."""
    query = user.memberships.filter(department__isnull=False)
    if wanted:
        query = query.filter(role__in=wanted)
    return set(query.values_list("department_id", flat=True))


def bureau_ids(user) -> set[int]:
    return set(user.memberships.filter(role=Role.FINANCE_REVIEWER).values_list("finance_bureau_id", flat=True))


def visible_evaluations(user, queryset: QuerySet) -> QuerySet:
    """Evaluations of the user's departments, or of the departments under the user's finance bureaus."""
    if not user.is_authenticated or roles(user) <= ADMIN_ROLES:
        return queryset.none()
    return queryset.filter(Q(department_id__in=department_ids(user)) |
                           Q(department__finance_bureau_id__in=bureau_ids(user)))


def can_prepare(user, evaluation) -> bool:
    return evaluation.department_id in department_ids(user, Role.PREPARER)


def can_review_for_department(user, evaluation) -> bool:
    return evaluation.department_id in department_ids(user, Role.DEPARTMENT_REVIEWER)


def can_review_for_bureau(user, evaluation) -> bool:
    return evaluation.department.finance_bureau_id in bureau_ids(user)


def can_edit(user, evaluation) -> bool:
    """Preparers edit their department's drafts; a finance reviewer edits a draft they built from an uploaded report,
    to correct what the extractor misread."""
    if not evaluation.editable:
        return False
    if can_prepare(user, evaluation):
        return True
    return evaluation.imported_by_id is not None and evaluation.imported_by_id == user.pk and \
        can_review_for_bureau(user, evaluation)
