"""Try the bot without a MAX token: the real bot against a built-in MAX emulator, a seeded demo
region, and a web chat to act as its people (`python -m bot demo`)."""
