/* The penalty provision read from a 处罚依据 text, and a case's context
 * (issue 20).  The texts are real ones of tests/data/real (GIST_DEFINE) and
 * the mainland forms the issue names. */
#include <stdlib.h>

#include "t.h"
#include "youdu/context.h"

static void prov(const char *basis, const char *want, int nwant)
{
	char out[YD_CONTEXT_MAX];
	int n = yd_context_provisions(basis, out, sizeof out);
	CHECK_STR(out, want);
	CHECK_INT(n, nwant);
}

static void test_provisions(void)
{
	/* the case: fined under §53, not §52 of the article it broke */
	prov("違反廢棄物清理法第31條第1項第1款之規定，並依廢棄物清理法第53條第1款裁處。依環境教育法第23條第2款之規定裁處環境講習",
	     "廢棄物清理法第53条第1款", 1);
	/* 同法: the law named last before; the guideline, its 附表 and 项次 left out */
	prov("違反廢棄物清理法第31條第1項第1款規定，爰依同法第52條暨違反廢棄物清理法罰鍰額度裁罰準則第2條第2款附表二項次九規定裁處。",
	     "廢棄物清理法第52条", 1);
	/* 同法 is a 法, not the 辦法 cited after it */
	prov("違反室內空氣品質管理法第9條第1項暨室內空氣品質維護管理專責人員設置管理辦法第3條第1項規定，爰依同法第17條、第19條第2項暨公私場所違反室內空氣品質管理法罰鍰額度裁量準則第2條附表項次三規定裁處。",
	     "室內空氣品質管理法第17条、室內空氣品質管理法第19条第2项", 2);
	/* plain 依 when nothing stronger is there; 之1; the lecture clause is no fine */
	prov("核已同時違反水污染防治法第7條第1項及第18條之1第1項規定，本府從一重依水污染防治法第46條之1暨「違反水污染防治法罰鍰額度裁罰準則」裁處罰鍰依環境教育法第23條第2款之規定裁處環境講習",
	     "水污染防治法第46条之1", 1);
	/* two provisions, sorted; one law for a bare 第N条 */
	prov("並依廢棄物清理法第55條第1款及廢棄物清理法第52條裁處", "廢棄物清理法第52条、廢棄物清理法第55条第1款", 2);
	prov("违反《道路交通安全法》第九十条，依照本法第九十条及第九十三条处罚", "道路交通安全法第90条、道路交通安全法第93条", 2);
	/* Chinese numerals and 條/項 folded: one provision written two ways is one */
	prov("依据《中华人民共和国大气污染防治法》第九十九条第二项之规定，决定处罚", "中华人民共和国大气污染防治法第99条第2项", 1);
	prov("依據道路交通管理處罰條例第五十六條第一項第一款處罰", "道路交通管理處罰條例第56条第1项第1款", 1);
	prov("依據道路交通管理處罰條例第56條第1項第1款處罰", "道路交通管理處罰條例第56条第1项第1款", 1);
	prov("并依《大气污染防治法》第一百零八条第（一）项处罚", "大气污染防治法第108条第1项", 1);
	prov("违反甲条例第3条，并依同条例第十二条第二款裁处", "甲条例第12条第2款", 1);
	/* a column holding the provision alone */
	prov("廢棄物清理法第53條第1款", "廢棄物清理法第53条第1款", 1);
	prov("《道路交通安全法》第九十条", "道路交通安全法第90条", 1);
	/* nothing to read */
	prov("依法处罚", "", 0);
	prov("违法行为：超速", "", 0);
	prov("", "", 0);
	prov("并依同法第52条裁处", "", 0); /* no law named before */
}

static void test_build_split(void)
{
	char out[YD_CONTEXT_MAX], p[YD_CONTEXT_MAX];
	struct yd_context_factor f[2] = {{"规模", "大"}, {"车种", "机车"}};
	CHECK_INT(yd_context_build("甲法第5条", f, 2, out, sizeof out), 0);
	CHECK_STR(out, "甲法第5条；规模=大；车种=机车"); /* factors in name (byte) order */
	CHECK_STR(yd_context_split(out, p, sizeof p), "规模=大；车种=机车");
	CHECK_STR(p, "甲法第5条");
	CHECK_INT(yd_context_build("", f + 1, 1, out, sizeof out), 0);
	CHECK_STR(out, "；车种=机车");
	CHECK_STR(yd_context_split(out, p, sizeof p), "车种=机车");
	CHECK_STR(p, "");
	CHECK_STR(yd_context_split("甲法第5条", p, sizeof p), "");
	CHECK_STR(p, "甲法第5条");
	CHECK_INT(yd_context_build("甲法第5条", f, 2, out, 8), -1);
	CHECK_STR(out, "");
}

/* issue 25.5: peers of one currency; the mark stays when factors are dropped */
static void test_peer_key(void)
{
	char out[YD_CONTEXT_MAX], p[YD_CONTEXT_MAX];
	CHECK_INT(yd_context_peer_key("甲法第5条；车种=机车", "CNY", out, sizeof out), 0);
	CHECK_STR(out, "甲法第5条；车种=机车"); /* yuan: keyed as before */
	CHECK_INT(yd_context_peer_key("", "", out, sizeof out), 0);
	CHECK_STR(out, "");
	CHECK_INT(yd_context_peer_key("", "EUR", out, sizeof out), 0);
	CHECK_STR(out, "EUR:");
	CHECK_INT(yd_context_peer_key("甲法第5条；车种=机车", "TWD", out, sizeof out), 0);
	CHECK_STR(out, "TWD:甲法第5条；车种=机车");
	CHECK_STR(yd_context_split(out, p, sizeof p), "车种=机车");
	CHECK_STR(p, "TWD:甲法第5条"); /* widened: still of its currency */
	CHECK_INT(yd_context_peer_key("甲法第5条", "EUR", out, 8), -1);
	CHECK_STR(out, "");
}

int main(void)
{
	RUN(test_provisions);
	RUN(test_build_split);
	RUN(test_peer_key);
	return t_report("context");
}
