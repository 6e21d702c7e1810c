"""DfE published files shipped as package data: see release.json for the release."""
