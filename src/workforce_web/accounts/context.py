"""Template context: the signed-in user's membership and organisation name."""

from __future__ import annotations

from workforce_web.ledger.models import LEDGER_MODELS


def membership(request):
    m = getattr(request.user, "membership", None) if request.user.is_authenticated else None
    if m is None:
        return {"membership": None}
    org = LEDGER_MODELS["organisation"].objects.filter(code=m.organisation).first()
    return {"membership": m, "organisation_name": org.name if org else m.organisation}
