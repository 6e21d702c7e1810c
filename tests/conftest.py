"""Shared test set-up: frozen-free defaults, fast password hashing."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workforce_web.settings")
# The caches are warmed in a background thread after an import (`workforce_web.warm`): not
# in tests, whose database a thread may not see and whose counts it would upset, except in
# the test of the warm-up itself.
os.environ["WORKFORCE_WARM_CACHE"] = "0"
