"""dashboards web app."""
