"""Reading a report: bytes → layout → forms and prose → the core's Evaluation, with what was read and what was not.

`read_report(name, content)` is the one entry point; the audit, the bureau's imports and the preparers' imports all
call it. See docs/reading.md.
"""

from .coverage import Coverage, FormCoverage
from .pipeline import Reading, read_report

__all__ = ["Coverage", "FormCoverage", "Reading", "read_report"]
