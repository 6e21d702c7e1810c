"""Pseudonymisation of SWE numbers on import: keyed (HMAC-SHA256), stable, never a bare hash."""

from __future__ import annotations

import hashlib
import itertools

import polars as pl
import pytest

from tests.census.helpers import agency, worker, write
from workforce.census.load import load_return, normalise_swe, pseudonym, read_key
from workforce.census.workers import SWE_KEY, swe_key

KEY = b"a council's secret key, 32 bytes"


def test_same_key_and_number_give_the_same_pseudonym():
    assert pseudonym("SW12345", KEY) == pseudonym("SW12345", KEY)


def test_formatting_of_the_number_does_not_change_the_pseudonym():
    assert normalise_swe(" sw 000123 ") == "SW123"
    assert pseudonym("sw000123", KEY) == pseudonym("SW123", KEY)


def test_the_batch_and_the_record_normalise_swe_numbers_alike():
    """`SWE_KEY` (a batch's staff ids) and `normalise_swe` (pseudonyms, the rules across
    records) are one rule written twice: they agree on every string of up to 4 characters
    from letters, digits, zeros, spaces of several kinds, the separators \\x1c and \\x1f
    (spaces to Python's `re` but not to polars', and an HR file can hold them) and
    non-ASCII letters and digits (the record's quick path once kept "S 1" and " S1" as they
    were). `swe_key`, the same rule for any column (`census.beside` normalises HR records
    with it), agrees too."""
    alphabet = ["s", "S", "W", "0", "1", "9", " ", "\t", "\u00a0", "\x1c", "\x1f", "\u00df",
                "\u0661", "\u00e9"]
    texts = ["".join(p) for n in range(5) for p in itertools.product(alphabet, repeat=n)]
    batch = pl.DataFrame({"SWENo": texts}).select(SWE_KEY).to_series().to_list()
    assert pl.DataFrame({"any": texts}).select(swe_key(pl.col("any"))).to_series().to_list() \
        == batch
    differ = [(t, b, normalise_swe(t)) for t, b in zip(texts, batch, strict=True)
              if b != normalise_swe(t)]
    assert differ == []


def test_a_different_key_gives_a_different_pseudonym():
    assert pseudonym("SW12345", KEY) != pseudonym("SW12345", b"another council's key, 32 b")


def test_the_pseudonym_is_not_a_bare_hash_of_the_number():
    p = pseudonym("SW12345", KEY)
    for algo in ("sha256", "sha3_256", "md5", "sha1"):
        assert hashlib.new(algo, b"SW12345").hexdigest()[:32] not in p


def test_different_numbers_give_different_pseudonyms():
    assert len({pseudonym(f"SW{i}", KEY) for i in range(10_000)}) == 10_000


def test_short_keys_are_refused(tmp_path):
    (tmp_path / "k").write_text("short")
    with pytest.raises(ValueError, match="too short"):
        read_key(tmp_path / "k")
    (tmp_path / "k").write_text("0123456789abcdef0123456789abcdef\n")
    assert read_key(tmp_path / "k") == b"0123456789abcdef0123456789abcdef"


def test_import_with_a_key_holds_no_identities(tmp_path):
    path = write(tmp_path / "r.xml", 2024,
                 [worker(2024, "SW1001", PersonBirthDate="1980-04-17"), agency("SW2001")])
    result = load_return(path, key=KEY)
    people = result.tables["person"]
    assert sorted(people["staff_id"]) == sorted([pseudonym("SW1001", KEY),
                                                 pseudonym("SW2001", KEY)])
    assert people["swe_number"].null_count() == people.height
    assert people["qual_institution"].null_count() == people.height
    assert "SW1001" not in repr(result.tables)
    born = people.filter(people["staff_id"] == pseudonym("SW1001", KEY))["birth_date"][0]
    assert (born.year, born.month, born.day) == (1980, 4, 1)


def test_returns_pseudonymised_with_one_key_line_up_across_years(tmp_path):
    a = load_return(write(tmp_path / "a.xml", 2023, [worker(2023, "SW1")]), key=KEY)
    b = load_return(write(tmp_path / "b.xml", 2024, [worker(2024, "sw01")]), key=KEY)
    assert a.tables["person"]["staff_id"][0] == b.tables["person"]["staff_id"][0]
