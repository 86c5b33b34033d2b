#!/usr/bin/env python3
"""Who spends the Scan stage's CPU: `perf script` output of the bench's Scan loop in, one table out.

Each sample whose stack passes through MessageScanner.ScanAsync is given to the first frame, from the leaf up, that
belongs to a library the project is told to use or to MailGuard itself. The runtime and base-library frames between
(string and collection methods, the allocator and the GC that allocations trigger, the XML reader and zip inflater the
Office and PDF libraries call) count for whoever called them. MimeKit's time splits in two: its parse
(MimeParser.ParseMessage, the baseline parse-only measures) and everything else it does for us (decoding, the HTML
tokenizer, address and header parsing). The regex engine runs our own patterns and is kept apart.

    perf script -i perf.data | scan_owners.py            # one run's table
    scan_owners.py --median run1.txt run2.txt run3.txt   # the median of runs' tables (each written by the first form)
"""
import re
import statistics
import sys
from collections import Counter

OWNERS = [
    ("MailGuard.", "MailGuard (our code)"),
    ("MimeKit", "MimeKit"),
    ("UglyToad.PdfPig", "PdfPig"),
    ("DocumentFormat.OpenXml", "DocumentFormat.OpenXml (System.IO.Packaging)"),
    ("System.IO.Packaging", "DocumentFormat.OpenXml (System.IO.Packaging)"),
    ("PhoneNumbers", "libphonenumber"),
    ("System.Text.RegularExpressions", "regex engine (our patterns)"),
]
PARSE = "MimeKit parse (the parse-only baseline)"
LIBRARIES = {"MimeKit", "PdfPig", "DocumentFormat.OpenXml (System.IO.Packaging)", "libphonenumber"}
ASSEMBLY = re.compile(r"\[([A-Za-z0-9_.]+)\] ")


def owner(stack):
    for frame in stack:
        match = ASSEMBLY.search(frame)
        if not match:
            continue
        for prefix, name in OWNERS:
            if match.group(1).startswith(prefix):
                if name == "MimeKit" and any("MimeParser::ParseMessage" in f for f in stack):
                    return PARSE
                return name
    return "runtime, not under any of these"


def samples(lines):
    stack = []
    for line in lines:
        if not line.strip():
            if stack:
                yield stack
            stack = []
        elif line[0] in " \t":
            stack.append(line.strip())
    if stack:
        yield stack


def table(counts):
    total = sum(counts.values())
    shares = {name: 100.0 * n / total for name, n in counts.items()}
    return total, shares


def write(shares, total=None):
    parse = shares.get(PARSE, 0.0)
    libraries = sum(v for k, v in shares.items() if k in LIBRARIES)
    regex = shares.get("regex engine (our patterns)", 0.0)
    print("| who | share of Scan's CPU |")
    print("|---|---|")
    for name, share in sorted(shares.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {share:.1f}% |")
    if total is not None:
        print(f"\n{total} samples under MessageScanner.ScanAsync.")
    if parse > 0:
        print(f"\nScan / parse: {100 / parse:.2f}x. Parse plus the libraries' other work (no line of ours, no regex): "
              f"{(parse + libraries) / parse:.2f}x parse. For 3x, everything else (ours and regex, now "
              f"{(100 - parse - libraries) / parse:.2f}x parse) must fit in {max(0.0, 3 - (parse + libraries) / parse):.2f}x parse.")


def read_table(path):
    shares = {}
    for line in open(path, encoding="utf-8"):
        match = re.match(r"\| (.+) \| ([0-9.]+)% \|$", line.strip())
        if match:
            shares[match.group(1)] = float(match.group(2))
    return shares


def main(argv):
    if len(argv) > 1 and argv[1] == "--median":
        runs = [read_table(p) for p in argv[2:]]
        names = {n for r in runs for n in r}
        write({n: statistics.median(r.get(n, 0.0) for r in runs) for n in names})
        return 0
    counts = Counter(owner(s) for s in samples(sys.stdin) if any("MessageScanner::ScanAsync" in f for f in s))
    if not counts:
        print("no samples under MessageScanner.ScanAsync (was DOTNET_PerfMapEnabled=1 set?)", file=sys.stderr)
        return 1
    total, shares = table(counts)
    write(shares, total)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
