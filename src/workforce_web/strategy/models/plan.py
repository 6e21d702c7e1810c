"""The strategy, its themes and objectives, its actions with their progress updates, and the
"you said, we did" feedback log."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.db import IntegrityError, models, transaction

from workforce.strategy.plan import ACTION_STATUSES, DATED_FIELDS, OVERRIDE_RAGS
from workforce_web import locks


class Strategy(models.Model):
    """An organisation's strategy and action plan over a period."""

    organisation = models.CharField(max_length=200, db_index=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "title"]
        constraints = [models.UniqueConstraint(fields=["organisation", "title"],
                                               name="strategy_title_unique")]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.title


class Theme(models.Model):
    """A theme of the strategy ("Leadership and culture"). `ref`: its short reference in
    the strategy ("TH1"), given when it is first saved and kept when it is renamed, which
    the workbook's Themes sheet writes so that a theme renamed there is found again."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="themes")
    ref = models.CharField(max_length=20, blank=True, editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["strategy", "title"],
                                               name="theme_title_unique"),
                       models.UniqueConstraint(fields=["strategy", "ref"],
                                               condition=~models.Q(ref=""),
                                               name="theme_ref_unique")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        """Save the theme; one without a ref (a new theme) is given the next of its
        strategy's, safely when other themes are given refs at the same moment
        (`lock_themes`, `with_next_ref`)."""
        if self.ref:
            super().save(*args, **kwargs)
            return

        def store(ref: str) -> None:
            self.ref = ref
            super(Theme, self).save(*args, **kwargs)

        try:
            with transaction.atomic():
                lock_themes(self.strategy_id)
                taken = list(Theme.objects.filter(strategy_id=self.strategy_id)
                             .values_list("ref", flat=True))
                with_next_ref(self.strategy_id, taken, store)
        except Exception:
            self.ref = ""  # not saved: no ref of the strategy's
            raise


def next_theme_ref(taken: Iterable[str]) -> str:
    """The ref after the highest "TH<n>" of `taken`: TH1 for the first theme."""
    numbers = [int(r[2:]) for r in taken if r[:2] == "TH" and r[2:].isdigit()]
    return f"TH{max(numbers, default=0) + 1}"


def lock_themes(strategy_id: int) -> None:
    """Hold the strategy's row until the transaction ends, so that two requests giving its
    new themes refs (a theme added on the form, a workbook's import) do so one after the
    other, the second reading the refs the first stored; and so that a save on the web
    (`services`) and an import of the plan are stored one after the other, the import
    comparing its workbook with the plan as the save left it. PostgreSQL: SELECT ... FOR
    NO KEY UPDATE, which rows referring to the strategy (its history, its actions) do not
    wait for.
    SQLite has no row locks (Django leaves the query as it is) but lets one transaction
    write at a time, and each takes that lock as it begins (`settings.SQLITE_OPTIONS`), so
    the second waits for the first; `with_next_ref` covers any that did not wait."""
    list(Strategy.objects.select_for_update(no_key=True).filter(pk=strategy_id)
         .values_list("pk", flat=True))


def lock_organisation(organisation: str) -> None:
    """Hold `organisation`'s strategies as a whole until the transaction ends, when it may
    have none to lock: for what makes a strategy (an import, the New strategy page) and what
    stores what the strategies share (`lock_strategies`), so that two of them each making
    the first strategy, or one of a title, do so one after the other, the second finding
    the first's. PostgreSQL: the organisation's advisory lock of its strategy plans
    (`workforce_web.locks`, first key `locks.STRATEGIES`, which no import of the ledger
    waits for). It is taken before any strategy's row lock, and nothing holding a row lock
    then takes it, so no two transactions wait for each other for ever. SQLite lets one
    transaction write at a time: nothing to take."""
    locks.lock_organisation(locks.STRATEGIES, organisation)


def lock_strategies(organisation: str) -> None:
    """Hold the rows of every strategy of `organisation` until the transaction ends, as
    `lock_themes` holds one, taken in one order (the organisation's lock, then by id) so
    that two such saves wait for each other rather than for ever: for a save of what its
    strategies share (a tracked measure and its values, which the import of any of them
    stores), and an import, which may make a strategy (`lock_organisation`)."""
    lock_organisation(organisation)
    list(Strategy.objects.select_for_update(no_key=True).filter(organisation=organisation)
         .order_by("pk").values_list("pk", flat=True))


REF_TRIES = 5
"""How many refs `with_next_ref` tries before giving up."""

_Saved = TypeVar("_Saved")


def with_next_ref(strategy_id: int, taken: list[str], save: Callable[[str], _Saved],
                  tries: int = REF_TRIES) -> _Saved:
    """`save(ref)` with the ref after those `taken` (`next_theme_ref`), in a savepoint. When
    it breaks the strategy's unique refs (another theme was given that ref since `taken` was
    read, by a request that did not wait for `lock_themes`), the ref after the strategy's
    stored ones is tried, up to `tries` refs in all; any other IntegrityError (a title
    taken) is raised as it is. The ref given is added to `taken`, with the stored refs
    read."""
    ref = next_theme_ref(taken)
    try:
        with transaction.atomic():
            saved = save(ref)
    except IntegrityError:
        stored = list(Theme.objects.filter(strategy_id=strategy_id)
                      .values_list("ref", flat=True))
        if ref not in stored or tries <= 1:
            raise
    else:
        taken.append(ref)
        return saved
    taken.extend(stored)
    return with_next_ref(strategy_id, taken, save, tries - 1)


class Objective(models.Model):
    """An objective or outcome of a theme: what will be different."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    """An action of the plan. Its RAG is computed (`workforce.strategy.rag.action_rag`); only
    an override, with its reason, is stored. `added_on`: the day it was added to the plan
    (`workforce.strategy.plan.Action.added_on`: a quarter's review and board report list
    only the actions added by its end); null: in the plan from the start."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="actions")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(Objective, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="actions")
    ref = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="strategy_actions",
                              help_text="Who may update the action.")
    owner_name = models.CharField(max_length=200, blank=True,
                                  help_text="How the plan names the owner.")
    lead_unit = models.CharField(max_length=40, blank=True)
    start = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=list(ACTION_STATUSES.items()),
                              default="not_started")
    rag_override = models.CharField("RAG override", max_length=10, blank=True,
                                    choices=[(r, r.title()) for r in OVERRIDE_RAGS])
    override_reason = models.TextField(blank=True)
    added_on = models.DateField("added to the plan on", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["theme__position", "ref"]
        constraints = [models.UniqueConstraint(fields=["strategy", "ref"],
                                               name="action_ref_unique")]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"


class ProgressUpdate(models.Model):
    """A dated progress update on an action, with an optional link to evidence."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=150, blank=True)
    evidence = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.action.ref} {self.on}"


class DatedValue(models.Model):
    """A value an action's due date, RAG override or status took, from the day it was set
    (`on`) until the next (`workforce.strategy.plan.Dated`), so a quarter's actions are read with
    the values in effect then. `on` is null for the value an action had before its changes
    were first recorded."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="dated")
    field = models.CharField(max_length=20, choices=[(f, f) for f in DATED_FIELDS])
    on = models.DateField(null=True, blank=True)
    value = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.action.ref} {self.field} {self.on}"


class Feedback(models.Model):
    """A "you said, we did" entry, linked to the actions that answer it."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="feedback")
    on = models.DateField()
    source = models.CharField(max_length=200, blank=True)
    you_said = models.TextField()
    we_did = models.TextField(blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="feedback")

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return self.you_said[:60]
