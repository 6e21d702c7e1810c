"""strategy web app."""
