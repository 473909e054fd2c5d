"""Password rules beyond Django's: the configured minimum length, and three of the four character classes."""

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class MinimumLengthValidator:
    """The length the security administrator set (8–64, SecuritySettings), in place of Django's fixed one: its
    message is not translated in Django 5.2 (the msgid changed to "%d" and zh_Hans still has "%(min_length)d"), and a
    fixed 10 would overrule a configured 8."""

    def validate(self, password: str, user=None) -> None:
        from .models import SecuritySettings

        minimum = SecuritySettings.current().password_min_length
        if len(password) < minimum:
            raise ValidationError(f"密码至少 {minimum} 位，这个密码只有 {len(password)} 位。", code="password_too_short")

    def get_help_text(self) -> str:
        from .models import SecuritySettings

        return f"密码至少 {SecuritySettings.current().password_min_length} 位。"


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Django's, saying it as a sentence: its zh_Hans translation puts spaces around the field's name (“密码跟 用户名
    太相似了。”)."""

    def get_error_message(self) -> str:
        return "密码与%(verbose_name)s太相似，请换一个。"

    def get_help_text(self) -> str:
        return "密码不能与用户名、姓名等个人信息太相似。"


class CharacterClassValidator:
    def validate(self, password: str, user=None) -> None:
        classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
        if classes < 3:
            raise ValidationError("密码须包含大写字母、小写字母、数字、符号中的至少三类。", code="password_classes")

    def get_help_text(self) -> str:
        return "密码须包含大写字母、小写字母、数字、符号中的至少三类。"


def one_time_password() -> str:
    """An initial password for an account an administrator creates: random, shown once, to be changed at first
    login. Four character classes and at least the configured minimum length."""
    import secrets
    import string

    from .models import SecuritySettings

    length = max(16, SecuritySettings.current().password_min_length)
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(length - 4))
    return f"Jx{core}-7"
