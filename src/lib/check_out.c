/* check_out.c - what a check says, written into a buffer: the reason, the
 * JSON object of `check --format json` (also the answer of `youdu serve`'s
 * POST /api/check), the text of `check`, and a paragraph for the legal
 * review opinion.  One writer each, so the CLI and the server agree byte
 * for byte. */
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "youdu/check.h"
#include "youdu/json.h"
#include "youdu/review.h"
#include "youdu/money.h"
#include "youdu/out.h"

/* An amount, a range, in the currency of the draft's peers (money.h). */
static const char *money(char *buf, size_t n, const struct yd_check_result *r, int zh, double fen)
{
	return yd_money_fmt(buf, n, r->currency, zh, (int64_t)llround(fen));
}

static const char *range(char *buf, size_t n, const struct yd_check_result *r, int zh, double lo, double hi)
{
	return yd_money_range(buf, n, r->currency, zh, (int64_t)llround(lo), (int64_t)llround(hi));
}

/* A tier's name as a band is shown: "一般", or "推定的一般" with how it
 * was made when the table did not publish it (issue 23). */
static const char *band_name(char *buf, size_t n, enum yd_lang lang, enum yd_tier tier, int derived)
{
	if (lang == YD_LANG_ZH)
		snprintf(buf, n, derived ? "推定的%s阶次（法定幅度三七分）" : "%s阶次", yd_tier_zh(tier));
	else
		snprintf(buf, n, derived ? "derived %s tier (30/70 split of the legal range)" : "%s tier", yd_tier_name(tier));
	return buf;
}

/* The sentence on a draft without a tier, or nothing when it says nothing
 * new (the fine is outside the law, or nothing is known of any tier). */
static void tier_sentence(struct yd_buf *b, enum yd_lang lang, const struct yd_check_result *r)
{
	int zh = lang == YD_LANG_ZH;
	char a[192], e[192], t[160];

	if (!r->ntiers || r->legal.verdict == YD_V_ABOVE_LEGAL_MAX || r->legal.verdict == YD_V_BELOW_LEGAL_MIN)
		return;
	if (r->fit < 0) {
		if (r->item)
			yd_buf_addstr(b, zh ? "；未申报裁量阶次，罚款不在任何阶次之内或与各阶次可比案例不符"
					    : "; no tier declared: the fine fits no tier's band and peers");
		return;
	}
	const struct yd_tier_fit *f = &r->tiers[r->fit];
	if (!f->has_band) {
		money(a, sizeof a, r, zh, f->median);
		if (zh)
			yd_buf_addf(b, "；未申报裁量阶次，罚款与%s阶次 %ld 件可比案例（中位数 %s）相符", yd_tier_zh(f->tier),
				    f->n, a);
		else
			yd_buf_addf(b, "; no tier declared: the fine is in line with %ld comparable cases of the %s tier"
				       " (median %s)",
				    f->n, yd_tier_name(f->tier), a);
		return;
	}
	range(a, sizeof a, r, zh, (double)f->band_lo, (double)f->band_hi);
	band_name(t, sizeof t, lang, f->tier, f->band_derived);
	if (f->level != YD_LEVEL_NONE) {
		money(e, sizeof e, r, zh, f->median);
		if (zh)
			yd_buf_addf(b, "；未申报裁量阶次，罚款符合%s（%s，与该阶次 %ld 件可比案例相符，中位数 %s）",
				    t, a, f->n, e);
		else
			yd_buf_addf(b, "; no tier declared: the fine fits the %s (band %s, in line with %ld"
				       " comparable cases of that tier, median %s)",
				    t, a, f->n, e);
	} else if (zh) {
		yd_buf_addf(b, "；未申报裁量阶次，罚款符合%s（%s，该阶次可比案例不足）", t, a);
	} else {
		yd_buf_addf(b, "; no tier declared: the fine fits the %s (band %s, too few comparable"
			       " cases of that tier)",
			    t, a);
	}
}

void yd_check_reason(struct yd_buf *b, enum yd_lang lang, const struct yd_draft *d, const struct yd_check_result *r)
{
	struct yd_reason_in in = {r->item,	   d->tier,	 d->fine,   d->base,	&r->legal,
				  &r->peer,	   r->verdict,	 r->peer_region, r->context, r->widened, r->currency};
	yd_judge_reason(b, lang, &in);
	tier_sentence(b, lang, r);
}

/* ---- the JSON of check: parts, each written from the same facts ---- */

/* What every part of the JSON object reads, worked out once. */
struct json_facts {
	enum yd_lang lang;
	const struct yd_draft *d;
	const struct yd_check_result *r;
	int legal; /* the statutory range is known: legal_checked */
	int peers; /* the draft has a peer group */
};

/* An amount in fen, or null when has is 0. */
static json_t *fen_or_null(int has, int64_t fen)
{
	return has ? yd_json_fen(fen) : json_null();
}

/* A tier's band: tier_min, tier_max and band_source (null when none). */
static void json_band(json_t *o, int has_band, int64_t lo, int64_t hi, int derived)
{
	yd_json_set(o, "tier_min", fen_or_null(has_band, lo));
	yd_json_set(o, "tier_max", fen_or_null(has_band, hi));
	yd_json_set(o, "band_source", has_band ? json_string(derived ? "derived" : "published") : json_null());
}

/* The verdict, its reason and the draft as read: code, region, tier,
 * party, fine, its currency when not CNY, base amount. */
static void json_draft(const struct json_facts *f, json_t *o)
{
	const struct yd_draft *d = f->d;
	const struct yd_check_result *r = f->r;
	struct yd_buf reason = YD_BUF_INIT;

	yd_check_reason(&reason, f->lang, d, r);
	yd_json_set(o, "verdict", json_string(yd_verdict_name(r->verdict)));
	yd_json_set(o, "reason", yd_json_str(yd_buf_str(&reason)));
	yd_json_set(o, "violation_code", yd_json_str(d->violation_code));
	yd_json_set(o, "region", yd_json_str(d->region));
	yd_json_set(o, "tier", json_string(yd_tier_name(d->tier)));
	yd_json_set(o, "party_type", json_string(yd_party_name(d->party)));
	yd_json_set(o, "fine", yd_json_fen(d->fine));
	if (strcmp(yd_money_code(r->currency), "CNY") != 0)
		yd_json_set(o, "currency", yd_json_str(r->currency));
	yd_json_set(o, "base_amount", fen_or_null(d->base >= 0, d->base));
	yd_buf_release(&reason);
}

/* The statutory range and the declared tier's band. */
static void json_legal(const struct json_facts *f, json_t *o)
{
	const struct yd_check_result *r = f->r;

	yd_json_set(o, "legal_checked", json_boolean(f->legal));
	yd_json_set(o, "legal_min", fen_or_null(f->legal, r->legal.lo));
	yd_json_set(o, "legal_max", fen_or_null(f->legal, r->legal.hi));
	/* a published tier is shown when the law's range is unknown too */
	json_band(o, r->legal.has_band, r->legal.band_lo, r->legal.band_hi, r->legal.band_derived);
}

/* The draft's own context (issue 20), only when it has one: its provision,
 * its factors and whether they were dropped to find peers. */
static void json_context(const struct json_facts *f, json_t *o)
{
	const struct yd_check_result *r = f->r;
	char prov[YD_CONTEXT_MAX];
	const char *fac;

	if (!*r->context)
		return;
	fac = yd_context_split(r->context, prov, sizeof prov);
	yd_json_set(o, "penalty_provision", yd_json_str(prov));
	json_t *factors = json_object();
	while (*fac) {
		const char *end = strstr(fac, YD_CONTEXT_SEP), *eq = strchr(fac, '=');
		size_t len = end ? (size_t)(end - fac) : strlen(fac);
		char name[256], value[512];
		snprintf(name, sizeof name, "%.*s", (int)(eq && eq < fac + len ? eq - fac : (ptrdiff_t)len), fac);
		snprintf(value, sizeof value, "%.*s", eq && eq < fac + len ? (int)(fac + len - eq - 1) : 0,
			 eq && eq < fac + len ? eq + 1 : "");
		yd_json_set(factors, name, yd_json_str(value));
		fac += len + (end ? strlen(YD_CONTEXT_SEP) : 0);
	}
	yd_json_set(o, "factors", factors);
	yd_json_set(o, "factors_dropped", json_boolean(r->widened));
}

/* The peer group (null when none) and the draft's place among them. */
static void json_peers(const struct json_facts *f, json_t *o)
{
	const struct yd_check_result *r = f->r;

	if (!f->peers) {
		static const char *const none[] = {"peers", "percentile", "z", "scale", "p"};
		for (size_t k = 0; k < sizeof none / sizeof *none; k++)
			yd_json_set(o, none[k], json_null());
		return;
	}
	json_t *p = json_object(), *levels = json_array();
	yd_json_set(p, "level", json_string(yd_level_name(r->peer.level)));
	yd_json_set(p, "region", yd_json_str(r->peer_region));
	yd_json_set(p, "party_used", json_boolean(r->peer.party_used));
	yd_json_set(p, "n", json_integer(r->peer.n));
	yd_json_set(p, "median", yd_json_fixed(r->median / 100, 2));
	yd_json_set(p, "q1", yd_json_fixed(r->q1 / 100, 2));
	yd_json_set(p, "q3", yd_json_fixed(r->q3 / 100, 2));
	yd_json_set(p, "scale_method", json_string(yd_scale_name(r->peer.method)));
	for (int k = 0; k < r->nlevels; k++) {
		json_t *l = json_object();
		yd_json_set(l, "count", json_integer(r->levels[k].count));
		yd_json_set(l, "fine", yd_json_fen((int64_t)llround(r->levels[k].fen)));
		yd_json_push(levels, l);
	}
	yd_json_set(p, "levels", levels);
	yd_json_set(o, "peers", p);
	yd_json_set(o, "percentile", yd_json_fixed(r->peer.percentile, 1));
	yd_json_set(o, "z", yd_json_fixed(r->peer.z, 2));
	yd_json_set(o, "scale", yd_json_fixed(r->peer.scale, 4));
	yd_json_set(o, "p", yd_json_fixed(r->peer.p, 6));
}

/* The suggested range (null when none) and where it comes from. */
static void json_suggested(const struct json_facts *f, json_t *o)
{
	const struct yd_check_result *r = f->r;

	if (!r->has_suggest) {
		yd_json_set(o, "suggested", json_null());
		return;
	}
	json_t *s = json_object();
	yd_json_set(s, "from_peers", json_boolean(r->suggest_from_peers));
	if (r->suggest_from_peers)
		yd_json_set(s, "interval", yd_json_sig(r->interval, 6));
	if (r->suggest_fit)
		yd_json_set(s, "from_tier", json_string(yd_tier_name(r->tiers[r->fit].tier)));
	yd_json_set(s, "min", yd_json_fen(r->suggest_lo));
	yd_json_set(s, "max", yd_json_fen(r->suggest_hi));
	yd_json_set(o, "suggested", s);
}

/* The similar decisions, with their verdicts and dispositions. */
static void json_similar(const struct json_facts *f, json_t *o)
{
	const struct yd_check_result *r = f->r;
	json_t *a = json_array();

	for (int i = 0; i < r->nsimilar; i++) {
		char date[16];
		json_t *c = json_object();
		yd_fmt_date(date, sizeof date, r->similar[i].date);
		yd_json_set(c, "case_id", yd_json_str(r->similar[i].case_id));
		yd_json_set(c, "region", yd_json_str(r->similar[i].region));
		yd_json_set(c, "decision_date", json_string(date));
		yd_json_set(c, "fine", yd_json_fen(r->similar[i].fine));
		if (r->similar[i].verdict >= 0)
			yd_json_set(c, "verdict", json_string(yd_verdict_name((enum yd_verdict)r->similar[i].verdict)));
		if (r->similar[i].review[0]) /* a disposition was recorded (youdu review) */
			yd_json_set(c, "review", yd_json_str(r->similar[i].review));
		yd_json_push(a, c);
	}
	yd_json_set(o, "similar", a);
}

/* How the region was matched: exact, a prefix (at which level, over how
 * many regions) or none (no past cases). */
static void json_region_match(const struct json_facts *f, json_t *o)
{
	const struct yd_check_result *r = f->r;

	if (r->region_match == YD_REGION_PREFIX) {
		yd_json_set(o, "region_match", json_string("prefix"));
		yd_json_set(o, "region_level", json_string(yd_level_name(r->region_level)));
		yd_json_set(o, "regions_below", json_integer(r->region_below));
	} else {
		yd_json_set(o, "region_match", json_string(r->region_match == YD_REGION_NONE ? "none" : "exact"));
	}
}

/* A draft without a tier against each ordinary tier, and the tier it fits. */
static void json_tiers(const struct json_facts *f, json_t *o)
{
	const struct yd_check_result *r = f->r;
	json_t *a = json_array();

	for (int k = 0; k < r->ntiers; k++) {
		const struct yd_tier_fit *t = &r->tiers[k];
		int peers = t->level != YD_LEVEL_NONE;
		json_t *e = json_object();
		yd_json_set(e, "tier", json_string(yd_tier_name(t->tier)));
		yd_json_set(e, "verdict", json_string(yd_verdict_name(t->verdict)));
		json_band(e, t->has_band, t->band_lo, t->band_hi, t->band_derived);
		yd_json_set(e, "peer_level", peers ? json_string(yd_level_name(t->level)) : json_null());
		yd_json_set(e, "peer_n", peers ? json_integer(t->n) : json_null());
		yd_json_set(e, "peer_median", peers ? yd_json_fixed(t->median / 100, 2) : json_null());
		yd_json_push(a, e);
	}
	yd_json_set(o, "tiers", a);
	yd_json_set(o, "fits_tier", r->fit >= 0 ? json_string(yd_tier_name(r->tiers[r->fit].tier)) : json_null());
}

/* The members of the JSON object, in order: adding one is one row. */
static void (*const json_parts[])(const struct json_facts *f, json_t *o) = {
    json_draft, json_legal, json_context, json_peers, json_suggested, json_similar, json_region_match, json_tiers,
};

json_t *yd_check_json_object(enum yd_lang lang, const struct yd_draft *d, const struct yd_check_result *r)
{
	struct json_facts f = {lang, d, r, r->item && r->legal.nolegal == YD_NL_NONE, r->peer.level != YD_LEVEL_NONE};
	json_t *o = json_object();
	for (size_t i = 0; i < sizeof json_parts / sizeof *json_parts; i++)
		json_parts[i](&f, o);
	return o;
}

void yd_check_json(struct yd_buf *b, enum yd_lang lang, const struct yd_draft *d, const struct yd_check_result *r)
{
	yd_json_line(b, yd_check_json_object(lang, d, r));
}

/* ---- the text of check: parts, each written from the same facts ---- */

/* What every part of the text reads, worked out once. */
struct text_facts {
	enum yd_lang lang;
	int zh;
	const struct yd_draft *d;
	const struct yd_check_result *r;
	const char *fit_tier; /* the best-fitting tier's name, "" when none fits */
	char how[160];        /* "the 90% prediction interval of comparable cases" */
};

/* The verdict, both names, and the reason under it. */
static void text_verdict(const struct text_facts *f, struct yd_buf *o)
{
	const struct yd_check_result *r = f->r;
	int zh = f->zh;
	struct yd_buf b = YD_BUF_INIT;
	yd_check_reason(&b, f->lang, f->d, r);
	yd_buf_addf(o, zh ? "预审结论：%s（%s）\n" : "verdict: %s (%s)\n",
		    zh ? yd_verdict_zh(r->verdict) : yd_verdict_name(r->verdict),
		    zh ? yd_verdict_name(r->verdict) : yd_verdict_zh(r->verdict));
	if (b.len)
		yd_buf_addf(o, "  %s\n", yd_buf_str(&b));
	yd_buf_release(&b);
}

/* How the region was matched, when not exactly. */
static void text_region(const struct text_facts *f, struct yd_buf *o)
{
	const struct yd_check_result *r = f->r;
	int zh = f->zh;
	if (r->region_match == YD_REGION_PREFIX) {
		if (zh)
			yd_buf_addf(o, "地区：%s 是 %ld 个已知地区的上级路径，按%s比较\n", f->d->region, r->region_below,
				    r->region_level == YD_LEVEL_PARENT ? "上级地区（县级）" : "全部地区");
		else
			yd_buf_addf(o, "region: %s is a prefix of %ld known regions: compared %s\n", f->d->region,
				    r->region_below,
				    r->region_level == YD_LEVEL_PARENT ? "at the county level" : "with all regions");
	} else if (r->region_match == YD_REGION_NONE) {
		yd_buf_addstr(o, zh ? "地区：数据库中尚无既往案例，只依裁量基准判断合法性与阶次，不作同案比较\n"
				    : "region: no past cases in the database: judged by the catalogue alone, no peers\n");
	}
}

/* The catalogue item: its basis, the statutory range and the tier's band. */
static void text_item(const struct text_facts *f, struct yd_buf *o)
{
	const struct yd_check_result *r = f->r;
	int zh = f->zh;
	char a[48];
	if (!r->item) {
		yd_buf_addf(o, zh ? "违法行为：%s（不在裁量基准目录中）\n" : "violation: %s (not in the catalogue)\n",
			    f->d->violation_code);
		return;
	}
	yd_buf_addf(o, zh ? "违法行为：%s %s（%s）\n" : "violation: %s %s (%s)\n", r->item->code, r->item->name,
		    r->item->basis);
	if (r->legal.nolegal == YD_NL_NONE)
		yd_buf_addf(o, zh ? "法定幅度：%s\n" : "statutory range: %s\n",
			    range(a, sizeof a, r, zh, (double)r->legal.lo, (double)r->legal.hi));
	if (r->legal.has_band) {
		char t[160];
		range(a, sizeof a, r, zh, (double)r->legal.band_lo, (double)r->legal.band_hi);
		band_name(t, sizeof t, f->lang, f->d->tier, r->legal.band_derived);
		if (zh)
			yd_buf_addf(o, "%s：%s\n", t, a);
		else
			yd_buf_addf(o, "%s band: %s\n", t, a);
	}
}

/* Several levels holding most of the peers' fines (71 ×500 and 40 ×3,000),
 * not a few ties in a spread: the group is described as such. */
static void text_levels(const struct text_facts *f, struct yd_buf *o)
{
	const struct yd_check_result *r = f->r;
	int zh = f->zh;
	char a[48];
	long on_levels = 0;
	for (int k = 0; k < r->nlevels; k++)
		on_levels += r->levels[k].count;
	if (r->nlevels < 2 || 2 * on_levels < r->peer.n)
		return;
	yd_buf_addstr(o, zh ? "  这些案例的罚款分为几档：" : "  their fines form several levels: ");
	for (int k = 0; k < r->nlevels; k++)
		yd_buf_addf(o, zh ? "%s%s ×%ld" : "%s%s x%ld", k ? (zh ? "、" : ", ") : "",
			    money(a, sizeof a, r, zh, r->levels[k].fen), r->levels[k].count);
	yd_buf_addstr(o, zh ? "（整档罚款不会被标为畸重或畸轻）\n"
			    : " (a whole level is never flagged as over- or under-penalized)\n");
}

/* The comparable cases: where, how many, their median and quartiles, and
 * the draft's position among them. */
static void text_peers(const struct text_facts *f, struct yd_buf *o)
{
	const struct yd_check_result *r = f->r;
	int zh = f->zh;
	char a[48], c[48];
	if (r->peer.level == YD_LEVEL_NONE) {
		yd_buf_addstr(o, r->ntiers ? (zh ? "可比案例：未申报裁量阶次的同类决定不足，按各阶次比对见下\n"
						 : "comparable cases: too few undeclared-tier decisions; against each tier below\n")
				   : (zh ? "可比案例：不足\n" : "comparable cases: too few\n"));
		return;
	}
	const char *where = *r->peer_region ? r->peer_region : (zh ? "全部地区" : "all regions");
	money(a, sizeof a, r, zh, r->median);
	range(c, sizeof c, r, zh, r->q1, r->q3);
	/* "全部地区" once, not "全部地区（全部地区）" */
	char lvl[600];
	if (*r->peer_region)
		snprintf(lvl, sizeof lvl, zh ? "%s（%s）" : "%s (%s)",
			 zh ? yd_level_zh(r->peer.level) : yd_level_name(r->peer.level), where);
	else
		snprintf(lvl, sizeof lvl, zh ? "%s " : "%s", where);
	yd_buf_addf(o,
		    zh ? "可比案例：%s%ld 件%s；中位数 %s，四分位 %s\n"
		       : "comparable cases: %s, %ld%s; median %s, quartiles %s\n",
		    lvl, r->peer.n, r->peer.party_used ? (zh ? "（同类当事人）" : " of the same party type") : "", a,
		    c);
	text_levels(f, o);
	/* the percentile in words first: mid-rank, a tie counts half */
	if (isnan(r->peer.z))
		yd_buf_addf(o,
			    zh ? "本案位置：高于约 %.0f%% 的可比案例（百分位 %.1f；无可计量的离散程度，不计算 z）\n"
			       : "position: above about %.0f%% of comparable cases (percentile %.1f; no spread to measure: no z)\n",
			    r->peer.percentile, r->peer.percentile);
	else
		yd_buf_addf(o,
			    zh ? "本案位置：高于约 %.0f%% 的可比案例（百分位 %.1f，z %.2f，p %.2g）\n"
			       : "position: above about %.0f%% of comparable cases (percentile %.1f, z %.2f, p %.2g)\n",
			    r->peer.percentile, r->peer.percentile, r->peer.z, r->peer.p);
}

/* No tier declared: the draft against each tier, the best fit marked. */
static void text_tiers(const struct text_facts *f, struct yd_buf *o)
{
	const struct yd_check_result *r = f->r;
	int zh = f->zh;
	char a[48], e[192];
	if (!r->ntiers || !(r->item || r->fit >= 0))
		return;
	yd_buf_addstr(o, zh ? "未申报裁量阶次，逐一比对：\n" : "no tier declared; against each tier:\n");
	for (int k = 0; k < r->ntiers; k++) {
		const struct yd_tier_fit *t = &r->tiers[k];
		if (t->has_band) {
			range(e, sizeof e, r, zh, (double)t->band_lo, (double)t->band_hi);
			if (t->band_derived)
				strncat(e, zh ? "（推定：法定幅度三七分）" : " (derived: 30/70 split)", sizeof e - strlen(e) - 1);
		} else
			snprintf(e, sizeof e, "%s", zh ? "无基准" : "no band");
		yd_buf_addf(o, zh ? "  %s阶次 %s：%s" : "  %s tier %s: %s", zh ? yd_tier_zh(t->tier) : yd_tier_name(t->tier),
			    e, zh ? yd_verdict_zh(t->verdict) : yd_verdict_name(t->verdict));
		if (t->level != YD_LEVEL_NONE)
			yd_buf_addf(o, zh ? "（该阶次可比案例 %ld 件，中位数 %s）" : " (%ld comparable cases, median %s)",
				    t->n, money(a, sizeof a, r, zh, t->median));
		yd_buf_addstr(o, k == r->fit ? (zh ? "  ← 最符合\n" : "  <- fits\n") : "\n");
	}
}

/* The reference range: where a comparable decision's fine falls with the
 * stated probability, within the band; not the middle half of the peers,
 * which following would narrow. */
static void text_reference(const struct text_facts *f, struct yd_buf *o)
{
	const struct yd_check_result *r = f->r;
	int zh = f->zh;
	char a[48];
	if (r->has_suggest && r->suggest_fit)
		yd_buf_addf(o, zh ? "参考区间：%s（按最符合的%s阶次：%s%s）\n"
				  : "reference range: %s (by the %s tier, the best fit: %s%s)\n",
			    range(a, sizeof a, r, zh, (double)r->suggest_lo, (double)r->suggest_hi), f->fit_tier,
			    r->suggest_from_peers ? (zh ? "阶次内，该阶次" : "its band within ") : "",
			    r->suggest_from_peers ? f->how : (zh ? "该阶次的幅度" : "its band"));
	else if (r->has_suggest)
		yd_buf_addf(o, zh ? "参考区间：%s（%s%s）\n" : "reference range: %s (%s%s)\n",
			    range(a, sizeof a, r, zh, (double)r->suggest_lo, (double)r->suggest_hi),
			    !r->legal.has_band && r->legal.nolegal ? f->how
			    : r->suggest_from_peers		  ? (zh ? "裁量阶次内的" : "the tier band within ")
			    : r->legal.has_band && !r->legal.band_derived
				? (zh ? "裁量阶次的幅度；可比案例不足或不相交" : "the tier band; too few or disjoint comparable cases")
				: (zh ? "法定幅度；可比案例不足" : "the legal range; too few comparable cases"),
			    !r->legal.has_band && r->legal.nolegal
				? (zh ? "；无裁量基准，未检查合法性" : "; no benchmark, legality not checked")
			    : r->suggest_from_peers ? f->how
						    : "");
}

/* The most similar past decisions, flagged ones and reviews marked. */
static void text_similar(const struct text_facts *f, struct yd_buf *o)
{
	const struct yd_check_result *r = f->r;
	int zh = f->zh;
	char a[48], c[48];
	if (!r->nsimilar)
		return;
	if (r->suggest_fit)
		yd_buf_addf(o, zh ? "最相似的既往决定（%s阶次）：\n" : "most similar past decisions (%s tier):\n", f->fit_tier);
	else
		yd_buf_addstr(o, zh ? "最相似的既往决定：\n" : "most similar past decisions:\n");
	for (int i = 0; i < r->nsimilar; i++) {
		yd_fmt_date(a, sizeof a, r->similar[i].date);
		yd_buf_addf(o, "  %s  %s  %s  %s", r->similar[i].case_id, r->similar[i].region, a,
			    money(c, sizeof c, r, zh, (double)r->similar[i].fine));
		if (r->similar[i].verdict >= 0 && YD_VERDICT_FLAGGED(r->similar[i].verdict))
			yd_buf_addf(o, zh ? "  ［%s］" : "  [%s]",
				    zh ? yd_verdict_zh((enum yd_verdict)r->similar[i].verdict)
				       : yd_verdict_name((enum yd_verdict)r->similar[i].verdict));
		if (r->similar[i].review[0]) {
			enum yd_review_status st;
			yd_review_status_parse(r->similar[i].review, 1, &st);
			yd_buf_addf(o, zh ? "  （评查：%s）" : "  (review: %s)", zh ? yd_review_status_zh(st) : r->similar[i].review);
		}
		yd_buf_addch(o, '\n');
	}
}

/* The parts of the text, in order: adding one is one row. */
static void (*const text_parts[])(const struct text_facts *f, struct yd_buf *o) = {
    text_verdict, text_region, text_item, text_peers, text_tiers, text_reference, text_similar,
};

void yd_check_text(struct yd_buf *o, enum yd_lang lang, const struct yd_draft *d, const struct yd_check_result *r)
{
	struct text_facts f = {lang, lang == YD_LANG_ZH, d, r, "", ""};
	if (r->suggest_fit)
		f.fit_tier = f.zh ? yd_tier_zh(r->tiers[r->fit].tier) : yd_tier_name(r->tiers[r->fit].tier);
	snprintf(f.how, sizeof f.how, f.zh ? "可比案例 %d%% 预测区间" : "the %d%% prediction interval of comparable cases",
		 (int)lround(100 * r->interval));
	for (size_t i = 0; i < sizeof text_parts / sizeof *text_parts; i++)
		text_parts[i](&f, o);
}

void yd_check_opinion(struct yd_buf *o, enum yd_lang lang, const struct yd_draft *d,
		      const struct yd_check_result *r)
{
	int zh = lang == YD_LANG_ZH;
	char a[192], c[192];

	money(a, sizeof a, r, zh, (double)d->fine);
	if (r->item)
		yd_buf_addf(o, zh ? "经预审，本案拟对当事人处罚款 %s。违法行为为%s %s，依据%s" : "Pre-decision check: the draft"
			       " fines the party %s for %s %s (basis: %s)",
			    a, r->item->code, r->item->name, r->item->basis);
	else
		yd_buf_addf(o, zh ? "经预审，本案拟对当事人处罚款 %s。违法行为 %s 不在裁量基准目录中，未作法定幅度审核"
				  : "Pre-decision check: the draft fines the party %s for %s, which is not in the"
				    " discretion catalogue (no statutory check)",
			    a, d->violation_code);
	if (r->item && r->legal.nolegal == YD_NL_NONE)
		yd_buf_addf(o, zh ? "，法定罚款幅度 %s" : "; statutory range %s",
			    range(a, sizeof a, r, zh, (double)r->legal.lo, (double)r->legal.hi));
	if (r->legal.has_band) {
		char t[160];
		yd_buf_addf(o, zh ? "，%s幅度 %s" : "; %s band %s", band_name(t, sizeof t, lang, d->tier, r->legal.band_derived),
			    range(a, sizeof a, r, zh, (double)r->legal.band_lo, (double)r->legal.band_hi));
	}
	yd_buf_addstr(o, zh ? "。" : ". ");
	if (r->peer.level != YD_LEVEL_NONE) {
		const char *where = *r->peer_region ? r->peer_region : (zh ? "全部地区" : "all regions");
		money(a, sizeof a, r, zh, r->median);
		range(c, sizeof c, r, zh, r->q1, r->q3);
		if (zh)
			yd_buf_addf(o, "与%s %ld 件同类案件相比，罚款中位数 %s，中间一半为 %s，本案处于第 %.0f 百分位。",
				    where, r->peer.n, a, c, r->peer.percentile);
		else
			yd_buf_addf(o, "Against %ld comparable decisions in %s (median %s, middle half %s)"
				       " the draft is at percentile %.0f. ",
				    r->peer.n, where, a, c, r->peer.percentile);
	} else {
		yd_buf_addstr(o, zh ? "可比案例不足，未作同案比较。" : "Too few comparable decisions for a comparison. ");
	}
	struct yd_buf reason = YD_BUF_INIT;
	yd_check_reason(&reason, lang, d, r);
	yd_buf_addf(o, zh ? "预审结论：%s。%s。" : "Finding: %s. %s.", zh ? yd_verdict_zh(r->verdict) : yd_verdict_name(r->verdict),
		    yd_buf_str(&reason));
	if (r->has_suggest)
		yd_buf_addf(o, zh ? "参考区间 %s。" : " Reference range %s.",
			    range(a, sizeof a, r, zh, (double)r->suggest_lo, (double)r->suggest_hi));
	yd_buf_release(&reason);
}
