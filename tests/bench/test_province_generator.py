"""The benchmark's generator and pipeline stay runnable. Counts only: speed is measured by bench/, not asserted."""

from bench.generate_province import GOAL_LAYOUT, PROJECT_LAYOUT, generate
from bench.province import process


def test_a_small_province_loads_scores_and_checks(tmp_path):
    paths = generate(tmp_path, departments=3, projects=2)
    indicators, projects, findings, timings, _ = process(paths)
    assert projects == 6
    assert indicators == 3 * (2 * len(PROJECT_LAYOUT) + 8 * len(GOAL_LAYOUT))
    assert findings > 0 and set(timings) == {"load", "score", "check"}


def test_generation_is_deterministic(tmp_path):
    first = [p.read_bytes() for p in generate(tmp_path / "a", departments=2, projects=3)]
    second = [p.read_bytes() for p in generate(tmp_path / "b", departments=2, projects=3)]
    assert first == second


def test_generated_tables_carry_the_hubei_80_points():
    assert sum(int(weight) for _, weight, _, _ in PROJECT_LAYOUT) == 80
    assert sum(int(weight) for _, weight, _, _ in GOAL_LAYOUT) == 10
