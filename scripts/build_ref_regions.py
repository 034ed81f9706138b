"""Build seeds/ref_regions.csv, the national region dictionary, from reference/areacodes.csv (every county-level
and higher unit of China since 1981, CC0, copied from ../shared/reference) and reference/regions.csv (Nantong's
units with exact change dates and notes; where it gives a date it wins over areacodes' years).

    .venv/bin/python scripts/build_ref_regions.py [--areacodes PATH] [--regions PATH] [--out PATH]

Deterministic: the same inputs give the same bytes. Columns (ingest, the gate, dbt and the app read them):

- code, name: GB/T 2260 code and the name of this version (a code can carry several names over time).
- short_name: the name without its level suffix and minority-name part (张家港市 -> 张家港, 广西壮族自治区 -> 广西,
  大理白族自治州 -> 大理); empty when fewer than two characters would remain (城区, 郊区).
- name_en: pinyin of the short name (of the name when there is none), pypinyin's readings, syllables joined, an
  apostrophe before a syllable opening with a/o/e (Hai'an, Zhangjiagang, Neimenggu); no English suffix word, the
  level column says what kind of unit it is.
- level: province | prefecture_city (地级市) | prefecture (地区, 自治州, 盟) | county_level_city | county (县, 自治县,
  旗, 特区, 林区 …) | district (市辖区) | functional_zone (statistics-only, from regions.csv).
- tier: province | prefecture | county: the level peer sets compare within.
- parent_code: the unit it belongs to (a county-level unit's prefecture; a prefecture's province; a municipality's
  districts and counties, and a province's directly administered county-level units (省直辖), the province-level code).
- province_code: the province-level unit it lies in (its own code for a province).
- prefecture_code: the prefecture-level unit it lies in: its own code for a prefecture; the municipality's code for
  a municipality's districts and counties (the municipality is their 全市); empty for provinces and for 省直辖
  county-level units.
- valid_from / valid_to: ISO date (regions.csv) or bare year (areacodes: valid_from is the first year's
  31-December list naming it, valid_to the first list without it, exclusive); empty valid_to: still in force.
- successor_codes: the codes that took over (areacodes, as published: `;`-separated, a `[year]` when later).
- notes: provenance.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
from pathlib import Path

from pypinyin import Style, lazy_pinyin

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("code", "name", "short_name", "name_en", "level", "tier", "parent_code", "province_code",
           "prefecture_code", "valid_from", "valid_to", "successor_codes", "notes")
TIER = {"province": "province", "prefecture_city": "prefecture", "prefecture": "prefecture",
        "county_level_city": "county", "county": "county", "district": "county", "functional_zone": "county"}

# The 56 nationalities' names (and 各, as in 各族 "all nationalities"): an autonomous unit's name is place +
# nationalities + 自治区/州/县/旗, a nationality sometimes written without 族 (新疆维吾尔自治区, 博尔塔拉蒙古自治州).
_NATIONALITIES = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克",
    "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬",
    "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克",
    "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各",
)
_NATIONALITY = "|".join(sorted(_NATIONALITIES, key=len, reverse=True))
_AUTONOMOUS = re.compile(rf"^(?P<base>.{{2,}}?)(?:(?:{_NATIONALITY})族?)*自治(?:区|州|县|旗)$")
# Level suffixes, longest first: one is stripped.
_SUFFIXES = ("特别行政区", "行政区", "地区", "新区", "矿区", "林区", "特区", "省", "市", "区", "县", "旗", "盟", "州")


def short_name(name: str) -> str:
    """The name as reports shorten it, or '' when no usable short form remains."""
    m = _AUTONOMOUS.match(name)
    if m:
        base = m.group("base")
        base = base[:-1] if base.endswith("族") and len(base) >= 3 else base  # 鄂温克族自治旗 -> 鄂温克
        return base if len(base) >= 2 else ""
    for suffix in _SUFFIXES:  # the longest suffix that leaves a name: 浦东新区 -> 浦东, but 清新区 -> 清新
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return ""


def name_en(name: str) -> str:
    """Hai'an, Zhangjiagang: pypinyin's readings (its phrase dictionary knows most place-name readings)."""
    out = ""
    for i, syl in enumerate(lazy_pinyin(name, style=Style.NORMAL, v_to_u=True)):
        if not re.fullmatch(r"[a-zü]+", syl):  # punctuation such as 、 in 西沙、南沙、中沙群岛
            continue
        out += ("'" if i and out and syl[0] in "aoe" else "") + syl
    return out[:1].upper() + out[1:]


def level_of(record: dict[str, str]) -> str:
    name, level = record["name"], record["level"]
    if level == "province":
        return "province"
    if level == "prefecture":
        return "prefecture_city" if name.endswith("市") else "prefecture"
    if name.endswith("市"):
        return "county_level_city"
    if name.endswith("区") and not name.endswith(("林区", "特区")):
        return "district"
    return "county"


def _years(rec: dict[str, str]) -> tuple[int, int]:
    return int(rec["valid_from_year"]), int(rec["valid_to_year"] or 9999)


def _overlap(a: dict[str, str], b: dict[str, str]) -> bool:
    (af, at), (bf, bt) = _years(a), _years(b)
    return af < bt and bf < at


def build(areacodes: list[dict[str, str]], regions: list[dict[str, str]]) -> list[dict[str, str]]:
    provinces = {r["name"]: r["code"] for r in areacodes if r["level"] == "province"}
    prefectures: dict[str, list[dict[str, str]]] = {}
    for r in areacodes:
        if r["level"] == "prefecture":
            prefectures.setdefault(r["code"], []).append(r)
    exact = {(r["code"], r["name"]): r for r in regions}
    rows: list[dict[str, str]] = []
    for rec in areacodes:
        code, name = rec["code"], rec["name"]
        level = level_of(rec)
        province = provinces[rec["province"]]
        parent, prefecture = "", ""
        if level in ("prefecture_city", "prefecture"):
            parent, prefecture = province, code
        elif level != "province":
            if rec["prefecture"] == "直辖":
                parent = province
                # a municipality's districts and counties: the municipality is their prefecture (全市)
                prefecture = province if rec["province"].endswith("市") else ""
            else:
                parent = next(p["code"] for p in prefectures.get(code[:4] + "00", [])
                              if p["name"] == rec["prefecture"] and _overlap(p, rec))
                prefecture = parent
        row = {
            "code": code, "name": name, "short_name": short_name(name), "name_en": "", "level": level,
            "tier": TIER[level], "parent_code": parent, "province_code": province, "prefecture_code": prefecture,
            "valid_from": rec["valid_from_year"], "valid_to": rec["valid_to_year"],
            "successor_codes": rec["successor_codes"], "notes": f"areacodes: {rec['status']}",
        }
        curated = exact.pop((code, name), None)
        if curated is not None:  # Nantong: exact dates, parents and notes from regions.csv win
            row.update(level=curated["level"], tier=TIER[curated["level"]], parent_code=curated["parent_code"],
                       valid_from=curated["valid_from"], valid_to=curated["valid_to"], notes=curated["notes"])
        rows.append(row)
    for curated in exact.values():  # regions.csv's own rows (the statistics-only zone)
        parent = curated["parent_code"]
        rows.append({
            "code": curated["code"], "name": curated["name"], "short_name": "", "name_en": "",
            "level": curated["level"], "tier": TIER[curated["level"]], "parent_code": parent,
            "province_code": parent[:2] + "0000" if parent else "", "prefecture_code": parent,
            "valid_from": curated["valid_from"], "valid_to": curated["valid_to"], "successor_codes": "",
            "notes": curated["notes"],
        })
    for row in rows:
        row["name_en"] = name_en(row["short_name"] or row["name"])
    return sorted(rows, key=lambda r: (r["code"], r["valid_from"] or "0000", r["name"]))


def render(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--areacodes", type=Path, default=ROOT / "reference" / "areacodes.csv")
    ap.add_argument("--regions", type=Path, default=ROOT / "reference" / "regions.csv")
    ap.add_argument("--out", type=Path, default=ROOT / "seeds" / "ref_regions.csv")
    args = ap.parse_args(argv)
    text = render(build(_read(args.areacodes), _read(args.regions)))
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, args.out)
    print(f"{args.out}: {text.count(chr(10)) - 1} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
