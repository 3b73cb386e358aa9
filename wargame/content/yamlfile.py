"""Reading YAML the safe way, with line numbers for every error.

`yaml.safe_load` semantics, plus two things PyYAML does not do: a duplicate key
is an error (a facilitator's typo must not pass silently), and every value can
be traced back to its line and column, so a pydantic error's location becomes
`file:line:col`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from wargame.errors import ContentError, Located

M = TypeVar("M", bound=BaseModel)


# libyaml's parser when PyYAML was built with it (about ten times faster on the
# bundled scenario); the constructor is PyYAML's safe one either way.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):  # type: ignore[misc]
    """SafeLoader that refuses duplicate keys."""


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        if key_node.tag == _MERGE_TAG:
            continue  # `<<: *anchor`: merged keys may be overridden, as in safe_load
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value, not a list or a mapping", key_node.start_mark
            ) from None
        if key in seen:
            first = seen[key].start_mark.line + 1
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first given on line {first}); keep one of them",
                key_node.start_mark,
            )
        seen[key] = key_node
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,  # type: ignore[arg-type]
)


MAX_NODES = 200_000
"""The most values a YAML document may hold once its aliases are expanded
(the bundled scenario, rulebook and deck hold about 6,000). A few hundred
bytes of nested anchors can stand for billions: refused before construction."""

MAX_DEPTH = 60
"""The deepest nesting of mappings and lists (the bundled files reach about 15)."""


def _bounded(name: str, root: yaml.Node) -> None:
    """Refuse a node tree too large once aliases are expanded, too deep, or
    recursive (an alias inside its own anchor). Iterative, and each distinct
    node is counted once (its expanded size memoised), so an alias bomb is
    refused in microseconds."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            open_.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            if size[key] > MAX_NODES:
                raise _limit(
                    name, node, f"this value holds more than {MAX_NODES:,} values once its aliases (*name) are expanded"
                )
            if depth[key] > MAX_DEPTH:
                raise _limit(name, node, f"this value is nested more than {MAX_DEPTH} levels deep")
            continue
        if key in size:
            continue
        if key in open_:
            raise _limit(name, node, "this alias refers to the anchor it is inside (a value that contains itself)")
        open_.add(key)
        stack.append((node, True))
        if len(open_) > MAX_DEPTH:
            raise _limit(name, node, f"this value is nested more than {MAX_DEPTH} levels deep")
        stack.extend((c, False) for c in children if id(c) not in size)


def _plain_tree_within_bounds(root: yaml.Node) -> bool:
    """Whether a document without anchors (so a plain tree: no node is
    reached twice) is within both bounds: one cheap walk that counts. The
    bundled files take this path; anything else goes through `_bounded`,
    which also says where a bound is passed."""
    count = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, level = stack.pop()
        count += 1
        if count > MAX_NODES or level > MAX_DEPTH:
            return False
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, level + 1))
                stack.append((value, level + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, level + 1) for child in node.value)
    return True


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _limit(name: str, node: yaml.Node, what: str) -> ContentError:
    mark = node.start_mark
    return ContentError([(Located(name, mark.line + 1, mark.column + 1), f"{what}; refused")])


MAX_FILE_BYTES = 4 * 1024 * 1024
"""The largest scenario, deck, moves or CSV file read (the bundled scenario is about 100 KB)."""


def read_text(path: str, what: str = "file", encoding: str = "utf-8") -> str:
    """A text file a person gave, read safely: a regular file (not a folder,
    a device such as /dev/zero, or a pipe), at most `MAX_FILE_BYTES`, in
    UTF-8 (a byte that is not is reported at its line and column)."""
    import os
    import stat

    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device or a pipe)"
                raise ContentError([(Located(path), f"{kind}; give the path of a {what}")])
            raw = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ContentError([(Located(path), f"cannot read the {what}: file not found")]) from None
    except IsADirectoryError:
        raise ContentError([(Located(path), f"a folder; give the path of a {what}")]) from None
    except OSError as exc:
        raise ContentError([(Located(path), f"cannot read the file: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError(
            [
                (
                    Located(path),
                    f"larger than {MAX_FILE_BYTES // 2**20} MB; a {what} is far smaller: is this the right file?",
                )
            ]
        )
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        hint = " (it looks like UTF-16: save it as UTF-8)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise ContentError(
            [
                (
                    Located(path, line, column),
                    f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be read{hint}; save the {what} as UTF-8",
                )
            ]
        ) from None


class YamlDoc:
    """A parsed YAML document: its data and its node tree (for line numbers)."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        try:
            # one parse: the node tree (for line numbers), bounded, then the data from it
            loader = _StrictLoader(text)
            try:
                self.node = loader.get_single_node()
                # an alias needs an anchor (`&name`): without one the tree is plain
                if self.node is not None and ("&" in text or not _plain_tree_within_bounds(self.node)):
                    _bounded(name, self.node)
                self.data: Any = loader.construct_document(self.node) if self.node is not None else None
            finally:
                loader.dispose()
        except RecursionError:
            raise ContentError([(Located(name), f"nested too deeply (at most {MAX_DEPTH} levels)")]) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = Located(name, mark.line + 1, mark.column + 1) if mark else Located(name)
            raise ContentError([(where, f"{exc.problem or exc}".strip())]) from None
        except yaml.YAMLError as exc:
            raise ContentError([(Located(name), str(exc))]) from None

    def locate(self, loc: Sequence[Any]) -> Located:
        """The line and column of the value at `loc`, or of its nearest parent."""
        node = self.node
        for part in loc:
            # pydantic puts union tags into locations; a part with no child is one
            child = _child(node, part)
            if child is not None:
                node = child
        if node is None:
            return Located(self.name)
        return Located(self.name, node.start_mark.line + 1, node.start_mark.column + 1)


class KeyOf(str):
    """A location part naming a mapping's key itself, not its value (an
    unknown field is reported where its name is written)."""

    __slots__ = ()


def _child(node: yaml.Node | None, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        # the last match: after a `<<` merge the mapping's own key comes last and wins
        for key, value in reversed(node.value):
            if key.value == str(part):
                return key if isinstance(part, KeyOf) else value  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None


_UNION_MEMBER = re.compile(r"float|int|str|bool|function-(?:after|before|wrap|plain)\[.*\]|list\[.*\]|dict\[.*\]")
_CLEAREST = ("finite_number", "value_error", "missing", "extra_forbidden")


def _preferred(err: Any) -> tuple[int, int]:
    """Errors in their order, but the clearest kind first within one place."""
    kind = str(err["type"])
    return (0, _CLEAREST.index(kind)) if kind in _CLEAREST else (1, 0)


def describe_errors(locate: Callable[[Sequence[Any]], Located], exc: ValidationError) -> ContentError:
    """Turn a pydantic error into `file:line:col: message` lines."""
    problems: list[tuple[Located, str]] = []
    seen: set[tuple[str, ...]] = set()
    for err in sorted(exc.errors(), key=_preferred):
        # a union (a number or a `$param`) fails once per member: say it once, the clearest way
        loc = [p for p in err["loc"] if not (isinstance(p, str) and _UNION_MEMBER.fullmatch(p))]
        key = tuple(str(p) for p in loc)
        if key in seen:
            continue
        seen.add(key)
        if err["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            where = locate([*loc[:-1], KeyOf(loc[-1])])
        else:
            where = locate(loc)
        field = ".".join(str(p) for i, p in enumerate(loc) if i == 0 or p != loc[i - 1])
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = f"unknown field {loc[-1]!r}; check its spelling against the format (`wargame schema`)"
        elif err["type"] == "finite_number":
            msg = "must be a finite number (not .nan, .inf or a number too large to hold)"
        elif err["type"] == "missing":
            msg = f"missing field {loc[-1]!r}"
        problems.append((where, f"{field}: {msg}" if field else msg))
    return ContentError(problems)


def parse(doc: YamlDoc, model: type[M]) -> M:
    try:
        return model.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as exc:
        raise describe_errors(doc.locate, exc) from None
