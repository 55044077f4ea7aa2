#include "youdu/judge.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "youdu/context.h"
#include "youdu/money.h"
#include "youdu/out.h"
#include "youdu/stats.h"

static const struct {
	const char *name, *zh;
} verdicts[YD_V_COUNT] = {
    [YD_V_ABOVE_LEGAL_MAX] = {"above_legal_max", "高于法定上限"},
    [YD_V_BELOW_LEGAL_MIN] = {"below_legal_min", "低于法定下限"},
    [YD_V_ABOVE_TIER] = {"above_tier", "高于裁量阶次"},
    [YD_V_BELOW_TIER] = {"below_tier", "低于裁量阶次"},
    [YD_V_OVER] = {"over_penalized", "畸重"},
    [YD_V_UNDER] = {"under_penalized", "畸轻"},
    [YD_V_EXEMPT_REPEAT] = {"exempt_repeat", "非首违而免"},
    [YD_V_OK] = {"ok", "正常"},
    [YD_V_INSUFFICIENT] = {"insufficient_peers", "可比案例不足"},
    [YD_V_NO_BENCHMARK] = {"no_benchmark", "无裁量基准"},
};

const char *yd_verdict_name(enum yd_verdict v)
{
	return (unsigned)v < YD_V_COUNT ? verdicts[v].name : "";
}

const char *yd_verdict_zh(enum yd_verdict v)
{
	return (unsigned)v < YD_V_COUNT ? verdicts[v].zh : "";
}

int yd_verdict_parse(const char *s, enum yd_verdict *v)
{
	for (int i = 0; i < YD_V_COUNT; i++)
		if (strcmp(s, verdicts[i].name) == 0 || strcmp(s, verdicts[i].zh) == 0) {
			*v = (enum yd_verdict)i;
			return 0;
		}
	return -1;
}

static const char *const level_en[] = {"region", "county", "all", ""};
static const char *const level_cn[] = {"本地区", "上级地区", "全部地区", ""};

const char *yd_level_name(enum yd_level l)
{
	return (unsigned)l <= YD_LEVEL_NONE ? level_en[l] : "";
}

const char *yd_level_zh(enum yd_level l)
{
	return (unsigned)l <= YD_LEVEL_NONE ? level_cn[l] : "";
}

const char *yd_scale_name(enum yd_scale_method m)
{
	static const char *const names[] = {"mad", "qn", "pooled", "distinct"};
	return (unsigned)m <= YD_SCALE_DISTINCT ? names[m] : "";
}

int yd_lang_parse(const char *s, enum yd_lang *l)
{
	if (strcmp(s, "zh") == 0)
		*l = YD_LANG_ZH;
	else if (strcmp(s, "en") == 0)
		*l = YD_LANG_EN;
	else
		return -1;
	return 0;
}

static int ordinary_band(enum yd_tier t)
{
	return t == YD_TIER_LENIENT || t == YD_TIER_GENERAL || t == YD_TIER_SEVERE || t == YD_TIER_MITIGATED;
}

static double far_from(int64_t fine, int64_t bound_fen)
{
	if (fine <= 0 || bound_fen <= 0)
		return fine == bound_fen ? 0 : 10; /* zero against non-zero: far */
	return fabs(log((double)fine / (double)bound_fen));
}

/* ---- items read from a published table: ranges per party and branch ---- */

/* A range in fen for this base, at the precision of money; a cap bounds
 * both ends of a multiple.  Returns -1 when the range needs a base. */
/* Rule 2: inside the law, outside the declared tier's band (when one). */
static void band_rule(struct yd_legal *out, int64_t fine)
{
	/* a band nobody published is no rule (issue 23) */
	if (!out->has_band || out->band_derived)
		return;
	if (fine > out->band_hi) {
		out->verdict = YD_V_ABOVE_TIER;
		out->farness = far_from(fine, out->band_hi);
	} else if (fine < out->band_lo) {
		out->verdict = YD_V_BELOW_TIER;
		out->farness = far_from(fine, out->band_lo);
	}
}

/* Rule 1 against out->lo..hi: 不予处罚 takes no fine; a fine of 0 is below
 * the minimum (unless zero_ok: a range that reaches 0); above the maximum;
 * below the minimum unless 减轻.  Returns 1 when that decides the case
 * (the verdict set, or a lawful fine of 0), 0 when rule 2 is next. */
static int outside_range(struct yd_legal *out, enum yd_tier tier, int64_t fine, int zero_ok)
{
	if (tier == YD_TIER_NONE) {
		if (fine > 0) {
			out->verdict = YD_V_ABOVE_LEGAL_MAX; /* 不予处罚 allows no fine at all */
			out->farness = far_from(fine, out->lo);
		}
		return 1;
	}
	if (fine == 0) {
		if (!zero_ok) {
			out->verdict = YD_V_BELOW_LEGAL_MIN;
			out->farness = 10;
		}
		return 1;
	}
	if (fine > out->hi) {
		out->verdict = YD_V_ABOVE_LEGAL_MAX;
		out->farness = far_from(fine, out->hi);
		return 1;
	}
	if (tier != YD_TIER_MITIGATED && fine < out->lo) {
		out->verdict = YD_V_BELOW_LEGAL_MIN;
		out->farness = far_from(fine, out->lo);
		return 1;
	}
	return 0;
}

static int range_fen(const struct yd_cat_range *r, int64_t base, int64_t *lo, int64_t *hi)
{
	struct yd_cat_item k;
	memset(&k, 0, sizeof k);
	if (r->kind == YD_STD_NOFINE) {
		*lo = *hi = 0;
		return 0;
	}
	if (r->kind == YD_STD_MULTIPLE) {
		if (base <= 0)
			return -1;
		k.kind = YD_KIND_MULTIPLE;
	}
	*lo = yd_cat_fen_down(&k, r->lo, base);
	*hi = yd_cat_fen_up(&k, r->hi, base);
	if (r->cap != YD_STD_NO_CAP) {
		if (*hi > r->cap)
			*hi = r->cap;
		if (*lo > r->cap)
			*lo = r->cap;
	}
	if (r->open) {
		/* 以上/以下 exclude the bound: the bound's own fen is out */
		if (r->lo > 0 && *lo < *hi)
			*lo += 1;
		if (*hi > *lo)
			*hi -= 1;
	}
	return 0;
}

static int party_fits(enum yd_std_party want, enum yd_std_party have)
{
	return want == YD_STD_ANY || have == YD_STD_ANY || want == have;
}

/* The ranges of tier t that apply to this party and base, as [lo, hi] in
 * fen into lo[], hi[] (at most max); *nobase counts those skipped for want
 * of a base.  Returns how many apply. */
static size_t applicable(const struct yd_cat_item *it, enum yd_tier t, enum yd_std_party p, int64_t base,
			 int64_t *lo, int64_t *hi, int *none, size_t max, int *nobase)
{
	size_t n = 0;
	for (size_t k = 0; k < it->nranges && n < max; k++) {
		const struct yd_cat_range *r = &it->ranges[k];
		if (r->tier != t || !party_fits(p, r->party))
			continue;
		if ((r->cond == YD_STD_WITH_BASE && base <= 0) || (r->cond == YD_STD_WITHOUT_BASE && base > 0))
			continue;
		if (range_fen(r, base, &lo[n], &hi[n]) < 0) {
			++*nobase;
			continue;
		}
		none[n] = r->kind == YD_STD_NOFINE;
		n++;
	}
	return n;
}

static enum yd_std_party std_party(enum yd_party p)
{
	return p == YD_PARTY_INDIVIDUAL ? YD_STD_INDIVIDUAL : p == YD_PARTY_ENTERPRISE ? YD_STD_ENTERPRISE : YD_STD_ANY;
}

/* 1 when the item's ranges name a party */
static int ranges_by_party(const struct yd_cat_item *it)
{
	for (size_t k = 0; k < it->nranges; k++)
		if (it->ranges[k].party != YD_STD_ANY)
			return 1;
	return 0;
}

/* The declared tier's band as the hull of its nb > 0 ranges lo..hi (fen). */
static void band_hull(struct yd_legal *out, const int64_t *lo, const int64_t *hi, size_t nb)
{
	out->has_band = 1;
	out->band_lo = lo[0];
	out->band_hi = hi[0];
	for (size_t k = 1; k < nb; k++) {
		if (lo[k] < out->band_lo)
			out->band_lo = lo[k];
		if (hi[k] > out->band_hi)
			out->band_hi = hi[k];
	}
}


#define MAXR 32

static void judge_ranges(const struct yd_cat_item *it, enum yd_tier tier, enum yd_party party, int64_t fine,
			 int64_t base, struct yd_legal *out)
{
	int64_t lo[MAXR], hi[MAXR], blo[MAXR], bhi[MAXR];
	int none[MAXR], bnone[MAXR], nobase = 0, in = 0, zero_ok = 0;
	enum yd_std_party p = std_party(party);
	size_t n = applicable(it, YD_TIER_UNKNOWN, p, base, lo, hi, none, MAXR, &nobase);

	if (n == 0 && p != YD_STD_ANY) {
		/* the law names other parties only: legal within any */
		p = YD_STD_ANY;
		nobase = 0;
		n = applicable(it, YD_TIER_UNKNOWN, p, base, lo, hi, none, MAXR, &nobase);
	}
	out->party_any = p == YD_STD_ANY && ranges_by_party(it);
	if (n == 0) {
		if (tier == YD_TIER_NONE && fine > 0) {
			out->verdict = YD_V_ABOVE_LEGAL_MAX;
			out->farness = 10;
			return;
		}
		out->verdict = YD_V_NO_BENCHMARK;
		out->nolegal = nobase ? YD_NL_NO_BASE : YD_NL_REVIEW;
		return;
	}
	/* the hull, for the reasons */
	out->lo = lo[0];
	out->hi = hi[0];
	for (size_t k = 0; k < n; k++) {
		if (lo[k] < out->lo)
			out->lo = lo[k];
		if (hi[k] > out->hi)
			out->hi = hi[k];
		zero_ok |= none[k];
		in |= fine >= lo[k] && fine <= hi[k] && (fine > 0 || none[k]);
	}
	/* the declared tier's band: its own rows, or the 30/70 split of a
	 * single legal range, or the fixed bands of 减轻 and 不予处罚 */
	int bnobase = 0;
	size_t nb = ordinary_band(tier) ? applicable(it, tier, p, base, blo, bhi, bnone, MAXR, &bnobase) : 0;
	if (nb > 0) {
		band_hull(out, blo, bhi, nb);
	} else if (tier == YD_TIER_MITIGATED) {
		out->has_band = 1;
		out->band_lo = 0;
		out->band_hi = out->lo;
	} else if (tier == YD_TIER_NONE) {
		out->has_band = 1;
	} else if (ordinary_band(tier) && n == 1 && !none[0]) {
		int64_t lm, sm;
		yd_cat_tier_split(lo[0], hi[0], &lm, &sm);
		out->has_band = 1;
		out->band_derived = 1;
		out->band_lo = tier == YD_TIER_LENIENT ? lo[0] : tier == YD_TIER_GENERAL ? lm : sm;
		out->band_hi = tier == YD_TIER_SEVERE ? hi[0] : tier == YD_TIER_GENERAL ? sm : lm;
	}

	/* rule 1 */
	if (outside_range(out, tier, fine, zero_ok))
		return;
	if (tier == YD_TIER_MITIGATED)
		in = 1; /* 减轻 may go below the minimum, never above the maximum */
	if (!in) {
		/* between two alternatives: above the nearest one below it */
		int64_t below = out->lo;
		for (size_t k = 0; k < n; k++)
			if (hi[k] < fine && hi[k] > below)
				below = hi[k];
		out->verdict = YD_V_ABOVE_LEGAL_MAX;
		out->hi = below;
		out->farness = far_from(fine, below);
		return;
	}
	/* rule 2 */
	band_rule(out, fine);
}

/* The legal range unknown, the declared tier's own published rows: the
 * band they make, and rule 2 against it (the verdict stays
 * YD_V_NO_BENCHMARK when the fine is in it). */
static void published_band(const struct yd_cat_item *it, enum yd_tier tier, enum yd_party party, int64_t fine,
			   int64_t base, struct yd_legal *out)
{
	int64_t blo[MAXR], bhi[MAXR];
	int bnone[MAXR], nobase = 0;
	enum yd_std_party p = std_party(party);
	size_t nb = applicable(it, tier, p, base, blo, bhi, bnone, MAXR, &nobase);
	if (nb == 0 && p != YD_STD_ANY) {
		p = YD_STD_ANY;
		nb = applicable(it, tier, p, base, blo, bhi, bnone, MAXR, &nobase);
	}
	if (nb == 0)
		return;
	out->party_any = p == YD_STD_ANY && ranges_by_party(it);
	band_hull(out, blo, bhi, nb);
	band_rule(out, fine);
}

void yd_judge_legal(const struct yd_cat_item *it, enum yd_tier tier, int64_t fine, int64_t base,
		    struct yd_legal *out)
{
	yd_judge_legal_party(it, tier, YD_PARTY_UNKNOWN, fine, base, out);
}

void yd_judge_legal_party(const struct yd_cat_item *it, enum yd_tier tier, enum yd_party party, int64_t fine,
			  int64_t base, struct yd_legal *out)
{
	int64_t blo, bhi;

	memset(out, 0, sizeof *out);
	out->verdict = YD_V_OK;
	if (!it && tier == YD_TIER_NONE) {
		/* 不予处罚 means no fine, whatever the range */
		if (fine > 0) {
			out->verdict = YD_V_ABOVE_LEGAL_MAX;
			out->farness = 10;
		}
		return;
	}
	if (!it) {
		out->verdict = YD_V_NO_BENCHMARK;
		out->nolegal = YD_NL_NO_CATALOGUE;
		return;
	}
	if (it->review) {
		/* the legal range is unknown: peers only, but 不予处罚 is 0 (and
		 * lawful: no catalogue asks more of it) */
		if (tier == YD_TIER_NONE) {
			if (fine > 0) {
				out->verdict = YD_V_ABOVE_LEGAL_MAX;
				out->farness = 10;
			}
			return;
		}
		out->verdict = YD_V_NO_BENCHMARK;
		out->nolegal = it->nranges > 0 ? YD_NL_PARTIAL : YD_NL_REVIEW;
		/* the tiers the table does publish are judged (issue 23) */
		if (it->nranges > 0 && tier != YD_TIER_MITIGATED && ordinary_band(tier))
			published_band(it, tier, party, fine, base, out);
		return;
	}
	if (it->nranges > 0) {
		judge_ranges(it, tier, party, fine, base, out);
		return;
	}
	if (it->kind == YD_KIND_MULTIPLE && base <= 0) {
		out->verdict = YD_V_NO_BENCHMARK;
		out->nolegal = YD_NL_NO_BASE;
		return;
	}
	/* bounds at the precision of money: a minimum is met by the fen at or
	 * below it, a maximum by the fen at or above it (docs/METHODS.md) */
	out->lo = yd_cat_fen_down(it, it->lo, base);
	out->hi = yd_cat_fen_up(it, it->hi, base);
	if (yd_cat_tier_band(it, tier, &blo, &bhi) == 0) {
		out->has_band = 1;
		/* bounds the catalogue did not give are the 30/70 split */
		out->band_derived = !it->tiers_given && tier != YD_TIER_MITIGATED && tier != YD_TIER_NONE;
		out->band_lo = yd_cat_fen_down(it, blo, base);
		out->band_hi = yd_cat_fen_up(it, bhi, base);
	}

	/* rule 1: the statutory range */
	if (outside_range(out, tier, fine, 0))
		return;
	/* rule 2: the declared tier's band; mitigated must be at or below the minimum */
	band_rule(out, fine);
}

int64_t yd_judge_legal_cap(const struct yd_cat_item *it, enum yd_tier tier, int64_t base)
{
	if (tier == YD_TIER_NONE || !it || (it->kind == YD_KIND_MULTIPLE && base <= 0))
		return 0;
	return yd_cat_fen_up(it, it->hi, base);
}

const struct yd_cat_item *yd_judge_legal_at(const struct yd_catalogue *cat, int64_t violation_id, int32_t date,
					    enum yd_tier tier, enum yd_party party, int64_t fine, int64_t base,
					    struct yd_legal *out)
{
	int32_t next = 0;
	const struct yd_cat_item *it = yd_catalogue_find_at(cat, violation_id, date, &next);
	yd_judge_legal_party(it, tier, party, fine, base, out);
	if (it) {
		out->law_from = it->from;
	} else if (next != 0 && out->nolegal == YD_NL_NO_CATALOGUE) {
		/* in the catalogue, but no version in force that day */
		out->nolegal = YD_NL_NO_VERSION;
		out->law_next = next;
	}
	return it;
}

/* Degrees of freedom a robust scale of n normal values is worth: its
 * asymptotic efficiency against the standard deviation (MAD 0.368, Qn
 * 0.822; Rousseeuw & Croux 1993) times n.  The spread of the distinct
 * amounts is credited with its minimum of 5 amounts. */
#define YD_EFF_MAD 0.368
#define YD_PI 3.14159265358979323846
/* A group whose 10-90 % spread is more than this times its core scale has
 * tails the normal model does not describe (heaped low amounts, the rest
 * spread over a wide band): its tail spread is its scale.  1.5 keeps a
 * normal group of 12 or more on its core scale nearly always (measured in
 * docs/METHODS.md). */
#define YD_WIDE_TAIL 1.5
#define YD_EFF_QN 0.822

double yd_judge_scale_df(enum yd_scale_method m, long n)
{
	switch (m) {
	case YD_SCALE_MAD: return YD_EFF_MAD * (double)n;
	case YD_SCALE_QN: return YD_EFF_QN * (double)n;
	case YD_SCALE_DISTINCT: return YD_EFF_MAD * 5;
	default: return 0;
	}
}

void yd_judge_scale(double mad, double qn, double distinct, double wide, const struct yd_thresholds *t,
		    struct yd_peer *p)
{
	double s = YD_MAD_SCALE * mad;
	if (s >= t->min_scale) {
		p->own = s;
		p->method = YD_SCALE_MAD;
	} else if (qn >= t->min_scale) {
		p->own = qn;
		p->method = YD_SCALE_QN;
	} else if (distinct >= t->min_scale) {
		/* most fines on a few amounts, others spread: the spread of the
		 * amounts used, each once, is the group's spread */
		p->own = distinct;
		p->method = YD_SCALE_DISTINCT;
	} else {
		p->own = 0;
		p->method = YD_SCALE_POOLED;
	}
	if (p->method != YD_SCALE_POOLED && wide > YD_WIDE_TAIL * p->own)
		p->own = wide;
	p->own_df = yd_judge_scale_df(p->method, p->n);
}

void yd_judge_prior(const struct yd_thresholds *t, enum yd_level level, double vt_scale, double vt_df, double *s0,
		    double *d0)
{
	if (level != YD_LEVEL_ALL && !isnan(vt_scale) && vt_scale > 0 && !isnan(t->local_ratio)) {
		*s0 = vt_scale * sqrt(t->local_ratio);
		*d0 = fmin(t->local_df, vt_df);
	} else {
		*s0 = t->prior_scale;
		*d0 = isnan(t->prior_scale) ? 0 : t->prior_df;
	}
}

double yd_judge_tail(double z, double df)
{
	if (isnan(z) || !(df > 0))
		return NAN;
	double q = isinf(df) ? gsl_cdf_ugaussian_Q(fabs(z)) : gsl_cdf_tdist_Q(fabs(z), df);
	return fmin(1, 2 * q);
}

void yd_judge_calibrate(double x, struct yd_peer *p, double s0, double d0, int with_p)
{
	double nu = p->own_df, s2;

	if (isnan(s0))
		d0 = 0;
	if (isinf(d0)) {
		s2 = s0 * s0;
		p->df = INFINITY;
	} else if (nu + d0 > 0) {
		s2 = (nu * p->own * p->own + (d0 > 0 ? d0 * s0 * s0 : 0)) / (nu + d0);
		p->df = nu + d0;
	} else {
		p->scale = p->z = p->p = NAN;
		p->df = 0;
		return;
	}
	p->scale = sqrt(s2);
	/* the median of n peers misses the centre by about sqrt(pi / 2n) sigma */
	p->z = (x - p->median) / (p->scale * sqrt(1 + YD_PI / (2.0 * (double)(p->n > 0 ? p->n : 1))));
	p->p = with_p ? yd_judge_tail(p->z, p->df) : NAN;
}

/* An outlier is rare: at most max(1, max_share x n) peers as far out. */
static enum yd_verdict rare(enum yd_verdict v, const struct yd_peer *p, const struct yd_thresholds *t)
{
	long allowed = (long)floor(t->max_share * (double)p->n);
	if (allowed < 1)
		allowed = 1;
	if ((v == YD_V_OVER && p->above > allowed) || (v == YD_V_UNDER && p->below > allowed))
		return YD_V_OK;
	return v;
}

enum yd_verdict yd_judge_candidate(double x, const struct yd_peer *p, const struct yd_thresholds *t)
{
	double d = x - p->median;
	double lim = log(t->ratio) - 1e-9; /* "at least R times", robust to rounding of logs */
	return rare(d >= lim ? YD_V_OVER : d <= -lim ? YD_V_UNDER : YD_V_OK, p, t);
}

enum yd_verdict yd_judge_peer(double x, struct yd_peer *p, const struct yd_thresholds *t, double vt_scale,
			      double vt_df, double *farness)
{
	double s0, d0;
	yd_judge_prior(t, p->level, vt_scale, vt_df, &s0, &d0);
	yd_judge_calibrate(x, p, s0, d0, 1);
	*farness = isnan(p->z) ? fabs(x - p->median) : fabs(p->z);
	enum yd_verdict v = yd_judge_candidate(x, p, t);
	return v != YD_V_OK && p->p <= t->p_cut ? v : YD_V_OK;
}

int yd_judge_x(const struct yd_cat_item *it, int64_t fine, int64_t base, double *x)
{
	if (fine <= 0)
		return -1;
	if (it && it->kind == YD_KIND_MULTIPLE) {
		if (base <= 0)
			return -1;
		*x = log((double)fine / (double)base);
	} else {
		*x = log((double)fine);
	}
	return 0;
}

double yd_judge_fen_of_x(const struct yd_cat_item *it, double x, int64_t base)
{
	return yd_judge_fen_of_nat(it, exp(x), base);
}

double yd_judge_fen_of_nat(const struct yd_cat_item *it, double nat, int64_t base)
{
	if (it && it->kind == YD_KIND_MULTIPLE)
		return nat * (double)base;
	return nat;
}

/* ---- reasons ---- */

static void legal_reason(struct yd_buf *out, enum yd_lang lang, const struct yd_reason_in *in)
{
	const struct yd_legal *l = in->legal;
	int zh = lang == YD_LANG_ZH;
	const char *cur = in->currency;
	char f[96], a[96], b[96], r[192];

	yd_money_fmt(f, sizeof f, cur, zh, in->fine);
	yd_money_fmt(a, sizeof a, cur, zh, l->lo);
	yd_money_fmt(b, sizeof b, cur, zh, l->hi);
	yd_money_range(r, sizeof r, cur, zh, l->lo, l->hi);
	switch (in->verdict) {
	case YD_V_ABOVE_LEGAL_MAX:
		if (in->tier == YD_TIER_NONE)
			yd_buf_addf(out, zh ? "不予处罚案件不应罚款，但罚款 %s" : "no-penalty (不予处罚) case with a fine of %s", f);
		else if (l->lo == 0 && l->hi == 0)
			yd_buf_addf(out, zh ? "裁量基准对该事项不设罚款（不予处罚或警告），但罚款 %s"
					    : "the standard allows no fine for this item (no penalty or a warning only), but the fine"
					      " is %s",
				    f);
		else
			yd_buf_addf(out, zh ? "罚款 %s高于法定上限 %s（法定幅度 %s）"
					    : "fine %s is above the legal maximum %s (range %s)",
				    f, b, r);
		break;
	case YD_V_BELOW_LEGAL_MIN:
		if (in->fine == 0 && zh)
			yd_buf_addf(out, "罚款为 %s，但未认定不予处罚（法定幅度 %s）", f, r);
		else if (in->fine == 0)
			yd_buf_addf(out, "fine of 0 without a no-penalty (不予处罚) decision (range %s)", r);
		else
			yd_buf_addf(out, zh ? "罚款 %s低于法定下限 %s且未认定减轻处罚（法定幅度 %s）"
					    : "fine %s is below the legal minimum %s without mitigation (range %s)",
				    f, a, r);
		break;
	case YD_V_ABOVE_TIER:
	case YD_V_BELOW_TIER: {
		int above = in->verdict == YD_V_ABOVE_TIER;
		yd_money_fmt(a, sizeof a, cur, zh, l->band_lo);
		yd_money_fmt(b, sizeof b, cur, zh, l->band_hi);
		yd_money_range(r, sizeof r, cur, zh, l->band_lo, l->band_hi);
		if (in->tier == YD_TIER_MITIGATED) {
			yd_buf_addf(out, zh ? "认定减轻处罚，但罚款 %s不低于法定下限 %s"
					    : "declared mitigated, but the fine %s is not below the legal minimum %s",
				    f, b);
			break;
		}
		if (zh)
			yd_buf_addf(out, "罚款 %s%s%s阶次%s %s（阶次 %s）", f, above ? "高于" : "低于",
				    yd_tier_zh(in->tier), above ? "上限" : "下限", above ? b : a, r);
		else
			yd_buf_addf(out, "fine %s is %s the %s bound %s of the %s tier (band %s)", f,
				    above ? "above" : "below", above ? "upper" : "lower", above ? b : a,
				    yd_tier_name(in->tier), r);
		break;
	}
	default: break;
	}
}

static void peer_reason(struct yd_buf *out, enum yd_lang lang, const struct yd_reason_in *in)
{
	const struct yd_peer *p = in->peer;
	int zh = lang == YD_LANG_ZH;
	double med_fen = yd_judge_fen_of_nat(in->it, p->median_nat, in->base);
	char m[96];
	const char *where = in->peer_region && *in->peer_region ? in->peer_region : (zh ? "全部地区" : "all regions");

	yd_money_fmt(m, sizeof m, in->currency, zh, (int64_t)llround(med_fen));
	double ratio = med_fen > 0 ? (double)in->fine / med_fen : 0;
	/* the position in words an officer can count among the cases: how many
	 * peers are as high (as low) as this fine; z and p stay in JSON/CSV */
	int up = in->verdict == YD_V_OVER || (in->verdict != YD_V_UNDER && ratio >= 1);
	int flagged = in->verdict == YD_V_OVER || in->verdict == YD_V_UNDER;
	long k = up ? p->above : p->below;
	if (zh) {
		yd_buf_addf(out, "罚款为%s %ld 件可比案例中位数 %s的 %.1f 倍；", where, p->n, m, ratio);
		if (k == 0)
			yd_buf_addf(out, "%s全部 %ld 件", up ? "高于" : "低于", p->n);
		else
			yd_buf_addf(out, "%ld 件中%s %ld 件%s本案", p->n, flagged ? "仅" : "", k, up ? "不低于" : "不高于");
	} else {
		yd_buf_addf(out, "fine %.1fx the median %s of %ld comparable cases in %s; ", ratio, m, p->n, where);
		if (k == 0)
			yd_buf_addf(out, "%s than all %ld", up ? "higher" : "lower", p->n);
		else
			yd_buf_addf(out, "%s%ld of the %ld %s as %s or %s", flagged ? "only " : "", k, p->n,
				    k == 1 ? "is" : "are", up ? "high" : "low", up ? "higher" : "lower");
	}
	/* the legal minimum of a lenient decision is the law's own floor */
	if (in->verdict == YD_V_UNDER && in->tier == YD_TIER_LENIENT && in->legal->nolegal == YD_NL_NONE &&
	    in->fine == in->legal->lo)
		yd_buf_addstr(out, zh ? "；罚款即法定下限，从轻处罚不能更低，请核查从轻情节是否成立"
				      : "; the fine is the legal minimum, the law's own floor for a lenient decision: check the "
					"grounds for leniency");
}

/* The law's ranges differ by party and the case's party is unknown. */
static void party_note(struct yd_buf *out, enum yd_lang lang, const struct yd_legal *l)
{
	int zh = lang == YD_LANG_ZH;
	if (!l->party_any)
		return;
	if (out->len)
		yd_buf_addstr(out, zh ? "；" : "; ");
	yd_buf_addstr(out, zh ? "当事人类型未知，按任一当事人的法定幅度判断合法性"
			      : "party type unknown: legal within the range of any party");
}

/* What a comparison was limited to: the case's penalty provision and its
 * peer factors (docs/METHODS.md, rule 3).  compared: the peers were found
 * (widened: without the factors); else there were too few. */
static void context_note(struct yd_buf *out, enum yd_lang lang, const struct yd_reason_in *in, int compared)
{
	char prov[YD_CONTEXT_MAX], fac[YD_CONTEXT_MAX];
	int zh = lang == YD_LANG_ZH;
	if (!in->context || !*in->context)
		return;
	const char *f = yd_context_split(in->context, prov, sizeof prov);
	size_t w = 0;
	for (const char *q = f; *q && w + 4 < sizeof fac;) {
		/* factors joined by 、 (zh) or ", " (en) */
		if (strncmp(q, YD_CONTEXT_SEP, strlen(YD_CONTEXT_SEP)) == 0) {
			w += (size_t)snprintf(fac + w, sizeof fac - w, "%s", zh ? "、" : ", ");
			q += strlen(YD_CONTEXT_SEP);
		} else {
			fac[w++] = *q++;
		}
	}
	fac[w < sizeof fac ? w : sizeof fac - 1] = '\0';
	if (zh) {
		struct yd_buf what = YD_BUF_INIT;
		if (*prov)
			yd_buf_addf(&what, "同一处罚依据（%s）", prov);
		if (*fac && !(compared && in->widened))
			yd_buf_addf(&what, "%s同一因素（%s）", *prov ? "、" : "", fac);
		if (!compared)
			yd_buf_addf(out, "（比较限于%s%s）", yd_buf_str(&what), *prov ? "，依据不同的决定不作比较" : "");
		else if (in->widened)
			yd_buf_addf(out, "；同一因素（%s）的可比案例不足，放宽为%s", fac,
				    *prov ? yd_buf_str(&what) : "不分因素");
		else
			yd_buf_addf(out, "；按%s比较", yd_buf_str(&what));
		yd_buf_release(&what);
		return;
	}
	if (!compared)
		yd_buf_addstr(out, " (peers limited to");
	else if (in->widened)
		yd_buf_addf(out, "; too few cases with the same factors (%s): compared%s", fac, *prov ? " under" : " without them");
	else
		yd_buf_addstr(out, "; compared under");
	if (*prov)
		yd_buf_addf(out, " the same penalty provision (%s)", prov);
	if (*fac && !(compared && in->widened))
		yd_buf_addf(out, "%s the same factors (%s)", *prov ? " and" : "", fac);
	if (!compared)
		yd_buf_addstr(out, *prov ? "; decisions under another provision are not compared)" : ")");
}

static void reason_body(struct yd_buf *out, enum yd_lang lang, const struct yd_reason_in *in);

void yd_judge_reason(struct yd_buf *out, enum yd_lang lang, const struct yd_reason_in *in)
{
	const struct yd_legal *l = in->legal;
	reason_body(out, lang, in);
	/* the version judged by, when the catalogue has dated ones (issue 23) */
	if (l->law_from > 0) {
		char d[16];
		yd_fmt_date(d, sizeof d, l->law_from);
		if (lang == YD_LANG_ZH)
			yd_buf_addf(out, "%s依 %s 起施行的裁量基准", out->len ? "；" : "", d);
		else
			yd_buf_addf(out, "%sby the catalogue in force from %s", out->len ? "; " : "", d);
	}
}

static void reason_body(struct yd_buf *out, enum yd_lang lang, const struct yd_reason_in *in)
{
	int zh = lang == YD_LANG_ZH;
	const struct yd_legal *l = in->legal;

	if (in->verdict <= YD_V_BELOW_TIER) {
		legal_reason(out, lang, in);
		if (l->nolegal == YD_NL_PARTIAL) /* a published tier judged, the law unknown */
			yd_buf_addstr(out, zh ? "；裁量基准未载明法定幅度，未判断合法性"
					      : "; the catalogue states no legal range: legality not checked");
		party_note(out, lang, l);
		return;
	}
	/* a violation without a catalogue entry is said once, in the summary;
	 * a reason names it only when it is why there is no verdict */
	if (l->nolegal == YD_NL_NO_CATALOGUE && in->verdict == YD_V_NO_BENCHMARK)
		yd_buf_addstr(out, zh ? "处罚事项不在裁量基准目录中，无法判断合法性" : "violation not in the catalogue: legality not checked");
	else if (l->nolegal == YD_NL_PARTIAL)
		yd_buf_addstr(out, zh ? "裁量基准未载明法定幅度（只列出部分阶次），未判断合法性"
				      : "the catalogue states no legal range (it publishes some tiers only): legality not checked");
	else if (l->nolegal == YD_NL_NO_VERSION && l->law_next > 0) {
		char d[16];
		yd_fmt_date(d, sizeof d, l->law_next);
		yd_buf_addf(out, zh ? "决定之日尚无施行的裁量基准（%s 起施行），未判断合法性"
				    : "no version of the catalogue was in force on the decision's date (the next from %s):"
				      " legality not checked",
			    d);
	} else if (l->nolegal == YD_NL_NO_VERSION)
		yd_buf_addstr(out, zh ? "决定之日裁量基准已废止，未判断合法性"
				      : "the catalogue's version had ended by the decision's date: legality not checked");
	else if (l->nolegal == YD_NL_REVIEW)
		yd_buf_addstr(out, zh ? "裁量基准的处罚标准待人工核对，未判断合法性"
				      : "the catalogue's standard needs review: legality not checked");
	else if (l->nolegal == YD_NL_NO_BASE)
		yd_buf_addstr(out, zh ? "倍数罚款事项缺少基数金额，无法判断合法性"
				      : "multiple-type item without a base amount: legality not checked");
	if (in->tier == YD_TIER_NONE || in->tier == YD_TIER_MITIGATED) {
		if (out->len)
			yd_buf_addstr(out, zh ? "；" : "; ");
		if (l->nolegal)
			yd_buf_addstr(out, zh ? "减轻或不予处罚案件，不与一般案件比较"
					      : "mitigated or no-penalty case, not compared with ordinary cases");
		else
			yd_buf_addstr(out, zh ? "减轻或不予处罚案件合法，不与一般案件比较"
					      : "legal mitigated or no-penalty case, not compared with ordinary cases");
		party_note(out, lang, l);
		return;
	}
	if (in->peer && in->peer->level != YD_LEVEL_NONE) {
		if (out->len)
			yd_buf_addstr(out, zh ? "；" : "; ");
		peer_reason(out, lang, in);
		context_note(out, lang, in, 1);
	} else if (in->verdict == YD_V_INSUFFICIENT || l->nolegal == YD_NL_NO_CATALOGUE) {
		if (out->len)
			yd_buf_addstr(out, zh ? "；" : "; ");
		yd_buf_addstr(out, zh ? "可比案例不足，无法与同类案件比较" : "too few comparable cases to compare with peers");
		context_note(out, lang, in, 0);
	}
	party_note(out, lang, l);
}
