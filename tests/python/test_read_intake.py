"""ingest.read: every supported format and encoding in, a Source out; every bad file out with a plain reason.

The good inputs are the real reports (tests/fixtures/intake); the bad ones are made here, from them.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from ingest.read import MAX_BYTES, ReadError, read_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "intake"
SEED = FIXTURES / "000_4d642fd5ff5d4800.txt"
MIRROR = FIXTURES / "haian_2022h1_plan_mirror_trad.html"


# ---------------------------------------------------------------- builders (used by the other intake tests too)


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def as_html(text: str, charset: str | None = "utf-8", title: str = "") -> str:
    """A saved government page around the text: head metadata, navigation, breadcrumbs, a footer."""
    paras = "\n".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return f"""<!DOCTYPE html><html><head>{meta}<title>{title}</title>
<meta name="PubDate" content="2022-08-03 10:15"><meta name="ContentSource" content="海安发改委">
<script>document.write("广告 首页 导航");</script></head>
<body><div id="nav"><a>首页</a><a>政务公开</a><a>政策文件</a><a>新闻动态</a></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开</div>
<div class="main"><div class="article">{paras}</div></div>
<div class="footer">版权所有：海安市人民政府办公室 技术支持：某某网络公司 网站标识码3206850001</div>
</body></html>"""


def make_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF with a CJK text layer (the Adobe-GB1 CID font every reader knows, no font file)."""
    content = ["BT", "/F1 12 Tf", "14 TL", "50 780 Td", *(f"<{ln.encode('utf-16-be').hex()}> Tj T*" for ln in lines),
               "ET"]
    stream = "\n".join(content).encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None, title: str = "") -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def reason_of(path: Path) -> str:
    with pytest.raises(ReadError) as info:
        read_source(path)
    assert str(path) in str(info.value)  # the message names the file
    return info.value.reason


# ---------------------------------------------------------------- formats and encodings


def test_plain_text_utf8_with_page_metadata() -> None:
    src = read_source(SEED, "reports/seed.txt")
    assert (src.format, src.encoding, src.path) == ("txt", "utf-8", "reports/seed.txt")
    assert src.text == seed_text()
    assert src.meta == {"source": "海安发改委", "published": "2022-08-03"}
    assert src.n_bytes == SEED.stat().st_size and len(src.sha256) == 64


def test_bom_is_dropped_and_crlf_becomes_lf(tmp_path: Path) -> None:
    text = "海安市2022年上半年\r\n实现地区生产总值684.66亿元,增长1.6%。\r\n"
    src = read_source(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + text.encode("utf-8")))
    assert src.encoding == "utf-8"
    assert src.text == text.replace("\r\n", "\n")
    utf16 = read_source(write(tmp_path, "u16.txt", text.encode("utf-16")))
    assert utf16.encoding == "utf-16" and utf16.text == src.text


@pytest.mark.parametrize("declared", ["gb2312", "gbk", None])
def test_gbk_html_is_decoded_as_gb18030(tmp_path: Path, declared: str | None) -> None:
    """Older government sites serve GBK (declared gb2312 or not at all); GB18030 decodes all of it."""
    body = "\n".join(seed_text().split("\n")[:40])
    path = write(tmp_path, "old.html", as_html(body, declared).encode("gbk", errors="ignore"))
    src = read_source(path)
    assert (src.format, src.encoding) == ("html", "gb18030")
    assert "实现地区生产总值684.66亿元,增长1.6%" in src.text
    assert src.meta["published"] == "2022-08-03" and src.meta["source"] == "海安发改委"


def test_gb18030_only_characters_survive(tmp_path: Path) -> None:
    text = "㐀字在GBK之外，仍属GB18030。全年实现地区生产总值1400亿元。" * 20
    src = read_source(write(tmp_path, "ext.txt", text.encode("gb18030")))
    assert src.encoding == "gb18030" and src.text == text


def test_short_gbk_page_the_detector_gives_up_on_is_still_read() -> None:
    """A valid 1.3 KB GBK report (from the synthetic corpus) for which charset-normalizer returns no encoding."""
    path = Path(__file__).parents[1] / "fixtures" / "intake" / "encodings" / "short_gbk_undetected.txt"
    from charset_normalizer import from_bytes

    assert from_bytes(path.read_bytes()).best() is None, "the detector still gives up on it (else this test is moot)"
    src = read_source(path)
    assert src.encoding == "gb18030"
    assert src.text.startswith("2024年如东县政府工作报告")


def test_latin1_bytes_are_not_passed_off_as_chinese(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        read_source(write(tmp_path, "latin.txt", ("Économie régionale, ça croît: " * 40).encode("latin-1")))


def test_html_main_text_without_chrome(tmp_path: Path) -> None:
    src = read_source(write(tmp_path, "page.htm", as_html(seed_text(), title="海安市人民政府")))
    assert src.format == "html"
    for chrome in ("政务公开", "版权所有", "当前位置", "广告", "技术支持"):
        assert chrome not in src.text
    assert "上半年,实现地区生产总值684.66亿元,增长1.6%" in src.text
    assert src.meta["published"] == "2022-08-03"


def test_mirror_page_metadata_and_title() -> None:
    src = read_source(MIRROR)
    assert src.meta["published"] == "2022-08-03"
    assert src.meta["source"] == "海安發改委"
    assert src.meta["url"].startswith("http://")
    assert src.text.startswith("海安市2022年上半年國民經濟和社會發展計劃執行情況的報告\n")
    for chrome in ("首頁", "政務公開", "版權所有", "當前位置", "tracker"):
        assert chrome not in src.text


def test_pdf_text_layer(tmp_path: Path) -> None:
    lines = ["海安市2022年上半年国民经济和社会发展计划执行情况的报告", "上半年,实现地区生产总值684.66亿元,增长1.6%。"]
    src = read_source(write(tmp_path, "report.pdf", make_pdf(lines)))
    assert (src.format, src.encoding) == ("pdf", "binary")
    assert src.text.split("\n") == lines


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    data = make_docx(["2022年海门区国民经济和社会发展计划执行情况", "实现地区生产总值1635亿元,同比增长3.1%。"],
                     table=[["指标", "数值"], ["外贸进出口总额", "340亿元"]], title="计划执行情况")
    src = read_source(write(tmp_path, "report.docx", data))
    assert (src.format, src.encoding) == ("docx", "binary")
    assert "实现地区生产总值1635亿元,同比增长3.1%。" in src.text
    assert "外贸进出口总额\t340亿元" in src.text
    assert src.meta["title"] == "计划执行情况"


# ---------------------------------------------------------------- bad files: a plain reason each


def test_unsupported_format(tmp_path: Path) -> None:
    assert "unsupported format '.xlsx'" in reason_of(write(tmp_path, "table.xlsx", b"PK\x03\x04"))
    assert "unsupported format '(no extension)'" in reason_of(write(tmp_path, "README", "海安"))


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t "])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert reason_of(write(tmp_path, "empty.txt", data)) == "empty file"


def test_random_bytes(tmp_path: Path) -> None:
    rng = __import__("random").Random(4)
    data = bytes(rng.randrange(256) for _ in range(4096))
    assert "binary" in reason_of(write(tmp_path, "noise.txt", data))
    high = bytes(rng.randrange(0x80, 0x100) for _ in range(4096))  # no control bytes: only decoding can tell
    assert reason_of(write(tmp_path, "noise2.txt", high))


def test_undecodable_bytes_after_a_bom(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + "海安市".encode() + b"\xff\xfe\xfd" + "增长1.6%".encode()
    assert reason_of(write(tmp_path, "broken.txt", data)).startswith("undecodable bytes")


def test_truncated_html(tmp_path: Path) -> None:
    page = as_html(seed_text())
    cut = page[: len(page) // 2]
    assert reason_of(write(tmp_path, "cut.html", cut)).startswith("truncated HTML")


def test_truncated_pdf_and_docx(tmp_path: Path) -> None:
    pdf = make_pdf(["海安市"])
    assert reason_of(write(tmp_path, "cut.pdf", pdf[: len(pdf) // 3]))
    docx_bytes = make_docx(["海安市"])
    reason = reason_of(write(tmp_path, "cut.docx", docx_bytes[: len(docx_bytes) // 2]))
    assert reason.startswith("not a DOCX") and "truncated" in reason  # the zip's directory at the end is gone


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    assert "no text layer" in reason_of(write(tmp_path, "scan.pdf", make_pdf([])))


def test_over_20_mb_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: nothing is written, nothing is read
    assert reason_of(path).startswith("file too large")


def test_unreadable_paths(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert reason_of(tmp_path / "gone.txt") == "file not found"
    (tmp_path / "folder.txt").mkdir()
    assert reason_of(tmp_path / "folder.txt") == "is a directory, not a file"
    if os.geteuid() != 0:  # root reads anything
        locked = write(tmp_path, "locked.txt", "海安")
        locked.chmod(0)
        assert "permission denied" in reason_of(locked)


def test_no_chinese_text(tmp_path: Path) -> None:
    assert reason_of(write(tmp_path, "latin.txt", "just some words, no report here " * 10)).startswith("no Chinese")


def test_reading_never_modifies_the_raw_file(tmp_path: Path) -> None:
    path = write(tmp_path, "keep.html", as_html(seed_text(), "gbk").encode("gbk", errors="ignore"))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_source(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_old_table_layout_page_with_line_breaks(tmp_path: Path) -> None:
    """Older CMS pages: table layout, a link list beside the article, text split by <br>, site name in <title>."""
    page = """<html><head><title>关于海安市2022年上半年计划执行情况的报告 - 海安市人民政府</title></head><body>
<table><tr><td class="topnav"><a>首页</a> | <a>政务公开</a> | <a>新闻中心</a></td></tr>
<tr><td><table><tr><td width="200"><ul><li><a>海安市召开全市经济运行分析会议部署下半年工作</a></li>
<li><a>海安市举行重大项目集中开工仪式共计项目三十个</a></li></ul></td>
<td><div id="zoom">上半年,实现地区生产总值684.66亿元,增长1.6%,增速与省和南通市持平;<br>一般公共预算收入36.07亿元;<br>
<font>工业经济企稳回升。完成全部工业应税销售1137.8亿元,增长6.5%。</font></div>
<div class="share">分享到：微信 微博</div></td></tr></table></td></tr>
<tr><td class="bottom">版权所有 海安市人民政府 苏ICP备12345678号</td></tr></table></body></html>"""
    src = read_source(write(tmp_path, "old.htm", page.encode("gb18030")))
    assert src.text.split("\n") == [
        "关于海安市2022年上半年计划执行情况的报告",
        "上半年,实现地区生产总值684.66亿元,增长1.6%,增速与省和南通市持平;",
        "一般公共预算收入36.07亿元;",
        "工业经济企稳回升。完成全部工业应税销售1137.8亿元,增长6.5%。",
    ]


def test_page_declaring_gb2312_but_saved_as_utf8(tmp_path: Path) -> None:
    body = "\n".join(seed_text().split("\n")[5:30])
    src = read_source(write(tmp_path, "resaved.html", as_html(body, "gb2312").encode("utf-8")))
    assert src.encoding == "utf-8" and "实现地区生产总值684.66亿元" in src.text
