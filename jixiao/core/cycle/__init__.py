"""The performance cycle around the self-evaluation (CYCLE.md): goal checks, monitoring warnings, risk signals,
result application. Pure functions over plain data, with rules parsed from data."""
