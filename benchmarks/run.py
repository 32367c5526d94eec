"""Runs the benchmark's sections, each in a process of its own, and prints
their figures side by side, with the command that produced each.

Called by ``run.sh``, which has made the databases: ``pc_bench_<size>`` for
each size, and the intake's own.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from collections import defaultdict

from common import RESULT_PREFIX

HERE = os.path.dirname(os.path.abspath(__file__))
SIZED = ("enforcement", "desk", "reports")
# The scale-out sections run at this size only (the issue's), or the largest
# size asked for below it.
SCALE_OUT = ("latency", "servers")
SCALE_OUT_SIZE = 100_000
SECTIONS = ("intake", *SIZED, *SCALE_OUT)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("sections", nargs="*", choices=[*SECTIONS, []])
    parser.add_argument(
        "--section-args",
        action="append",
        default=[],
        metavar="SECTION=ARGS",
        help="extra arguments for one section, e.g. latency='--minutes 3'",
    )
    return parser.parse_args()


def database(size):
    return f"pc_bench_{size}"


def plan(sections, sizes):
    """(section, size) in the order they run: smallest size first."""
    steps = []
    if "intake" in sections:
        steps.append(("intake", None))
    for size in sizes:
        steps += [(section, size) for section in SIZED if section in sections]
    scale_out = max((s for s in sizes if s <= SCALE_OUT_SIZE), default=min(sizes))
    steps += [(section, scale_out) for section in SCALE_OUT if section in sections]
    return steps


def run(command, results):
    """Run one process, echo its output, keep its RESULT lines."""
    print(f"\n$ {shlex.join(command)}", flush=True)
    start = time.perf_counter()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        for line in process.stdout:
            if line.startswith(RESULT_PREFIX):
                figure = json.loads(line[len(RESULT_PREFIX) :])
                figure["command"] = shlex.join(command)
                results.append(figure)
            else:
                print(line, end="", flush=True)
    print(f"({time.perf_counter() - start:.0f} s, exit {process.returncode})")
    return process.returncode


def summary(results):
    """One table per section: a row per figure, a column per size."""
    print("\n" + "=" * 30 + " SUMMARY " + "=" * 30)
    by_section = defaultdict(list)
    for figure in results:
        by_section[figure["section"]].append(figure)
    missed = []
    for section, figures in by_section.items():
        sizes = sorted({f["size"] or 0 for f in figures})
        rows = defaultdict(dict)
        for figure in figures:
            rows[(figure["label"], figure["unit"], figure["goal"])][
                figure["size"] or 0
            ] = figure
        header = "  ".join(f"{size or '-':>12}" for size in sizes)
        print(f"\n== {section} ==\n{'':<62}{header}  goal")
        for (label, unit, goal), cells in rows.items():
            values = "  ".join(_cell(cells.get(size)) for size in sizes)
            verdicts = {f["ok"] for f in cells.values()} - {None}
            verdict = "" if not verdicts else ("ok" if verdicts == {True} else "MISSED")
            if verdict == "MISSED":
                missed.append(f"{section}: {label}")
            print(f"  {label + ' (' + unit + ')':<60}{values}  {goal or ''} {verdict}")
        for command in sorted({f["command"] for f in figures}):
            print(f"  $ {command}")
    if not results:
        print("\nNo figures.")
    elif missed:
        print("\nGoals missed:")
    else:
        print("\nEvery goal met.")
    for line in missed:
        print(f"  {line}")


def _cell(figure):
    if not figure:
        return f"{'':>12}"
    value = figure["value"]
    text = f"{value:.3g}" if isinstance(value, float) else str(value)
    return f"{text:>12}"


def main():
    args = parse_args()
    sections = args.sections or list(SECTIONS)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    extra = defaultdict(list)
    for item in args.section_args:
        section, _sep, text = item.partition("=")
        extra[section] += shlex.split(text)
    results, failed = [], []
    for size in sizes:
        if any(step[1] == size for step in plan(sections, sizes)):
            generate = [sys.executable, os.path.join(HERE, "generator.py")]
            generate += ["--config", args.config, "--database", database(size)]
            if run([*generate, "--size", str(size)], results):
                sys.exit(f"generating {size} complaints failed")
    for section, size in plan(sections, sizes):
        command = [sys.executable, os.path.join(HERE, f"bench_{section}.py")]
        command += ["--config", args.config]
        if size:
            command += ["--database", database(size), "--size", str(size)]
        if run([*command, *extra[section]], results):
            failed.append(f"{section} at {size}")
    summary(results)
    if failed:
        print("\nBroken runs: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
