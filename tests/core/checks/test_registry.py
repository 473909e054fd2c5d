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


def test_the_check_modules_are_listed_and_ordered_once_however_often_checks_are_asked_for():
    """`_load_plugins` runs at every run_checks, registered_checks and title_of; the modules are found and the registry
    ordered the first time only, and the registry stays as that first load left it."""
    prelude = ("import pkgutil\nscans = []\nreal = pkgutil.iter_modules\n"
               "pkgutil.iter_modules = lambda *a, **k: scans.append(1) or real(*a, **k)\n"
               "from jixiao.core.checks import registered_checks, title_of\n"
               "first = [c.code for c in registered_checks()]\ntitle_of('RATE')\n"
               "assert [c.code for c in registered_checks()] == first, 'reordered'\nprint(len(scans))")
    counted = subprocess.run([sys.executable, "-c", prelude], check=True, capture_output=True, text=True).stdout
    assert counted.split() == ["1"]
