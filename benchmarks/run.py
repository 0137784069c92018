"""Time iepprep's everyday commands, as ratios measured in one run.

    python benchmarks/run.py [--runs 21] [--notes 10000] [--sizes 10,10000,100000] [--checklist 15000] [--two-computers]

Standard library and subprocess only. Each command is run as a new process,
as a parent runs it, after a warm-up. Commands that are compared run in
turn, one after the other, so load on a shared machine falls on both alike;
the report gives the median and the spread (lowest to highest) and the
ratios between medians. No number here is a pass or fail in the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
IEPPREP = str(Path(PYTHON).parent / ("iepprep.exe" if os.name == "nt" else "iepprep"))
TODAY = "2026-11-28"
TARGETS = {
    "version / bare": 1.25,
    "notes add / bare": 1.25,
    "notes add: large / empty": 1.3,
    "notes add: Spanish / English": 1.05,
    "services log / notes add": 1.1,
    "services log: large / empty": 1.3,
}


def environment(home: Path) -> dict[str, str]:
    device = os.environ.get("IEPPREP_DEVICE", "benchmark")  # the record's log is the same on every machine
    return {**os.environ, "IEPPREP_HOME": str(home), "IEPPREP_DEVICE": device, "IEPPREP_TODAY": TODAY, "NO_COLOR": "1"}


def once(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss
    else:  # pragma: no cover - Windows
        process.wait()
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, peak


def in_turn(
    commands: dict[str, tuple[list[str], dict[str, str]]], runs: int, warmup: int = 3
) -> dict[str, list[float]]:
    for command, env in commands.values():
        for _ in range(warmup):
            once(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, env) in commands.items():
            times[name].append(once(command, env)[0])
    return times


def describe(name: str, samples: list[float]) -> str:
    return (
        f"{name:34s} median {1000 * statistics.median(samples):7.1f} ms   "
        f"spread {1000 * min(samples):6.1f} to {1000 * max(samples):6.1f} ms"
    )


def make_home(root: Path, name: str, notes: int) -> Path:
    home = root / name
    subprocess.run([PYTHON, str(HERE / "make_record.py"), str(home), str(notes)], check=True)
    return home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs of each command (default 21)")
    parser.add_argument("--notes", type=int, default=10_000, help="notes in the large record (default 10000)")
    parser.add_argument(
        "--sizes",
        default="",
        help="also time the everyday commands on records of these many notes, e.g. 10,10000,100000, "
        "as ratios to the first",
    )
    parser.add_argument(
        "--checklist",
        type=int,
        default=0,
        help="also answer a checklist of this many items, e.g. 15000, and compare the last answers' cost to the first",
    )
    parser.add_argument(
        "--two-computers",
        action="store_true",
        help="also time a record shared by two computers, and an encrypted one, against one computer in the clear",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        made = time.perf_counter()
        empty, large = make_home(root, "empty", 0), make_home(root, "large", args.notes)
        size = next((large / "children").glob("*/*.yaml")).stat().st_size
        print(
            f"Records made through the record API in {time.perf_counter() - made:.1f} s: "
            f"empty, and {args.notes} notes ({size // 1024} KiB)"
        )
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.runs} runs each after a warm-up\n")

        bare = [PYTHON, str(HERE / "bare_app.py")]
        startup = in_turn(
            {
                "bare Typer app": (bare, environment(empty)),
                "iepprep --version": ([IEPPREP, "--version"], environment(empty)),
                "iepprep notes add (empty record)": ([IEPPREP, "notes", "add", "a note"], environment(empty)),
                "iepprep notes add (large record)": ([IEPPREP, "notes", "add", "a note"], environment(large)),
                "iepprep notes add (in Spanish)": (
                    [IEPPREP, "notes", "add", "una nota"],
                    {**environment(empty), "IEPPREP_LANG": "es"},
                ),
                "iepprep services log (empty record)": ([IEPPREP, "services", "log", "speech"], environment(empty)),
                "iepprep services log (large record)": ([IEPPREP, "services", "log", "speech"], environment(large)),
            },
            args.runs,
        )
        for name, samples in startup.items():
            print(describe(name, samples))

        median = {name: statistics.median(samples) for name, samples in startup.items()}
        ratios = {
            "version / bare": median["iepprep --version"] / median["bare Typer app"],
            "notes add / bare": median["iepprep notes add (empty record)"] / median["bare Typer app"],
            "notes add: large / empty": median["iepprep notes add (large record)"]
            / median["iepprep notes add (empty record)"],
            "notes add: Spanish / English": median["iepprep notes add (in Spanish)"]
            / median["iepprep notes add (empty record)"],
            "services log / notes add": median["iepprep services log (empty record)"]
            / median["iepprep notes add (empty record)"],
            "services log: large / empty": median["iepprep services log (large record)"]
            / median["iepprep services log (empty record)"],
        }
        print("\nRatios (medians, this run):")
        for name, ratio in ratios.items():
            verdict = "within" if ratio <= TARGETS[name] else "over"
            print(f"  {name:30s} {ratio:5.2f}x   ({verdict} the target of {TARGETS[name]}x)")

        print(f"\nReading the large record ({args.notes} notes), {max(3, args.runs // 3)} runs each:")
        readers = {"notes show --all": ["notes", "show", "--all"], "services show": ["services", "show"]}
        if subprocess.run([IEPPREP, "export", "--help"], capture_output=True, env=environment(empty)).returncode == 0:
            readers["export --format md"] = ["export", "--format", "md"]
            readers["export --format json"] = ["export", "--format", "json"]
        for name, command in readers.items():
            runs = [once([IEPPREP, *command], environment(large)) for _ in range(max(3, args.runs // 3))]
            seconds = [r[0] for r in runs]
            peak_mib = max(r[1] for r in runs) / 1024 / (1024 if sys.platform == "darwin" else 1)
            print(describe(f"iepprep {name}", seconds) + f"   peak memory {peak_mib:5.1f} MiB")

        if args.sizes:
            by_size(root, [int(size) for size in args.sizes.split(",")], max(3, args.runs // 7))
        if args.checklist:
            long_checklist(root, args.checklist)
        if args.two_computers:
            two_computers(root, large, args.notes, max(3, args.runs // 3))


EVERYDAY = {
    "status": ["status"],
    "brief": ["brief"],
    "prep --review": ["prep", "--review"],
    "next-steps --show": ["next-steps", "--show"],
    "notes show (one meeting)": ["notes", "show", "--date", "11/19/2026"],
    "services show": ["services", "show"],
    "export md": ["export", "--format", "md"],
    "export json": ["export", "--format", "json"],
    "export yaml": ["export", "--format", "yaml"],
    "calendar": ["calendar"],
}


def by_size(root: Path, sizes: list[int], runs: int) -> None:
    """Each everyday command on records of each size, as a ratio to its time on the first, with peak memory."""
    homes = {size: make_home(root, f"size-{size}", size) for size in sizes}
    print(f"\nEveryday commands by record size ({', '.join(map(str, sizes))} notes), {runs} runs each after one:")
    for name, command in EVERYDAY.items():
        medians, peaks = [], []
        for size in sizes:
            env = environment(homes[size])
            once([IEPPREP, *command], env)  # writes the snapshot and the head cache, as the first use would
            samples = [once([IEPPREP, *command], env) for _ in range(runs)]
            medians.append(statistics.median(s[0] for s in samples))
            peaks.append(max(s[1] for s in samples) / 1024 / (1024 if sys.platform == "darwin" else 1))
        cells = "   ".join(
            f"{size}: {1000 * m:6.0f} ms {m / medians[0]:5.2f}x {peak:5.0f} MiB"
            for size, m, peak in zip(sizes, medians, peaks, strict=True)
        )
        print(f"  {name:26s} {cells}")


ANSWERING = """
import sys, time
from iepprep import children, checklists, meetings
from iepprep.walk import Walk
from datetime import date
child = children.add("Sam")
meeting = meetings.add(child, date(2026, 12, 10))
walk = Walk(child, meeting, checklists.load_all().get("long"))
items, batch, times = walk.checklist.items, int(sys.argv[1]), []
for number, item in enumerate(items):
    if number % batch == 0:
        times.append(time.perf_counter())
    walk.answer(item, f"answer {number}")
times.append(time.perf_counter())
per = [(b - a) / batch for a, b in zip(times, times[1:])]
print(f"{1000 * per[0]:.2f} {1000 * per[-1]:.2f}")
"""


def long_checklist(root: Path, items: int, batch: int = 1000) -> None:
    """Answer every item of a checklist of `items` items through iepprep's own walk (each answer saved to
    the record as a parent's is), and compare the cost of the last answers to the first."""
    home = root / "long-checklist"
    (home / "checklists").mkdir(parents=True)
    body = "".join(f"- id: i{n}\n  kind: text\n  text: Item {n}\n  why: W.\n" for n in range(items))
    (home / "checklists" / "long.yaml").write_text(
        f"id: long\ntitle: Long\nphase: before\nsummary: Many items.\nitems:\n{body}", encoding="utf-8"
    )
    done = subprocess.run(
        [PYTHON, "-c", ANSWERING, str(batch)], env=environment(home), capture_output=True, text=True, check=True
    )
    first, last = (float(ms) for ms in done.stdout.split())
    print(
        f"\nA checklist of {items} items, answered one by one: the first {batch} answers {first:.2f} ms each, "
        f"the last {batch} {last:.2f} ms each ({last / first:.2f}x)"
    )


PASSPHRASE = "a passphrase for the benchmark"  # noqa: S105 - made up for timing


def two_computers(root: Path, large: Path, notes: int, runs: int) -> None:
    """The large record on a second computer (nothing new, then one note the first computer just added),
    and encrypted, each as a ratio to the same command on one computer in the clear."""
    import shutil

    laptop, desktop, locked = root / "laptop", root / "desktop", root / "encrypted"
    for home in (laptop, desktop, locked):
        shutil.copytree(large, home)
    on_laptop = environment(laptop)  # the computer that made the record
    on_desktop = {**environment(desktop), "IEPPREP_DEVICE": "desktop"}
    once([IEPPREP, "status"], on_desktop)  # the desktop starts its own log from the laptop's
    subprocess.run(
        [IEPPREP, "encrypt"],
        env=environment(locked),
        input=PASSPHRASE + "\n",
        text=True,
        check=True,
        capture_output=True,
    )
    logs = {home: next((home / "children").glob(f"*/{on_laptop['IEPPREP_DEVICE']}.yaml")) for home in (laptop, desktop)}

    def after_a_note_on_the_laptop() -> float:
        subprocess.run([IEPPREP, "notes", "add", "from the laptop"], env=on_laptop, check=True, capture_output=True)
        shutil.copy(logs[laptop], logs[desktop])  # what the sync tool does
        return once([IEPPREP, "status"], on_desktop)[0]

    def read_encrypted(command: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(
            [IEPPREP, *command],
            env=environment(locked),
            input=PASSPHRASE + "\n",
            text=True,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started

    one = environment(large)
    timed: dict[str, list[float]] = {
        name: []
        for name in (
            "status, one computer",
            "status, two computers, nothing new",
            "status, two computers, a note arrived",
            "notes add, in the clear",
            "notes add, encrypted",
            "status, encrypted (passphrase included)",
        )
    }
    for _ in range(runs):
        timed["status, one computer"].append(once([IEPPREP, "status"], one)[0])
        timed["status, two computers, nothing new"].append(once([IEPPREP, "status"], on_desktop)[0])
        timed["status, two computers, a note arrived"].append(after_a_note_on_the_laptop())
        timed["notes add, in the clear"].append(once([IEPPREP, "notes", "add", "a note"], one)[0])
        timed["notes add, encrypted"].append(once([IEPPREP, "notes", "add", "a note"], environment(locked))[0])
        timed["status, encrypted (passphrase included)"].append(read_encrypted(["status"]))
    print(f"\nTwo computers and encryption, the record of {notes} notes, {runs} runs each in turn:")
    base = {
        "status": statistics.median(timed["status, one computer"]),
        "notes add": statistics.median(timed["notes add, in the clear"]),
    }
    for name, samples in timed.items():
        against = base["notes add"] if name.startswith("notes add") else base["status"]
        print(describe(name, samples) + f"   {statistics.median(samples) / against:5.2f}x")


if __name__ == "__main__":
    main()
