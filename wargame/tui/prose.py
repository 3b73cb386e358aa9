"""A block of text whose indented and bulleted lines wrap with a hanging indent.

A plain Static wraps a long bullet back to the left edge, which is hard to
read on a narrow terminal. Prose wraps each line to the widget's width and
indents the continuation lines under the text of the line, not its bullet.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static

BULLETS = ("• ", "- ", "✔ ", "✘ ", "⚠ ")


class Prose(Static):
    """Text (Textual markup) wrapped with hanging indents."""

    DEFAULT_CSS = """
    Prose {
        height: auto;
    }
    """

    def __init__(self, markup: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.markup = markup

    def update(self, content: object = "", *, layout: bool = True) -> None:  # type: ignore[override]
        self.markup = str(content)
        self.refresh(layout=layout)

    @property
    def plain_text(self) -> str:
        """The text without markup or wrapping (what tests and searches read)."""
        return "\n".join(Content.from_markup(line).plain for line in self.markup.split("\n"))

    def lines(self, width: int) -> list[Content]:
        out: list[Content] = []
        width = max(width, 12)
        for line in self.markup.split("\n"):
            content = Content.from_markup(line)
            plain = content.plain
            body = plain.lstrip(" ")
            indent = len(plain) - len(body)
            if body.startswith(BULLETS):
                indent += 2
            indent = min(indent, width // 2)
            if content.cell_length <= width:
                out.append(content)
                continue
            lead = len(plain) - len(body)
            wrapped = content[lead:].wrap(width - indent)
            if not wrapped:
                out.append(Content(""))
                continue
            out.append(Content(" " * lead) + wrapped[0])
            out.extend(Content(" " * indent) + part for part in wrapped[1:])
        return out

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_region.width or self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))
