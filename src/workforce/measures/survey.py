"""Measures: survey (to be written)."""
