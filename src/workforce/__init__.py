"""Workforce: the workforce ledger, measures and DfE returns for children's services."""
