"""Measures: support (to be written)."""
