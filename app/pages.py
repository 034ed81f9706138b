"""The explorer's pages: one list, read by the entry script (navigation), the page links and the tests.

Every page has its own URL path (/profile, /overview, …); the root URL opens the region profile (views/home.py
hands over to it with the query string intact), so no page is reachable only as "/".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    path: str  # URL path, without the leading slash
    file: str  # relative to app/ (st.Page and AppTest.switch_page take it so)
    icon: str
    title: tuple[str, str]  # (zh, en): the page's title and h1

    @property
    def title_key(self) -> str:
        return f"page_{self.path}"


HOME = Page("home", "views/home.py", ":material/home:", ("首页", "Home"))

PAGES: tuple[Page, ...] = (
    Page("profile", "views/profile.py", ":material/location_city:", ("地区概况", "Region profile")),
    Page("overview", "views/overview.py", ":material/dashboard:", ("概览", "Overview")),
    Page("benchmarks", "views/benchmarks.py", ":material/compare_arrows:", ("增速对标", "Benchmarks")),
    Page("timeseries", "views/timeseries.py", ":material/show_chart:", ("时间序列", "Time series")),
    Page("map", "views/map.py", ":material/map:", ("地图", "Map")),
    Page("rankings", "views/rankings.py", ":material/trophy:", ("排名声明", "Rankings")),
    Page("targets", "views/targets.py", ":material/flag:", ("目标与完成", "Targets")),
    Page("quality", "views/quality.py", ":material/fact_check:", ("数据质量", "Data quality")),
    Page("document", "views/document.py", ":material/description:", ("文档", "Document")),
    Page("search", "views/search.py", ":material/search:", ("搜索", "Search")),
)

BY_PATH = {p.path: p for p in PAGES}

