"""Replay and review: transcripts, the rulebook in words, after-action reports."""
