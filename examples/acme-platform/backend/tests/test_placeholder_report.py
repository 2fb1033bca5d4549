from datetime import date

from app.placeholder_report import MISSING_VALUE_PLACEHOLDER, build_placeholder_report


def test_missing_days_get_placeholder_rows():
    rows = build_placeholder_report([], date(2024, 3, 4), days=3)
    assert len(rows) == 3
    assert all(row.orders == MISSING_VALUE_PLACEHOLDER for row in rows)
