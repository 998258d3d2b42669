"""The memory of a process tree, as Linux accounts it: the chromium that Playwright launched.

PSS (proportional set size, from /proc/PID/smaps_rollup) where every process of the tree lets
us read it: shared pages (the browser's code, shared memory between its processes) are then
counted once across the tree, not once per process. Otherwise VmRSS from /proc/PID/status,
which counts them again in every process and so overstates a tree of many processes.
"""

from __future__ import annotations

from pathlib import Path


def children(proc: Path) -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc/*/stat."""
    tree: dict[int, list[int]] = {}
    for stat in proc.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        ppid = int(text.rpartition(")")[2].split()[1])  # the name may hold spaces and ')'
        tree.setdefault(ppid, []).append(int(stat.parent.name))
    return tree


def descendants(root: int, proc: Path = Path("/proc")) -> list[int]:
    tree = children(proc)
    found, todo = [], list(tree.get(root, []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return sorted(found)


def _field_kb(path: Path, name: str) -> int | None:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except (OSError, PermissionError):
        return None
    return None


def tree_kb(root: int, named: str = "chrom", proc: Path = Path("/proc")) -> tuple[int, str]:
    """(kB, "PSS" or "RSS") summed over the processes below `root` whose name contains `named`
    (Playwright's own driver, a node process, is between us and chromium and is left out)."""
    pids = []
    for pid in descendants(root, proc):
        try:
            if named in (proc / str(pid) / "comm").read_text():
                pids.append(pid)
        except OSError:
            continue
    pss = [_field_kb(proc / str(p) / "smaps_rollup", "Pss") for p in pids]
    if pids and all(v is not None for v in pss):
        return sum(v for v in pss if v is not None), "PSS"
    rss = [_field_kb(proc / str(p) / "status", "VmRSS") for p in pids]
    return sum(v for v in rss if v is not None), "RSS"
