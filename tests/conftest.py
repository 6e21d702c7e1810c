"""Shared test set-up: frozen-free defaults, fast password hashing."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workforce_web.settings")
