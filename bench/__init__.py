"""Region-scale benchmarks of the bot: `python -m bench` (all) or `python -m bench b2 ...`.

See docs/PERFORMANCE.md for the figures, the machine and the goals.
"""
