"""A bounded mutation run over the PDF, HTML, DOCX and text readers (on demand).

Good files from tests/fault_corpus.py are mutated (bytes flipped, chunks deleted,
duplicated or cut off, inside the DOCX zip too) and each mutant is extracted in a fresh
child process with a time and memory limit. Every outcome must be a Document or an
IngestError with a plain reason; the run counts crashes (the child died), hangs (over the
time limit), memory (over the limit) and reasons that are a library's own words
("cannot extract text (SomeError: …)"), and prints a few of each.

    python benchmarks/fuzz_readers.py [--cases 400] [--seed 0] [--timeout 20] [--memory-mb 2000]
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _fault_corpus():
    spec = importlib.util.spec_from_file_location("fault_corpus", REPO / "tests/fault_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["fault_corpus"] = module
    spec.loader.exec_module(module)
    return module


def seeds(folder: Path) -> dict[str, bytes]:
    """The corpus's good files of each type, by suffix."""
    corpus = _fault_corpus()
    good = [f for f in corpus.FAULTS if f.name.startswith("god-")]
    corpus.build(folder, good)
    return {Path(f.filename).suffix: (folder / f.filename).read_bytes() for f in good}


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four byte-level edits; for a zip (DOCX), sometimes inside one member."""
    if data[:2] == b"PK" and rng.random() < 0.5:
        return _mutate_member(data, rng)
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            break
        at = rng.randrange(len(out))
        size = rng.choice([1, 1, 4, 64, 1024])
        action = rng.choice(["flip", "delete", "duplicate", "cut", "insert"])
        if action == "flip":
            for k in range(at, min(at + size, len(out))):
                out[k] = rng.randrange(256)
        elif action == "delete":
            del out[at : at + size]
        elif action == "duplicate":
            out[at:at] = out[at : at + size] * rng.choice([2, 50, 1000])
        elif action == "cut":
            del out[at:]
        else:
            out[at:at] = rng.choice([b"\x00", b"<", b"&", b"(", b"<<", b"obj", b"\xff\xfe"]) * size
    return bytes(out)


def _mutate_member(data: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {n: src.read(n) for n in src.namelist()}
    name = rng.choice(sorted(members))
    members[name] = mutate(members[name], rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for member, blob in members.items():
            out.writestr(member, blob)
    return buffer.getvalue()


def _child(path: str, memory_mb: int, conn) -> None:  # type: ignore[no-untyped-def]
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from pipeline.ingest import IngestError, extract

    try:
        doc = extract(path)
        conn.send(("ok", f"{len(doc.text)} characters"))
    except IngestError as err:
        conn.send(("failed", err.reason))
    except MemoryError:
        conn.send(("memory", "MemoryError"))
    except BaseException as err:  # extract must never let one through
        conn.send(("escaped", f"{type(err).__name__}: {err}"))


def run_case(path: Path, timeout: float, memory_mb: int) -> tuple[str, str]:
    parent, child = mp.Pipe(duplex=False)
    process = mp.Process(target=_child, args=(str(path), memory_mb, child))
    process.start()
    child.close()
    if not parent.poll(timeout):
        process.kill()
        process.join()
        return "hang", f"over {timeout:.0f} s"
    try:
        outcome = parent.recv()
    except EOFError:
        outcome = ("crash", "child died")
    process.join()
    if process.exitcode not in (0, None) and outcome[0] != "crash":
        outcome = ("crash", f"exit code {process.exitcode}")
    return outcome


def classify(status: str, reason: str) -> str:
    if status == "failed" and reason.startswith("cannot extract text ("):
        return "library words"
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=400)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--memory-mb", type=int, default=2000)
    args = parser.parse_args()
    mp.set_start_method("fork")
    rng = random.Random(args.seed)
    counts: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        originals = seeds(Path(tmp) / "seeds")
        suffixes = sorted(originals)
        for case in range(args.cases):
            suffix = suffixes[case % len(suffixes)]
            path = Path(tmp) / f"mutant{case}{suffix}"
            path.write_bytes(mutate(originals[suffix], rng))
            status, reason = run_case(path, args.timeout, args.memory_mb)
            key = (suffix, classify(status, reason))
            counts[key] += 1
            examples.setdefault(key, f"case {case}: {reason[:100]}")
            path.unlink()
    print(f"{args.cases} mutants (seed {args.seed}), {args.timeout:.0f} s and "
          f"{args.memory_mb} MB each\n")  # fmt: skip
    print("| reader | outcome | count | example |\n|---|---|---|---|")
    for (suffix, outcome), n in sorted(counts.items()):
        print(f"| {suffix} | {outcome} | {n} | {examples[(suffix, outcome)]} |")
    bad = sum(n for (_, o), n in counts.items() if o not in {"ok", "failed"})
    print(f"\nnot handled as they should be: {bad}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
