"""Signing in: the password, then the authenticator's code for accounts that have one; enrolling an
authenticator; changing one's password (forced after a one-time initial password)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import login as otp_login

from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action

from . import throttle, twofactor
from .forms import CodeForm, LockoutAuthenticationForm, OwnPasswordForm
from .middleware import PASSWORD_CHANGE_SESSION_KEY
from .models import PendingPasswordChange, SecuritySettings


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


class LogoutView(auth_views.LogoutView):
    """Signs out and says so on the login page it goes back to."""

    next_page = "accounts:login"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "已退出登录。")
        return response


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
                otp_login(request, device)
                request.session.cycle_key()  # a new session id once fully signed in, as login() gives one after the password
                throttle.succeeded(request, username)
                record(Action.LOGIN, request, detail="动态口令验证通过")
                return redirect(_next(request))
            throttle.failed(request, username, detail="动态口令不正确")
            form.add_error("code", "动态口令不正确或已使用过，请输入验证器上当前显示的 6 位数字。")
            form.data = form.data.copy()
            form.data["code"] = ""  # the box empty for the next code (a code is never typed twice)
    return render(request, "accounts/login_code.html", {"form": form, "next": _next(request)})


@login_required
def two_factor(request):
    """Enrol an authenticator (required for administrators and finance reviewers, offered to everyone)."""
    enrolled, device = twofactor.devices(request.user)
    if enrolled is not None and request.method == "GET" and request.GET.get("replace") != "1":
        return render(request, "accounts/two_factor.html", {"enrolled": enrolled})
    device = device or twofactor.new_enrolment_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.confirm(request, device, form.cleaned_data["code"]):
            record(Action.SECURITY, request, object_type="user", object_id=request.user.pk,
                   detail="绑定动态口令验证器" if enrolled is None else "更换动态口令验证器")
            messages.success(request, "已启用两步验证：今后登录时须输入验证器上的动态口令。")
            return redirect("home")
        form.add_error("code", "动态口令不正确，请核对验证器中的时间与账户后重新输入当前显示的 6 位数字。")
    uri = device.config_url
    return render(request, "accounts/two_factor.html", {
        "form": form, "secret": twofactor.secret_text(device), "qr": twofactor.qr_svg(uri),
        "uri": uri, "required": twofactor.requires_two_factor(request.user), "replacing": enrolled})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = OwnPasswordForm
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
