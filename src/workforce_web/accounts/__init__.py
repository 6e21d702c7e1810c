"""Users' roles and unit scope, and the audit log of who saw person-level data."""
