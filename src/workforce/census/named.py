"""Whom a return and its findings name, as staff numbers: what the audit log records of a
census check or download, so that its Person filter finds someone whose Social Work England
number, date of birth or finding was seen.

A finding says which worker record it is about ("worker 12", counted from 1 in the order the
return was written) and quotes the record's SWE number; a finding comparing records that
share an SWE number names them all by number in its message, which the SWE number it quotes
covers too. So the people a set of findings names are those of the records it is about and
everyone in the return with an SWE number it quotes.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from workforce.census.validate import Finding
from workforce.census.workers import normalise_swe


def staff_in_return(workers: pl.DataFrame) -> list[str]:
    """The staff numbers of a return's worker records (`CensusReturn.workers`), in the order
    they were written, each once."""
    if "staff_id" not in workers.columns:  # a return with no workers has no columns
        return []
    return list(dict.fromkeys(workers["staff_id"].to_list()))


def staff_named(findings: Iterable[Finding], workers: pl.DataFrame) -> list[str]:
    """The staff numbers of the people `findings` (of the return whose worker records are
    `workers`, in the order written) name: those of the records they are about, first
    mentioned first, then anyone else holding an SWE number they quote; each once."""
    if "staff_id" not in workers.columns:
        return []
    staff = workers["staff_id"].to_list()
    records: dict[int, None] = {}
    swe: set[str] = set()
    for f in findings:
        if f.record.startswith("worker "):
            records[int(f.record.split()[1])] = None
        if f.swe:
            swe.add(normalise_swe(f.swe))
    named = [staff[n - 1] for n in records if 0 < n <= len(staff)]
    if swe and "SWENo" in workers.columns:
        for staff_id, number in zip(staff, workers["SWENo"].to_list(), strict=True):
            if number and normalise_swe(number) in swe:
                named.append(staff_id)
    return list(dict.fromkeys(named))
