"""Fingerprints of what shapes a result, taken from what is imported, not from hand-kept lists.

One way to fingerprint files (`files_digest`: each file's label and bytes after a prefix saying what else counts),
and one way to find the code a result depends on (`imported`: the `ingest` modules an entry module imports, directly
or not, read from their import statements, those inside functions included). The cache's code version, the
incremental run's record key and the compiled extractor's stamp are each `code_digest` of their entry modules:
a module added to the chain, or edited, changes the key without anyone updating a list.
Standard library only (the build script imports this module).
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "ingest"


def files_digest(paths: Iterable[Path], *, prefix: str = "", label: Callable[[Path], str] = lambda p: p.name) -> str:
    """SHA-256 hex of `prefix` and every readable file's label and content; a missing file is left out."""
    digest = hashlib.sha256(prefix.encode())
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        digest.update(label(path).encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def module_file(name: str, root: Path = ROOT) -> Path | None:
    """The source of module `ingest.x.y` under `root` (a package's __init__.py), None if there is none."""
    base = root.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


_PARSED: dict[tuple[str, str, int, int], set[str]] = {}  # (module, path, size, mtime) -> its imports


def _imports(path: Path, name: str) -> set[str]:
    """The `ingest` modules one source file names in its import statements (and the packages they lie in)."""
    st = path.stat()
    key = (name, str(path), st.st_size, st.st_mtime_ns)
    if key not in _PARSED:
        _PARSED[key] = _parse_imports(path, name)
    return _PARSED[key]


def _parse_imports(path: Path, name: str) -> set[str]:
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from .x import y
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)  # `from pkg import module`
    out = set()
    for module in found:
        if module == PACKAGE or module.startswith(PACKAGE + "."):
            parts = module.split(".")
            out.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return out


def imported(entries: Iterable[str], root: Path = ROOT) -> list[Path]:
    """The source files of `entries` and of every `ingest` module they import, directly or not, sorted."""
    seen: dict[str, Path] = {}
    todo = list(entries)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = module_file(name, root)
        if path is None:
            continue
        seen[name] = path
        todo.extend(_imports(path, name) - seen.keys())
    return sorted(set(seen.values()))


def package_data(root: Path = ROOT) -> list[Path]:
    """The package's data files (word lists beside the modules that read them)."""
    return sorted(p for p in (root / PACKAGE).rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc", ".so")
                  and "__pycache__" not in p.parts)


def code_digest(entries: Iterable[str], *, root: Path = ROOT, extra: Iterable[Path] = (), prefix: str = "") -> str:
    """Of the code `entries` run (their import closure), the package's data files and `extra` files."""
    files = [*imported(entries, root), *package_data(root), *extra]
    return files_digest(files, prefix=prefix, label=lambda p: p.relative_to(root).as_posix()
                        if p.is_relative_to(root) else str(p))
