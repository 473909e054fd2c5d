"""运行监控 (issue 10 [cycle]): pages are being built; this one says so."""

from django.shortcuts import render


def index(request):
    return render(request, "monitoring/index.html")
