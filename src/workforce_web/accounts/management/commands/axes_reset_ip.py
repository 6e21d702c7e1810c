"""`axes_reset_ip`, as django-axes' and recorded in the audit log (`accounts.unlocks`)."""

from axes.management.commands.axes_reset_ip import Command as AxesCommand

from workforce_web.accounts.unlocks import Recorded


class Command(Recorded, AxesCommand):
    name = "axes_reset_ip"
