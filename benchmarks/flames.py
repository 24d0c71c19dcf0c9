"""Flame graphs of the emulator under load, one SVG per request of benchmarks/http_load.py.

    python benchmarks/flames.py [--out DIR] [--seconds N] [--nonblocking]
    python benchmarks/flames.py --read DIR [--top N]

Starts the emulator as benchmarks/http_load.py does (benchmarks/http_servers.py: `calcom-emulator
serve` of this checkout pinned to CPU 0, rate limits on but never reached, the default world plus
alice's past bookings), loads it with wrk on CPU 1 (16 connections) with each request in turn, and
meanwhile attaches py-spy (also on CPU 1) to the server process for `--seconds` at 1000 samples a
second, idle time left out. Writes me.svg, bookings.svg, create-cancel.svg and slots.svg to `--out`
(default docs/performance/). The world is reset before each request; every answer must be 2xx.

py-spy pauses the server for each sample unless `--nonblocking` is given. Pausing it a thousand times
a second roughly halves the throughput of the lighter requests, but every sample is then a whole
stack; without pausing, about a quarter of the stacks come out torn (their outer frames missing),
which understates the inclusive time of the outer functions.
py-spy is not a dependency of the project: without it (on PATH or beside this Python) the script
says how to install it and exits 0; without wrk it says so and exits 0.

Reading an SVG: it is text, each frame a <title> "function (file:line) (N samples, P%)"; P is the
frame's inclusive share of the samples. `--read DIR` prints, for every SVG in DIR, the functions
(all lines of a function together) with the most samples of their own (self) and of the emulator's
functions with the most samples in them or below them (inclusive, recursion counted once).
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from http_servers import Kind, Servers, Tools, find_tools, load_average, parse_wrk, reset, run_wrk, servers, wrk_argv

RATE = 1000
WARM_UP_S = 1.0


def find_py_spy() -> str | None:
    beside = Path(sys.executable).parent / "py-spy"
    return shutil.which("py-spy") or (str(beside) if beside.exists() else None)


def record(py_spy: str, tools: Tools, s: Servers, kind: Kind, out: Path, seconds: float, nonblocking: bool) -> str:
    """Load the server with one request while py-spy samples it; a line about what was written."""
    reset(s)
    run_wrk(tools, s.emulator, kind, WARM_UP_S)
    reset(s)
    load = subprocess.Popen(
        wrk_argv(tools, s.emulator, kind, seconds + 2),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        time.sleep(0.5)  # sample the steady state, not wrk's connecting
        argv = [py_spy, "record", "--pid", str(s.emulator_pid), "--rate", str(RATE)]
        argv += ["--duration", f"{seconds:g}", "--format", "flamegraph", "--output", str(out)]
        if nonblocking:
            argv.append("--nonblocking")
        spied = subprocess.run(
            tools.pinned(1, argv), capture_output=True, text=True
        )  # beside wrk, off the server's CPU
        if spied.returncode != 0:
            raise RuntimeError(f"py-spy failed ({spied.returncode}): {spied.stderr}{spied.stdout}")
        output, _ = load.communicate(timeout=seconds + 30)
    finally:
        if load.poll() is None:
            load.kill()
            load.wait()
    result = parse_wrk(output, kind)  # raises unless every answer was 2xx
    return f"{kind.label}: {out} ({out.stat().st_size // 1024} KB; {result.rps:,.0f} req/s while sampled)"


_FRAME = re.compile(  # name, file (line dropped), depth (y), first sample (fg:x), samples (fg:w)
    r"<g><title>(.*?) \(([^()]*?)(?::\d+)?\) \([\d,]+ samples?, [\d.]+%\)</title>"
    r'<rect [^>]*?y="(\d+)"[^>]*?fg:x="(\d+)" fg:w="(\d+)"'
)


@dataclass
class Frame:
    function: str  # "name (file)", every line of it together
    depth: int
    x: int
    width: int
    parent: Frame | None = None
    children: int = 0  # samples of the frames directly below


def _frames(svg: Path) -> tuple[list[Frame], int]:
    text = svg.read_text()
    total = re.search(r'total_samples="(\d+)"', text)
    frames = [
        Frame(f"{html.unescape(name)} ({html.unescape(where)})", int(y), int(x), int(w))
        for name, where, y, x, w in _FRAME.findall(text)
    ]
    frames.sort(key=lambda f: (f.depth, f.x))
    open_by_depth: dict[int, list[Frame]] = {}
    for frame in frames:  # a frame's parent: the one a level up whose span holds it
        for parent in reversed(open_by_depth.get(frame.depth - 16, [])):
            if parent.x <= frame.x < parent.x + parent.width:
                frame.parent, parent.children = parent, parent.children + frame.width
                break
        open_by_depth.setdefault(frame.depth, []).append(frame)
    return frames, int(total.group(1)) if total else max((f.width for f in frames), default=1)


def read_flame_graph(svg: Path, top: int = 12) -> str:
    """The functions with most self samples, and the emulator's with most inclusive samples."""
    frames, total = _frames(svg)
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    for frame in frames:
        own[frame.function] += frame.width - frame.children
        above, outer = frame.parent, False
        while above is not None and not outer:
            outer, above = above.function == frame.function, above.parent
        if not outer:
            inclusive[frame.function] += frame.width
    lines = [f"{svg.name}: {total:,} samples", "  self:"]
    lines += [f"    {100 * n / total:5.1f}%  {name}" for name, n in own.most_common(top)]
    lines.append("  inclusive, emulator/ only:")
    ours = [(name, n) for name, n in inclusive.most_common() if "(emulator/" in name and "emulator/cli.py" not in name]
    lines += [f"    {100 * n / total:5.1f}%  {name}" for name, n in ours[:top]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "performance")
    parser.add_argument("--seconds", type=float, default=5, help="seconds sampled per request (default 5)")
    parser.add_argument("--nonblocking", action="store_true", help="sample without pausing the server")
    parser.add_argument("--read", type=Path, default=None, help="summarize the SVGs in this folder instead")
    parser.add_argument("--top", type=int, default=12, help="functions listed per SVG with --read (default 12)")
    args = parser.parse_args(argv)
    if args.read is not None:
        for svg in sorted(args.read.glob("*.svg")):
            print(read_flame_graph(svg, args.top))
        return 0
    py_spy = find_py_spy()
    if py_spy is None:
        print("flame graphs skipped: py-spy not found (pip install py-spy)")
        return 0
    tools = find_tools()
    if tools.wrk is None:
        print("flame graphs skipped: wrk not found (apt-get install wrk)")
        return 0
    if tools.taskset is None:
        print("taskset not found: running unpinned")
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {load_average()}")
    with servers(tools, bare=False) as s:
        print(f"emulator: {s.emulator_module} (pid {s.emulator_pid})")
        for kind in s.kinds:
            out = args.out / f"{kind.name}.svg"
            print(record(py_spy, tools, s, kind, out, args.seconds, args.nonblocking), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
