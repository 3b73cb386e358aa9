"""An append-only list that forks in constant time: the game state's logs.

The state keeps logs that only grow (messages, votes, the rules fired, the
levers pulled, ...). Adjudication and `Game.preview` fold events into a fork
of the state, and copying every log at every fork made a long game's cost
quadratic in its events. A `Log` is a view of the first `len` items of a
list that forks share: appending at the end of the shared list costs nothing
more; a fork that appends where another already did checks the item there
and, if it is equal, only moves on (the usual case: the game folds the very
events its adjudication made on a fork), otherwise it copies its own items
and goes its own way. Items are never changed in place (the fold replaces,
never edits), so sharing them is safe.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar, get_args, overload

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

T = TypeVar("T")


class Log(Sequence[T]):
    """A read-only sequence with `append`, and `fork` in O(1)."""

    __slots__ = ("_items", "_n")

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._items: list[T] = list(items)
        self._n = len(self._items)

    def fork(self) -> Log[T]:
        other: Log[T] = Log.__new__(Log)
        other._items = self._items
        other._n = self._n
        return other

    copy = fork

    def append(self, item: T) -> None:
        items, n = self._items, self._n
        if n == len(items):
            items.append(item)
        elif items[n] != item:
            self._items = items[:n]
            self._items.append(item)
        self._n = n + 1

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[T]:
        return islice(self._items, self._n)

    def __reversed__(self) -> Iterator[T]:
        items, n = self._items, self._n
        if n == len(items):
            return reversed(items)  # the usual case: this log holds the whole list
        return (items[i] for i in range(n - 1, -1, -1))

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._n)
            if step > 0:
                # within the view's bounds: no copy of the whole shared list
                return self._items[start:stop:step]
            return self._items[: self._n][index]
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError("log index out of range")
        return self._items[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Log):
            return self._n == other._n and (self._items is other._items or list(self) == list(other))
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Log({list(self)!r})"

    def __deepcopy__(self, memo: dict[int, Any]) -> Log[T]:
        return Log(copy.deepcopy(list(self), memo))

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        """Validated and serialized as a list of its item type."""
        args = get_args(source)
        item = handler.generate_schema(args[0]) if args else core_schema.any_schema()
        items = core_schema.list_schema(item)
        from_list = core_schema.no_info_after_validator_function(Log, items)
        return core_schema.union_schema(
            [core_schema.is_instance_schema(cls), from_list],
            serialization=core_schema.wrap_serializer_function_ser_schema(lambda v, nxt: nxt(list(v)), schema=items),
        )
