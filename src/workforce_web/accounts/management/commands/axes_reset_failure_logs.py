"""`axes_reset_failure_logs`, as django-axes' and recorded in the audit log
(`accounts.unlocks`)."""

from axes.management.commands.axes_reset_failure_logs import Command as AxesCommand

from workforce_web.accounts.unlocks import Recorded


class Command(Recorded, AxesCommand):
    name = "axes_reset_failure_logs"
