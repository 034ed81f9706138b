"""Word tables of the genre: triggers, qualifiers, claims, scopes, fillers. Grammar reads these; extend them here."""

from __future__ import annotations

import re
from typing import Final

# --- growth / change -----------------------------------------------------------------------------------------------
# Comparison base words in front of a change verb ('比上年增长', '较去年同期提高').
BASE_WORDS: Final = (
    r"(?:同比|环比|比上年|比去年|较上年|较去年|比上年同期|比去年同期|较上年同期|较去年同期|与上年相比|与去年同期相比|"
    r"按(?:可比|不变|现行?)价格?计算)"
)
# A basis written between the subject and its growth verb ('一般公共预算收入按可比口径增长6.4%', '按可比价格计算增长',
# '扣除价格因素实际增长', '按不变价格计算'): no part of the subject's name.
BASIS_LEAD: Final = (
    r"(?:按可比口径|按同口径|可比口径|同口径|按可比价格?(?:计算)?|按不变价格?(?:计算)?|按现行?价格?(?:计算)?|"
    r"扣除价格因素(?:后)?|剔除[^,;。]{1,8}?(?:因素)?后?)"
)
UP_VERBS: Final = ("增长", "增幅", "增速", "提高", "提升", "上升", "增加", "上涨", "回升")
DOWN_VERBS: Final = ("负增长", "下降", "减少", "降低", "降幅", "回落", "下滑", "下跌", "收窄", "减")
GROWTH_TRIGGER: Final = re.compile(
    "(?:" + BASE_WORDS + "|" + BASIS_LEAD + r")*(?:\(下同\))?(?:两年平均|三年平均|年均)?(?:名义|实际|现价)?(?:分别)?"
    + r"(?P<verb>"
    + "|".join(sorted(UP_VERBS + DOWN_VERBS, key=len, reverse=True))
    + r")(?:了)?(?:分别)?(?:为|达|达到|是)?(?:分别为|分别达)?(?:高达|仅有|仅为|只有|仅)?$"
)
MEASURE_WORDS: Final = {"两年平均": "two_year_average", "三年平均": "three_year_average", "年均": "annual_average"}
# Words after a percentage that make it a growth rate ('4.7%的名义增速').
GROWTH_NOUNS: Final = ("增速", "增幅", "增长率", "增长")
# Words that make a percentage a share/rate rather than a growth rate.
SHARE_WORDS: Final = re.compile(r"占|比重|比例|占比|份额|率|覆盖|满意度|贡献|达标|优良|合格|完成年|完成全年|进度|结构")
# pp changes: a minus sign for falling or lagging words in front of the number.
PP_NEGATIVE: Final = re.compile(r"低于|下降|回落|减少|降低|减低|慢于|收窄|下滑|落后|放缓|回调|下调|缩小")

# --- qualifiers and bounds -----------------------------------------------------------------------------------------
# ('全年地区生产总值预期增长6%左右': 预期 before the figure's verb; '预期目标为…' is a target phrase, '高于预期增长目标'
# a review's)
QUALIFIER_RE: Final = re.compile(r"确保|力争|争取|努力|预期(?=(?:增长|增速|达到|实现|突破|为|在)(?!目标))")
# '争取' before funds or grants is a verb of getting ('争取增发国债项目69个', '争取上级资金12亿元'), not an aim.
FUNDS_WON: Final = re.compile(
    r"争取(?:到位?)?[^,;。:]{0,16}?(?:国债|债券|专项债|专债|资金|补助|补贴|预算内|贷款|政策性|试点|批复)"
)
APPROX_BEFORE: Final = ("将近", "接近", "大约", "近", "约")
# ('迈上12万亿新台阶', '站上千亿台阶': a mark passed, at least that much)
MIN_BEFORE: Final = ("超过", "不少于", "不低于", "突破", "逾", "超", "迈上", "站上", "跨上", "跃上", "迈过", "跨过")
MAX_BEFORE: Final = ("不超过", "不高于", "控制在")
BOUND_AFTER: Final = {"以上": "min", "以内": "max", "以下": "max", "左右": None}

# --- targets: section headings that open the plan part of a report -------------------------------------------------
PLAN_HEADING: Final = re.compile(
    r"下半年|明年|今后|重点工作|主要任务|工作安排|工作重点|预期目标|主要目标|总体要求|计划(?:草案)?$|\d{4}年.*(?:目标|安排|计划草案)"
)
REVIEW_HEADING: Final = re.compile(r"执行情况|完成情况|回顾|发展情况|主要成绩|工作成效")
TARGET_SENTENCE: Final = re.compile(r"主要预期目标|预期目标是|预期目标为|目标是|目标为|主要目标")
# A value named only as the plan's ('完成年计划710亿元', '预期目标为8.5%以上'): the aim for the subject just named.
PLAN_VALUE: Final = re.compile(
    r"(?:^|完成|实现|占|达到|预期)(?:全?年(?:度)?|年初)?(?:计划|目标|目标任务|预期目标)(?:为|是)?$"
)
# An aim stated without a figure, in a target list ('居民人均可支配收入增长与经济增长同步', '主要约束性指标控制在省市
# 规定范围以内', '单位GDP能耗完成省下达任务').
UNQUANTIFIED_TARGET: Final = re.compile(
    r"增长与经济增长(?:基本)?同步|与经济增长(?:基本)?同步|控制在[^,;。\d]{0,12}?(?:范围)?(?:以内|之内|内)|"
    r"完成(?:省|市|上级|国家)[^,;。]{0,6}?下达的?(?:目标)?任务"
)
# The marks that open the items of a list ('◆地区生产总值增长5%', '(一)…', '1.…', '①…', '——…').
BULLET_CHARS: Final = "◆◇●○■□▲△★☆•·▪▫►▶◎※√"
LIST_BULLET: Final = re.compile(
    "[" + BULLET_CHARS + r"]|[—─━\-]{1,2}|\(?[一二三四五六七八九十\d]{1,2}[).、]|[①-⑳]"
)
# A paragraph opened by '初步预计,' / '预计:' reports estimates throughout; '预计全市…增长4%' only in its sentence.
ESTIMATE_FRAME: Final = re.compile(r"(?:据|经)?(?:初步)?(?:预计|预测|测算)[,:]")
# A statement of what the reporting unit *will* do ('该县将重点抓好七个方面工作', '我们要…'): the rest of its
# paragraph is a work plan, and its figures are aims. (将 as the object marker '把' is followed by a noun, not by one
# of these verbs and adverbs.)
FUTURE_INTENT: Final = re.compile(
    r"[将要](?<=(?:[该我全本][省市县区州旗盟]|我们|[省市县区]委|政府)[将要])"
    r"(?:继续|重点|着力|全力|坚持|进一步|大力|加快|全面|聚焦|围绕|紧紧围绕|以|在|更加|持续|深入|完整|主动|积极|努力|"
    r"统筹|力争|确保|争取|抓好|做好|推进|推动|实施|打造|建设|实现|完成|突出|坚定|牢牢|奋力|锚定|着重)"
)

# --- ranking claims ------------------------------------------------------------------------------------------------
RANK_VERBS: Final = (
    r"(?:继续保持|保持|稳居|稳坐|位居|位列|居于|名列|排名|排在|处于|位于|跃居|跃升至|跃升|上升至|升至|晋升至|分列|分居|跻身|"
    r"进入|挺进|迈入|列|居|排)"
)
# (possessive: '第十五届' must not give back its 五 to read as '第十' followed by something else)
CN_NUM: Final = "[一二两三四五六七八九十]++"
RANK_NUM: Final = r"(?:\d++|" + CN_NUM + ")"
# Claim words after a scope ('南通前列', '全省唯一', '全市第一方阵'); rank given where the word implies one.
CLAIM_WORDS: dict[str, int | None] = {
    "第一方阵": None, "第一梯队": None, "第一等次": None, "前列": None, "前茅": None, "领先": None, "领跑": None,
    "唯一": None,
    "首位": 1, "榜首": 1, "首家": None, "首个": None, "率先": None, "垫底": None, "最高": 1, "最快": 1, "最多": 1,
}
CLAIM_RE: Final = (
    "(?:" + "|".join(sorted(CLAIM_WORDS, key=len, reverse=True))
    + r"|前" + RANK_NUM + r"位?(?:名)?|仅" + RANK_NUM + r"家|最后" + RANK_NUM + r"位|倒数第" + RANK_NUM + r"位?)"
)
# A move in a ranking ('比上年度前进4位', '位次提升3位', '提升3个位次', '排名上升5名'), not a position.
# The move is found first (the words open with a fixed character); a bare '上升3位' is a move only after a ranking
# word ('比上年度', '排名', '位次') or written with '个位次'.
RANK_CHANGE_RE: Final = (
    r"(?P<dir>前进|提升|上升|提高|跃升|前移|上移|进位|后退|下降|下滑|后移|下移|回落|退位)了?(?P<n>" + RANK_NUM + r")"
    # ('进位2个': a move counted in places only after 进位 / 退位, never '提高2个百分点')
    r"(?P<u>个位次|个名次|位|名|(?<=[进退]位\d)个(?!百分点)|(?<=[进退]位[一二两三四五六七八九十])个(?!百分点))"
)
RANK_CHANGE_LEAD: Final = re.compile(
    r"(?:(?:比上年度?|较上年度?|比去年|较去年|同比)(?:排名|排位|位次)?|排名|排位|位次)$"
)
RANK_DOWN: Final = ("后退", "下降", "下滑", "后移", "下移", "回落", "退位")
# Rankings published for the whole country ('县域经济百强', '全国百强县') when the text names no scope.
NATIONAL_LIST_HINTS: Final = re.compile(r"百强|百佳|强县|县域经济|县级市|中国|全国")
# Adverbs that end the noun phrase after a value ('18万平方米主体厂房全面开工').
# ('均(?<!平均)', not '(?<!平)均': every branch opens with a character, which the regex engine can skip ahead to)
POSTFIX_STOP: Final = re.compile(
    r"已经|已|正在|全面|顺利|抓紧|基本|均(?<!平均)|全部|开始|陆续|相继|平均|单体|累计|共计|合计|总投资"
)
# An average or per-unit figure names what it averages over ('…项目平均单体规模6亿元').
AVERAGE_WORDS: Final = ("平均", "单体", "户均")
# Nouns naming units of a class ('5个开行城市', '首个突破13万亿元的省份'): a count of them is a count of a set the
# region belongs to (or a mark it passed), not one of its own statistics.
UNIT_CLASS_WORD: Final = re.compile(r"城市|地区|省份|县市|县区|县份|设区市|地级市|县级市|区县|市县|省区|盟市|经济体")
UNIT_CLASS_NOUN: Final = re.compile(r"(?:" + UNIT_CLASS_WORD.pattern + r")$")
MEMBERSHIP_VERBS: Final = re.compile(r"纳入|列入|入选|入围|跻身|成为|作为|获批")
LIST_TITLE_WORDS: Final = re.compile(r"百强|\d+强|十强|强县|强区|强市")

# --- comparisons ---------------------------------------------------------------------------------------------------
BENCH_SUFFIX: Final = r"(?:平均水平|平均增速|平均|水平|增速|增幅|均值)?"

# --- horizons ------------------------------------------------------------------------------------------------------
# A clause opening with the year an aim is for ('到2025年,…', '力争到2027年…', '预计到2030年…'): its figures are for
# that year; an aim unless the opener forecasts (预计).
HORIZON: Final = re.compile(
    r"(?P<lead>力争|争取|确保|努力|计划|目标|预计|预期)?(?:是|为)?到(?P<y>(?:19|20)\d\d)年(?:底|末)?(?:前|时)?[,:]?"
)

# --- indicator name cleanup ----------------------------------------------------------------------------------------
LEAD_FILLERS: Final = re.compile(
    r"^(?:[—─━\-、,和及与◆◇●○■□▲△★☆•·▪▫►▶◎※√]+|仅|只|同口径|可比口径|同比|环比|比上年|较上年|实则|看似|却|再次|首次|逆袭|反超|赶超|一举|仍然|依然|还是|连续|的|其中|同时|此外|另外|而且|而|但是|但|并且|并|且|还|也|都|共有|共|全年|今年以来|今年|去年|上年(?!末|底)|上年末|上年底|上半年|下半年|前三季度|"
    r"[“\"]?十[一二三四五]五[”\"]?(?:期间|时期|以来)|(?:近|过去)?五年(?:来|间|以来)|"
    r"[一二三四]季度|\d{1,2}-\d{1,2}月份?|\d{1,2}月末|\d{1,2}月底|年末|年底|年内|目前|当前|截至\S{0,8}?|预计|初步核算|"
    r"全市|全区|全县|全省|我市|我区|我县|本市|该县|该区|该市(?!场)|全年累计|累计|实现了|实现|完成了|完成|共计|合计|总计|在(?!线|手)|以(?!上)|"
    r"各类|共有各类|已|正式|成功|持续|进一步|积极|顺利|按[^,;。()]{1,10}?(?:计算|折算|核算)为?|分产业看|分类别看|"
    r"确保|力争|争取|努力|年度(?=计划)|计划|目标|预期|全力|年内|共完成|"
    # a streak ('连续第五年位居…', '连续三年') says how long a claim has held, not what ranks
    r"连续第?(?:[一二三四五六七八九十\d]{1,3}|多|数|几)(?:年|次|届|个季度|个月)|第[一二三四五六七八九十\d]{1,3}(?:年|届))+"
)
# Words a name never ends with ('…总额达', '…均继续保持', '…下降到'), stripped from the end repeatedly.
TAIL_WORDS: Final = (
    "分别为", "分别达到", "分别达", "分别", "均为", "均达到", "均达", "均", "都", "皆", "各", "达到了", "达到", "达",
    "为", "是",
    "突破", "超过", "超", "逾", "近", "约", "将近", "接近", "大约", "共计", "共", "累计", "合计", "总计", "不少于",
    "不低于", "不超过", "不高于", "控制在", "保持在", "稳定在", "降至", "升至", "已", "的", "了", "高达", "仅有", "仅",
    "继续", "持续", "连续", "实现", "完成", "保持", "新增到", "增至", "成为", "以", "、", ",", "和", "及", "与",
    "迈上", "站上", "跨上", "跃上", "迈过", "跨过", "将会", "将", "首次", "再次", "再度", "一举",
    *(v + p for v in ("提高", "提升", "增加", "增长", "上升", "下降", "降低", "减少", "回落") for p in ("到", "至")),
)
# Matched on the reversed string: one anchored attempt instead of a search from every position.
# A streak before a claim ('…连续三年位居', '…连续第5年') is stripped too (reversed: unit, count, '第'?, '连续').
_STREAK_REVERSED: Final = r"(?:年|次|届|度季个|月个)(?:[一二三四五六七八九十\d]{1,3}|多|数|几)第?续连"
TAIL_FILLERS_REVERSED: Final = re.compile(
    "(?:" + _STREAK_REVERSED + "|" + "|".join(re.escape(w[::-1]) for w in sorted(TAIL_WORDS, key=len, reverse=True))
    + ")+"
)
VERB_ONLY: Final = re.compile(
    r"^(?:为|在|以|对|于|把|向|实现|完成|开展|加快|推进|推动|组织|举办|建成|建设|新建|打造|全力|积极|力争|"
                       r"确保|争取|努力|加大|提供|办理|发放|引导|支持|鼓励|帮助|深化|扩大|开工|实施|启动|创成|创建|年产|已|累计|共)*$")
GENERIC_NAMES: Final = (
    "总数", "总量", "总额", "增速", "增幅", "占比", "比重", "面积", "规模", "余额", "金额", "数量", "总计", "总投资",
    "投资",
)
# A pair subject written as one word ('城乡居民人均可支配收入49997元、24987元').
PAIR_EXPANSIONS: Final = {
    "城乡": ("城镇", "农村"), "中小学": ("中学", "小学"), "进出口": ("进口", "出口"),
    "三次产业": ("第一产业", "第二产业", "第三产业"), "一二三产业": ("第一产业", "第二产业", "第三产业"),
    "二三产业": ("第二产业", "第三产业"),
}
# Structure ratios ('三次产业结构为6.3:47.1:46.6'): the parts a ratio of that many terms names.
_INDUSTRIES: Final = (("第一产业", "第二产业", "第三产业"),)
STRUCTURE_PARTS: Final = {
    "三次产业": _INDUSTRIES, "一二三产业": _INDUSTRIES, "一、二、三产业": _INDUSTRIES, "产业": _INDUSTRIES,
    "轻重工业": (("轻工业", "重工业"),), "轻、重工业": (("轻工业", "重工业"),),
}

# A group of units as the subject ('全市各县(市、区)', '江苏省下辖13市', '所辖七县(市)'): its figures and claims are
# no single region's. GROUP marks such a clause's region.
GROUP_SUBJECT: Final = re.compile(
    # (the words before the group name a place, not a verb: '增速居赣州各县(市、区)第一' ranks the report's unit)
    r"(?:其中|而|但|不过)?(?:(?:(?!居|列|位|排|在|于|为|是|占|比|较|与|和)[\u4e00-\u9fff]){0,5}(?:省|市|区|县|州|盟|旗))?"
    r"(?:各县\(市、?区\)|各县\(市\)|各县市区|各区县|各市县|各设区市|(?:下辖|所辖|辖区)(?:的)?(?:[一二两三四五六七八九十\d]{1,3}个?)"
    r"(?:设区市|地级市|县\(市、?区\)|县\(市\)|县市区|县市|城市|市|县|区))"
)
GROUP: Final = "<group>"

# A level written alone for the item before it ('国家级专精特新企业2家、省级20家'), and the verbs of entering a list
# whose object the clause before names ('申报省级示范智能车间,争取入选3家以上').
LEVEL_LABEL: Final = re.compile(r"(?:国家|省|市|县|区|镇|部)级(?:以上)?")
ENTRY_ONLY: Final = frozenset({"入选", "入围", "获批", "通过", "认定", "成功"})
APPLIED_FOR: Final = re.compile(r"(?:申报|争创|创建|推荐|参评|申请)")
# Price indexes as a whole, not one of their categories ('居民消费价格指数上涨3%').
PRICE_TOTALS: Final = ("居民消费价格", "消费价格", "商品零售价格", "工业生产者", "CPI", "PPI")
# A place's name as the start of another name ('吉林辽源产业园区管委会', '苏州工业园区', '南京大学'): what follows is
# about that thing, not the place.
NAMED_THING: Final = re.compile(
    r"[\u4e00-\u9fff]{0,8}?(?:产业园区|工业园区|园区|开发区|高新区|新区|管委会|集团|公司|大学|学院|银行|医院|机场|高铁站|"
    r"车站|港区|码头|基地|博览会|展会|论坛)"
)
# A scope at the start of a clause followed by one of these is a claim's ('南通第一', '全省第四'), not the clause's
# subject ('南通市规模以上工业增加值…').
CLAIM_AFTER_SCOPE: Final = re.compile(
    r"(?:市|省)?(?:第|首|前列|前茅|前[\d一二三四五六七八九十]|唯一|领先|领跑|榜首|排名|排位|排在|位居|位列|居|最|率先|仅|"
    r"同类|县域|[一二三四五六七八九十\d]+个?[县市区])"
)

# A figure followed by a claim ('苏州以23958亿元位居全省第一'): the figure the claim is made with.
RANKED_AFTER: Final = re.compile(
    r"(?:的(?P<what>[^,;。的]{0,6}?(?:总量|规模|总额)|成绩))?(?:继续|再次|稳|首次)?(?:位居|位列|居于|居|排名|排在|排|列|稳坐|领跑)"
)

# The difference between the places just named ('仅差9.59亿元', '相差12亿元').
DIFFERENCE_LEAD: Final = re.compile(r"[,;]?(?:两者|二者|两地)?(?:仅|只|相|还)?差(?:距)?(?:为|仅|只有)?$")

# --- not statistics ------------------------------------------------------------------------------------------------
# Counts of documents/measures are labels ('33项政策措施', '冲刺四季度20条等政策措施').
# Nouns a bare '2家' counts when the report leaves them out ('振强科技、互邦电力2家进入创新层').
COUNTED_NOUNS = {"家": ("企业", "单位", "机构", "公司", "银行", "医院", "学校", "平台", "中心", "园区", "载体", "基地")}
POLICY_NOUNS: Final = re.compile(r"^(?:等)?(?:政策|措施|举措|意见|条例|条款|规定|工程|行动|机制|制度|等政策|等措施)")
# A rate naming a survey's design ('根据2023年5‰人口变动抽样调查推算'), not a statistic.
SURVEY_DESIGN: Final = re.compile(r"(?:的)?(?:人口变动|人口)?(?:抽样|抽查|样本)")
# Page furniture of the saved web page ('阅读次数:356次', '浏览量1234次') is not a statistic of the report.
PAGE_FURNITURE: Final = re.compile(r"阅读|浏览|点击|访问|转发|点赞|评论数|字数|页数|下载")
AS_OF_RE: Final = re.compile(r"(?P<as_of>\d{1,2}月末|\d{1,2}月底|年末|年底|\d{1,2}月\d{1,2}日)")
BASIS_WORDS: Final = re.compile(
    r"同口径|可比口径|还原[^,。;)]{0,8}后|剔除[^,。;)]{0,8}|按(?:可比|不变)价格?计算|扣除价格因素"
)
# A rate at current prices, not the real (constant-price) one: its own measure, never mixed with the plain rate.
NOMINAL: Final = re.compile(r"名义增(?:速|长|幅)|按现价计算|现价(?:增长|增速)?")
# A paragraph opened by the statement that its rates are at current prices ('按现价计算,…', '以下增速均为名义增速').
NOMINAL_FRAME: Final = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}、|\(?[一二三四五六七八九十\d]{1,2}[).、])?"
    r"(?:按现价计算|以现价计算|现价计算|(?:以下|下同|文中|本文)?[^,。;]{0,6}增(?:速|幅|长率?)均?(?:为|按)(?:名义增速|现价计算))[,:。;]"
)
# A rate marked real (at comparable or constant prices), never nominal whatever the paragraph says.
REAL_MARK: Final = re.compile(r"可比价|不变价|实际增(?:长|速|幅)|扣除价格因素")
