"""A pytest plugin: say how many tests skipped because ../shared/ is not beside the checkout.

Tests that read real published data (show notes, feeds, transcripts) from ../shared/ skip when
it is absent, with a reason that names `shared/`. CI always has it; on a developer's machine the
count, printed just above pytest's closing line, says what was not run.
"""

from __future__ import annotations

import pytest

from tests.support.paths import SHARED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    skipped = terminalreporter.stats.get("skipped", [])
    missing = sum(1 for report in skipped if "shared/" in str(report.longrepr))
    if missing:
        terminalreporter.write_line(
            f"{missing} skipped: they read real data from {SHARED}, which is not there "
            "(put the project's shared/ folder beside the checkout to run them)",
            yellow=True,
        )
