#!/usr/bin/env python3
"""Compares two runs of a suite written by suite-under-agent.sh (their JUnit XML reports):
counts per outcome, every test whose outcome differs, and the slowest tests of the second run
beside their time in the first.

  src/scripts/suite-compare.py WORK/artifact-version/plain WORK/artifact-version/agent [N]
"""
import glob
import sys
import xml.etree.ElementTree as ET
from collections import Counter


def outcomes(run):
    """test -> (outcome, seconds) from every XML report of one run."""
    found = {}
    for report in glob.glob(run + '/junit/*.xml'):
        for case in ET.parse(report).getroot().iter('testcase'):
            name = case.get('classname').split('.')[-1] + '#' + case.get('name')
            outcome = 'successful'
            for child in case:
                if child.tag in ('failure', 'error'):
                    outcome = 'failed'
                elif child.tag == 'skipped':
                    outcome = 'skipped'
            found[name] = (outcome, float(case.get('time') or 0))
    return found


def main():
    first, second = sys.argv[1], sys.argv[2]
    slowest = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    a, b = outcomes(first), outcomes(second)
    for run, tests in ((first, a), (second, b)):
        counts = Counter(o for o, _ in tests.values())
        print('%s: %d tests, %s, %.0f s in tests' % (run, len(tests), dict(sorted(counts.items())),
                                                    sum(t for _, t in tests.values())))
    for name in sorted(set(a) | set(b)):
        oa, ob = a.get(name, ('absent', 0))[0], b.get(name, ('absent', 0))[0]
        if oa != ob:
            print('differs: %s: %s, then %s' % (name, oa, ob))
    print('slowest in the second run (seconds: second, first):')
    for name in sorted(b, key=lambda n: -b[n][1])[:slowest]:
        print('  %-80s %8.1f %8.1f' % (name, b[name][1], a.get(name, ('', 0))[1]))


if __name__ == '__main__':
    main()
