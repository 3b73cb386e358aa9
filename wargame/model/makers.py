"""Models made on the engine's hot path: validated, without pydantic's Python `__init__`.

`Model(**fields)` runs `BaseModel.__init__`, a Python function that hands the
fields to the model's validator (compiled, in pydantic-core). On this
machine the wrapper costs about as much as the validation: 1.4 µs for a
`TurnEnded` against 0.9 µs for its validator alone, and the engine makes a
few such objects per action (the event, the note, vote or term the fold
records, the action a save's event is read back as). `make(Model, fields)`
calls the validator itself with a dict of the fields: the same validation
(an unknown or wrong-typed field still raises `ValidationError`), the same
object (field order, defaults, the fields counted as set), so it compares,
dumps and hashes the same. Nothing is trusted that was not before.

One exception, `Trusted`: a rule's event, whose every field the engine has
from validated data, is filled without a second validation (see there).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def make(cls: type[M], fields: dict[str, Any]) -> M:
    """`cls(**fields)`, validated, made faster: `make(Vote, {"round": 1, ...})`.
    Fields by name or by alias, as the model accepts them."""
    return cls.__pydantic_validator__.validate_python(fields)  # type: ignore[no-any-return]  # (no `cast`: a call)


_set = object.__setattr__


class Trusted(Generic[M]):
    """Makes models of one class from fields the engine has already checked.

    A rule's event is built from what was validated before: the rulebook
    (when the scenario loaded) and numbers the engine computed. Running the
    validator again on its fourteen fields cost 2.6 µs a `RuleFired` (four or
    five a round), against 0.9 µs for filling the model as the validator
    would. `Trusted(RuleFired)(fields)` takes every field, by name, in the
    model's order, counts them as set, and checks no value: anything else (a
    field missing, one more, another order) goes through the validator
    instead, so a mistake is slower, never a different model. The dict given
    becomes the model's own: give a new one each time.
    `tests/test_engine_hot_path.py` checks every event of random games
    against what the validator makes of it. For a small model the validator
    costs about what this does, so the others keep it (`make`).
    """

    __slots__ = ("cls", "names")

    def __init__(self, cls: type[M]) -> None:
        self.cls = cls
        self.names = tuple(cls.model_fields)

    def __call__(self, fields: dict[str, Any]) -> M:
        if tuple(fields) != self.names:
            return make(self.cls, fields)
        obj = self.cls.__new__(self.cls)
        _set(obj, "__dict__", fields)
        _set(obj, "__pydantic_fields_set__", set(fields))
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        return obj
