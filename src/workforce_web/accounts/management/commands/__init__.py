"""django-axes' reset commands, each doing what axes's does and recording it in the audit log
(`accounts.unlocks`). They replace axes's own because the accounts app comes before axes in
`INSTALLED_APPS` (Django runs the first app's command of a name)."""
