"""Sessions: a game wired to its players (humans, scripts, bots) and its save."""
