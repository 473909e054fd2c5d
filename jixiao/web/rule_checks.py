"""Start-up check: every rule file of the cycle is validated when the web app starts (`manage.py check`, `jixiao
serve`), so that a bureau's broken rule file stops the program with its Chinese message instead of failing on the
first page that reads it."""

from __future__ import annotations

from django.core import checks

from jixiao.io.rule_files import check_rule_files


@checks.register()
def rule_files_are_valid(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [checks.Error(f"规则文件有误：{error}", obj=str(path), id="jixiao.E001")
            for path, error in check_rule_files() if error is not None]
