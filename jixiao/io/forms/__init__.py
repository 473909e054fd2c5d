"""Forms: the self-evaluation tables a Layout holds, read into the core model's shape (docs/reading.md §2).

Templates (templates/*.yaml) name each form by its header words; `read_forms` finds the forms, reads their blocks
(rebuilding rows whose separators were lost) and returns one FormReading per form."""

from .read import FormReading, read_forms

__all__ = ["FormReading", "read_forms"]
