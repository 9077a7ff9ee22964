"""A report table: titled columns and rows of plain values, shown, charted and exported alike."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text, int, pct, days, month, date


@dataclass
class Table:
    """Rows are dicts keyed by column; a row's "_params" narrow the case list it links to."""

    slug: str
    title: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    note: str = ""

    @property
    def empty(self) -> bool:
        return not self.rows

    def values(self, row: dict) -> list:
        return [row.get(c.key) for c in self.columns]
