"""Prose → what the running text of a report states (docs/reading.md §3): every quantity with its unit, subject,
year qualifier, scope and comparison; the evaluated year and the department; the rules the report states for itself;
totals with their parts; the stated score, grade and dates. Words live in lexicon.yaml.

    from jixiao.io.prose import read_prose, ProseReading, Mention
"""

from .mentions import Comparison, Mention
from .reading import ProseReading, read_prose

__all__ = ["Comparison", "Mention", "ProseReading", "read_prose"]
