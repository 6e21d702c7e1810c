"""The census page: build the DfE CSWW return from the ledger, check it, download it."""
