"""The DfE children's social work workforce census (CSWW): write the return, validate it,
and import past returns as history.

    layouts.py   each collection year's layout (2021-2025), declared once as data
    schemas/     the shipped XSDs, one per year, with the one SWENo pattern correction
    read.py      streamed, hardened reading of a return (records one at a time)
    workers.py   worker records gathered in batches, each one polars frame of item texts
                 and values, read by the worker rules and the row mapping
    select.py    DfE's inclusion rules: which workers are in the return, item by item
    lalevel.py   the LA-level module (vacancies, agency cover) from the measures registry
    payitems.py  2025 pay items and LA-level incentive flags
    write.py     build a return from a ledger and stream it out as XML
    ruleset.py   what a business rule is; rules.py (one record) and returns.py (across
                 records) are the rules, each named by its code, its docstring its message
    xsd.py       schema checks (libxml2 while streaming, xmlschema to list every fault)
    validate.py  schema + rules for a file, as findings; report.py renders them;
                 named.py says whom a return and its findings name (for the audit log)
    load.py      import returns (all or nothing per file, optional keyed pseudonyms);
                 rows.py maps records to ledger rows

How to add a census rule: write a function in `rules.py` (or `returns.py` for a rule across
records) decorated with `@rule(ERROR)` or `@rule(QUERY)`, named by its code (`CSWW_E24` is
rule CSWW-E24), whose docstring is the rule in plain English (it is the message users read).
A worker rule reads a batch of records (`workers.Items`) and returns, for each item it
checks, a polars expression true where a record is at fault there; a header or LA-level rule
returns the item(s) at fault or None. Then add a hand-made failing case to
`tests/census/test_rules.py`.
"""
