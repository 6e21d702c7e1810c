"""Measures: events (to be written)."""
