"""The units a member may choose in a filter, worked out once per ledger version and scope.

Managers choose among their own units and those below; everyone else may also choose the whole
organisation. The `<option>` list is built here once, because a large organisation has
hundreds of units and a template loop over them costs more than the rest of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from workforce_web.accounts.access import units_in_scope
from workforce_web.accounts.models import Membership, Role
from workforce_web.dashboards.filters import unit_options
from workforce_web.measures_cache import org_ledger

_MEMO: dict[tuple, Choices] = {}


@dataclass
class Choices:
    """A member's unit choices; `key` names them in caches; `scope`: the units a manager's
    figures and targets are of (`units_in_scope`), None for everyone else
    (`strategy.access.target_units`)."""

    options: list[dict]
    whole_org: bool
    default: str
    key: str
    scope: set[str] | None = None
    _html: dict[str, SafeString] = field(default_factory=dict)

    @property
    def codes(self) -> set[str]:
        return {o["code"] for o in self.options}

    def select_html(self, selected: str) -> SafeString:
        """The `<option>` elements with `selected` marked."""
        if selected not in self._html:
            first = ['<option value="">Whole organisation</option>'] if self.whole_org else []
            rows = [f'<option value="{escape(o["code"])}"'
                    f'{" selected" if o["code"] == selected else ""}>{escape(o["label"])}'
                    "</option>" for o in self.options]
            self._html[selected] = mark_safe("".join(first + rows))  # noqa: S308 (escaped)
        return self._html[selected]


def for_member(m: Membership, version: int) -> Choices:
    """The member's choices for ledger `version`."""
    manager = m.role == Role.MANAGER
    key = (m.organisation, version, manager, tuple(m.units))
    if key not in _MEMO:
        if len(_MEMO) > 256:
            _MEMO.clear()
        scope = units_in_scope(m) if manager else None
        options = unit_options(org_ledger(m.organisation).unit, scope)
        codes = {o["code"] for o in options}
        default = next((u for u in m.units if u in codes), "") if manager else ""
        _MEMO[key] = Choices(options, not manager, default, "|".join(map(str, key)), scope)
    return _MEMO[key]
