"""Measures: profile (to be written)."""
