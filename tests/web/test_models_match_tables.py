"""The Django models mirror the core's table declarations, and migrations mirror the models."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from workforce.ledger import TABLES
from workforce_web.ledger.models import LEDGER_MODELS, unique_fields

DJANGO_TYPE = {"str": "CharField", "code": "CharField", "int": "BigIntegerField",
               "float": "FloatField", "date": "DateField", "bool": "BooleanField"}


@pytest.mark.parametrize("name", list(TABLES))
def test_model_fields_match_the_table_columns(name):
    model = LEDGER_MODELS[name]
    fields = {f.name: f for f in model._meta.get_fields() if f.name != "id"}
    table = TABLES[name]
    assert list(fields) == table.names
    for col in table.columns:
        assert fields[col.name].get_internal_type() == DJANGO_TYPE[col.kind], col.name
        assert fields[col.name].null == (not col.required), col.name
    constraint = model._meta.constraints[0]
    assert list(constraint.fields) == unique_fields(table)


@pytest.mark.django_db
def test_migrations_are_up_to_date_with_the_models():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
