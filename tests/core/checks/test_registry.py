"""The registry of checks loads every module however the first one was imported."""

import subprocess
import sys


def _codes_after(prelude: str) -> list[str]:
    script = f"{prelude}\nfrom jixiao.core.checks import registered_checks\nprint(' '.join(c.code for c in registered_checks()))"
    return subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout.split()


def test_a_check_module_imported_alone_first_does_not_stop_the_others_loading():
    """The demo generator imports FACT.TABLES' module for a helper it shares: the registry then held that one check
    and never loaded the rest (the review page named RATE, GRADE … by their codes)."""
    plain = _codes_after("")
    first = _codes_after("import jixiao.core.checks.repeated_indicators")
    assert "FACT.TABLES" in plain and "RATE" in plain and "GRADE" in plain and len(plain) > 30
    assert first == plain  # same checks, same order
