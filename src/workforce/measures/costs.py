"""Measures: costs (to be written)."""
