"""Copies of one export imported one after the other: no import silently undoes a change made
since its workbook was exported (by another copy's import, or on the web).

An exploratory tester exported the plan, gave Bob's copy a new title for one action and
Alice's copy a new title for another, and imported Bob's, then Alice's: Alice's import put
Bob's action's title back as exported (both copies carried the export's last change, which
let the second in as "the same workbook edited further"). Now every value is checked three
ways (`workforce.strategy.merge`): a value a workbook leaves as exported keeps the plan's
change, and one it changes that the plan changed since refuses it, naming the cell and who
made the change, unless told to replace; the same workbook imported again changes nothing.
These run on SQLite and PostgreSQL (`make test-postgres`).
"""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_import import _problem_rows
from tests.web.test_strategy_import_stale import PAGE_HINT_END, _set_status, assert_undoes
from workforce_web.strategy import pages, services
from workforce_web.strategy.history import record
from workforce_web.strategy.models import (
    Action,
    Change,
    Feedback,
    Target,
    Theme,
    TrackedValue,
)
from workforce_web.strategy.store import save_plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def edited(data: bytes, sheet: str, ref: str, **cells: object) -> bytes:
    """The workbook with the row of `ref` (first column) on `sheet` given `cells` by their
    headers (underscores for spaces), saved as Excel would (openpyxl)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book[sheet]
    columns = {str(c.value).rstrip(" *"): c.column for c in ws[1]}
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == ref)
    for header, value in cells.items():
        ws.cell(row, columns[header.replace("_", " ")]).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def without_exported_values(data: bytes) -> bytes:
    """The workbook as exports before this wrote it: no sheet of the values exported."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    if "Exported values" in book.sheetnames:  # (`wb.EXPORTED`)
        del book["Exported values"]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(data: bytes, user=None, **more):
    return services.import_workbook("T1", data, "plan.xlsx", user, **more)


def _titles() -> dict[str, str]:
    return dict(Action.objects.values_list("ref", "title"))


def _copies(strategy) -> tuple[bytes, bytes]:
    """The tester's two copies of one export: Bob's gives A1 a new title, Alice's A2."""
    export = pages.export(strategy, date.today())
    return (edited(export, "Actions", "A1", Action="Bob's title"),
            edited(export, "Actions", "A2", Action="Alice's title"))


def _changed(stored) -> int:
    return sum(stored.changed.values()) + sum(stored.created.values())


@pytest.mark.parametrize("older", [False, True], ids=["export", "export-without-values"])
def test_a_copy_of_the_export_does_not_undo_another_copys_import(strategy, personas, older):
    """The tester's steps: Bob's copy, then Alice's; each import again. An export from
    before exports kept their values is refused where the plan's history shows that the
    value it would change was changed since (it cannot tell a value left as exported)."""
    bob, alice = _copies(strategy)
    if older:
        bob, alice = without_exported_values(bob), without_exported_values(alice)
    stored, problems = _import(bob)
    assert problems == [] and _changed(stored) == 1
    assert _titles() == {"A1": "Bob's title", "A2": "Train mental health first aiders"}

    stored, problems = _import(alice)
    if older:
        assert stored is None
        [problem] = problems
        assert (problem.sheet, problem.row, problem.column, problem.value) == (
            "Actions", 2, "Action", "Agree a market supplement")
        assert "by the system on" in problem.message and "(Action A1)" in problem.message
        assert _titles()["A1"] == "Bob's title"
        return
    assert problems == [] and _changed(stored) == 1
    assert _titles() == {"A1": "Bob's title", "A2": "Alice's title"}
    history = list(Change.objects.filter(item__in=("Action A1", "Action A2"))
                   .order_by("id").values_list("item", "summary"))
    assert history[-2:] == [("Action A1", "Title: Agree a market supplement → Bob's title"),
                            ("Action A2", "Title: Train mental health first aiders → "
                                          "Alice's title")]
    for data in (bob, alice):  # each imported again: nothing changes, nothing refused
        stored, problems = _import(data)
        assert problems == [] and _changed(stored) == 0
    assert _titles() == {"A1": "Bob's title", "A2": "Alice's title"}


def test_a_copy_that_changes_what_another_changed_is_refused_naming_the_cell_and_who(
        strategy, personas):
    lead = personas["lead"]
    bob, alice = _copies(strategy)
    assert _import(bob, lead)[1] == []
    alice = edited(alice, "Actions", "A1", Action="Alice's A1")
    changes = Change.objects.count()
    stored, [problem] = _import(alice, personas["manager_a"])
    assert stored is None
    assert_undoes(problem, ("Actions", 2, "Action", "Alice's A1"), "Action A1", "Bob's title")
    assert _titles() == {"A1": "Bob's title", "A2": "Train mental health first aiders"}
    assert Change.objects.count() == changes  # nothing stored, A2's change neither

    stored, problems = _import(alice, personas["manager_a"], replace_newer=True)
    assert problems == [] and stored is not None
    assert _titles() == {"A1": "Alice's A1", "A2": "Alice's title"}
    assert Change.objects.filter(item="Action A1").first().username == "manager_a"


def test_the_same_workbook_edited_further_is_imported_and_refused_only_where_it_clashes(
        strategy, personas):
    """A workbook imported, then edited further: a value it had not changed is imported;
    one it changes again after its own import cannot be told from another copy's change
    of it, so it is refused as one (a new export, or the box, lets it in)."""
    bob, _ = _copies(strategy)
    assert _import(bob)[1] == []
    further = edited(bob, "Actions", "A2", Owner_name="Head of HR")
    stored, problems = _import(further)
    assert problems == [] and _changed(stored) == 1
    assert Action.objects.get(ref="A2").owner_name == "Head of HR"
    again = edited(further, "Actions", "A1", Action="Bob's second title")
    stored, [problem] = _import(again)
    assert stored is None and (problem.row, problem.column) == (2, "Action")
    assert _titles()["A1"] == "Bob's title"


def test_a_change_on_the_web_since_the_export_is_kept_or_refused(strategy, personas):
    """Status changed on the web after the export: a copy that leaves the status keeps it
    (and stores its own change); a copy that changes it too is refused."""
    lead = personas["lead"]
    export = pages.export(strategy, date.today())
    _set_status(strategy, lead, "A2", "blocked")
    stored, problems = _import(edited(export, "Actions", "A2", Owner_name="Head of HR"), lead)
    assert problems == [] and _changed(stored) == 1
    a2 = Action.objects.get(ref="A2")
    assert (a2.status, a2.owner_name) == ("blocked", "Head of HR")

    stored, [problem] = _import(edited(export, "Actions", "A2", Status="Complete"), lead)
    assert stored is None
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Actions", 3, "Status", "Complete")
    assert "by lead on" in problem.message and "it is now “Blocked”" in problem.message
    assert Action.objects.get(ref="A2").status == "blocked"


def test_themes_renamed_and_reordered_and_values_entered_since_are_kept(strategy, personas):
    """What the web changed since the export in a theme (its title, its objectives, the
    themes' order), a target and a tracked measure's values is kept by a workbook that left
    them as exported, which stores what it changed itself."""
    lead = personas["lead"]
    export = pages.export(strategy, date.today())
    first, second = Theme.objects.order_by("position")
    Theme.objects.filter(pk=first.pk).update(title="Our people", position=5)
    first.objectives.update(title="Fewer agency staff")
    Target.objects.filter(ref="T01").update(target_value=15.0)
    TrackedValue.objects.filter(period="2025-Q3").update(value=19.5)
    workbook = edited(export, "Targets", "T01", Note="Checked by finance")
    workbook = edited(workbook, "Actions", "A2", Action="Train first aiders")

    stored, problems = _import(workbook, lead)
    assert problems == [] and stored is not None
    assert list(Theme.objects.order_by("position").values_list("title", flat=True)) == [
        "Wellbeing", "Our people"]
    assert list(Theme.objects.get(pk=first.pk).objectives.values_list("title", flat=True)) == [
        "Fewer agency staff"]
    t01 = Target.objects.get(ref="T01")
    assert (t01.target_value, t01.note) == (15.0, "Checked by finance")
    assert TrackedValue.objects.get(period="2025-Q3").value == 19.5
    a1, a2 = Action.objects.order_by("ref")
    assert (a1.theme.title, a2.title) == ("Our people", "Train first aiders")


def test_a_row_the_workbook_adds_that_the_plan_gained_since_is_refused(strategy, personas):
    export = pages.export(strategy, date.today())
    book = openpyxl.load_workbook(io.BytesIO(export))
    book["Actions"].append(["A3", "Wellbeing", None, "Workbook's A3"])
    out = io.BytesIO()
    book.save(out)
    Action.objects.create(strategy=strategy, theme=Theme.objects.get(title="Wellbeing"),
                          ref="A3", title="Web's A3")
    record(strategy, personas["lead"], "Action A3", "Created", "action",
           Action.objects.get(ref="A3").pk)
    stored, [problem] = _import(out.getvalue(), personas["lead"])
    assert stored is None
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Actions", 4, "Action", "Workbook's A3")
    assert "by lead on" in problem.message and "it is now “Web's A3”" in problem.message


def _upload(client, data: bytes, **more):
    return client.post("/strategy/import/",
                       {"file": SimpleUploadedFile("plan.xlsx", data, XLSX), **more})


def test_the_page_keeps_another_copys_import_and_shows_a_clash(as_user, strategy):
    client = as_user("lead")
    export = client.get(f"/strategy/{strategy.pk}/export.xlsx").content
    bob = edited(export, "Actions", "A1", Action="Bob's title")
    alice = edited(export, "Actions", "A2", Action="Alice's title")
    for data in (bob, alice, bob):
        response = _upload(client, data)
        assert response.status_code == 302, response.content.decode()[-3000:]
    assert _titles() == {"A1": "Bob's title", "A2": "Alice's title"}

    clash = edited(alice, "Actions", "A1", Action="Alice's A1")
    page = _upload(client, clash).content.decode()
    assert "nothing from it was stored" in page
    [row] = _problem_rows(page)
    assert row[:5] == ["plan.xlsx", "Actions", "2", "Action", "Alice's A1"]
    assert "by lead on" in row[5] and "it is now “Bob's title”" in row[5]
    assert row[5].endswith(PAGE_HINT_END)
    assert _titles()["A1"] == "Bob's title"
    response = _upload(client, clash, replace_newer="on")
    assert response.status_code == 302
    assert _titles() == {"A1": "Alice's A1", "A2": "Alice's title"}


def test_the_command_follows_the_testers_steps(strategy, personas, tmp_path):
    export = tmp_path / "export.xlsx"
    export.write_bytes(pages.export(strategy, date.today()))
    bob, alice = tmp_path / "bob.xlsx", tmp_path / "alice.xlsx"
    bob.write_bytes(edited(export.read_bytes(), "Actions", "A1", Action="Bob's title"))
    alice.write_bytes(edited(export.read_bytes(), "Actions", "A2", Action="Alice's title"))
    said = []
    for path in (bob, alice, bob):
        out = io.StringIO()
        call_command("strategy", "import", str(path), "--org", "T1", stdout=out)
        said.append(out.getvalue().strip())
    assert said == ["Imported Workforce strategy 2025-28: 0 added, 1 changed.",
                    "Imported Workforce strategy 2025-28: 0 added, 1 changed.",
                    "Imported: nothing had changed since the last import."]
    assert _titles() == {"A1": "Bob's title", "A2": "Alice's title"}
    alice.write_bytes(edited(alice.read_bytes(), "Actions", "A1", Action="Alice's A1"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="was not imported"):
        call_command("strategy", "import", str(alice), "--org", "T1", stderr=err,
                     stdout=io.StringIO())
    assert "alice.xlsx, sheet Actions, row 2, column Action" in err.getvalue()
    assert "import it again with --replace-newer" in err.getvalue()
    call_command("strategy", "import", str(alice), "--org", "T1", "--replace-newer",
                 stdout=io.StringIO())
    assert _titles()["A1"] == "Alice's A1"


@pytest.mark.parametrize("older", [False, True], ids=["export", "export-without-values"])
def test_a_row_the_plan_renamed_since_the_export_is_refused_not_added_back(
        strategy, personas, older):
    """A reviewer renamed an action and reworded a feedback entry on the web after the export,
    then imported a copy that edits another action: the copy's rows under their old keys were
    taken for new rows and added back beside the renamed ones. Now each is refused at its
    cell, unless told to replace the plan's changes (which stores the workbook as it is)."""
    lead = personas["lead"]
    export = pages.export(strategy, date.today())
    a2 = Action.objects.get(ref="A2")
    Action.objects.filter(pk=a2.pk).update(ref="A2b")
    record(strategy, lead, "Action A2b", "Ref: A2 → A2b", "action", a2.pk)
    entry = Feedback.objects.get()
    Feedback.objects.filter(pk=entry.pk).update(you_said="Too many agency staff!")
    record(strategy, lead, "Feedback Too many agency staff!",
           "You said: Too many agency staff → Too many agency staff!", "feedback", entry.pk)
    workbook = edited(export, "Actions", "A1", Action="Copy's title")
    if older:
        workbook = without_exported_values(workbook)

    stored, problems = _import(workbook, lead)
    assert stored is None
    assert [(p.sheet, p.row, p.column, p.value) for p in problems] == [
        ("Actions", 3, "Ref", "A2"), ("Feedback", 2, "You said", "Too many agency staff")]
    on = timezone.localtime().date()
    assert problems[0].message == (
        "The plan no longer has this action: it was renamed or removed since the workbook was "
        f"exported, by lead on {on.day} {on:%b %Y} (Action A2b). Importing the workbook would "
        "add it back")
    assert problems[0].hint == ("Export the plan again and make your changes in the new copy, "
                                "or choose to replace the changes made since the export.")
    assert sorted(_titles()) == ["A1", "A2b"] and Feedback.objects.count() == 1

    stored, problems = _import(workbook, lead, replace_newer=True)
    assert problems == [] and stored is not None
    assert sorted(_titles()) == ["A1", "A2", "A2b"] and Feedback.objects.count() == 2


def test_a_row_added_in_the_workbook_is_not_taken_for_one_the_plan_renamed(strategy, personas):
    export = pages.export(strategy, date.today())
    book = openpyxl.load_workbook(io.BytesIO(export))
    book["Actions"].append(["A3", "Wellbeing", None, "Workbook's A3"])
    out = io.BytesIO()
    book.save(out)
    stored, problems = _import(out.getvalue(), personas["lead"])
    assert problems == [] and sorted(_titles()) == ["A1", "A2", "A3"]
