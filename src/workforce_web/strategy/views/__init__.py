"""Strategy views: each looks up and authorises (`strategy.access`), makes one call
(`strategy.pages` to show, `strategy.services` to change, `strategy.reviewing` for
reviews) and renders."""
