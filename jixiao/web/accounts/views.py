from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from jixiao.web.audit.log import denied, record
from jixiao.web.audit.models import Action
from jixiao.web.organisations.forms import DepartmentForm, FinanceBureauForm, UnitForm
from jixiao.web.organisations.models import FinanceBureau

from . import permissions, services, throttle, twofactor
from .decorators import role_required
from .forms import AdministratorCreateForm, CodeForm, LockoutAuthenticationForm, SecuritySettingsForm, UserCreateForm
from .middleware import PASSWORD_CHANGE_SESSION_KEY, forget_cached_settings
from .models import ADMIN_ROLES, Membership, PendingPasswordChange, Role, SecuritySettings, SeparationOfDutiesError


class LoginView(auth_views.LoginView):
    """The password step; accounts with an authenticator go on to the code step (AccountGateMiddleware)."""

    template_name = "accounts/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "security": SecuritySettings.current()}

    def form_valid(self, form):
        response = super().form_valid(form)
        if twofactor.confirmed_device(self.request.user) is None:  # else only when the code is right too
            throttle.succeeded(self.request, self.request.user.get_username())
        return response

    def get_success_url(self):
        url = super().get_success_url()
        if twofactor.confirmed_device(self.request.user) is not None:
            return f"{reverse('accounts:login_code')}?{urlencode({'next': url})}"
        return url


def _next(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("home")


@login_required
def login_code(request):
    """The second step: the current code of the user's authenticator."""
    if request.user.is_verified() or twofactor.confirmed_device(request.user) is None:
        return redirect(_next(request))
    username = request.user.get_username()
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        refused = throttle.refusal(request, username)
        if refused is not None:
            logout(request)
            messages.error(request, LockoutAuthenticationForm.error_messages[refused.code] % {"minutes": refused.minutes})
            return redirect("accounts:login")
        if form.is_valid():
            device = twofactor.verify(request.user, form.cleaned_data["code"])
            if device is not None:
                from django_otp import login as otp_login

                otp_login(request, device)
                throttle.succeeded(request, username)
                record(Action.LOGIN, request, detail="动态口令验证通过")
                return redirect(_next(request))
            throttle.failed(request, username, detail="动态口令不正确")
            form.add_error("code", "动态口令不正确或已使用过，请输入验证器上当前显示的 6 位数字。")
    return render(request, "accounts/login_code.html", {"form": form, "next": _next(request)})


@login_required
def two_factor(request):
    """Enrol an authenticator (required for administrators and finance reviewers, offered to everyone)."""
    enrolled = twofactor.confirmed_device(request.user)
    if enrolled is not None and request.method == "GET" and request.GET.get("replace") != "1":
        return render(request, "accounts/two_factor.html", {"enrolled": enrolled})
    device = twofactor.enrolment_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.confirm(request, device, form.cleaned_data["code"]):
            record(Action.SECURITY, request, object_type="user", object_id=request.user.pk,
                   detail="绑定动态口令验证器" if enrolled is None else "更换动态口令验证器")
            messages.success(request, "已启用两步验证：今后登录时须输入验证器上的动态口令。")
            return redirect("home")
        form.add_error("code", "动态口令不正确，请核对验证器中的时间与账户后重新输入当前显示的 6 位数字。")
    return render(request, "accounts/two_factor.html", {
        "form": form, "secret": twofactor.secret_text(device), "qr": twofactor.qr_svg(device.config_url),
        "uri": device.config_url, "required": twofactor.requires_two_factor(request.user), "replacing": enrolled})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        forced = bool(self.request.session.get(PASSWORD_CHANGE_SESSION_KEY))
        return {**super().get_context_data(**kwargs), "forced": forced, "security": SecuritySettings.current()}

    def form_valid(self, form):
        response = super().form_valid(form)
        PendingPasswordChange.objects.filter(user=self.request.user).delete()
        self.request.session.pop(PASSWORD_CHANGE_SESSION_KEY, None)
        messages.success(self.request, "密码已修改。")
        record(Action.SECURITY, self.request, detail="修改本人密码")
        return response


def _refused(request, error: PermissionDenied):
    denied(request, str(error))
    raise error


def _people():
    return get_user_model().objects.order_by("username").prefetch_related(
        "memberships__department", "memberships__finance_bureau")


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
    return render(request, "accounts/users.html", {"form": form, "people": _people(), "created": created,
                                                   "admin_roles": ADMIN_ROLES})


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
    people = _people()
    return render(request, "accounts/administrators.html", {
        "form": form, "created": created, "admin_choices": [(r.value, r.label) for r in Role if r in ADMIN_ROLES],
        "administrators": [p for p in people if {m.role for m in p.memberships.all()} & ADMIN_ROLES],
        "without_role": [p for p in people if not p.memberships.all()]})


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


def _back(request):
    return redirect("accounts:administrators" if permissions.has_role(request.user, Role.SECURITY_ADMIN)
                    else "accounts:users")


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
    forms = {"bureau": FinanceBureauForm(prefix="bureau"), "department": DepartmentForm(prefix="department"),
             "unit": UnitForm(prefix="unit")}
    if request.method == "POST":
        kind = request.POST.get("kind")
        form_class = {"bureau": FinanceBureauForm, "department": DepartmentForm, "unit": UnitForm}.get(kind)
        if form_class is not None:
            form = form_class(request.POST, prefix=kind)
            forms[kind] = form
            if form.is_valid():
                created = form.save()
                record(Action.ADMIN, request, object_type=kind, object_id=created.pk, detail=f"新建 {created}")
                messages.success(request, f"已新建 {created}。")
                return redirect("accounts:organisations")
    bureaus = FinanceBureau.objects.prefetch_related("departments__units")
    return render(request, "accounts/organisations.html", {"forms": forms, "bureaus": bureaus})


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
