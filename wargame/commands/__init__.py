"""Subcommands of `wargame`, one module per group."""
