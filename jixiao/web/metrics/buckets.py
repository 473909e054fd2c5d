"""Histogram bounds in seconds. Pages aim at a p95 below 0.3 s; tasks run from a second (an audit) to many minutes
(a bureau's zip of a year)."""

REQUEST_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
TASK_SECONDS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)


def bucket_of(seconds: float, bounds: tuple[float, ...]) -> int:
    """The index of the first bound `seconds` does not exceed; len(bounds) for +Inf."""
    for index, bound in enumerate(bounds):
        if seconds <= bound:
            return index
    return len(bounds)
