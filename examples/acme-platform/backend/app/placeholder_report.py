"""Weekly order report. Rows for days without orders are filled with placeholder rows
so the chart has no gaps."""
from dataclasses import dataclass
from datetime import date, timedelta

MISSING_VALUE_PLACEHOLDER = "—"
PLACEHOLDER_ROW_STYLE = "muted"


@dataclass(frozen=True)
class ReportRow:
    day: date
    orders: int | str
    revenue: float | str
    style: str = "normal"


def placeholder_row(day: date) -> ReportRow:
    return ReportRow(day, MISSING_VALUE_PLACEHOLDER, MISSING_VALUE_PLACEHOLDER, PLACEHOLDER_ROW_STYLE)


def build_placeholder_report(rows: list[ReportRow], start: date, days: int = 7) -> list[ReportRow]:
    """Return one row per day from start, using placeholder rows for the missing days."""
    by_day = {row.day: row for row in rows}
    return [by_day.get(start + timedelta(n), placeholder_row(start + timedelta(n))) for n in range(days)]
