"""Measures: stability (to be written)."""
