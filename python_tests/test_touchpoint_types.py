"""Every touchpoint type the demo-data generator writes is declared in seeds/touchpoint_types.csv.

An undeclared type is kept but can never be `direct` and gets no CRM fallback, so a
generator type missing from the seed would quietly change the demo's channels.
"""

from __future__ import annotations

import csv

from attribution_kit.generate import TOUCH_TYPES
from python_tests.conftest import PROJECT_DIR

SEED = PROJECT_DIR / "seeds" / "touchpoint_types.csv"


def declared_origins() -> dict[str, str]:
    with SEED.open(newline="", encoding="utf-8") as handle:
        return {row["touchpoint_type"]: row["origin"] for row in csv.DictReader(handle)}


def test_generator_types_are_declared() -> None:
    assert set(TOUCH_TYPES) <= set(declared_origins())


def test_sales_and_event_types_come_from_the_crm_and_sessions_from_the_web() -> None:
    origins = declared_origins()
    for kind in ("sales_email", "sales_call", "meeting", "event", "webinar", "campaign_member"):
        assert origins[kind] == "crm", kind
    assert origins["web_visit"] == "web"
    assert origins["ad_click"] != "web"
