"""Measures: caseload (to be written)."""
