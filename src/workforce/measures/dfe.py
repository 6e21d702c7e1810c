"""Measures: dfe (to be written)."""
