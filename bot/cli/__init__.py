"""The `python -m bot` commands: one module per command group."""
