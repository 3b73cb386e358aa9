"""Benchmarks: how fast bots play and how fast a large save opens for review.

They drive the whole stack (the session, the store, the review and the TUI in
a headless Pilot), so they sit at the top, beside the commands, and no layer
below imports them. `wargame bench` and the scripts in `bench/` run them.
"""
