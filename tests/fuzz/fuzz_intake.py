"""Coverage-guided fuzzing of the intake (read -> clean -> identify) with atheris; not part of the pytest run.

Every input is one file: its first byte picks the format, the rest is the file's bytes. Reading it may succeed or
raise ReadError; anything else (another exception, a hang past -timeout, memory past -rss_limit_mb) is a finding.

    .venv/bin/pip install atheris==3.0.0
    .venv/bin/python tests/fuzz/fuzz_intake.py --make-corpus build/fuzz_corpus      # seeds from reports/
    .venv/bin/python tests/fuzz/fuzz_intake.py build/fuzz_corpus -max_total_time=300 -timeout=20 -rss_limit_mb=2048

The pytest counterpart, with hypothesis and the hostile files built by hand, is tests/python/test_fuzz_intake.py.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

with atheris.instrument_imports(include=["ingest"]):
    from ingest.pipeline import load_document
    from ingest.read import ReadError

SUFFIXES = (".txt", ".html", ".pdf", ".docx")
_WORK = Path(tempfile.mkdtemp(prefix="fuzz_intake_"))


def test_one_input(data: bytes) -> None:
    if not data:
        return
    path = _WORK / f"input{SUFFIXES[data[0] % len(SUFFIXES)]}"
    path.write_bytes(data[1:])
    try:
        load_document(path)
    except ReadError as exc:
        if str(path) not in str(exc) or not exc.reason:
            raise AssertionError(f"a ReadError that does not name the file and the problem: {exc!r}") from exc


def make_corpus(folder: Path) -> None:
    """One seed per committed report and per format it can be saved as (text, and the same text as a page)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, report in enumerate(sorted((ROOT / "reports").iterdir())):
        raw = report.read_bytes()
        (folder / f"{report.stem}.txt.seed").write_bytes(bytes([0]) + raw)
        page = b"<html><body><p>" + raw.replace(b"\n", b"</p><p>") + b"</p></body></html>"
        (folder / f"{report.stem}.html.seed").write_bytes(bytes([1]) + page)
        if i == 0:
            sys.path.insert(0, str(ROOT / "tests" / "python"))
            from test_read_intake import make_docx, make_pdf

            lines = raw.decode("utf-8").split("\n")[:30]
            (folder / "report.pdf.seed").write_bytes(bytes([2]) + make_pdf(lines[:10]))
            (folder / "report.docx.seed").write_bytes(bytes([3]) + make_docx(lines))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--make-corpus":
        make_corpus(Path(sys.argv[2]))
        return
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
