"""Reports as data (model), their tables, their sentences, and the five shapes S1–S5."""

from .model import Report
from .shapes import SHAPES, build_report, default_shape, workbook_tables

__all__ = ["Report", "SHAPES", "build_report", "default_shape", "workbook_tables"]
