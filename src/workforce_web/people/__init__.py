"""Person-level pages: the people list and a person's record (audited, role- and unit-scoped)."""
