"""The demo organisation: a synthetic children's services department ("Northbridge") whose
workforce dynamics look real, so every table of the ledger and every measure has something
to show.

    from workforce.demo import generate
    ledger = generate(staff=600, years=6, seed=1, today=date(2026, 3, 31))

How it works: `simulate` staffs the establishment (`structure`) two years before the history
starts and plays careers forward day by day as events (`hiring`, `moves`, `agency`,
`programmes`); the dynamics are set in `params`. The activity tables are then generated from
who was where and when (`roster`): `absence`, `caseload`, `allocation`, `support`,
`learning`, `pay`, `voice`, `recruitment` and `register`. Everything draws from one seeded
random stream, so the same arguments give identical frames.
"""

from workforce.demo.generate import generate

__all__ = ["generate"]
