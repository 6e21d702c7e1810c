"""The demo organisation: a synthetic children's services department whose workforce
dynamics look real, so every table of the ledger and every measure has something to show.

    from workforce.demo import generate
    ledger = generate(staff=600, years=6, seed=1, today=date(2026, 3, 31))
"""

from workforce.demo.generate import generate

__all__ = ["generate"]
