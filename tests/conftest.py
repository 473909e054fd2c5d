"""Fixtures shared by the suite: the shipped scheme library and the seed examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.io.evaluation_file import read_evaluation
from jixiao.io.scheme_files import load_library

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEEDS = ROOT / "tests" / "seeds"  # copies of ../shared/seeds, so a clean clone is self-contained


@pytest.fixture(scope="session")
def library():
    return load_library()


@pytest.fixture(scope="session")
def tongcheng():
    """Seed 003 (通城 2023): department table with seven goals, eight project tables, 26 projects."""
    return read_evaluation(EXAMPLES / "seed-003-tongcheng-2023.yaml")


@pytest.fixture(scope="session")
def changli():
    """Seed 000 (昌黎 2023): budget, staffing per unit, 40-project score list."""
    return read_evaluation(EXAMPLES / "seed-000-changli-2023.yaml")


@pytest.fixture(scope="session")
def jingzhou():
    """Seed 002 (靖州 2022): the Hunan form with income, spending, 三公 with last year, assets, staffing."""
    return read_evaluation(EXAMPLES / "seed-002-jingzhou-2022.yaml")
