import logging

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

from workforce.measures.suppression import DEFAULT_THRESHOLD


class AccountsConfig(AppConfig):
    name = "workforce_web.accounts"
    label = "accounts"

    def ready(self) -> None:
        from workforce_web.accounts import signins, unlocks

        signins.connect()
        unlocks.connect()
        checks.register(suppression_threshold_check, checks.Tags.security)
        for warning in suppression_threshold_check():  # under any server, not runserver only
            logging.getLogger("workforce").warning("%s (%s) %s", warning.msg, warning.id,
                                                   warning.hint)


def suppression_threshold_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A warning (logged when the app starts under any server, and from Django's `check`)
    when the deployment suppresses fewer small numbers than the default: allowed, for a
    council whose own rules say so, but never unnoticed, since a count of 1 to 4 people can
    identify them."""
    value = settings.SUPPRESSION_THRESHOLD
    if value >= DEFAULT_THRESHOLD:
        return []
    few = "one person" if value <= 1 else f"{value} people"
    return [checks.Warning(
        f"SUPPRESSION_THRESHOLD is {value}: figures about as few as {few} are shown, "
        "and can identify them.",
        hint=f"Unset it for the default of {DEFAULT_THRESHOLD}, or set it to "
             f"{DEFAULT_THRESHOLD} or more, unless your organisation's rules require less.",
        id="workforce.W001")]
