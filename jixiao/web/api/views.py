"""数据接口 page: a user's own API tokens — create one (shown once), see when each was last used, revoke it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.web.audit.log import denied, visible_or_404
from jixiao.web.evaluations.services import Actor

from . import tokens
from .models import ApiToken


@login_required
def index(request):
    allowed = tokens.may_use_api(request.user)
    context = {"allowed": allowed, "tokens": request.user.api_tokens.all(), "name": "", "error": "", "created": None,
               "max_active": tokens.MAX_ACTIVE, "name_length": tokens.NAME_LENGTH}
    status = 200
    if request.method == "POST":
        if not allowed:
            denied(request, "管理员不能使用数据接口")
            raise PermissionDenied("管理员账户不能使用数据接口。")
        context["name"] = request.POST.get("name", "")
        try:
            context["created"] = tokens.create(request.user, context["name"], Actor.of(request))
        except tokens.TokenError as error:
            context["error"], status = str(error), 400
        else:
            context["name"] = ""
    return render(request, "api/index.html", context, status=status)


@require_POST
@login_required
def revoke(request, token_id: int):
    token = visible_or_404(request, ApiToken.objects.filter(user=request.user), token_id, f"无权撤销令牌 {token_id}",
                           "没有找到该令牌。")
    if tokens.revoke(token, Actor.of(request)):
        messages.success(request, f"已撤销令牌 {token}。")
    return redirect("api:index")
