"""The API's error answers in Chinese, with the status codes django-ninja gives them: 401 without a valid token,
403 for a role the pages refuse, 404 for what the user may not see, 422 for a malformed parameter — each 422 item
naming the parameter (`loc` keeps ninja's place, `msg` says it in Chinese)."""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

UNAUTHORIZED = ("未提供有效的接口令牌：请在请求头中发送 Authorization: Bearer <令牌>"
                "（令牌在“接口令牌”页面创建，撤销后不能再用）。")
FORBIDDEN = "您没有执行此操作的权限。"
NOT_FOUND = "没有找到。"

# the parameters in words, for the messages (the OpenAPI document has the same as descriptions)
PARAMETERS = {"year": "年度", "department_id": "部门编号", "bureau_id": "财政局编号", "status": "状态",
              "evaluation_id": "自评编号"}

PROBLEMS = {
    "int_parsing": "应为整数（半角数字）",
    "int_type": "应为整数（半角数字）",
    "int_from_float": "应为整数",
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "不能大于 {le}",
    "less_than": "应小于 {lt}",
    "enum": "应为以下之一：{expected}",
    "missing": "必须填写",
}


def problem(error: dict) -> dict:
    """One item of ninja's 422 detail, its message in Chinese naming the parameter."""
    loc = [str(part) for part in error.get("loc", ())]
    name = loc[-1] if loc else ""
    words = PARAMETERS.get(name, name)
    text = PROBLEMS.get(error.get("type", ""), "格式不正确").format(**(error.get("ctx") or {}))
    return {"loc": loc, "type": error.get("type", ""), "msg": f"参数 {name}（{words}）{text}。"}


def install(api: NinjaAPI) -> None:
    def unauthorized(request, exc):
        return api.create_response(request, {"detail": UNAUTHORIZED}, status=401)

    def forbidden(request, exc):
        return api.create_response(request, {"detail": FORBIDDEN}, status=403)

    def http_error(request, exc: HttpError):
        # ours are raised with a Chinese message already; ninja's own (English) get a Chinese one by status
        message = str(exc)
        if not any("\u4e00" <= char <= "\u9fff" for char in message):
            message = {401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND}.get(exc.status_code, "请求有误。")
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    def not_found(request, exc):
        return api.create_response(request, {"detail": str(exc) or NOT_FOUND}, status=404)

    def invalid(request, exc: ValidationError):
        return api.create_response(request, {"detail": [problem(e) for e in exc.errors]}, status=422)

    api.add_exception_handler(AuthenticationError, unauthorized)
    api.add_exception_handler(AuthorizationError, forbidden)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ValidationError, invalid)
