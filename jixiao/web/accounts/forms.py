"""Login (password, then a code for accounts with two-factor login), and the administrators' forms."""

from __future__ import annotations

import unicodedata

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator

from jixiao.web.organisations.models import Department, FinanceBureau
from jixiao.web.widgets import QuickSelect

from . import throttle
from .models import ADMIN_ROLES, BUSINESS_ROLES, Role, SecuritySettings


class LockoutAuthenticationForm(AuthenticationForm):
    """The password step. Refused at once while the address is blocked or the account locked against it."""

    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账户已停用。",
        "locked": "连续登录失败次数过多，账户已锁定，请 %(minutes)s 分钟后再试。",
        "address_blocked": "本机地址登录失败次数过多，已暂停登录，请 %(minutes)s 分钟后再试。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the page's own check asks for both in the browser; a post that bypasses it is told which is missing
        self.fields["username"].error_messages["required"] = "请填写用户名。"
        self.fields["password"].error_messages["required"] = "请填写密码。"

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        refused = throttle.refusal(self.request, username)
        if refused is not None:
            raise forms.ValidationError(self.error_messages[refused.code], code=refused.code,
                                        params={"minutes": refused.minutes})
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.failed(self.request, username)
            raise
        return cleaned  # the failures are forgotten once the whole login succeeds (views.LoginView, login_code)


class CodeForm(forms.Form):
    code = forms.CharField(label="动态口令", max_length=12, widget=forms.TextInput(attrs={
        "autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))


def _business_choices():
    return [(value, label) for value, label in Role.choices if value in BUSINESS_ROLES]


def _admin_choices():
    return [(value, label) for value, label in Role.choices if value in ADMIN_ROLES]


USERNAME_RULE = "用户名只能由字母、数字和 @ . + - _ 组成，不能含空格或其他符号（可用汉字，如“张三”）。"


# not Django's "…。 preparer 不在可用的选项中": a crafted post's code is not echoed
ROLE_MESSAGES = {"required": "请选择角色。", "invalid_choice": "选择一个有效的选项：所选角色不在这里可以授予的角色之中。"}


# The field's own words only: the summary above the form says whose they are (“部门：…”), the message under the
# field stands below its label; a label in the message too said it twice (“替换现有角色：替换现有角色：…”).
SCOPE_MESSAGES = {name: {"invalid_choice": f"所选{name}不存在，请从列表中选择。"} for name in ("部门", "财政局")}


def _length(field: str) -> dict:
    return {"required": f"请填写{field}。",
            "max_length": f"{field}最多 %(limit_value)d 个字符（现有 %(show_value)d 个）。"}


class _AccountForm(forms.Form):
    """A new account: the system generates a one-time initial password, which its owner changes at first login.
    User names follow Django's own rule (its validator, with the message in Chinese): letters (any script),
    digits and @ . + - _, so that a name with a space cannot be created here and then not be typed at login."""

    username = forms.CharField(label="用户名", max_length=150, error_messages=_length("用户名"),
                               validators=[UnicodeUsernameValidator(message=USERNAME_RULE)])
    full_name = forms.CharField(label="姓名", max_length=150, error_messages=_length("姓名"))
    EXISTS = "该用户名已存在。"
    LOOKALIKE = "用户名“{typed}”与已有用户“{existing}”只差大小写或全角半角，容易混淆，请换一个。"
    FOREIGN_LETTERS = "用户名不能含西里尔或希腊字母（如“{letter}”）：它们与拉丁字母形近，可用来冒充其他账户。"

    def clean_username(self):
        """The name as it will be stored (Django keeps usernames in NFKC: ｓｅｃａｄｍｉｎ is secadmin, which made the
        database refuse it with a 500), refused when it is an existing name but for case or width, or when it
        has letters that pass for Latin ones (ѕecadmin beside secadmin): in the user lists and the audit log such
        a name reads as the other account."""
        typed = self.cleaned_data["username"].strip()
        username = unicodedata.normalize("NFKC", typed)
        foreign = next((c for c in username if unicodedata.name(c, "").startswith(("CYRILLIC", "GREEK"))), None)
        if foreign:
            raise forms.ValidationError(self.FOREIGN_LETTERS.format(letter=foreign))
        existing = get_user_model().objects.filter(username__iexact=username).values_list("username", flat=True)
        clash = next(iter(existing), None)
        if clash == typed:
            raise forms.ValidationError(self.EXISTS)
        if clash is not None:
            raise forms.ValidationError(self.LOOKALIKE.format(typed=typed, existing=clash))
        return username


class DepartmentField(forms.ModelChoiceField):
    """A department by name; one the demo generated is marked (……（演示生成）) as every list marks it."""

    def label_from_instance(self, obj) -> str:
        return obj.option_name


class _BusinessRoleFields(forms.Form):
    """A business role and the department or finance bureau it belongs to (the creation form's and the grant's)."""

    role = forms.ChoiceField(label="角色", choices=_business_choices, error_messages=ROLE_MESSAGES,
                             widget=QuickSelect)
    department = DepartmentField(label="部门", queryset=Department.objects.all(), required=False,
                                        widget=QuickSelect, error_messages=SCOPE_MESSAGES["部门"])
    finance_bureau = forms.ModelChoiceField(label="财政局", queryset=FinanceBureau.objects.all(), required=False,
                                            widget=QuickSelect, error_messages=SCOPE_MESSAGES["财政局"])

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        department, bureau = cleaned.get("department"), cleaned.get("finance_bureau")
        if role in (Role.PREPARER, Role.DEPARTMENT_REVIEWER):
            if not department:
                self.add_error("department", "填报人和部门审核人须指定部门。")
            if bureau:  # scope() would drop it without a word: the administrator meant something else
                self.add_error("finance_bureau", f"{Role(role).label}只属于部门，不指定财政局：请清空财政局。")
        if role == Role.FINANCE_REVIEWER:
            if not bureau:
                self.add_error("finance_bureau", "财政审核人须指定财政局。")
            if department:
                self.add_error("department", "财政审核人只属于财政局，不指定部门：请清空部门。")
        return cleaned

    def scope(self) -> dict:
        role = self.cleaned_data["role"]
        if role == Role.FINANCE_REVIEWER:
            return {"finance_bureau": self.cleaned_data["finance_bureau"]}
        return {"department": self.cleaned_data["department"]}


class UserCreateForm(_BusinessRoleFields, _AccountForm):
    """The system administrator's: business roles only (填报人, 部门审核人, 财政审核人)."""

    # a new user posted this form again to give an existing account a role: say where that is done
    EXISTS = "该用户名已存在。要为现有账户授予或更改角色，请在上面的列表中找到该账户，点“授予或更改角色”。"


def _scope_name(membership) -> str:
    """A role's department or bureau as the selects above name it: a demo department marked (演示生成)."""
    return membership.department.option_name if membership.department else str(membership.finance_bureau)


class RoleGrantForm(_BusinessRoleFields):
    """The system administrator's grant of a business role to an existing account; `replace`, one of the account's
    business roles to revoke in the same step (a changed role), or none (a role added beside the others)."""

    replace = forms.TypedChoiceField(label="替换现有角色", required=False, coerce=int, empty_value=None,
                                     error_messages={"invalid_choice": "所选角色不是该账户现有的业务角色。"})

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.held = {m.pk: m for m in target.memberships.select_related("department", "finance_bureau")
                     if m.role in BUSINESS_ROLES}
        self.fields["replace"].choices = [("", "不替换（另加此角色）")] + [
            (pk, f"替换：{m.get_role_display()}（{_scope_name(m)}）") for pk, m in self.held.items()]
        if not self.held:
            del self.fields["replace"]
        if len(self.held) == 1:  # a changed role mostly keeps its department (填报人 → 部门审核人): not chosen again
            only = next(iter(self.held.values()))
            self.initial.setdefault("department", only.department_id)
            self.initial.setdefault("finance_bureau", only.finance_bureau_id)

    def replaced(self):
        return self.held.get(self.cleaned_data.get("replace"))


class AdministratorCreateForm(_AccountForm):
    """The security administrator's: one administrator role per account, and no business role beside it."""

    role = forms.ChoiceField(label="管理员角色", choices=_admin_choices, error_messages=ROLE_MESSAGES)

    def scope(self) -> dict:
        return {}


class SecuritySettingsForm(forms.ModelForm):
    class Meta:
        model = SecuritySettings
        fields = ["max_failed_logins", "lockout_minutes", "idle_timeout_minutes", "password_min_length"]

    REASONS = {"max_failed_logins": "（等保三级要求限制连续登录失败次数）",
               "lockout_minutes": "（0 会使锁定失效，过长则他人可借此长期阻止正常登录）",
               "idle_timeout_minutes": "", "password_min_length": ""}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            low, high, unit = SecuritySettings.BOUNDS[name]
            message = f"应在 {low}–{high} {unit}之间{self.REASONS[name]}。"
            field.error_messages.update({"min_value": message, "max_value": message,
                                         "invalid": "请输入整数。", "required": "请填写此项。"})
            field.help_text = f"{low}–{high} {unit}"
            field.widget.attrs.update({"min": low, "max": high})


class OwnPasswordForm(auth_forms.PasswordChangeForm):
    """Django's password change form with its messages in the app's register (您; Django's translation says 你)."""

    error_messages = {**auth_forms.PasswordChangeForm.error_messages,
                      "password_incorrect": "您的旧密码不正确，请重新输入。",
                      "password_mismatch": "两次输入的新密码不一致，请重新输入。"}
    SAME = "新密码不能与当前密码相同，请设置一个新的密码。"

    def clean(self):
        """A change that keeps the current password changes nothing: a one-time password the administrator set would
        stay in use, and 等保 expects a changed password to be a new one."""
        cleaned = super().clean()
        old, new = cleaned.get("old_password"), cleaned.get("new_password1")
        if old and new and old == new and "new_password1" not in self.errors:
            self.add_error("new_password1", self.SAME)
        return cleaned
