from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action
from jixiao.web.organisations.forms import DepartmentForm, FinanceBureauForm, UnitForm
from jixiao.web.organisations.models import FinanceBureau

from .decorators import role_required
from .forms import LockoutAuthenticationForm, SecuritySettingsForm, UserCreateForm
from .middleware import forget_cached_settings
from .models import Role, SecuritySettings


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, "密码已修改。")
        record(Action.SECURITY, self.request, detail="修改本人密码")
        return super().form_valid(form)


@role_required(Role.SYSTEM_ADMIN)
def users(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        record(Action.ADMIN, request, object_type="user", object_id=user.pk,
               detail=f"新建用户 {user.username}（{Role(form.cleaned_data['role']).label}）")
        messages.success(request, f"已新建用户 {user.username}。")
        return redirect("accounts:users")
    people = get_user_model().objects.order_by("username").prefetch_related(
        "memberships__department", "memberships__finance_bureau")
    return render(request, "accounts/users.html", {"form": form, "people": people})


@require_POST
@role_required(Role.SYSTEM_ADMIN)
def toggle_user(request, user_id: int):
    user = get_object_or_404(get_user_model(), pk=user_id)
    if user == request.user:
        messages.error(request, "不能停用自己的账户。")
        return redirect("accounts:users")
    user.is_active = not user.is_active
    user.save(update_fields=["is_active"])
    record(Action.ADMIN, request, object_type="user", object_id=user.pk,
           detail=f"{'启用' if user.is_active else '停用'}用户 {user.username}")
    return redirect("accounts:users")


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


