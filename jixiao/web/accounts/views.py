"""The administrators' pages: accounts and roles (system and security administrators, each its own kind),
organisations, security settings."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from jixiao.web import lookups, params
from jixiao.web.audit.log import denied, record
from jixiao.web.audit.models import Action
from jixiao.web.organisations import listing
from jixiao.web.organisations.forms import DepartmentForm, FinanceBureauForm, UnitForm
from jixiao.web.paging import kept_page, paged

from . import permissions, services, twofactor
from .decorators import role_required
from .forms import AdministratorCreateForm, RoleGrantForm, SecuritySettingsForm, UserCreateForm
from .middleware import forget_cached_settings
from .models import ADMIN_ROLES, Membership, Role, SecuritySettings, SeparationOfDutiesError


def _refused(request, error: PermissionDenied):
    denied(request, str(error))
    raise error


def _people():
    return get_user_model().objects.order_by("username").prefetch_related(
        "memberships__department", "memberships__finance_bureau")


class _Scope(NamedTuple):
    """A role's department or finance bureau as the list shows it: its name (str), and whether the demo made it."""

    name: str
    generated: bool = False

    def __str__(self) -> str:
        return self.name


class _Held(NamedTuple):
    """A role an account holds, as its row in the list shows it (a Membership's fields, no model instance)."""

    pk: int
    role: str
    department: _Scope | None
    finance_bureau: _Scope | None

    def get_role_display(self) -> str:
        return _ROLE_LABELS.get(self.role, self.role)


class _Account(NamedTuple):
    pk: int
    username: str
    first_name: str
    is_active: bool
    memberships: list[_Held]


_ROLE_LABELS = dict(Role.choices)


def _accounts(people) -> list[_Account]:
    """The accounts of one page of the list with their roles, read as values in two queries whatever the page's
    length: building a user, its memberships and their departments and bureaus as model instances (a prefetch) was
    most of the list's cost (issue 11). Roles in the order they were granted, as the prefetch read them."""
    ids = [person["pk"] for person in people]
    held: dict[int, list[_Held]] = {pk: [] for pk in ids}
    # compiled once per process for a page's length (lookups.kept): the joins were built and compiled each drawing
    for pk, user_id, role, department, generated, bureau in lookups.kept(_memberships_of, (ids,)):
        held[user_id].append(_Held(pk, role, None if department is None else _Scope(department, generated),
                                   None if bureau is None else _Scope(bureau)))
    return [_Account(p["pk"], p["username"], p["first_name"], p["is_active"], held[p["pk"]]) for p in people]


def _memberships_of(user_ids):
    return Membership.objects.filter(user_id__in=user_ids).order_by("pk").values_list(
        "pk", "user_id", "role", "department__name", "department__generated", "finance_bureau__name")


def _all_accounts():
    return get_user_model().objects.order_by("username").values("pk", "username", "first_name", "is_active")


def _matching(people, words: str):
    """Accounts whose username, name, department or finance bureau (its own, or its department's) contains the
    words; an account listed once however many of its roles match."""
    if not words:
        return people
    return people.filter(Q(username__icontains=words) | Q(first_name__icontains=words)
                         | Q(memberships__department__name__icontains=words)
                         | Q(memberships__finance_bureau__name__icontains=words)
                         | Q(memberships__department__finance_bureau__name__icontains=words)).distinct()


@role_required(Role.SYSTEM_ADMIN)
def users(request):
    """Business accounts: created with a one-time initial password shown once, here."""
    form = UserCreateForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, password = services.create_account(request.user, request, data["username"], data["full_name"],
                                                 data["role"], **form.scope())
        created = {"username": user.username, "password": password,
                   "two_factor": twofactor.requires_two_factor(user)}
        form = UserCreateForm()
    query = params.search_words(request)
    # the whole list's count and page compiled once per process (kept_page); a search's built each time
    people, page_query = paged(request, _matching(_all_accounts(), query)) if query else \
        kept_page(request, _all_accounts)
    people.object_list = _accounts(people.object_list)
    return render(request, "accounts/users.html", {"form": form, "people": people, "page_query": page_query,
                                                   "created": created, "admin_roles": ADMIN_ROLES, "query": query})


@role_required(Role.SYSTEM_ADMIN)
def account(request, user_id: int):
    """One business account's page: its roles (each revocable) and the grant of a business role, which may replace
    one it holds (a changed role). Administrators' accounts are the security administrator's: shown, not changed."""
    target = get_object_or_404(get_user_model(), pk=user_id)
    administrator = services.is_administrator(target)
    form = RoleGrantForm(request.POST or None, target=target)
    if request.method == "POST":
        if administrator:
            _refused(request, PermissionDenied("管理员账户由安全管理员管理，不能授予业务角色（三权分立）。"))
        if form.is_valid():
            try:
                granted = services.grant_business_role(request.user, request, target, form.cleaned_data["role"],
                                                       replace=form.replaced(), **form.scope())
            except PermissionDenied as error:
                _refused(request, error)
            except services.RoleRefused as error:
                form.add_error("role", str(error))
            except SeparationOfDutiesError as error:
                form.add_error("role", "；".join(error.messages))
            else:
                replaced = form.replaced()
                messages.success(request, f"已授予 {target.username} {granted.get_role_display()}角色"
                                 + (f"，并撤销原{replaced.get_role_display()}角色。" if replaced else "。"))
                return redirect("accounts:account", user_id=target.pk)
    memberships = target.memberships.select_related("department", "finance_bureau").order_by("pk")
    return render(request, "accounts/account.html", {
        "target": target, "memberships": memberships, "administrator": administrator, "form": form,
        "admin_roles": ADMIN_ROLES}, status=400 if form.errors else 200)


@role_required(Role.SECURITY_ADMIN)
def administrators(request):
    """Administrator accounts and roles: created, granted, revoked only here, never on one's own account."""
    form = AdministratorCreateForm(request.POST if request.POST.get("kind") == "create" else None)
    created = None
    if request.method == "POST" and request.POST.get("kind") == "create" and form.is_valid():
        data = form.cleaned_data
        user, password = services.create_account(request.user, request, data["username"], data["full_name"],
                                                 data["role"])
        created = {"username": user.username, "password": password,
                   "two_factor": twofactor.requires_two_factor(user)}
        form = AdministratorCreateForm()
    elif request.method == "POST" and request.POST.get("kind") == "grant":
        _grant(request)
        return redirect("accounts:administrators")
    elif request.method == "POST" and request.POST.get("kind") == "reset_two_factor":
        _reset_two_factor(request)
        return redirect("accounts:administrators")
    # the few administrators and role-less accounts, asked of the database: a province has thousands of others
    administrators = _people().filter(memberships__role__in=ADMIN_ROLES).distinct()
    return render(request, "accounts/administrators.html", {
        "form": form, "created": created, "admin_choices": [(r.value, r.label) for r in Role if r in ADMIN_ROLES],
        "administrators": administrators,
        "without_role": get_user_model().objects.order_by("username").filter(memberships__isnull=True)})


def _grant(request) -> None:
    target = get_user_model().objects.filter(pk=request.POST.get("user") or 0).first()
    role = request.POST.get("role", "")
    if target is None or role not in ADMIN_ROLES:
        messages.error(request, "请选择账户和管理员角色。")
        return
    try:
        services.grant_admin_role(request.user, request, target, role)
    except PermissionDenied as error:
        _refused(request, error)
    except SeparationOfDutiesError as error:
        messages.error(request, "；".join(error.messages))
        return
    messages.success(request, f"已授予 {target.username} {Role(role).label}角色。")


def _reset_two_factor(request) -> None:
    target = get_user_model().objects.filter(username=(request.POST.get("username") or "").strip()).first()
    if target is None:
        messages.error(request, "没有这个用户名。")
        return
    try:
        removed = services.reset_two_factor(request.user, request, target)
    except PermissionDenied as error:
        _refused(request, error)
    then = "本人下次登录后须重新绑定验证器" if twofactor.requires_two_factor(target) else "本人可自愿重新绑定"
    messages.success(request, f"已重置 {target.username} 的两步验证（移除 {removed} 个验证器）：{then}。")


def _back(request):
    """To the list the button was on, at the page it was on, with the search it showed."""
    if permissions.has_role(request.user, Role.SECURITY_ADMIN):
        return redirect("accounts:administrators")
    account_id = params.integer(request.POST.get("account"))
    if account_id:  # the button was on the account's own page
        return redirect("accounts:account", user_id=account_id)
    page, words = params.integer(request.POST.get("page")), params.search_words(request)
    query = urlencode({**({"q": words} if words else {}), **({"page": page} if page > 1 else {})})
    return redirect(reverse("accounts:users") + (f"?{query}" if query else ""))


@require_POST
@role_required(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)
def toggle_user(request, user_id: int):
    user = get_object_or_404(get_user_model(), pk=user_id)
    try:
        services.set_active(request.user, request, user, not user.is_active)
    except PermissionDenied as error:
        _refused(request, error)
    messages.success(request, f"已{'启用' if user.is_active else '停用'}用户 {user.username}。")
    return _back(request)


@require_POST
@role_required(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)
def revoke_membership(request, membership_id: int):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id)
    try:
        services.revoke_role(request.user, request, membership)
    except PermissionDenied as error:
        _refused(request, error)
    messages.success(request, f"已撤销 {membership.user.username} 的{membership.get_role_display()}角色。")
    return _back(request)


@role_required(Role.SYSTEM_ADMIN)
def organisations(request):
    lists = _organisation_lists(request)
    chosen = lists["chosen"]
    forms = {"bureau": FinanceBureauForm(prefix="bureau"), "department": DepartmentForm(prefix="department",
             initial={"finance_bureau": chosen.pk} if chosen else None), "unit": UnitForm(prefix="unit", bureau=chosen)}
    if request.method == "POST":
        kind = request.POST.get("kind")
        form_class = {"bureau": FinanceBureauForm, "department": DepartmentForm, "unit": UnitForm}.get(kind)
        if form_class is not None:
            form = form_class(request.POST, prefix=kind, **({"bureau": chosen} if kind == "unit" else {}))
            forms[kind] = form
            if form.is_valid():
                created = form.save()
                record(Action.ADMIN, request, object_type=kind, object_id=created.pk, detail=f"新建 {created}")
                messages.success(request, f"已新建 {created}。")
                # back to the bureau it belongs to, where it is listed
                return redirect(f"{reverse('accounts:organisations')}?bureau={listing.bureau_id_of(created)}")
    return render(request, "accounts/organisations.html", {"forms": forms, **lists})


def _organisation_lists(request) -> dict:
    """Bureaus with their counts; the departments of the one chosen (`bureau`, the only one when there is one) or of
    a search (`q`), 50 a page."""
    bureaus = list(listing.bureaus_with_counts())
    chosen_id = params.integer(request.GET.get("bureau"))
    chosen = next((b for b in bureaus if b.pk == chosen_id), bureaus[0] if len(bureaus) == 1 else None)
    search = params.search_words(request)
    page, page_query = paged(request, listing.departments(chosen, search))
    return {"bureaus": bureaus, "chosen": chosen, "search": search, "page": page, "page_query": page_query,
            "page_unit": "个部门"}


@role_required(Role.SECURITY_ADMIN)
def security(request):
    current = SecuritySettings.current()
    form = SecuritySettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        before = {f: getattr(SecuritySettings.current(), f) for f in form.fields}
        form.save()
        forget_cached_settings()
        changed = [f"{form.fields[f].label}：{before[f]} → {form.cleaned_data[f]}" for f in form.fields
                   if before[f] != form.cleaned_data[f]]
        record(Action.SECURITY, request, object_type="security_settings", detail="；".join(changed) or "未修改")
        messages.success(request, "安全设置已保存。")
        return redirect("accounts:security")
    return render(request, "accounts/security.html", {"form": form})
