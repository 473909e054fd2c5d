from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, request, username=user.get_username())


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, request, username=user.get_username())
