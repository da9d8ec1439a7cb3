"""The test run says how many tests skipped for want of ../shared/, and only those."""

from __future__ import annotations

import pytest


def test_the_summary_counts_the_skips_for_want_of_shared(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["tests.support.shared_data"]')
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("n", range(3))
        def test_reads_shared(n):
            pytest.skip("seed show notes not found (shared/ sits beside the checkout)")

        def test_skips_for_another_reason():
            pytest.skip("not on this platform")

        def test_runs():
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, skipped=4)
    result.stdout.fnmatch_lines(["3 skipped: they read real data from *shared, which is not there*", "*1 passed, 4 skipped*"])
