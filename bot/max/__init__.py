"""Everything that talks to MAX: sending, rate limiting, polling, the webhook server,
reading updates, downloading files."""
