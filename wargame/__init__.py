"""wargame: a tabletop negotiation exercise engine.

Four seats negotiate an end to a war over a term sheet, through phases
sequenced by a state machine; adjudication rules drawn from real analysis
decide what each move does, and every rule that fires says why.
"""

__version__ = "0.1.0"
