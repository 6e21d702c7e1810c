"""Django models for the ledger, built from `workforce.ledger.tables` (one declaration).

Each table becomes a model with one field per column and a unique constraint on
(organisation, natural key), which is what makes re-imports idempotent. References between
tables are codes checked by the core on import, not database foreign keys: files arrive in
any order, regional alliances pool several organisations, and bulk loads stay fast.
`tests/web/test_models_match_tables.py` fails if models, migrations and tables drift apart.
"""

from __future__ import annotations

from django.db import models

from workforce.ledger.tables import TABLES, Column, Table

FIELD_FOR_KIND = {
    "str": lambda col: models.CharField(max_length=col.max_length, null=not col.required,
                                        blank=not col.required),
    "code": lambda col: models.CharField(max_length=col.max_length, null=not col.required,
                                         blank=not col.required),
    "int": lambda col: models.BigIntegerField(null=not col.required),
    "float": lambda col: models.FloatField(null=not col.required),
    "date": lambda col: models.DateField(null=not col.required),
    "bool": lambda col: models.BooleanField(null=not col.required),
}


def field_for(col: Column) -> models.Field:
    field = FIELD_FOR_KIND[col.kind](col)
    field.help_text = col.doc
    return field


def unique_fields(t: Table) -> list[str]:
    return list(t.key) if t.name == "organisation" else ["organisation", *t.key]


def _model_name(t: Table) -> str:
    return "".join(part.title() for part in t.name.split("_"))


def _build(t: Table) -> type[models.Model]:
    meta = type("Meta", (), {
        "db_table": f"ledger_{t.name}",
        "constraints": [models.UniqueConstraint(fields=unique_fields(t),
                                                name=f"ledger_{t.name}_natural_key")],
        "verbose_name": t.title,
    })
    attrs: dict[str, object] = {"__module__": __name__, "Meta": meta, "__doc__": t.doc}
    for col in t.columns:
        attrs[col.name] = field_for(col)
    return type(_model_name(t), (models.Model,), attrs)


LEDGER_MODELS: dict[str, type[models.Model]] = {name: _build(t) for name, t in TABLES.items()}
globals().update({m.__name__: m for m in LEDGER_MODELS.values()})


class LedgerVersion(models.Model):
    """Bumped on every import or edit of an organisation's ledger; caches key on it."""

    organisation = models.CharField(max_length=200, unique=True)
    version = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "ledger_version"

    def __str__(self) -> str:
        return f"{self.organisation} v{self.version}"
