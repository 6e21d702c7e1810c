"""The Workforce web service (Django): stores the ledger, renders pages, checks access."""
