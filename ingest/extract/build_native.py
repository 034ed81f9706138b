"""Build the compiled extractor modules (see ingest.extract.native): `python -m ingest.extract.build_native`.

`--if-stale` builds only when the build in use is missing or not of the current sources; `--check` only says;
`--python PY` uses a Python that already has mypy instead of making the build virtualenv.

mypy/mypyc run from their own virtualenv (build/native/venv, `BUILD_REQUIREMENTS` from the package registry), so the
project's pinned environment is untouched; a C compiler and Python's headers are needed. A failed build leaves no
build behind, and extraction stays plain Python.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ingest.extract.native import GROUP, MODULES, OUT, ROOT, STAMP, digest, status

VENV = ROOT / "build" / "native" / "venv"
MYPY = "2.4.1"
# What the build venv installs, exactly (the versions the build was tested with).
BUILD_REQUIREMENTS = (f"mypy=={MYPY}", "mypy_extensions==1.2.0", "librt==0.17.0", "pathspec==1.1.1",
                      "ast-serialize==0.13.1", "typing_extensions==4.16.0", "setuptools==65.5.0")


def build(python: str | None = None) -> int:
    """Compile MODULES into OUT; returns an exit code (non-zero: nothing usable was written, plain Python stays)."""
    if python is None:
        python = _build_python()
    want = digest()
    shutil.rmtree(OUT, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="extract-native-") as tmp:
        # the package is compiled from a copy, away from the project's pyproject.toml (setuptools would read it)
        src = Path(tmp) / "src"
        shutil.copytree(ROOT / "ingest", src / "ingest", ignore=shutil.ignore_patterns("__pycache__"))
        # (the modules' imports from the rest of ingest are read for their types only, and are not checked here)
        args = ["--ignore-missing-imports", "--follow-imports=silent", *(f"ingest/extract/{m}.py" for m in MODULES)]
        setup = Path(tmp) / "setup.py"
        setup.write_text(
            "from setuptools import setup\nfrom mypyc.build import mypycify\n"
            f"setup(name='extract-native', packages=[], py_modules=[], ext_modules=mypycify({args!r}, opt_level='3',"
            f" group_name={GROUP!r}, target_dir={str(Path(tmp) / 'c')!r}))\n",
            encoding="utf-8",
        )
        lib = Path(tmp) / "lib"
        env = {**os.environ, "MYPYPATH": str(src)}
        cmd = [python, str(setup), "-q", "build_ext", "--build-lib", str(lib), "--build-temp", str(Path(tmp) / "t")]
        done = subprocess.run(cmd, cwd=src, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if done.returncode != 0:
            print(f"extract native build failed (plain Python stays in use):\n{done.stdout[-4000:]}", file=sys.stderr)
            return 1
        built = sorted((lib / "ingest" / "extract").glob("*.so"))
        if len(built) < len(MODULES):
            print(f"extract native build: {len(built)} of {len(MODULES)} modules built", file=sys.stderr)
            return 1
        staging = OUT.with_name(OUT.name + ".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for so in built:
            shutil.copy2(so, staging / so.name)
        if digest() != want:  # a source changed while compiling: this build is of neither version
            print("extract native build: the sources changed during the build; not used", file=sys.stderr)
            shutil.rmtree(staging, ignore_errors=True)
            return 1
        tmp_stamp = staging / (STAMP + ".tmp")
        tmp_stamp.write_text(want + "\n", encoding="utf-8")
        os.replace(tmp_stamp, staging / STAMP)
        os.replace(staging, OUT)
    print(f"extract native build: {len(built)} compiled modules in {OUT}")
    return 0


def _build_python() -> str:
    """A Python with mypy (and setuptools) installed: its own virtualenv, made once."""
    py = VENV / "bin" / "python"
    if not py.exists() or subprocess.run([str(py), "-c", f"import mypy.version as v; assert v.__version__ == {MYPY!r}"],
                                         capture_output=True).returncode != 0:
        shutil.rmtree(VENV, ignore_errors=True)
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        *BUILD_REQUIREMENTS], check=True)
    return str(py)


def main(argv: list[str]) -> int:
    if "--check" in argv:
        why = status()
        print("extract: compiled modules in use" if why is None else f"extract: plain Python ({why})")
        return 0
    if "--if-stale" in argv and status() is None:  # (what make runs before every use: nothing to do, at once)
        return 0
    python = argv[argv.index("--python") + 1] if "--python" in argv else None
    try:
        return build(python)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"extract native build failed (plain Python stays in use): {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
