"""Plain-English labels for the action codes the audit log records.

Every code written by `audit()` (the web views) and `audit_command()` (the `workforce`
commands) is listed here; a code missing from the list is shown as it is stored.
"""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    # person-level pages
    "view_people_list": "Viewed the people list",
    "view_person": "Viewed a person's record",
    "view_worklist": "Viewed the work lists",
    "export_worklist": "Downloaded a work list",
    # person-level pages refused (not in the user's area, or not for their role)
    "view_people_list_refused": "Was refused the people list",
    "view_person_refused": "Was refused a person's record",
    "view_worklist_refused": "Was refused the work lists",
    "export_worklist_refused": "Was refused a work list download",
    # other refused requests (not for the user's role, or not found)
    "census_check_refused": "Was refused a check of the census return",
    "census_download_refused": "Was refused the census return",
    "census_findings_refused": "Was refused the census return's findings",
    "upload_refused": "Was refused the Import data page",
    "create_report_refused": "Was refused producing a board report",
    "save_commentary_refused": "Was refused saving a board report's commentary",
    "view_audit_log_refused": "Was refused the audit log",
    "export_audit_log_refused": "Was refused the audit log download",
    # downloads
    "export_dashboard": "Downloaded a dashboard table",
    "export_report": "Downloaded a report",
    "export_strategy": "Downloaded a strategy action plan",
    # the census return
    "census_check": "Checked the census return",
    "census_download": "Downloaded the census return",
    "census_findings": "Downloaded the census return's findings",
    # changes
    "import": "Imported a data file",
    "import_refused": "Uploaded a data file that was not stored",
    "set_target": "Set a measure's target",
    "delete_target": "Deleted a measure's target",
    # signing in (`signins`): the user name tried, never the password
    "sign_in_failed": "Failed to sign in (wrong password)",
    "sign_in_paused": "Signing in paused after too many wrong passwords",
    "sign_in_refused_paused": "Tried to sign in while signing in was paused",
    "sign_in_pause_lifted": "Lifted a pause on signing in (command line)",
    "access_log_removed": "Removed records of signing in from the access log (command line)",
    "access_failure_log_removed": ("Removed records of failed sign-ins from the access "
                                   "failure log (command line)"),
    # the audit log itself
    "view_audit_log": "Viewed the audit log",
    "export_audit_log": "Downloaded the audit log",
    # `workforce` commands
    "cli_export": "Exported person-level data (command line)",
    "cli_census_export": "Exported the census return (command line)",
    "cli_measures_unsuppressed": "Computed measures with small numbers shown (command line)",
    "cli_report_unsuppressed": "Made a report with small numbers shown (command line)",
}


def label(action: str) -> str:
    """The action's plain-English label, or the code itself when it has none."""
    return ACTIONS.get(action, action)
