"""Models the engine builds from values it has already checked, without validating them again.

Every event the engine makes, and every vote, note and term the fold records,
used to go through pydantic's validation: about a microsecond each, tens of
thousands a batch of games, for values that come from the scenario (validated
when it was loaded), from an action or a saved event (validated at the door)
or from the engine's own arithmetic. `trusted(Model, **fields)` builds the
same object as `Model(**fields)` would (the same field order, the same
defaults, the same fields counted as set, so it compares, dumps and hashes the
same) by filling a copy of the model's defaults.

Only for values the engine guarantees: anything from outside (save files,
moves files, the network, the command line) is validated at the edge as
before. The engine's fingerprint tests (`tests/test_engine_same_events.py`)
hash the JSON of every event, so a value of the wrong type (an int where a
float is dumped as `1.0`) would show there.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

M = TypeVar("M", bound=BaseModel)

_REQUIRED = object()
"""The placeholder of a required field in a model's template."""

_Template = tuple[dict[str, Any], frozenset[str], tuple[str, ...]]
_TEMPLATES: dict[type[BaseModel], _Template] = {}
"""Model -> (its fields in order with their defaults, its required fields,
the fields whose default is a mutable container)."""

_set = object.__setattr__


def _template(cls: type[BaseModel]) -> _Template:
    values: dict[str, Any] = {}
    mutable: list[str] = []
    for name, info in cls.model_fields.items():
        if info.is_required():
            values[name] = _REQUIRED
            continue
        default = info.get_default(call_default_factory=True) if info.default is PydanticUndefined else info.default
        values[name] = default
        if isinstance(default, list | dict | set):
            mutable.append(name)
    made = (values, frozenset(k for k, v in values.items() if v is _REQUIRED), tuple(mutable))
    _TEMPLATES[cls] = made
    return made


def trusted(cls: type[M], **fields: Any) -> M:
    """`cls(**fields)` without validation, for values the engine guarantees valid."""
    template, required, mutable = _TEMPLATES.get(cls) or _template(cls)
    values = template.copy()
    values.update(fields)  # keys already in the template keep its (the fields') order
    if len(values) != len(template) or not required <= fields.keys():
        missing = sorted(required - fields.keys())
        unknown = [k for k in fields if k not in template]
        raise TypeError(f"{cls.__name__}: missing {missing}, unknown {unknown}")
    for name in mutable:
        if name not in fields:
            values[name] = values[name].copy()
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(fields))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model
