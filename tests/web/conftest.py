"""A database built by the real pipeline from our own small Danish texts, and a real server.

The texts are written for these tests: two news articles from Sorø with quotes
by persons whose names carry æ/ø/å, one article whose text tries to inject
markup, and two Task Force reports on Sorø (PDF, three and two pages) whose
findings the dashboard, the first/last comparison and claims-vs-quotes show.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fpdf import FPDF

from pipeline.paths import REPO_ROOT

NEWS_SAGER = "\n\n".join(
    [
        "Sorø får kritik for lange sagsbehandlingstider",
        "4. marts 2021",
        (
            "Sorø: Sorø Kommune skal have styr på sagerne om udsatte børn, efter at Task "
            "Forcen har peget på lange ventetider i familieafdelingen."
        ),
        (
            "– Vi tager kritikken meget alvorligt, og vi har allerede ansat fire nye "
            "socialrådgivere, siger borgmester Søren Kjærgaard (V)."
        ),
        "Åse Mølgaard (S), der er formand for udvalget, er ikke overrasket over rapporten.",
        (
            "– Sagsbehandlingstiden har været alt for lang i flere år, og fristerne er ikke "
            "blevet overholdt, siger Åse Mølgaard."
        ),
        "Hun vil have en plan på bordet inden sommerferien.",
    ]
)

NEWS_BUDGET = "\n\n".join(
    [
        "Sorø vil bruge flere penge på skolerne",
        "9. oktober 2022",
        (
            "Sorø: Byrådet i Sorø er enige om næste års budget efter lange forhandlinger på "
            "rådhuset."
        ),
        (
            "– Vi har fundet pengene uden at skære i ældreplejen, og det er jeg stolt af, "
            "siger borgmester Søren Kjærgaard (V)."
        ),
        "Oppositionen er mindre begejstret.",
        (
            "– Budgettet er et lappeløsningsbudget, der ikke holder ret længe, siger "
            "byrådsmedlem Jørgen Ølgod (K)."
        ),
    ]
)

NEWS_HOSTILE = "\n\n".join(
    [
        "Borgere klager over kommunens hjemmeside",
        "2. februar 2023",
        "Sorø: Flere borgere har skrevet til kommunen om fejl på hjemmesiden.",
        (
            "– Der stod <script>alert('xss')</script> midt i teksten, og billedet <img src=x "
            "onerror=alert(2)> virkede ikke, siger Tove Ærenlund."
        ),
        (
            'Se mere på javascript:alert(3) eller <a href="javascript:alert(4)">denne '
            "side</a>, skriver kommunen."
        ),
    ]
)

REPORT_2020 = [
    [
        "Task Forcens analyse af Sorø Kommune",
        "Socialstyrelsen, 12. maj 2020",
        "",
        "Analysen bygger på en gennemgang af 30 sager om udsatte børn og unge.",
    ],
    [
        "Sagsbehandlingstid",
        "Task Forcen vurderer, at sagsbehandlingstiden i kommunen er for lang,",
        "og at de lovpligtige frister for børnefaglige undersøgelser ikke overholdes.",
    ],
    [
        "Ledelse",
        "Task Forcen finder, at ledelsestilsynet med sagerne ikke er tilstrækkeligt.",
    ],
]

REPORT_2022 = [
    [
        "Statusrapport for Sorø Kommune",
        "Socialstyrelsen, 20. juni 2022",
        "",
        "Task Forcen har fulgt kommunens arbejde siden analysen i 2020.",
    ],
    [
        "Sagsbehandlingstid",
        "Task Forcen vurderer, at sagsbehandlingstiden stadig er for lang i mange sager,",
        "og at fristerne for de børnefaglige undersøgelser fortsat ikke overholdes.",
    ],
]


def _pdf(pages: list[list[str]], out: Path) -> None:
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    for lines in pages:
        pdf.add_page()
        for n, line in enumerate(lines):
            pdf.set_font("Helvetica", style="B" if n == 0 else "", size=18 if n == 0 else 11)
            pdf.text(20, 20 + 9 * n, line)
    pdf.output(str(out))


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "soroe-2021-sager.txt").write_text(NEWS_SAGER, encoding="utf-8")
    (folder / "soroe-2022-budget.txt").write_text(NEWS_BUDGET, encoding="utf-8")
    (folder / "soroe-2023-hjemmeside.txt").write_text(NEWS_HOSTILE, encoding="utf-8")
    _pdf(REPORT_2020, folder / "soroe-2020-analyse.pdf")
    _pdf(REPORT_2022, folder / "soroe-2022-status.pdf")
    return folder


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database `dapipe process` makes of our texts (real extraction, NLP and store)."""
    import pipeline

    root = tmp_path_factory.mktemp("web")
    corpus = write_corpus(root / "corpus")
    db = root / "web.sqlite"
    report = pipeline.process([corpus], db=db)
    assert report.failed == [], report.failed
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    started_in: float  # seconds from launch to the first answer


def start_server(db: Path, host: str = "127.0.0.1", timeout: float = 30) -> Server:
    """`dapipe serve` as a separate process, waited for until it answers."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port)]
        + (["--host", host] if host != "127.0.0.1" else []),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            with urllib.request.urlopen(base + "/static/style.css", timeout=2):
                return Server(base, process, time.perf_counter() - started)
        except OSError:
            if process.poll() is not None or time.perf_counter() - started > timeout:
                process.kill()
                err = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"dapipe serve did not start: {err}") from None
            time.sleep(0.05)


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    if server.process.stderr:
        server.process.stderr.close()


@pytest.fixture(scope="session")
def server(web_db: Path) -> Iterator[Server]:
    running = start_server(web_db)
    yield running
    stop_server(running)
