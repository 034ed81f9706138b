"""Bytes on disk -> Source (decoded text of the original script, with format, encoding and page metadata).

Every failure is a `ReadError` whose message is a plain reason a user can act on; the batch records it and goes on.
Raw files are only ever opened for reading.
"""

from __future__ import annotations

import codecs
import datetime
import hashlib
import io
import logging
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ingest.model import Source

MAX_BYTES = 20 * 1024 * 1024
# A DOCX is a zip of XML parts that python-docx inflates whole into memory: the parts together may expand to this
# much, and no large part may expand by more than DOCX_MAX_RATIO (Word's XML deflates ~5-30:1; a zip bomb, a
# megabyte of zeros claiming to be a gigabyte of document.xml, deflates ~1000:1).
DOCX_MAX_XML = 64 * 1024 * 1024
DOCX_MAX_RATIO = 200
DOCX_RATIO_FROM = 1024 * 1024  # parts smaller than this are too small to matter, whatever their ratio
DOCX_MAX_PARTS = 10_000
# pdfminer inflates each Flate stream whole in memory: together a PDF's streams (images aside, which text extraction
# leaves alone) may inflate to this much. A 2 MB PDF of deflated blank space can claim 2 GB.
PDF_MAX_INFLATED = 256 * 1024 * 1024
FORMATS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}

# Codecs whose repertoire GB18030 covers byte for byte: decoding with the superset never loses a character that
# a GBK page (which older government sites declare as gb2312) actually uses.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "ms936", "gb_2312_80"}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)


class ReadError(Exception):
    """A file that cannot become a Source: `str()` names the file and the reason, `reason` is the reason alone."""

    def __init__(self, reason: str, path: str | None = None, sha256: str | None = None) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.reason = reason
        self.path = path
        self.sha256 = sha256


def read_source(path: Path, display_path: str | None = None) -> Source:
    """Read one saved report. Raises ReadError with a plain reason for anything that is not a loadable report."""
    shown = display_path or str(path)
    sha = None
    try:
        raw = read_bytes(path)
        sha = hashlib.sha256(raw).hexdigest()
        fmt = file_format(path)
        if not raw.strip():
            raise ReadError("empty file")
        text, encoding, meta = _READERS[fmt](raw)
    except ReadError as exc:
        raise ReadError(exc.reason, shown, sha) from None
    except RecursionError:  # a parser recursing through a structure nested beyond anything a report needs
        raise ReadError(f"{fmt.upper()} structure nested too deeply to read", shown, sha) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _han_count(text):
        raise ReadError(f"no Chinese text found (decoded as {encoding})", shown, sha)
    meta = {**header_meta(text), **meta}
    return Source(path=shown, sha256=sha, format=fmt, encoding=encoding, text=text, n_bytes=len(raw), meta=meta)


def file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        kinds = ", ".join(sorted(FORMATS))
        raise ReadError(f"unsupported format '{path.suffix or '(no extension)'}' (supported: {kinds})")
    return fmt


def read_bytes(path: Path) -> bytes:
    """The raw bytes of a regular file, refusing oversized files before reading them into memory. Opened without
    blocking and checked to be a regular file first: a FIFO or a device is refused, never read (or waited on)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except IsADirectoryError as exc:
        raise ReadError("is a directory, not a file") from exc
    except PermissionError as exc:
        raise ReadError("cannot read the file (permission denied)") from exc
    except FileNotFoundError as exc:
        raise ReadError("file not found") from exc
    except OSError as exc:
        raise ReadError(f"cannot read the file ({exc.strerror or exc})") from exc
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise ReadError("is a directory, not a file" if stat.S_ISDIR(st.st_mode) else
                        "not a regular file (a FIFO, socket or device): not read")
    if st.st_size > MAX_BYTES:
        os.close(fd)
        raise ReadError(f"file too large ({st.st_size / 1024 / 1024:.1f} MB > {MAX_BYTES // 1024 // 1024} MB)")
    with os.fdopen(fd, "rb") as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise ReadError(f"cannot read the file ({exc.strerror or exc})") from exc


# ---------------------------------------------------------------- text encodings


def decode(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Bytes -> (text, codec name). BOM first, then UTF-8, then a declared charset that fits, then
    charset-normalizer's detection."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, codec, "a byte-order mark"), codec.replace("-sig", "")
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        return utf16
    if _looks_binary(raw):
        raise ReadError("binary data, not text (control bytes found)")
    # UTF-8 first: bytes that decode as strict UTF-8 almost never are anything else, while a page that declares
    # gb2312 may have been re-saved as UTF-8 (and GB18030 would decode those bytes into nonsense without an error).
    candidates = [c for c in ("utf-8", _canonical_codec(declared)) if c]
    for codec in candidates:
        try:
            return raw.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return _detect(raw)


def _detect(raw: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        # charset-normalizer gives up on some short, valid GBK pages; Chinese reports are GB18030 when they are
        # not UTF-8, so a strict GB18030 decode that yields mostly Chinese characters is the answer it missed.
        fallback = _gb18030_if_chinese(raw)
        if fallback is not None:
            return fallback, "gb18030"
        raise ReadError("undecodable bytes: no text encoding fits (corrupt or binary file?)")
    codec = _canonical_codec(best.encoding) or best.encoding
    text = _strict(raw, codec, "the detected encoding")
    return text, codec


def _gb18030_if_chinese(raw: bytes) -> str | None:
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = [c for c in text if ord(c) > 0x7F]
    hanzi = sum(1 for c in wide if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return text if wide and hanzi >= 0.9 * len(wide) else None


def _strict(raw: bytes, codec: str, why: str) -> str:
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(f"undecodable bytes: not valid {codec} although {why} says so ({exc})") from exc


def _canonical_codec(name: str | None) -> str | None:
    if not name:
        return None
    norm = name.strip().lower().replace("-", "_")
    if norm in _GB_FAMILY or norm.startswith("gb"):
        return "gb18030"
    try:
        return codecs.lookup(norm).name
    except LookupError:
        return None


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark (some Windows tools): its ASCII digits, punctuation and line breaks put
    a NUL in every other byte, which reads as binary. Taken only when one byte order decodes strictly to text that
    is mostly Chinese, with no control characters but line breaks and tabs."""
    sample = raw[:65536]
    if b"\x00" not in sample or len(raw) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text[:32768]):
            continue
        visible = [c for c in text[:32768] if not c.isspace()]
        if visible and _han_count("".join(visible)) >= 0.3 * len(visible):
            return text, codec.replace("-le", "").replace("-be", "")
    return None


def _looks_binary(raw: bytes) -> bool:
    """NUL or many C0 control bytes mean an image, archive or executable, not a text file in any legacy codec."""
    sample = raw[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(b < 32 and b not in (9, 10, 12, 13, 27) for b in sample)
    return controls > max(4, len(sample) // 100)


_NON_HAN = re.compile(r"[^\u4e00-\u9fff\u3400-\u4dbf]+")


def _han_count(text: str) -> int:
    # Counted in C by deleting everything else: a per-character Python loop takes seconds on a 20 MB page.
    return len(_NON_HAN.sub("", text))


# ---------------------------------------------------------------- formats


def _read_txt(raw: bytes) -> tuple[str, str, dict[str, str]]:
    text, enc = _decode_or_explain(raw)
    return text, enc, {}


def _decode_or_explain(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    text, enc = decode(raw, declared)
    if text.count("\ufffd") > max(3, len(text) // 200):
        raise ReadError(f"undecodable bytes: {text.count(chr(0xFFFD))} replacement characters after decoding as {enc}")
    return text, enc


def _read_html(raw: bytes) -> tuple[str, str, dict[str, str]]:
    declared = _META_CHARSET.search(raw[:4096])
    text, enc = _decode_or_explain(raw, declared.group(1).decode("ascii", "ignore") if declared else None)
    body, meta = page_text(text)
    return body, enc, meta


@cache
def _radicals() -> dict[int, str]:
    """Kangxi radicals (U+2F00-) and CJK radical supplement forms (U+2E80-) -> the ideographs they stand for.
    Chromium's PDF printer, among others, writes ⼯ ⽐ ⻓ for 工 比 长 when a font maps them so: the same character to a
    reader, another code point to the extractor and the document id. Kangxi radicals fold by NFKC; a supplement form
    by its Unicode name ("CJK RADICAL C-SIMPLIFIED LONG" -> the Kangxi radical LONG, 長, in simplified script 长)."""
    from ingest.clean import t2s

    kangxi = {unicodedata.name(chr(c)).removeprefix("KANGXI RADICAL "): unicodedata.normalize("NFKC", chr(c))
              for c in range(0x2F00, 0x2FD6)}
    table = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}
    for c in range(0x2E80, 0x2F00):
        name = unicodedata.name(chr(c), "").removeprefix("CJK RADICAL ")
        folded = unicodedata.normalize("NFKC", chr(c))
        if folded != chr(c):
            table[c] = folded
        elif name.startswith("C-SIMPLIFIED ") and name.removeprefix("C-SIMPLIFIED ") in kangxi:
            table[c] = t2s(kangxi[name.removeprefix("C-SIMPLIFIED ")])
        elif name in kangxi:
            table[c] = kangxi[name]
    return {c: v for c, v in table.items() if len(v) == 1}  # one for one: offsets into the text stay put


def fold_radicals(text: str) -> str:
    return text.translate(_radicals()) if re.search("[\u2e80-\u2fdf]", text) else text


def _read_pdf(raw: bytes) -> tuple[str, str, dict[str, str]]:
    import pdfplumber

    # pdfminer logs a warning per glyph of a font without a bounding box ("Could not get FontBBox"): noise that
    # says nothing about the text, dozens of lines per Chromium-printed page
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    check_pdf_streams(raw)
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
            info = pdf.metadata or {}
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        if _is_encrypted(exc):
            raise ReadError("encrypted PDF: it needs a password before its text can be read") from exc
        raise ReadError(f"unreadable PDF ({_describe(exc)})") from exc
    text = fold_radicals("\n".join(pages))
    if not text.strip():
        raise ReadError("PDF has no text layer (a scanned image? OCR it first)")
    # CreationDate is when the file was made (often an export), not when the report was published: kept apart.
    fields = (("title", "Title"), ("created", "CreationDate"))
    meta = {k: str(info[src]).strip() for k, src in fields if info.get(src)}
    if "created" in meta:
        meta["created"] = _pdf_date(meta["created"])
    return text, "binary", {k: fold_radicals(v) for k, v in meta.items() if v}


_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_PDF_IMAGE = re.compile(rb"/Subtype\s*/Image")


def check_pdf_streams(raw: bytes) -> None:
    """Refuse a PDF whose Flate streams inflate past PDF_MAX_INFLATED, counted by inflating each in 1 MB steps
    before pdfminer inflates them whole. Only what a stream's own dictionary (the bytes since its "obj") says
    counts; a stream zlib cannot read is left for pdfminer to judge."""
    total = 0
    end = 0
    view = memoryview(raw)
    for m in _PDF_STREAM.finditer(raw):
        head = raw[max(0, m.start() - 1024) : m.start()].rsplit(b" obj", 1)[-1]
        if b"FlateDecode" not in head or _PDF_IMAGE.search(head):
            continue
        if 0 <= end < m.end():  # searched once per stream, not once per "stream" token inside one
            end = raw.find(b"endstream", m.end())
        data = view[m.end() : len(raw) if end < 0 else end]
        inflater = zlib.decompressobj()
        try:
            # 16 KB of input inflates to 16 MB at most (deflate's ceiling is ~1032:1): memory stays bounded
            for at in range(0, len(data), 16384):
                total += len(inflater.decompress(data[at : at + 16384]))
                if total > PDF_MAX_INFLATED:
                    raise ReadError(f"refused PDF: its streams inflate to more than {_mb(PDF_MAX_INFLATED)}; "
                                    "a compression bomb?")
                if inflater.eof:
                    break
        except zlib.error:
            continue


def _is_encrypted(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect / PDFEncryptionError (messageless) in its own exception."""
    seen: list[BaseException] = [exc, *(a for a in exc.args if isinstance(a, BaseException))]
    if exc.__cause__ is not None:
        seen.append(exc.__cause__)
    return any(type(e).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError") for e in seen)


def _describe(exc: BaseException) -> str:
    """`Type: message` cut to one short line: a parser's message may quote a megabyte of the bad input."""
    text = " ".join(str(exc).split())
    if not text and exc.args and isinstance(exc.args[0], BaseException):
        return _describe(exc.args[0])
    text = text if len(text) <= 200 else text[:200] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _pdf_date(value: str) -> str:
    m = re.search(r"(\d{4})(\d{2})(\d{2})", value)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else ""


def _read_docx(raw: bytes) -> tuple[str, str, dict[str, str]]:
    import docx

    check_docx_archive(raw)
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # zipfile/lxml errors: a truncated or mislabelled file
        raise ReadError(f"unreadable DOCX ({_describe(exc)})") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines.extend("\t".join(cell.text for cell in row.cells) for row in table.rows)
    props = document.core_properties
    meta = {"title": (props.title or "").strip()}
    if props.created:  # the file's creation, not the report's publication
        meta["created"] = props.created.date().isoformat()
    return "\n".join(lines), "binary", {k: v for k, v in meta.items() if v}


def check_docx_archive(raw: bytes) -> None:
    """Refuse, before python-docx inflates anything, a .docx that is not a Word zip or would expand without bound:
    the sizes the archive declares are checked first, then every part is inflated in bounded chunks, counting what
    it really expands to (a forged size field lies) and looking for a DTD, which Word never writes and which is how
    an XML entity-expansion ("billion laughs") attack starts."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except Exception as exc:  # zipfile raises assorted types (BadZipFile, ValueError, struct.error…) on junk
        raise ReadError(f"not a DOCX: the file is not a zip archive ({_describe(exc)}); "
                        "an old .doc renamed to .docx, or a truncated download?") from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > DOCX_MAX_PARTS:
            raise ReadError(f"refused DOCX: {len(parts)} parts in the archive (a Word file has tens)")
        if "word/document.xml" not in {p.filename for p in parts}:
            raise ReadError("not a DOCX: the zip archive has no word/document.xml (not a Word document)")
        declared = sum(p.file_size for p in parts)
        if declared > DOCX_MAX_XML:
            raise ReadError(f"refused DOCX: its parts would expand to {_mb(declared)} (more than {_mb(DOCX_MAX_XML)}); "
                            "a zip bomb?")
        total = 0
        for part in parts:
            total += _inflate_checked(archive, part, DOCX_MAX_XML - total)


def _inflate_checked(archive: zipfile.ZipFile, part: zipfile.ZipInfo, budget: int) -> int:
    """Inflate one part in 1 MB chunks; the bytes it really expands to, or a ReadError once it passes a limit."""
    size = 0
    tail = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(1024 * 1024):
                size += len(chunk)
                if size > budget:
                    raise ReadError(f"refused DOCX: {part.filename} expands past {_mb(DOCX_MAX_XML)} "
                                    "(its size field understates it); a zip bomb?")
                if size > DOCX_RATIO_FROM and size > DOCX_MAX_RATIO * max(part.compress_size, 1):
                    raise ReadError(f"refused DOCX: {part.filename} expands more than {DOCX_MAX_RATIO}:1 "
                                    f"({_mb(part.compress_size)} compressed); a zip bomb?")
                window = tail + chunk
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    raise ReadError(f"refused DOCX: {part.filename} declares a DTD (entities), which Word never "
                                    "writes; an XML entity-expansion attack?")
                tail = chunk[-16:]
    except ReadError:
        raise
    except Exception as exc:
        # corrupt data or header offsets, a CRC mismatch, an encrypted part, an unsupported compression method:
        # zipfile and zlib raise a different type for each
        raise ReadError(f"unreadable DOCX: part {part.filename} is damaged ({_describe(exc)})") from exc
    return size


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


_READERS: dict[str, Callable[[bytes], tuple[str, str, dict[str, str]]]] = {
    "txt": _read_txt, "html": _read_html, "pdf": _read_pdf, "docx": _read_docx,
}


# ---------------------------------------------------------------- page metadata in the text header

_LABELS = {
    "source": r"(?:来源|來源|信息来源|文章来源)",
    "published": r"(?:发布时间|發布時間|发布日期|發佈時間|发文日期|时间|日期)",
}
DATE = r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"  # 2022-08-03, 2022/8/3, 2022年8月3日


def header_meta(text: str, lines: int = 15) -> dict[str, str]:
    """来源 and 发布时间 from the first lines, where saved pages print them ("来源: 海安发改委 发布时间:2022-08-03")."""
    head = "\n".join(text.split("\n")[:lines])
    head = unicodedata.normalize("NFKC", head)
    meta: dict[str, str] = {}
    src = re.search(_LABELS["source"] + r"\s*[:]\s*([^\s:]{2,30})", head)
    if src:
        meta["source"] = src.group(1)
    pub = re.search(_LABELS["published"] + r"\s*[:]\s*" + DATE, head)
    if pub is None:  # news pages print "2020-08-13 16:43 来源:南通网": the date that stands with the source
        pub = next((m for line in head.split("\n") if re.search(_LABELS["source"], line)
                    for m in [re.search(DATE, line)] if m), None)
    published = iso_date(*pub.groups()[-3:]) if pub else ""
    if published:
        meta["published"] = published
    return meta


def iso_date(year: str, month: str, day: str) -> str:
    """YYYY-MM-DD, or "" for a date no calendar has ("2022年13月45日" is a typo or junk, not a publishing date)."""
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


# ---------------------------------------------------------------- saved web pages

_BLOCK = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "tr", "ul",
}
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "select",
              "button", "svg", "template", "head")
# Class/id words of navigation chrome on Chinese government CMS pages (menus, breadcrumbs, share bars, footers).
_CHROME = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|breadcrumb|crumbs?|position|location|footer|foot|header|head|top|topbar|"
    r"sidebar|side|share|bdshare|banner|copyright|toolbar|login|search|related|comment|print|fontsize|ad|ads)"
    r"(?:$|[\s_\-\d])",
    re.I,
)
_TRUNCATED = re.compile(r"</html\s*>|</body\s*>", re.I)
_META_NAMES = {
    "title": ("articletitle", "og:title", "title"),
    "published": ("pubdate", "publishdate", "article:published_time", "firstpublishedtime", "date"),
    "source": ("contentsource", "source", "author"),
    "url": ("og:url", "url"),
}
# "<article title> - 海安市人民政府" / "…_南通市统计局": the site's name after the last separator is not the title.
# ("…-官网" is left alone: that is what injected spam titles look like, and the spam check needs to see it.)
_SITE_SUFFIX = re.compile(
    r"\s*(?:\s[-—|｜]\s|[_|｜])\s*[^_|｜\-—]{2,20}(?:人民政府|政府|门户网站?|网站|统计局|委员会|办公室|[^官]网)\s*$"
)
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)", re.I)


def page_text(html: str) -> tuple[str, dict[str, str]]:
    """A saved page -> (title + metadata line + main text, metadata). Navigation chrome is left out."""
    import lxml.etree
    import lxml.html

    if re.search(r"<(?:html|body)[\s>]", html[:20000], re.I) and not _TRUNCATED.search(html[-20000:]):
        raise ReadError("truncated HTML: the page ends before </body></html> (incomplete download or save)")
    saved_from = _SAVED_FROM.search(html[:2000])
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)  # lxml refuses str input that declares an encoding
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise ReadError(f"unreadable HTML ({_describe(exc)})") from exc
    # libxml2 recovers from bad markup but stops, silently, at its resource limits (nesting deeper than 255
    # elements, a text node over 10 MB): everything after that point would be lost without a word.
    fatal = [e for e in parser.error_log if e.level_name == "FATAL"]
    if fatal:
        why = "nested too deeply" if "depth" in fatal[0].message.lower() else "beyond the parser's limits"
        raise ReadError(f"unreadable HTML: the page is {why} ({' '.join(fatal[0].message.split())})")
    meta = _page_meta(root)
    if saved_from and "url" not in meta:
        meta["url"] = saved_from.group(1)
    page_title = _squash(root.findtext(".//title") or "")
    heading = _first_heading(root)
    _drop(list(root.iter(*_DROP_TAGS)))
    _drop_chrome(root)
    body = _main_block(root)
    text = _block_text(body).strip("\n")
    meta = {**header_meta(_block_text(root)), **meta}
    page_title = _SITE_SUFFIX.sub("", page_title)
    if heading and page_title.startswith(heading):
        page_title = ""  # the heading says it already
    lines = [t for t in (page_title, heading) if t and t not in text[:400]]
    meta_line = _meta_line(meta)
    if meta_line and meta_line not in text[:400]:
        lines.append(meta_line)
    if page_title:
        meta.setdefault("title", heading or page_title)
    return "\n".join([*dict.fromkeys(lines), text]), meta


def _page_meta(root: object) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in root.iter("meta"):  # type: ignore[attr-defined]
        key = (el.get("name") or el.get("property") or "").strip().lower()
        value = _squash(el.get("content") or "")
        for field_name, names in _META_NAMES.items():
            if key in names and value and field_name not in found:
                found[field_name] = value
    if "published" in found:
        date = re.search(DATE, unicodedata.normalize("NFKC", found["published"]))
        found["published"] = iso_date(*date.groups()) if date else ""
    return {k: v for k, v in found.items() if v}


def _first_heading(root: object) -> str:
    for tag in ("h1", "h2"):
        for el in root.iter(tag):  # type: ignore[attr-defined]
            text = _squash(el.text_content())
            if len(text) >= 4:
                return text
    return ""


def _drop_chrome(root: object) -> None:
    doomed = []
    for el in root.iter():  # type: ignore[attr-defined]
        if not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        marks = f"{el.get('class') or ''} {el.get('id') or ''}"
        if _CHROME.search(marks) and _han(el.text_content()) < 200:  # a big "content-top" block is still content
            doomed.append(el)
    _drop(doomed)


def _drop(elements: list[object]) -> None:
    for el in elements:
        if el.getparent() is not None:  # type: ignore[attr-defined]
            el.drop_tree()  # type: ignore[attr-defined]


def _main_block(root: object) -> object:
    """The element holding most paragraph text: each <p>'s Chinese characters count for its parent (and half for
    the grandparent), the readability heuristic, so a page's article wins over link lists and footers."""
    scores: dict[object, float] = {}
    for el in root.iter("p", "br", "div", "td", "span", "font"):  # type: ignore[attr-defined]
        own = _han((el.text or "") + (el.tail or "") if el.tag == "br" else el.text or "")
        if el.tag == "p":
            own = _han(el.text_content())
        if own < 10:
            continue
        parent = el.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + own
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + own / 2
    body = root.find("body")  # type: ignore[attr-defined]
    fallback = body if body is not None else root
    if not scores:
        return fallback
    return max(scores.items(), key=lambda kv: kv[1])[0]


def _block_text(el: object) -> str:
    """Text with a line break at every block boundary, inline markup joined, runs of blank lines kept short."""
    parts: list[str] = []
    _walk(el, parts)
    lines = "".join(parts).split("\n")
    # Spaces around each line break go (str.strip, not a regex: "[ ]*\n" backtracks quadratically on a long run of
    # spaces with no line break after it).
    if len(lines) > 1:
        lines = [lines[0].rstrip(_PAD), *(line.strip(_PAD) for line in lines[1:-1]), lines[-1].lstrip(_PAD)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


_PAD = " \t\u00a0\u3000"


def _walk(el: object, parts: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
    block = tag in _BLOCK
    parts.append("\n" if tag == "br" or block else "")  # <br> breaks a line; a block starts one
    if tag and el.text:  # type: ignore[attr-defined]
        parts.append(el.text.replace("\n", " "))  # type: ignore[attr-defined]
    for child in el:  # type: ignore[attr-defined]
        _walk(child, parts)
    if block:
        parts.append("\n")
    if el.tail:  # type: ignore[attr-defined]
        parts.append(el.tail.replace("\n", " "))  # type: ignore[attr-defined]


def _meta_line(meta: dict[str, str]) -> str:
    bits = [f"来源:{meta['source']}" if meta.get("source") else "",
            f"发布时间:{meta['published']}" if meta.get("published") else ""]
    return " ".join(b for b in bits if b)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _han(text: str) -> int:
    return _han_count(text)
