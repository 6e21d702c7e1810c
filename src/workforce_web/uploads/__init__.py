"""Upload HR extracts (CSV, XLSX) through the browser: admins and workforce leads."""
