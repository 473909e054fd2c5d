"""Login with lockout, and the administrators' forms."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.utils import timezone

from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action
from jixiao.web.organisations.models import Department, FinanceBureau

from .models import LoginThrottle, Membership, Role, SecuritySettings


class LockoutAuthenticationForm(AuthenticationForm):
    """After N failures within the lockout period the user name is locked for that period (default 5 and 15)."""

    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账户已停用。",
        "locked": "连续登录失败次数过多，账户已锁定，请 %(minutes)s 分钟后再试。",
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        settings = SecuritySettings.current()
        throttle = LoginThrottle.objects.filter(username=username).first()
        if throttle is not None and throttle.is_locked():
            record(Action.LOGIN_FAILED, self.request, username=username, detail="账户锁定期间尝试登录")
            minutes = max(1, int((throttle.locked_until - timezone.now()).total_seconds() // 60) + 1)
            raise forms.ValidationError(self.error_messages["locked"], code="locked", params={"minutes": minutes})
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            self._failed(username, settings)
            raise
        LoginThrottle.objects.filter(username=username).delete()
        return cleaned

    def _failed(self, username: str, settings: SecuritySettings) -> None:
        now = timezone.now()
        window = timedelta(minutes=settings.lockout_minutes)
        with transaction.atomic():
            throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(username=username)
            if throttle.last_failure is None or now - throttle.last_failure > window:
                throttle.failures = 0
            throttle.failures += 1
            throttle.last_failure = now
            locked = throttle.failures >= settings.max_failed_logins
            if locked:
                throttle.locked_until = now + window
                throttle.failures = 0
            throttle.save()
        record(Action.LOGIN_FAILED, self.request, username=username, detail="用户名或密码不正确")
        if locked:
            record(Action.LOCKED_OUT, self.request, username=username,
                   detail=f"连续失败 {settings.max_failed_logins} 次，锁定 {settings.lockout_minutes} 分钟")


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    department = forms.ModelChoiceField(label="部门", queryset=Department.objects.all(), required=False)
    finance_bureau = forms.ModelChoiceField(label="财政局", queryset=FinanceBureau.objects.all(), required=False)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError("该用户名已存在。")
        return username

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role in (Role.PREPARER, Role.DEPARTMENT_REVIEWER) and not cleaned.get("department"):
            self.add_error("department", "填报人和部门审核人须指定部门。")
        if role == Role.FINANCE_REVIEWER and not cleaned.get("finance_bureau"):
            self.add_error("finance_bureau", "财政审核人须指定财政局。")
        if cleaned.get("password"):
            user = get_user_model()(username=cleaned.get("username", ""), first_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(cleaned["password"], user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned

    def save(self):
        data = self.cleaned_data
        user = get_user_model().objects.create_user(data["username"], password=data["password"], first_name=data["full_name"])
        role = data["role"]
        Membership.objects.create(
            user=user, role=role,
            department=data["department"] if role in (Role.PREPARER, Role.DEPARTMENT_REVIEWER) else None,
            finance_bureau=data["finance_bureau"] if role == Role.FINANCE_REVIEWER else None,
        )
        return user


class SecuritySettingsForm(forms.ModelForm):
    class Meta:
        model = SecuritySettings
        fields = ["max_failed_logins", "lockout_minutes", "idle_timeout_minutes", "password_min_length"]

    def clean_max_failed_logins(self):
        value = self.cleaned_data["max_failed_logins"]
        if not 3 <= value <= 10:
            raise forms.ValidationError("应在 3–10 次之间（等保三级要求限制连续失败次数）。")
        return value

    def clean_idle_timeout_minutes(self):
        value = self.cleaned_data["idle_timeout_minutes"]
        if not 5 <= value <= 30:
            raise forms.ValidationError("应在 5–30 分钟之间。")
        return value

    def clean_password_min_length(self):
        value = self.cleaned_data["password_min_length"]
        if not 8 <= value <= 64:
            raise forms.ValidationError("应在 8–64 位之间。")
        return value
