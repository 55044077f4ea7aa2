/* gen.c - youdu's generator of realistic synthetic penalty decisions.
 *
 * Writes a catalogue (real violation items with their statutory ranges), a
 * cases CSV in the messy forms real exports use (Chinese headers, 5万元,
 * 伍仟元整, 2024年3月5日, full-width digits...), and a ground-truth CSV that
 * says for every row written whether it must be imported, rejected or
 * counted as a duplicate, its normalised values, and what was planted in it.
 * Seeded and deterministic: the same arguments give the same bytes.
 * See docs/DATA.md. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/out.h"

/* ---- random numbers: splitmix64, portable and seedable ---- */
static uint64_t rng_state;

static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static double unif(void)
{
	return (double)(rnd64() >> 11) * (1.0 / 9007199254740992.0);
}

static int chance(double p)
{
	return unif() < p;
}

static double normal(void)
{
	double u1 = unif(), u2 = unif();
	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static int pick(int n)
{
	return (int)(unif() * n);
}

/* ---- the catalogue ---- */
enum kind { FIXED, MULTIPLE };

struct item {
	const char *code, *name, *basis;
	enum kind kind;
	double lo, hi;        /* yuan (fixed) or multiple of base */
	double lmax, smin;    /* tier bounds; 0 = derive 30 % / 70 % */
	double weight;        /* relative frequency */
	const char *base_name; /* for multiple items */
	double base_lo, base_hi; /* base amount range, yuan */
};

static const struct item items[] = {
    {"CG001", "擅自设置大型户外广告", "《城市市容和环境卫生管理条例》第三十六条", FIXED, 1000, 10000, 3000, 7000, 6, NULL, 0, 0},
    {"CG002", "在城市道路两侧堆放物料", "《城市市容和环境卫生管理条例》第三十六条", FIXED, 50, 500, 0, 0, 8, NULL, 0, 0},
    {"CG003", "未按规定倾倒生活垃圾", "《城市生活垃圾管理办法》第四十二条", FIXED, 50, 200, 0, 0, 9, NULL, 0, 0},
    {"CG004", "擅自占用城市道路", "《城市道路管理条例》第四十二条", FIXED, 500, 20000, 5000, 12000, 10, NULL, 0, 0},
    {"CG005", "损坏城市绿化设施", "《城市绿化条例》第二十六条", FIXED, 200, 5000, 0, 0, 4, NULL, 0, 0},
    {"CG006", "未取得建设工程规划许可证进行建设", "《中华人民共和国城乡规划法》第六十四条", MULTIPLE, 0.05, 0.10, 0.065, 0.085, 5, "工程造价", 100000, 3000000},
    {"CG007", "未按照建设工程规划许可证的规定进行建设", "《中华人民共和国城乡规划法》第六十四条", MULTIPLE, 0.05, 0.10, 0, 0, 3, "工程造价", 80000, 2000000},
    {"CG008", "随意倾倒建筑垃圾", "《城市建筑垃圾管理规定》第二十六条", FIXED, 5000, 50000, 15000, 35000, 6, NULL, 0, 0},
    {"CG009", "施工工地未采取扬尘防治措施", "《中华人民共和国大气污染防治法》第一百一十五条", FIXED, 10000, 100000, 30000, 70000, 6, NULL, 0, 0},
    {"CG010", "餐饮服务单位油烟超标排放", "《中华人民共和国大气污染防治法》第一百一十八条", FIXED, 5000, 50000, 0, 0, 7, NULL, 0, 0},
    {"CG011", "露天焚烧垃圾", "《中华人民共和国大气污染防治法》第一百一十九条", FIXED, 10000, 100000, 0, 0, 2, NULL, 0, 0},
    {"CG012", "夜间违规施工产生噪声", "《中华人民共和国噪声污染防治法》第七十七条", FIXED, 10000, 100000, 30000, 70000, 4, NULL, 0, 0},
    {"CG013", "占道经营", "《城市市容和环境卫生管理条例》第三十四条", FIXED, 50, 500, 200, 350, 10, NULL, 0, 0},
    {"HB001", "建设项目未依法报批环境影响评价文件擅自开工", "《中华人民共和国环境影响评价法》第三十一条", MULTIPLE, 0.01, 0.05, 0.02, 0.04, 2, "总投资额", 500000, 20000000},
    {"HB002", "超过水污染物排放标准排放水污染物", "《中华人民共和国水污染防治法》第八十三条", FIXED, 100000, 1000000, 300000, 700000, 2, NULL, 0, 0},
    {"HB003", "不正常运行大气污染防治设施", "《中华人民共和国大气污染防治法》第九十九条", FIXED, 100000, 1000000, 0, 0, 1.5, NULL, 0, 0},
    {"SC001", "经营不符合食品安全标准的食品", "《中华人民共和国食品安全法》第一百二十四条", MULTIPLE, 10, 20, 13, 17, 2, "货值金额", 10000, 100000},
    {"SC002", "未取得食品经营许可从事食品经营", "《中华人民共和国食品安全法》第一百二十二条", FIXED, 50000, 100000, 65000, 85000, 3, NULL, 0, 0},
    {"SC003", "经营超过保质期的食品", "《中华人民共和国食品安全法》第一百二十四条", FIXED, 50000, 100000, 0, 0, 3, NULL, 0, 0},
    {"SC004", "虚假或者引人误解的商业宣传", "《中华人民共和国反不正当竞争法》第二十条", FIXED, 200000, 1000000, 400000, 700000, 1.5, NULL, 0, 0},
    {"SC005", "不按规定明码标价", "《中华人民共和国价格法》第四十二条", FIXED, 500, 5000, 0, 0, 6, NULL, 0, 0},
    {"SC006", "销售侵犯注册商标专用权的商品", "《中华人民共和国商标法》第六十条", MULTIPLE, 1, 5, 2, 4, 2, "货值金额", 10000, 300000},
    {"SC007", "销售不合格产品", "《中华人民共和国产品质量法》第四十九条", MULTIPLE, 0.5, 3, 1, 2, 2.5, "货值金额", 5000, 200000},
    {"SC008", "未依法取得营业执照从事经营活动", "《无证无照经营查处办法》第十四条", FIXED, 500, 10000, 0, 0, 5, NULL, 0, 0},
    {"JT001", "未取得道路运输经营许可擅自从事道路运输经营", "《中华人民共和国道路运输条例》第六十三条", FIXED, 10000, 100000, 30000, 70000, 3, NULL, 0, 0},
    {"JT002", "车辆违法超限运输", "《公路安全保护条例》第六十六条", FIXED, 500, 30000, 0, 0, 5, NULL, 0, 0},
    {"ZJ001", "建设单位未组织竣工验收擅自交付使用", "《建设工程质量管理条例》第五十八条", MULTIPLE, 0.02, 0.04, 0, 0, 1.5, "合同价款", 200000, 5000000},
    {"ZJ002", "施工单位未按规定设置安全防护", "《建设工程安全生产管理条例》第六十五条", FIXED, 100000, 300000, 0, 0, 1.5, NULL, 0, 0},
    {"XF001", "占用、堵塞、封闭消防车通道", "《中华人民共和国消防法》第六十条", FIXED, 5000, 50000, 15000, 35000, 5, NULL, 0, 0},
    {"XF002", "消防设施、器材未保持完好有效", "《中华人民共和国消防法》第六十条", FIXED, 5000, 50000, 0, 0, 5, NULL, 0, 0},
    {"WS001", "公共场所未取得卫生许可证经营", "《公共场所卫生管理条例实施细则》第三十五条", FIXED, 500, 5000, 0, 0, 3, NULL, 0, 0},
    {"WS002", "食品从业人员未取得健康证明上岗", "《中华人民共和国食品安全法》第一百二十六条", FIXED, 5000, 50000, 0, 0, 3, NULL, 0, 0},
    {"NY001", "经营假农药", "《农药管理条例》第五十五条", MULTIPLE, 10, 20, 0, 0, 0.8, "货值金额", 10000, 80000},
    {"LY001", "滥伐林木", "《中华人民共和国森林法》第七十六条", MULTIPLE, 3, 5, 0, 0, 0.5, "林木价值", 5000, 50000},
    {"KC001", "未取得采矿许可证擅自采矿", "《中华人民共和国矿产资源法》第三十九条", MULTIPLE, 0.5, 3, 0, 0, 0.08, "违法所得", 20000, 500000},
    {"TD001", "非法占用土地建住宅", "《中华人民共和国土地管理法实施条例》第五十七条", FIXED, 1000, 30000, 0, 0, 0.06, NULL, 0, 0},
};
#define NITEMS ((int)(sizeof items / sizeof *items))

/* ---- regions: county seats and their towns, from the reform areas ---- */
#define MAX_TOWNS 10
struct county {
	const char *path, *abbr, *agency;
	const char *towns[MAX_TOWNS];
};

/* The default layout: 4 counties x 8 towns (datasets/sample.csv). */
static const struct county default_counties[] = {
    {"浙江省/嘉兴市/海盐县", "盐", "海盐县综合行政执法局",
     {"武原街道", "西塘桥街道", "秦山街道", "望海街道", "沈荡镇", "百步镇", "于城镇", "澉浦镇"}},
    {"浙江省/温州市/龙港市", "龙", "龙港市综合行政执法局",
     {"新城片区", "湖前片区", "舥艚片区", "芦浦片区", "云岩片区", "平等片区", "宜山片区", "钱库片区"}},
    {"四川省/成都市/武侯区", "武", "成都市武侯区综合行政执法局",
     {"浆洗街街道", "望江路街道", "玉林街道", "火车南站街道", "簇桥街道", "红牌楼街道", "晋阳街道", "金花桥街道"}},
    {"广东省/惠州市/惠城区", "惠", "惠州市惠城区综合行政执法局",
     {"江北街道", "桥东街道", "河南岸街道", "小金口街道", "水口街道", "汝湖镇", "横沥镇", "芦洲镇"}},
};

/* --bias-scenario 40: the same 4 counties with 10 towns each.  (Four
 * counties, not five, because generate() sizes its case-number counters by
 * NCOUNTIES at compile time; 10 towns a county also gives the issue's
 * layout: a fair town with 9 neighbours, 2 of them biased.) */
static const struct county scenario_counties[] = {
    {"浙江省/嘉兴市/海盐县", "盐", "海盐县综合行政执法局",
     {"武原街道", "西塘桥街道", "秦山街道", "望海街道", "沈荡镇", "百步镇", "于城镇", "澉浦镇", "通元镇", "元通街道"}},
    {"浙江省/温州市/龙港市", "龙", "龙港市综合行政执法局",
     {"新城片区", "湖前片区", "舥艚片区", "芦浦片区", "云岩片区", "平等片区", "宜山片区", "钱库片区", "白沙片区",
      "西城片区"}},
    {"四川省/成都市/武侯区", "武", "成都市武侯区综合行政执法局",
     {"浆洗街街道", "望江路街道", "玉林街道", "火车南站街道", "簇桥街道", "红牌楼街道", "晋阳街道", "金花桥街道",
      "簇锦街道", "机投桥街道"}},
    {"广东省/惠州市/惠城区", "惠", "惠州市惠城区综合行政执法局",
     {"江北街道", "桥东街道", "河南岸街道", "小金口街道", "水口街道", "汝湖镇", "横沥镇", "芦洲镇", "马安镇",
      "三栋镇"}},
};
#define NCOUNTIES 4

/* The layout in use (default_counties unless --bias-scenario). */
static const struct county *counties = default_counties;
static int ntowns = 8;
#define NTOWNS ntowns

/* Planted regional bias, in units of the tier band (u scale): a shift s
 * moves a fine inside a band [lo, hi] by the factor (hi / lo)^s (before
 * the band's edges and heaping cut it). */
struct bias {
	int county, town;
	double shift;  /* u units; 0 when factor is given */
	double factor; /* nominal fine factor (--bias-scenario), 0 for shift */
};
static const struct bias default_biases[] = {
    {0, 7, +0.12, 0}, /* 海盐县/澉浦镇: harsh */
    {3, 5, +0.12, 0}, /* 惠城区/汝湖镇: harsh */
    {2, 4, -0.12, 0}, /* 武侯区/簇桥街道: lenient */
    {1, 5, -0.12, 0}, /* 龙港市/平等片区: lenient */
};
/* 6 of 40 towns, two pairs sharing a county, so that a fair town's
 * neighbours are biased both ways. */
static const struct bias scenario_biases[] = {
    {0, 7, 0, 1.80}, /* 海盐县/澉浦镇 */
    {0, 5, 0, 1.50}, /* 海盐县/百步镇 */
    {3, 5, 0, 1.25}, /* 惠城区/汝湖镇 */
    {1, 5, 0, 0.55}, /* 龙港市/平等片区 */
    {1, 6, 0, 0.80}, /* 龙港市/宜山片区 */
    {2, 4, 0, 0.70}, /* 武侯区/簇桥街道 */
};
static const struct bias *biases = default_biases;
static int nbiases = (int)(sizeof default_biases / sizeof *default_biases);

/* A nominal factor f becomes the shift ln(f) / BAND_LOG, BAND_LOG being a
 * typical ln(hi / lo) of the tier bands cases fall in.  Narrow bands move
 * less, wide ones more, and the band's edges cut the large factors: the
 * effects measured on the generated fines (docs/METHODS.md) are close to
 * nominal for 0.8 and 1.25 and smaller beyond (1.8 comes out near +37 %). */
#define BAND_LOG 0.9

static double region_shift(int c, int t)
{
	for (int i = 0; i < nbiases; i++)
		if (biases[i].county == c && biases[i].town == t)
			return biases[i].factor > 0 ? log(biases[i].factor) / BAND_LOG : biases[i].shift;
	return 0;
}

/* --party-mix: enterprises fined PARTY_MIX_FACTOR x everywhere (nominal,
 * as a region's factor), and one fair town, 玉林街道 of 武侯区 in either
 * layout, whose cases are all enterprises: a region effect that ignores
 * the party calls it harsh. */
static int party_mix;
#define PARTY_MIX_FACTOR 1.25
#define PARTY_MIX_COUNTY 2
#define PARTY_MIX_TOWN 2

static double region_factor(int c, int t)
{
	for (int i = 0; i < nbiases; i++)
		if (biases[i].county == c && biases[i].town == t)
			return biases[i].factor;
	return 1;
}

/* ---- formatting ---- */
static const char *const cn_dig[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
static const char *const cn_unit[] = {"", "拾", "佰", "仟"};

/* Chinese capital numerals for 1..99999999 yuan ("伍仟元整"). */
static void cn_amount(char *out, size_t n, long yuan)
{
	char buf[256] = "";
	long parts[2] = {yuan / 10000, yuan % 10000};
	int started = 0;
	for (int p = 0; p < 2; p++) {
		long v = parts[p];
		int zero = 0;
		if (!v) {
			if (started)
				zero = 1;
			continue;
		}
		for (int d = 3; d >= 0; d--) {
			long dig = v / (long)pow(10, d) % 10;
			if (dig == 0) {
				if (started)
					zero = 1;
				continue;
			}
			if (zero)
				strcat(buf, "零");
			zero = 0;
			strcat(buf, cn_dig[dig]);
			strcat(buf, cn_unit[d]);
			started = 1;
		}
		if (p == 0)
			strcat(buf, "万");
	}
	snprintf(out, n, "%s元整", buf);
}

/* Full-width digits for an ASCII string of digits, commas and dots. */
static void fullwidth(char *out, size_t n, const char *in)
{
	size_t w = 0;
	for (; *in && w + 4 < n; in++) {
		unsigned cp = 0xFEE0u + (unsigned char)*in;
		out[w++] = (char)(0xE0 | (cp >> 12));
		out[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[w++] = (char)(0x80 | (cp & 0x3F));
	}
	out[w] = '\0';
}

/* A fine (in fen) written in one of the forms of real exports. */
/* Set by --clean: plain numbers, ISO dates, English words, no broken rows
 * (for tools that cannot read real exports, such as the pandas benchmark). */
static int clean;

static void messy_amount(char *out, size_t n, long long fen)
{
	if (clean) {
		snprintf(out, n, "%lld.%02lld", fen / 100, fen % 100);
		return;
	}
	long long yuan = fen / 100, cents = fen % 100;
	char plain[64], grouped[64];
	snprintf(plain, sizeof plain, "%lld", yuan);
	{
		char d[32];
		size_t len, w = 0;
		snprintf(d, sizeof d, "%lld", yuan);
		len = strlen(d);
		for (size_t i = 0; i < len; i++) {
			if (i && (len - i) % 3 == 0)
				grouped[w++] = ',';
			grouped[w++] = d[i];
		}
		grouped[w] = '\0';
	}
	if (cents) {
		snprintf(out, n, "%lld.%02lld", yuan, cents);
		return;
	}
	int form = pick(100);
	if (form < 40)
		snprintf(out, n, "%s", plain);
	else if (form < 52)
		snprintf(out, n, "%s.00", grouped);
	else if (form < 60)
		snprintf(out, n, "%s", grouped);
	else if (form < 68)
		snprintf(out, n, "%s元", plain);
	else if (form < 72)
		snprintf(out, n, "￥%s", plain);
	else if (form < 76)
		snprintf(out, n, "人民币%s元", plain);
	else if (form < 84 && yuan >= 10000 && yuan % 100 == 0)
		snprintf(out, n, "%g万元", (double)yuan / 10000.0);
	else if (form < 90 && yuan > 0 && yuan < 100000000 && yuan % 100 == 0)
		cn_amount(out, n, (long)yuan);
	else if (form < 95)
		fullwidth(out, n, plain);
	else
		snprintf(out, n, "%s", plain);
}

static void messy_date(char *out, size_t n, int y, int m, int d)
{
	switch (clean ? 5 : pick(6)) {
	case 0: snprintf(out, n, "%d/%d/%d", y, m, d); break;
	case 1: snprintf(out, n, "%d.%02d.%02d", y, m, d); break;
	case 2: snprintf(out, n, "%d年%d月%d日", y, m, d); break;
	case 3: snprintf(out, n, "%04d%02d%02d", y, m, d); break;
	default: snprintf(out, n, "%04d-%02d-%02d", y, m, d);
	}
}

enum tier { T_UNKNOWN, T_NONE, T_MITIGATED, T_LENIENT, T_GENERAL, T_SEVERE };
static const char *const tier_en[] = {"", "none", "mitigated", "lenient", "general", "severe"};
static const char *const tier_words[][3] = {
    {"", "", ""},           {"不予处罚", "免予处罚", "none"}, {"减轻", "减轻处罚", "mitigated"},
    {"从轻", "从轻处罚", "lenient"}, {"一般", "一般", "general"},    {"从重", "从重处罚", "severe"},
};
enum party { P_INDIVIDUAL, P_ENTERPRISE, P_SOLE };
static const char *const party_en[] = {"individual", "enterprise", "sole_trader"};
static const char *const party_words[][2] = {{"个人", "自然人"}, {"单位", "企业"}, {"个体工商户", "个体工商户"}};

static void fen_str(char *out, size_t n, long long fen)
{
	snprintf(out, n, "%lld.%02lld", fen / 100, fen % 100);
}

/* Rounds yuan to a "round" amount some officers prefer (heaping). */
static double heap(double yuan)
{
	static const double steps[] = {10000, 5000, 1000, 500, 100, 50, 10};
	for (int i = 0; i < 7; i++)
		if (yuan >= steps[i] * 4)
			return floor(yuan / steps[i] + 0.5) * steps[i];
	return floor(yuan + 0.5);
}

struct band {
	double lo, hi; /* yuan */
};

/* The four band edges of an item in yuan for a base (yuan; ignored for fixed). */
static void edges(const struct item *it, double base, double e[4])
{
	double k = it->kind == MULTIPLE ? base : 1.0;
	double lm = it->lmax ? it->lmax : it->lo + 0.3 * (it->hi - it->lo);
	double sm = it->smin ? it->smin : it->lo + 0.7 * (it->hi - it->lo);
	e[0] = it->lo * k, e[1] = lm * k, e[2] = sm * k, e[3] = it->hi * k;
}

/* Catalogue bound as written to the catalogue CSV ("0.065" or "3000"). */
static void bound_str(char *out, size_t n, const struct item *it, double v)
{
	if (it->kind == FIXED)
		snprintf(out, n, "%.0f", v);
	else
		snprintf(out, n, "%g", v);
}

/* The point at share s of an item's range, in the catalogue's unit at its
 * precision (fen, or millionths of the base), as text. */
static void split_str(char *out, size_t n, const struct item *it, double s)
{
	double unit = it->kind == FIXED ? 100 : 1e6;
	long long lo = llround(it->lo * unit), hi = llround(it->hi * unit);
	long long v = lo + llround(s * (double)(hi - lo));
	if (it->kind == FIXED) {
		if (v % 100 == 0)
			snprintf(out, n, "%lld", v / 100);
		else
			snprintf(out, n, "%lld.%02lld", v / 100, v % 100);
		return;
	}
	snprintf(out, n, "%lld.%06lld", v / 1000000, v % 1000000);
	for (size_t k = strlen(out); k > 0 && out[k - 1] == '0'; k--)
		out[k - 1] = '\0';
	if (out[strlen(out) - 1] == '.')
		out[strlen(out) - 1] = '\0';
}

static void write_catalogue(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs("违法行为编码,违法行为,法律依据,罚款方式,罚款下限,罚款上限,从轻上限,从重下限\n", f);
	for (int i = 0; i < NITEMS; i++) {
		const struct item *it = &items[i];
		char lo[32], hi[32], lm[32] = "", sm[32] = "";
		bound_str(lo, sizeof lo, it, it->lo);
		bound_str(hi, sizeof hi, it, it->hi);
		if (it->lmax) {
			bound_str(lm, sizeof lm, it, it->lmax);
			bound_str(sm, sizeof sm, it, it->smin);
		} else {
			/* the office publishes every tier (issue 23: a band youdu
			 * derives is never a finding): the 30/70 points, exactly as
			 * youdu would derive them in fen or millionths */
			split_str(lm, sizeof lm, it, 0.3);
			split_str(sm, sizeof sm, it, 0.7);
		}
		fprintf(f, "%s,%s,%s,%s,%s,%s,%s,%s\n", it->code, it->name, it->basis,
			it->kind == FIXED ? "定额" : "倍数", lo, hi, lm, sm);
	}
	fclose(f);
}

static int days_in(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0) ? 29 : dm[m - 1];
}

/* One generated decision before formatting. */
struct gcase {
	char case_id[96];
	int item, county, town, y, m, d;
	enum tier tier;
	enum party party;
	long long fine, base; /* fen; base -1 when none */
	const char *planted;  /* ground truth of what was planted */
};

static void truth_row(FILE *t, const char *status, const struct gcase *g, const char *reason)
{
	const struct item *it = &items[g->item];
	char date[16], fine[32], base[32] = "", region[256], agency[128];
	snprintf(date, sizeof date, "%04d-%02d-%02d", g->y, g->m, g->d);
	fen_str(fine, sizeof fine, g->fine);
	if (g->base >= 0)
		fen_str(base, sizeof base, g->base);
	snprintf(region, sizeof region, "%s/%s", counties[g->county].path, counties[g->county].towns[g->town]);
	snprintf(agency, sizeof agency, "%s", counties[g->county].agency);
	fprintf(t, "%s,%s,", status, g->planted);
	yd_out_csv(t, reason);
	fputc(',', t);
	yd_out_csv(t, g->case_id);
	fprintf(t, ",%s,%s,%s,%s,%s,%s,%s,%s,%s\n", date, region, agency, it->code, it->name, party_en[g->party],
		tier_en[g->tier], fine, base);
}

/* Writes the row as a messy export line.  fine_text overrides the fine. */
static void case_row(FILE *f, const struct gcase *g, const char *fine_text, const char *date_text,
		     const char *tier_text, const char *region_text)
{
	const struct item *it = &items[g->item];
	char date[64], fine[128], base[128] = "", region[256];
	if (date_text)
		snprintf(date, sizeof date, "%s", date_text);
	else
		messy_date(date, sizeof date, g->y, g->m, g->d);
	if (fine_text)
		snprintf(fine, sizeof fine, "%s", fine_text);
	else
		messy_amount(fine, sizeof fine, g->fine);
	if (g->base >= 0)
		messy_amount(base, sizeof base, g->base);
	if (region_text)
		snprintf(region, sizeof region, "%s", region_text);
	else if (!clean && chance(0.05))
		snprintf(region, sizeof region, " %s / %s ", counties[g->county].path, counties[g->county].towns[g->town]);
	else
		snprintf(region, sizeof region, "%s/%s", counties[g->county].path, counties[g->county].towns[g->town]);
	yd_out_csv(f, g->case_id);
	fputc(',', f);
	yd_out_csv(f, date);
	fputc(',', f);
	yd_out_csv(f, region);
	fprintf(f, ",%s,%s,", counties[g->county].agency, it->code);
	yd_out_csv(f, it->name);
	fprintf(f, ",%s,", clean ? party_en[g->party] : party_words[g->party][pick(2)]);
	yd_out_csv(f, tier_text ? tier_text : clean ? tier_en[g->tier] : tier_words[g->tier][pick(3)]);
	fputc(',', f);
	yd_out_csv(f, fine);
	fputc(',', f);
	yd_out_csv(f, base);
	fputs("\n", f);
}

/* --heaped: violation types whose fines pile on one or two amounts, as real
 * offices decide them (about 70 % on the band's lower edge, the legal
 * minimum for 从轻; or two levels, as for two vehicle classes under one
 * article), the rest spread over the tier's band.  No peer outliers are
 * planted in them: an amount inside the spread is not one. */
struct heaped {
	const char *code;
	double share_low;  /* on the band's lower edge */
	double share_mid;  /* on a round amount inside the band (a second level) */
};
static const struct heaped heaped_items[] = {
    {"CG013", 0.70, 0}, {"SC005", 0.70, 0}, {"CG002", 0.45, 0.25}, {"JT002", 0.45, 0.25},
};
static int heaped_mode;

static const struct heaped *heaped_of(const struct item *it)
{
	for (size_t i = 0; heaped_mode && i < sizeof heaped_items / sizeof *heaped_items; i++)
		if (!strcmp(heaped_items[i].code, it->code))
			return &heaped_items[i];
	return NULL;
}

static long long to_fen_in(double yuan, double lo, double hi, int allow_heap);
static double at(double lo, double hi, double u);

/* A fine of a heaped type in the band [lo, hi] yuan. */
static long long heaped_fine(const struct heaped *h, double lo, double hi, int heaping)
{
	double r = unif();
	if (r < h->share_low)
		return (long long)ceil(lo) * 100;
	if (r < h->share_low + h->share_mid)
		return to_fen_in(at(lo, hi, 0.6), lo, hi, 1);
	return to_fen_in(at(lo, hi, unif()), lo, hi, heaping);
}

static int pick_item(double total)
{
	double r = unif() * total;
	for (int i = 0; i < NITEMS; i++) {
		r -= items[i].weight;
		if (r < 0)
			return i;
	}
	return NITEMS - 1;
}

/* Draws a position u in [0,1] inside a tier band: concentrated around the
 * middle, spread shrinking year by year (the reform makes practice more
 * uniform), shifted by the region's bias. */
static double draw_u(int year, double shift)
{
	double sd = 0.10 - 0.012 * (year - 2021);
	double u = 0.5 + shift + sd * normal();
	if (u < 0.03)
		u = 0.03;
	if (u > 0.97)
		u = 0.97;
	return u;
}

/* Fine in yuan at position u of [lo, hi], on the log scale. */
static double at(double lo, double hi, double u)
{
	return exp(log(lo) + u * (log(hi) - log(lo)));
}

static long long to_fen_in(double yuan, double lo, double hi, int allow_heap)
{
	double h = allow_heap ? heap(yuan) : floor(yuan + 0.5);
	if (h < lo || h > hi)
		h = floor(yuan + 0.5);
	if (h < lo)
		h = ceil(lo);
	if (h > hi)
		h = floor(hi);
	return (long long)h * 100;
}

/* Draws a case's identity: its item, county and town, date, decision
 * number (seq counts per county and year) and party. */
static void draw_identity(struct gcase *g, long seq[NCOUNTIES][4], double total)
{
	memset(g, 0, sizeof *g);
	g->item = pick_item(total);
	g->county = pick(NCOUNTIES);
	g->town = pick(NTOWNS);
	g->y = 2021 + pick(4);
	g->m = 1 + pick(12);
	g->d = 1 + pick(days_in(g->y, g->m));
	long k = ++seq[g->county][g->y - 2021];
	snprintf(g->case_id, sizeof g->case_id, "%s综执罚决〔%d〕%06ld号", counties[g->county].abbr, g->y, k);
	int p = pick(100);
	g->party = p < 55 ? P_INDIVIDUAL : p < 85 ? P_ENTERPRISE : P_SOLE;
	if (party_mix && g->county == PARTY_MIX_COUNTY && g->town == PARTY_MIX_TOWN)
		g->party = P_ENTERPRISE;
}

/* At a small share, replaces an ordinary fine in band lo..hi (e: the item's
 * tier edges; hp: its heaped amounts or NULL) by a planted finding. */
static void plant_finding(struct gcase *g, const double e[4], double lo, double hi, const struct heaped *hp)
{
	int plant = pick(1000);
	if (plant < 5) {
		g->planted = "above_legal_max";
		g->fine = (long long)floor(e[3] * (1.2 + 1.5 * unif())) * 100;
	} else if (plant < 10) {
		g->planted = "below_legal_min";
		g->fine = (long long)floor(e[0] * (0.2 + 0.6 * unif())) * 100;
		if (g->fine == 0)
			g->fine = 100;
	} else if (plant < 20 && (g->tier == T_LENIENT || g->tier == T_GENERAL)) {
		g->planted = "above_tier";
		g->fine = to_fen_in(at(e[2], e[3], 0.3 + 0.6 * unif()), e[2] * 1.001 + 1, e[3], 0);
	} else if (plant < 30 && (g->tier == T_SEVERE || g->tier == T_GENERAL)) {
		g->planted = "below_tier";
		g->fine = to_fen_in(at(e[0], e[1], 0.1 + 0.6 * unif()), e[0], e[1] * 0.999 - 1, 0);
	} else if (plant < 30 && heaped_mode) {
		/* the extended generator plants outliers at the same share in
		 * every tier (0.6 % each way); the default one lets a lenient
		 * case's unused below_tier share fall through to over */
	} else if (plant < 42 && hp) {
		/* no peer outlier inside a heaped type's spread */
	} else if (plant < 36 && g->tier != T_UNKNOWN && hi >= 3 * lo) {
		/* an outlier is only meaningful where the band leaves room
		 * for one: at its edge the fine is >= 1.7x the usual one */
		g->planted = "over_penalized";
		g->fine = to_fen_in(at(lo, hi, 0.999), lo, hi, 0);
	} else if (plant < 42 && g->tier != T_UNKNOWN && hi >= 3 * lo) {
		g->planted = "under_penalized";
		g->fine = to_fen_in(at(lo, hi, 0.001), lo, hi, 0);
	}
}

/* Draws a case's base, tier and fine: the ordinary decision for its tier,
 * or a planted finding (g->planted names it, "none" otherwise). */
static void draw_fine(struct gcase *g)
{
	const struct item *it = &items[g->item];
	double base = 0;
	g->base = -1;
	if (it->kind == MULTIPLE) {
		base = floor(exp(log(it->base_lo) + unif() * (log(it->base_hi) - log(it->base_lo))) / 100) * 100;
		g->base = (long long)base * 100;
	}
	double e[4];
	edges(it, base, e);
	int tp = pick(1000);
	g->tier = tp < 30 ? T_NONE : tp < 80 ? T_MITIGATED : tp < 330 ? T_LENIENT : tp < 800 ? T_GENERAL
		  : tp < 980 ? T_SEVERE : T_UNKNOWN;
	g->planted = "none";
	double shift = region_shift(g->county, g->town) +
		       (g->party != P_ENTERPRISE ? 0 : party_mix ? log(PARTY_MIX_FACTOR) / BAND_LOG : 0.03);
	int heaping = chance(0.6);

	/* the ordinary decision */
	if (g->tier == T_NONE) {
		g->fine = 0;
	} else if (g->tier == T_MITIGATED) {
		g->fine = to_fen_in(e[0] * (0.3 + 0.6 * unif()), 1, e[0], heaping);
	} else {
		double lo = e[0], hi = e[3];
		if (g->tier != T_UNKNOWN) {
			lo = e[g->tier - T_LENIENT];
			hi = e[g->tier - T_LENIENT + 1];
		}
		const struct heaped *hp = heaped_of(it);
		if (hp)
			g->fine = heaped_fine(hp, lo, hi, heaping);
		else
			g->fine = to_fen_in(at(lo, hi, draw_u(g->y, shift)), lo, hi, heaping);
		plant_finding(g, e, lo, hi, hp);
	}
	if (g->tier == T_NONE && chance(0.03)) {
		g->planted = "above_legal_max"; /* 不予处罚 with a fine */
		g->fine = to_fen_in(at(e[0], e[1], 0.5), e[0], e[1], 1);
	}
}

/* One case row and its truth row (t may be NULL); the *_text arguments as
 * case_row takes them. */
static void emit(FILE *f, FILE *t, const struct gcase *g, const char *status, const char *reason,
		 const char *fine_text, const char *date_text, const char *tier_text, const char *region_text)
{
	case_row(f, g, fine_text, date_text, tier_text, region_text);
	if (t)
		truth_row(t, status, g, reason);
}

/* Broken rows, by the share (in thousandths, cumulative) drawn for each:
 * the text written in place of one field, and the reason import must give. */
static const struct broken {
	int below;
	const char *fine, *date, *tier, *region, *reason;
} broken_rows[] = {
	{3, "12,3O", NULL, NULL, NULL, "invalid fine"},
	{5, NULL, "2023-02-30", NULL, NULL, "invalid decision_date"},
	{7, "-500", NULL, NULL, NULL, "invalid fine"},
	{8, NULL, NULL, "很重", NULL, "unknown tier"},
	{9, NULL, NULL, NULL, " / ", "invalid region"},
};

/* Writes case g, now and then broken, or after the previous one sent
 * twice or again with another fine (prev, *have_prev: the last clean row).
 * Returns the number of extra rows written (0 or 1). */
static int write_case(FILE *f, FILE *t, const struct gcase *g, struct gcase *prev, int *have_prev)
{
	int broken = clean ? 1000 : pick(1000);
	for (size_t i = 0; i < sizeof broken_rows / sizeof *broken_rows; i++) {
		const struct broken *b = &broken_rows[i];
		if (broken < b->below) {
			emit(f, t, g, "rejected", b->reason, b->fine, b->date, b->tier, b->region);
			return 0;
		}
	}
	if (broken < 13 && *have_prev) {
		if (broken < 12) {
			/* the same decision exported twice */
			emit(f, t, prev, "duplicate", "", NULL, NULL, NULL, NULL);
		} else {
			/* same identity, different fine: a conflict */
			struct gcase c = *prev;
			c.fine += 10000;
			emit(f, t, &c, "rejected", "conflict", NULL, NULL, NULL, NULL);
		}
		*have_prev = 0;
		emit(f, t, g, "imported", "", NULL, NULL, NULL, NULL);
		return 1;
	}
	emit(f, t, g, "imported", "", NULL, NULL, NULL, NULL);
	*prev = *g;
	*have_prev = 1;
	return 0;
}

static void generate(long rows, const char *out_path, const char *truth_path, int english)
{
	FILE *f = fopen(out_path, "w"), *t = truth_path ? fopen(truth_path, "w") : NULL;
	double total = 0;
	long seq[NCOUNTIES][4] = {{0}};
	struct gcase prev;
	int have_prev = 0;

	if (!f || (truth_path && !t)) {
		perror(!f ? out_path : truth_path);
		exit(2);
	}
	for (int i = 0; i < NITEMS; i++)
		total += items[i].weight;
	if (english)
		fputs("case_id,decision_date,region,agency,violation_code,violation_name,party_type,tier,fine,base_amount\n", f);
	else
		fputs("决定书文号,决定日期,地区,执法机关,违法行为编码,违法行为,当事人类型,裁量阶次,罚款金额,基数金额\n", f);
	if (t)
		fputs("status,planted,reason,case_id,decision_date,region,agency,violation_code,violation_name,party_type,"
		      "tier,fine,base_amount\n",
		      t);

	for (long r = 0; r < rows; r++) {
		struct gcase g;
		draw_identity(&g, seq, total);
		draw_fine(&g);
		r += write_case(f, t, &g, &prev, &have_prev);
	}
	fclose(f);
	if (t)
		fclose(t);
}

static void usage(void)
{
	fputs("usage: yd-gen [--rows N] [--seed S] [--out CASES.csv] [--truth TRUTH.csv]\n"
	      "              [--catalogue CATALOGUE.csv] [--regions BIAS.csv] [--english] [--clean]\n"
	      "              [--heaped] [--bias-scenario 40] [--party-mix]\n"
	      "Generates synthetic penalty decisions (see docs/DATA.md).\n",
	      stderr);
}

int main(int argc, char **argv)
{
	long rows = 3000;
	unsigned long long seed = 1;
	const char *out = "cases.csv", *truth = NULL, *cat = NULL, *reg = NULL;
	int english = 0, scenario = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--rows") && v)
			rows = strtol(v, NULL, 10), i++;
		else if (!strcmp(a, "--seed") && v)
			seed = strtoull(v, NULL, 10), i++;
		else if (!strcmp(a, "--out") && v)
			out = v, i++;
		else if (!strcmp(a, "--truth") && v)
			truth = v, i++;
		else if (!strcmp(a, "--catalogue") && v)
			cat = v, i++;
		else if (!strcmp(a, "--regions") && v)
			reg = v, i++;
		else if (!strcmp(a, "--heaped"))
			heaped_mode = 1;
		else if (!strcmp(a, "--party-mix"))
			party_mix = 1;
		else if (!strcmp(a, "--bias-scenario") && v && !strcmp(v, "40"))
			scenario = 1, i++;
		else if (!strcmp(a, "--english"))
			english = 1;
		else if (!strcmp(a, "--clean"))
			clean = english = 1;
		else {
			usage();
			return 2;
		}
	}
	if (rows <= 0) {
		usage();
		return 2;
	}
	if (scenario) {
		counties = scenario_counties;
		ntowns = MAX_TOWNS;
		biases = scenario_biases;
		nbiases = (int)(sizeof scenario_biases / sizeof *scenario_biases);
	}
	rng_state = seed;
	if (cat)
		write_catalogue(cat);
	if (reg) {
		FILE *f = fopen(reg, "w");
		if (!f) {
			perror(reg);
			return 2;
		}
		fprintf(f, "region,planted_bias%s%s\n", scenario ? ",factor" : "", party_mix ? ",parties" : "");
		for (int c = 0; c < NCOUNTIES; c++)
			for (int k = 0; k < NTOWNS; k++) {
				double s = region_shift(c, k);
				fprintf(f, "%s/%s,%s", counties[c].path, counties[c].towns[k],
					s > 0 ? "harsh" : s < 0 ? "lenient" : "fair");
				if (scenario)
					fprintf(f, ",%.2f", region_factor(c, k));
				if (party_mix)
					fputs(c == PARTY_MIX_COUNTY && k == PARTY_MIX_TOWN ? ",enterprise" : ",mixed", f);
				fputc('\n', f);
			}
		fclose(f);
	}
	generate(rows, out, truth, english);
	return 0;
}
