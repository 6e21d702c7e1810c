"""The organisation's home page."""
