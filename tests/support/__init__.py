"""Helpers the tests share that are not fixtures (the LibreOffice recalculation of workbooks)."""
