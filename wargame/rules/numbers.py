"""Numbers in rules: a literal, `$param`, `@indicator`, products and sums of them.

Split out of `rules.engine` so that `rules.firing`, which compiles them, and
the engine, which reads them, share one parser without importing each other.
"""

from __future__ import annotations

import re
from typing import Any

_TERMS = re.compile(r"\s+([+-])\s+")
"""Terms of a sum are split at a `+` or `-` with spaces around it."""
_FACTOR = re.compile(r"([$@])(\w+)")


def number(value: Any, params: dict[str, float]) -> float:
    """A number from a rule: a literal, `$param`, `@indicator` (its value now),
    a product of them (`$per_day*$days`), or a sum of products
    (`$pull*$anchor - $pull*@momentum`, spaces around the `+` and `-`)."""
    if not isinstance(value, str):
        return float(value)
    parsed = _PARSED.get(value)
    if parsed is None:
        parsed = _PARSED[value] = _parse(value)
    first, rest = parsed
    total = _product(first, params)
    for plus, term in rest:
        total += _product(term, params) if plus else -_product(term, params)
    return total


_Product = tuple[float, tuple[str | float, ...]]
"""A product parsed once: its sign and its factors in order (a parameter's
key, or a literal), multiplied in the order written, as before."""
_PARSED: dict[str, tuple[_Product, tuple[tuple[bool, _Product], ...]]] = {}
"""Number texts parsed once (the rulebook has a few dozen; parsing was a tenth of a round)."""


def _parse(value: str) -> tuple[_Product, tuple[tuple[bool, _Product], ...]]:
    pieces = _TERMS.split(value.strip())
    rest = tuple((sign == "+", _parse_product(term)) for sign, term in zip(pieces[1::2], pieces[2::2], strict=True))
    return _parse_product(pieces[0]), rest


def _parse_product(text: str) -> _Product:
    text = text.strip()
    sign = -1.0 if text.startswith("-") else 1.0
    factors: list[str | float] = []
    for factor in text.lstrip("-").split("*"):
        factor = factor.strip()
        m = _FACTOR.fullmatch(factor)
        if m:
            factors.append(m.group(2) if m.group(1) == "$" else factor)
        else:
            factors.append(float(factor))
    return sign, tuple(factors)


def _product(parsed: _Product, params: dict[str, float]) -> float:
    result, factors = parsed
    for factor in factors:
        result *= float(params[factor]) if isinstance(factor, str) else factor
    return result


def parsed(value: str) -> tuple[_Product, tuple[tuple[bool, _Product], ...]]:
    """A number text parsed once: its first product, then (plus?, product) for each further term."""
    hit = _PARSED.get(value)
    if hit is None:
        hit = _PARSED[value] = _parse(value)
    return hit
