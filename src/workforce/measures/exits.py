"""Measures: exits (to be written)."""
