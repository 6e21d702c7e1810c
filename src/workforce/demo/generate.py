"""`generate`: the synthetic demo organisation as a `Ledger`.

First the careers are simulated (`simulate`); then, from who was where and when (`roster`),
each activity table is generated in turn from the same random stream, so the same arguments
always give the same ledger.
"""

from __future__ import annotations

from datetime import date

from workforce.demo import (
    absence,
    allocation,
    caseload,
    learning,
    pay,
    records,
    recruitment,
    register,
    support,
    voice,
)
from workforce.demo.calendar import Clock, add_years, ordinal
from workforce.demo.frames import frame
from workforce.demo.params import Rng
from workforce.demo.roster import Roster
from workforce.demo.simulate import simulate
from workforce.ledger import Ledger

BURN_IN_YEARS = 2


def generate(staff: int = 600, years: int = 6, seed: int = 1,
             today: date | None = None) -> Ledger:
    """A synthetic children's services department of about `staff` people (about 40% of them
    child and family social workers) with `years` of history up to `today` (default: the real
    today). The same arguments always give the same ledger; another seed gives another."""
    if staff < 20:
        raise ValueError("The demo organisation needs at least 20 staff")
    if years < 1:
        raise ValueError("The demo needs at least one year of history")
    end = ordinal(today or date.today())
    first = add_years(end, -years) + 1
    clock = Clock(add_years(first, -BURN_IN_YEARS), first, end)
    rng = Rng(seed)
    world = simulate(staff, rng, clock)
    kept = records.kept_assignments(world)
    progs = records.kept_programmes(world)
    roster = Roster(world, kept)
    away = absence.generate(roster, rng)
    training = learning.training(roster, rng)
    payments = pay.payments(roster, progs, rng)
    cols = {
        "organisation": records.organisation(),
        "unit": records.units(world),
        "post": records.posts(world),
        "assignment": records.assignments(kept),
        "programme": records.programmes(progs),
        "absence": away.columns,
        "caseload": caseload.generate(roster, away, rng),
        "allocation": allocation.generate(roster, rng),
        "supervision": support.supervision(roster, away, rng),
        "appraisal": support.appraisals(roster, rng),
        "induction": support.induction(roster, rng),
        "course": learning.courses(),
        "training": training,
        "payment": payments,
        "pay": pay.pay(roster, away, payments, rng),
        "interview": voice.interviews(world, roster, rng),
        "survey_result": voice.survey(roster, rng),
        "recruitment": recruitment.campaigns(world, rng),
        "register": register.generate(roster, away, learning.evaluations(training, roster, rng),
                                      rng),
    }
    pids = dict.fromkeys(a.person.pid for a in kept)
    pids.update(dict.fromkeys(p.person.pid for p in progs))
    cols["person"] = records.people(world, pids)
    return Ledger({name: frame(name, c) for name, c in cols.items()})
