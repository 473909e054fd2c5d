"""数据接口 (issue 10 [cycle]): pages are being built; this one says so."""

from django.shortcuts import render


def index(request):
    return render(request, "api/index.html")
