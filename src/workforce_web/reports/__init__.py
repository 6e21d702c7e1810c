"""Board and committee reports: choose the quarter, write commentary per section, download
the PDF or the workbook. The report itself is built by `workforce.reports`."""
