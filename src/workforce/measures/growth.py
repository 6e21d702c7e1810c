"""Measures: growth (to be written)."""
