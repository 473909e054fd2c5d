from django.shortcuts import render


def forbidden(request, exception=None):
    return render(request, "403.html", {"message": str(exception) if exception else "您没有权限访问此页面。"}, status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
