"""Real processes racing on a new database: two writers and a reader, started together."""

from __future__ import annotations

import subprocess
import sys
import time

from pipeline.store import connect_reader

# Each writer saves one small article of its own; the start time is shared so the
# processes open the (not yet existing) database at the same moment.
WRITER = """
import sys, time
from pipeline.core import Analysis, Block, Document, Person, Quote
db, start, n = sys.argv[1], float(sys.argv[2]), sys.argv[3]
text = f"Byrådet i Ærø mødes igen, siger Karen Lund {n}."
doc = Document.from_blocks(f"/artikel-{n}.txt", [Block(text)], sha256=n * 64, date="2024-02-0" + n)
person = Person(f"Karen Lund {n}", aliases=["Lund"])
quote = Quote("Byrådet i Ærø mødes igen", 0, 24, speaker=person.name)
analysis = Analysis(doc, [], [], [person], [quote], [])
from pipeline.store import Store
while time.time() < start:
    pass
with Store(db) as store:
    store.save(analysis)
"""

# The reader polls from the same moment: it may find no file, or an empty one, but
# never a half-made schema ("no such table") or a lock error.
READER = """
import sys, time
from pipeline.store import connect_reader, search_quotes, stats
db, start = sys.argv[1], float(sys.argv[2])
while time.time() < start:
    pass
while time.time() < start + 10:
    try:
        conn = connect_reader(db)
    except FileNotFoundError:
        continue
    except ValueError as err:
        if "empty" in str(err):
            continue
        raise
    with conn:
        search_quotes(conn, text="byrådet")
        if stats(conn)["documents"] == 2:  # both writers are done
            break
"""


def test_two_writers_and_a_reader_on_a_new_database(tmp_path):
    trials = 10
    for trial in range(trials):
        db = tmp_path / f"race{trial}.sqlite"
        start = time.time() + 0.5  # time for the interpreters to start
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(db), str(start), str(n)],
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in (1, 2)
        ]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", READER, str(db), str(start)],
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        errors = [p.communicate(timeout=60)[1] for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], (trial, errors)
        with connect_reader(db) as conn:
            paths = [r[0] for r in conn.execute("SELECT path FROM documents ORDER BY path")]
            assert paths == ["/artikel-1.txt", "/artikel-2.txt"]
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
