"""docs/measures.md is generated from the registry and must be kept up to date."""

from __future__ import annotations

from workforce.measures import all_measures
from workforce.measures.docs import DOCS, render_markdown
from workforce.measures.output import EXPORT_FORMAT


def test_docs_measures_md_is_up_to_date():
    assert DOCS.exists(), "run `python -m workforce.measures.docs` to create docs/measures.md"
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        "docs/measures.md is stale: run `python -m workforce.measures.docs`")


def test_every_measure_has_a_section_with_its_definition():
    text = render_markdown()
    for m in all_measures().values():
        assert f"### {m.id}: {m.title}" in text
        assert m.definition.strip().splitlines()[0] in text


def test_local_variants_are_labelled_in_the_docs():
    text = render_markdown()
    section = text.split("### M10b:", 1)[1].split("###", 1)[0]
    assert "Local variant" in section


def test_the_export_format_is_documented_as_stable():
    assert "## Export format (stable)" in render_markdown()
    assert "`suppressed`" in EXPORT_FORMAT and "never zero" in EXPORT_FORMAT
