"""Scoping: a user sees and changes only the organisations they belong to. Every view asks here."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jixiao.web import lookups

from .models import ADMIN_ROLES, Membership, Role


def _memberships(user) -> list[tuple[str, int | None, int | None]]:
    """The user's (role, department, finance bureau) rows, read once per request: every view asks several of the
    questions below, and each used to be its own query. Kept on the user object, which lives as long as the request
    (a view that changes memberships reads them afresh through a new user object)."""
    cached = getattr(user, "_jixiao_memberships", None)
    if cached is None:
        cached = lookups.values(Membership, ("role", "department_id", "finance_bureau_id"), ("user",), [user.pk])
        user._jixiao_memberships = cached
    return cached


def roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return {role for role, _, _ in _memberships(user)}


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def department_ids(user, *wanted: str) -> set[int]:
    """Departments where the user holds one of `wanted` (department roles)."""
    return {department for role, department, _ in _memberships(user)
            if department is not None and (not wanted or role in wanted)}


def bureau_ids(user) -> set[int]:
    return {bureau for role, _, bureau in _memberships(user) if role == Role.FINANCE_REVIEWER}


def visible_evaluations(user, queryset: QuerySet) -> QuerySet:
    """Evaluations of the user's departments, or of the departments under the user's finance bureaus."""
    if not user.is_authenticated or roles(user) <= ADMIN_ROLES:
        return queryset.none()
    return queryset.filter(Q(department_id__in=department_ids(user)) |
                           Q(department__finance_bureau_id__in=bureau_ids(user)))


def sees_evaluation(user, evaluation) -> bool:
    """`visible_evaluations` asked of one evaluation already read (its department with it)."""
    if not user.is_authenticated or roles(user) <= ADMIN_ROLES:
        return False
    return evaluation.department_id in department_ids(user) or \
        evaluation.department.finance_bureau_id in bureau_ids(user)


def can_prepare(user, evaluation) -> bool:
    return evaluation.department_id in department_ids(user, Role.PREPARER)


def can_review_for_department(user, evaluation) -> bool:
    return evaluation.department_id in department_ids(user, Role.DEPARTMENT_REVIEWER)


def can_review_for_bureau(user, evaluation) -> bool:
    return evaluation.department.finance_bureau_id in bureau_ids(user)


def can_edit(user, evaluation) -> bool:
    """Preparers edit their department's drafts; a finance reviewer edits a draft they built from an uploaded report,
    to correct what the extractor misread."""
    return evaluation.editable and edits_when_open(user, evaluation)


def edits_when_open(user, evaluation) -> bool:
    """Whether the user edits the evaluation while it is a draft or returned, whatever its status now: a save of
    theirs refused because it was submitted since is told so on the page, not refused as an intrusion."""
    if can_prepare(user, evaluation):
        return True
    return evaluation.imported_by_id is not None and evaluation.imported_by_id == user.pk and \
        can_review_for_bureau(user, evaluation)
