"""Error pages in Chinese, each with the request id that the log carries beside the traceback. They render
without the database (a 500 may be the database failing) and without the request's user."""

from __future__ import annotations

import logging
from pathlib import PurePath

from django.http import HttpResponse
from django.template import loader

from jixiao.core.errors import InputError

from . import requestid

logger = logging.getLogger("jixiao.rules")
TITLES = {400: "请求有误", 403: "无权访问", 404: "未找到", 500: "服务器出错", 503: "规则文件有误"}
TEXTS = {
    400: "提交的内容无法处理。请返回上一页，刷新后重新操作。",
    403: "您没有权限访问此页面。此次访问已记入审计日志。",
    404: "没有找到该页面，或您无权查看。",
    500: "处理您的请求时服务器出错，错误已记录。您已保存的内容不受影响；请稍后重试，或把下面的请求编号告诉系统管理员。",
}


def _page(request, status: int, message: str = "") -> HttpResponse:
    context = {"status": status, "title": TITLES[status], "message": message or TEXTS[status],
               "request_id": getattr(request, "id", None) or requestid.current(), "home": _home(request)}
    html = loader.get_template("error.html").render(context)  # no request: no context processors, no database
    return HttpResponse(html, status=status)


def _home(request) -> tuple[str, str]:
    """Where the page's way back leads: the public portal for a visitor of it (the application's front page is the
    sign-in form, which is not theirs), else the front page."""
    if (getattr(request, "path", "") or "").startswith("/public/"):
        return "/public/", "返回信息公开首页"
    return "/", "返回首页"


def bad_request(request, exception=None):
    return _page(request, 400)


def refuse_input(request, message: str) -> HttpResponse:
    """A 400 whose message says which field held what could not be taken."""
    return _page(request, 400, message)


def forbidden(request, exception=None):
    text = str(exception) if exception and str(exception) else ""
    return _page(request, 403, f"{text} 此次访问已记入审计日志。" if text else "")


def not_found(request, exception=None):
    return _page(request, 404)


def server_error(request):
    return _page(request, 500)


class RuleFileErrorMiddleware:
    """A rule or scheme file edited while the app runs is read again at the next page (no restart); one that cannot
    be used makes the pages that read it say so in Chinese, naming the file, the rule and its line, instead of a
    bare 500 (at start-up the same error stops the program: rule_checks). The file's folder is left out: the
    page is seen by departments, the log carries the whole path."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (isinstance(exception, InputError) and str(exception.source).endswith((".yaml", ".yml"))):
            return None
        logger.error("规则文件有误 [%s] %s", getattr(request, "id", None) or requestid.current(), exception)
        said = "；".join(str(p) for p in exception.problems)
        return _page(request, 503, f"规则文件 {PurePath(exception.source).name} 有误，此页暂时无法显示：{said}。"
                                   "请通知系统管理员改正该文件（jixiao rules 可检查全部规则文件）；您已保存的内容不受影响。")
