/* check_out: what a check says, from a result built by hand - the JSON
 * object field by field (amounts in yuan with two decimals, null where
 * there is nothing, the context split into provision and factors, a case
 * id with a quote escaped), the text's lines and the review opinion's
 * sentences, in English and Chinese. */
#include <stdio.h>
#include <string.h>

#include "t.h"
#include "youdu/buf.h"
#include "youdu/check.h"

static struct yd_cat_item item;
static char code[] = "A1", name[] = "擅自占用城市道路", basis[] = "《城市道路管理条例》第四十二条";
static struct yd_draft d;
static struct yd_check_result r;

static void setup(void)
{
	memset(&item, 0, sizeof item);
	item.code = code;
	item.name = name;
	item.basis = basis;
	item.kind = YD_KIND_FIXED;
	item.lo = 100000, item.hi = 1000000;
	memset(&d, 0, sizeof d);
	d.violation_code = "A1";
	d.region = "浙江省/杭州市";
	d.tier = YD_TIER_GENERAL;
	d.party = YD_PARTY_ENTERPRISE;
	d.fine = 1200000; /* 12000 yuan: above the 10000 maximum */
	d.base = -1;
	d.date = 20240301;
	memset(&r, 0, sizeof r);
	r.verdict = YD_V_ABOVE_LEGAL_MAX;
	r.item = &item;
	r.legal.verdict = YD_V_ABOVE_LEGAL_MAX;
	r.legal.nolegal = YD_NL_NONE;
	r.legal.lo = 100000, r.legal.hi = 1000000;
	r.legal.has_band = 1, r.legal.band_lo = 300000, r.legal.band_hi = 700000, r.legal.band_derived = 1;
	r.peer.level = YD_LEVEL_NONE;
	snprintf(r.currency, sizeof r.currency, "CNY");
	snprintf(r.context, sizeof r.context, "第十条" YD_CONTEXT_SEP "面积=大" YD_CONTEXT_SEP "次数=2");
	r.widened = 1;
	r.has_suggest = 1, r.suggest_lo = 300000, r.suggest_hi = 700000;
	r.nsimilar = 1;
	snprintf(r.similar[0].case_id, sizeof r.similar[0].case_id, "K\"1");
	snprintf(r.similar[0].region, sizeof r.similar[0].region, "浙江省/杭州市/西湖区");
	r.similar[0].date = 20240105;
	r.similar[0].fine = 50000;
	r.similar[0].verdict = YD_V_OK;
	snprintf(r.similar[0].review, sizeof r.similar[0].review, "confirmed");
	r.region_match = YD_REGION_PREFIX;
	r.region_level = YD_LEVEL_PARENT;
	r.region_below = 3;
	r.fit = -1;
}

/* The JSON of check (jansson, json.h): numbers with decimals keep those
 * that carry a value (12000.0, 6000.5), members in the order written. */
static void test_json(void)
{
	struct yd_buf b = YD_BUF_INIT;
	yd_check_json(&b, YD_LANG_EN, &d, &r);
	const char *s = yd_buf_str(&b);
	CHECK(strncmp(s, "{\"verdict\":\"above_legal_max\",\"reason\":\"", 39) == 0);
	CHECK(strstr(s, ",\"violation_code\":\"A1\",\"region\":\"浙江省/杭州市\",\"tier\":\"general\","
			"\"party_type\":\"enterprise\",\"fine\":12000.0,\"base_amount\":null,\"legal_checked\":true,"
			"\"legal_min\":1000.0,\"legal_max\":10000.0,\"tier_min\":3000.0,\"tier_max\":7000.0,"
			"\"band_source\":\"derived\",\"penalty_provision\":\"第十条\","
			"\"factors\":{\"面积\":\"大\",\"次数\":\"2\"},\"factors_dropped\":true,"
			"\"peers\":null,\"percentile\":null,\"z\":null,\"scale\":null,\"p\":null,"
			"\"suggested\":{\"from_peers\":false,\"min\":3000.0,\"max\":7000.0},"
			"\"similar\":[{\"case_id\":\"K\\\"1\",\"region\":\"浙江省/杭州市/西湖区\","
			"\"decision_date\":\"2024-01-05\",\"fine\":500.0,\"verdict\":\"ok\",\"review\":\"confirmed\"}],"
			"\"region_match\":\"prefix\",\"region_level\":\"county\",\"regions_below\":3,"
			"\"tiers\":[],\"fits_tier\":null}\n") != NULL);
	CHECK(strstr(s, "\"currency\"") == NULL); /* yuan says no currency */
	/* one line */
	CHECK(strchr(s, '\n') == s + b.len - 1);

	/* peers, in euros, base given, no context, exact region */
	b.len = 0;
	r.context[0] = '\0';
	snprintf(r.currency, sizeof r.currency, "EUR");
	d.base = 250000;
	r.peer.level = YD_LEVEL_REGION, r.peer.n = 14, r.peer.party_used = 1, r.peer.method = YD_SCALE_MAD;
	r.peer.percentile = 97.26, r.peer.z = 2.345, r.peer.scale = 0.12345, r.peer.p = 0.0123456;
	snprintf(r.peer_region, sizeof r.peer_region, "浙江省/杭州市");
	r.median = 500000, r.q1 = 400000, r.q3 = 600050;
	r.nlevels = 1, r.levels[0].fen = 500000, r.levels[0].count = 6;
	r.region_match = YD_REGION_EXACT;
	yd_check_json(&b, YD_LANG_EN, &d, &r);
	s = yd_buf_str(&b);
	CHECK(strstr(s, "\"fine\":12000.0,\"currency\":\"EUR\",\"base_amount\":2500.0,") != NULL);
	CHECK(strstr(s, "\"penalty_provision\"") == NULL);
	CHECK(strstr(s, ",\"peers\":{\"level\":\"region\",\"region\":\"浙江省/杭州市\",\"party_used\":true,\"n\":14,"
			"\"median\":5000.0,\"q1\":4000.0,\"q3\":6000.5,\"scale_method\":\"mad\","
			"\"levels\":[{\"count\":6,\"fine\":5000.0}]},\"percentile\":97.3,\"z\":2.35,\"scale\":0.1235,"
			"\"p\":0.012346,") != NULL);
	CHECK(strstr(s, "\"region_match\":\"exact\"") != NULL);
	yd_buf_release(&b);
	setup();
}

static void test_text_opinion(void)
{
	struct yd_buf b = YD_BUF_INIT;
	yd_check_text(&b, YD_LANG_EN, &d, &r);
	const char *s = yd_buf_str(&b);
	CHECK(strncmp(s, "verdict: above_legal_max (", 26) == 0);
	CHECK(strstr(s, "region: 浙江省/杭州市 is a prefix of 3 known regions: compared at the county level\n") != NULL);
	b.len = 0;
	yd_check_text(&b, YD_LANG_ZH, &d, &r);
	s = yd_buf_str(&b);
	CHECK(strncmp(s, "预审结论：", strlen("预审结论：")) == 0);
	CHECK(strstr(s, "（above_legal_max）\n") != NULL);
	CHECK(strstr(s, "地区：浙江省/杭州市 是 3 个已知地区的上级路径，按上级地区（县级）比较\n") != NULL);

	b.len = 0;
	yd_check_opinion(&b, YD_LANG_EN, &d, &r);
	s = yd_buf_str(&b);
	CHECK(strstr(s, "Pre-decision check: the draft fines the party ") == s);
	CHECK(strstr(s, " for A1 擅自占用城市道路 (basis: 《城市道路管理条例》第四十二条)") != NULL);
	CHECK(strstr(s, "Too few comparable decisions for a comparison. ") != NULL);
	CHECK(strstr(s, "Finding: above_legal_max. ") != NULL);
	CHECK(strstr(s, " Reference range ") != NULL);
	b.len = 0;
	yd_check_opinion(&b, YD_LANG_ZH, &d, &r);
	s = yd_buf_str(&b);
	CHECK(strstr(s, "经预审，本案拟对当事人处罚款 ") == s);
	CHECK(strstr(s, "可比案例不足，未作同案比较。") != NULL);
	/* sentences end once: no doubled full stop */
	CHECK(strstr(s, "。。") == NULL);
	CHECK(strstr(s, "..") == NULL);
	yd_buf_release(&b);
}

int main(void)
{
	setup();
	RUN(test_json);
	RUN(test_text_opinion);
	return t_report("check_out");
}
