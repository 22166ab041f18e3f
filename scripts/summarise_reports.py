"""Print a summary of the JUnit reports that the nox sessions wrote.

scripts/test runs this after nox. The last line printed has the form
``summary: N passed, N failed, N skipped``. The exit status is nox's when nox
failed, 1 when the reports count a failed test or no passed test, and 0
otherwise.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports_dir", type=Path, help="folder of JUnit XML files")
    parser.add_argument(
        "--nox-status", type=int, required=True, help="exit status of the nox run"
    )
    parser.add_argument(
        "--elapsed", type=int, required=True, help="duration of the nox run, in seconds"
    )
    args = parser.parse_args(argv)

    reports = sorted(args.reports_dir.glob("*.xml"))
    totals: Counter[str] = Counter()
    print()
    print(f"Pytest runs (JUnit reports in {args.reports_dir}):")
    for report in reports:
        counts = read_counts(report)
        totals.update(counts)
        print(f"  {report.stem:<16} {format_counts(counts)}")

    minutes, seconds = divmod(args.elapsed, 60)
    print(
        f"Nox finished in {minutes}m {seconds:02d}s with exit status {args.nox_status}."
    )
    if args.nox_status != 0:
        status = args.nox_status
        print("Result: FAILED, because nox failed (see its log above).")
    elif totals["failed"]:
        status = 1
        print("Result: FAILED, because a report counts failed tests.")
    elif reports and totals["passed"] == 0:
        status = 1
        print("Result: FAILED, because no test passed.")
    else:
        status = 0
        print("Result: OK")
    print(f"summary: {format_counts(totals)}")
    return status


def read_counts(report: Path) -> Counter[str]:
    """Count passed, failed and skipped tests in one JUnit XML report.

    A report that cannot be parsed counts as one failure. pytest writes the
    report at the end of a run, so a truncated file means the run did not
    finish.
    """
    try:
        root = ElementTree.parse(report).getroot()
    except ElementTree.ParseError:
        return Counter(passed=0, failed=1, skipped=0)

    counts: Counter[str] = Counter(passed=0, failed=0, skipped=0)
    suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
    for suite in suites:
        tests = int(suite.get("tests", 0))
        failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped = int(suite.get("skipped", 0))
        counts["passed"] += tests - failed - skipped
        counts["failed"] += failed
        counts["skipped"] += skipped
    return counts


def format_counts(counts: Counter[str]) -> str:
    return (
        f"{counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['skipped']} skipped"
    )


if __name__ == "__main__":
    sys.exit(main())
