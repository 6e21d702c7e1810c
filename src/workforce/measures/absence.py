"""Measures: absence (to be written)."""
