/* standard.c - the fine standard's sentence read into ranges (standard.h).
 *
 * The sentence is first normalised (full-width forms folded, spaces
 * dropped, thousands separators removed, Chinese punctuation mapped to
 * ASCII), then cut into clauses at ',' ';' ':', brackets and '、对'.
 * Each clause may open with a condition ("…的"): 有/没有违法所得 picks the
 * branch, 逾期不改正 and the like only say when the fine applies, the
 * offence's own description before the first fine is skipped, and any
 * other condition once a fine has been read needs review.  Then the
 * amounts of the clause are found and matched in order:
 *   Q1 (以上|至|到|-|~) Q2 [以下|以内]   a range
 *   Q 以下|以内                         a maximum only (minimum 0)
 *   Q                                   one amount
 *   (不超过|最高|最多) Q元               a cap on the clause group's multiples
 * where Q is money (元), a multiple (倍, 等值) or a share (%, 百分之, 千分之).
 * Every amount must find its place, or the sentence needs review. */
#include "youdu/standard.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/error.h"

#define NORM_MAX 8192
#define MAX_QTY 48
#define MICRO 1000000LL      /* amounts are kept in millionths */
#define AMOUNT_LIMIT 1e12    /* yuan; above this is not a fine */

enum unit { U_NONE = 0, U_YUAN, U_RATIO, U_IGNORE };

struct qty {
	size_t s, e;     /* span in the normalised text (prefixes such as 百分之 included) */
	int64_t v;       /* millionths of yuan, or ppm of a base */
	int64_t mant;    /* value before a trailing 万/千/百, and that multiplier */
	int64_t mult;
	enum unit unit;
	int arabic;      /* written with digits */
	int equal;       /* 等值 */
	int cap;         /* follows 不超过 / 最高 / 最多 */
	int but;         /* a cap after 但: it limits what was read before it */
};

/* Reading state of one sentence. */
struct rd {
	const char *t;           /* normalised text */
	size_t n;                /* its length */
	struct yd_std *out;
	enum yd_std_party party; /* party of the clauses being read */
	enum yd_std_cond cond;   /* branch of the clauses being read */
	size_t seg_first;        /* first range of the current ';' segment */
	int nofine_party[YD_STD_PARTY_COUNT]; /* a clause named a party and gave it no fine */
	size_t pend_s, pend_e;   /* a condition not understood, read after a fine: no
				  * amount may follow it within its ';' segment */
	size_t last_e;           /* end of the last amount of a fine read, 0: none */
	const char *last_base;   /* base of the last multiple read (within t) */
	size_t last_base_len;
};

static const char *const party_names[YD_STD_PARTY_COUNT] = {"any", "individual", "enterprise"};
static const char *const cond_names[YD_STD_COND_COUNT] = {"", "with_base", "without_base"};
static const char *const kind_names[YD_STD_KIND_COUNT] = {"fixed", "multiple", "none"};

const char *yd_std_party_name(enum yd_std_party p)
{
	return (unsigned)p < YD_STD_PARTY_COUNT ? party_names[p] : "";
}

const char *yd_std_cond_name(enum yd_std_cond c)
{
	return (unsigned)c < YD_STD_COND_COUNT ? cond_names[c] : "";
}

const char *yd_std_kind_name(enum yd_std_kind k)
{
	return (unsigned)k < YD_STD_KIND_COUNT ? kind_names[k] : "";
}

/* Marks the sentence for review: "what 'arg'" (arg may be empty). */
static int review(struct rd *R, const char *what, const char *arg, size_t arglen)
{
	struct yd_std *o = R->out;
	if (!o->needs_review) {
		o->needs_review = 1;
		arglen = strnlen(arg, arglen);
		if (arglen > 90)
			arglen = 90;
		while (arglen > 0 && ((unsigned char)arg[arglen] & 0xC0) == 0x80)
			arglen--; /* never cut a character in two */
		if (arglen)
			snprintf(o->why, sizeof o->why, "%s '%.*s'", what, (int)arglen, arg);
		else
			snprintf(o->why, sizeof o->why, "%s", what);
	}
	return 1;
}

/* ---- normalisation ---- */

/* Decodes one UTF-8 character of s (length n); returns its length, or 1
 * with *cp = 0xFFFD for a bad byte. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (len == 0 || len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	uint32_t v = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = v << 6 | (s[i] & 0x3F);
	}
	*cp = v;
	return len;
}

static int put(char *out, size_t *o, const char *p, size_t n)
{
	if (*o + n >= NORM_MAX)
		return -1;
	memcpy(out + *o, p, n);
	*o += n;
	return 0;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Characters a sentence can hold without showing them: spaces of every
 * width and the invisible format characters (soft hyphen, zero-width
 * space and joiners, direction marks, word joiner, byte-order mark,
 * variation selectors).  Inside 五千元 they would cut the amount from its
 * unit (issue 26.5), so they are dropped before reading. */
static const struct {
	uint32_t lo, hi;
} invisible[] = {
    {' ', ' '},       {'\t', '\t'},     {'\v', '\f'},     {'\r', '\r'},     {0xA0, 0xA0},
    {0xAD, 0xAD},     {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x1680, 0x1680},
    {0x17B4, 0x17B5}, {0x180E, 0x180E}, {0x2000, 0x200F}, {0x202A, 0x202F}, {0x205F, 0x2064},
    {0x2066, 0x206F}, {0x3000, 0x3000}, {0x3164, 0x3164}, {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF},
    {0xFFA0, 0xFFA0},
};

static int is_invisible(uint32_t cp)
{
	for (size_t k = 0; k < sizeof invisible / sizeof *invisible; k++)
		if (cp >= invisible[k].lo && cp <= invisible[k].hi)
			return 1;
	return 0;
}

/* Spaces and invisible characters dropped first, so that nothing after
 * (5,000 as a number, 以上 after 元) sees them; then full-width to ASCII,
 * Chinese punctuation and brackets to ',' ';' '-', "5,000" to "5000",
 * other control characters to '?' (unreadable).  Returns the length, or
 * -1 when the text is too long. */
static long normalise(const char *in, char *out)
{
	size_t n0 = strlen(in), n = 0, i = 0, o = 0;
	unsigned char *s = yd_xmalloc(n0 + 1);
	long rc = -1;
	for (size_t k = 0; k < n0;) {
		uint32_t cp;
		size_t len = utf8_next((const unsigned char *)in + k, n0 - k, &cp);
		if (!is_invisible(cp)) {
			memcpy(s + n, in + k, len);
			n += len;
		}
		k += len;
	}
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_next(s + i, n - i, &cp);
		char a = 0;
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0;
		if ((cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp < 0xA0 && cp != 0x85))
			cp = '?'; /* a control character: seen, never read past */
		switch (cp) {
		case '\n': case 0x3002: case 0x85: case 0x2028: case 0x2029: a = ';'; break; /* 。, line ends */
		case ':': case 0xFE55: a = ','; break;
		case 0x2014: case 0x2013: case 0x2015: case 0x301C: case 0x2212: a = '-'; break;
		case '(': case ')': case 0x3010: case 0x3011: case 0x3014: case 0x3015: a = ','; break; /* 【】〔〕 */
		default: break;
		}
		if (cp == ',' && o > 0 && is_digit(out[o - 1]) && i + 3 < n && is_digit(s[i + 1]) &&
		    is_digit(s[i + 2]) && is_digit(s[i + 3]) && (i + 4 >= n || !is_digit(s[i + 4]))) {
			i += 1; /* thousands separator */
			continue;
		}
		if (!a && cp < 0x80)
			a = (char)cp;
		if (a) {
			if (put(out, &o, &a, 1) < 0)
				goto out;
		} else if (cp >= 0x80 && len > 1) {
			if (put(out, &o, (const char *)s + i, len) < 0)
				goto out;
		} else {
			/* a full-width form folded to ASCII above is handled by a;
			 * a bad byte is kept as '?' so it is seen */
			if (put(out, &o, "?", 1) < 0)
				goto out;
		}
		i += len;
	}
	out[o] = '\0';
	rc = (long)o;
out:
	free(s);
	return rc;
}

/* ---- words ---- */

static int at(const struct rd *R, size_t i, const char *w)
{
	size_t k = strlen(w);
	return i + k <= R->n && memcmp(R->t + i, w, k) == 0;
}

/* 1 when w occurs within t[s, e) */
static int has(const struct rd *R, size_t s, size_t e, const char *w)
{
	size_t k = strlen(w);
	for (size_t i = s; i + k <= e; i++)
		if (memcmp(R->t + i, w, k) == 0)
			return 1;
	return 0;
}

static int ends_with(const struct rd *R, size_t s, size_t e, const char *w)
{
	size_t k = strlen(w);
	return e >= s + k && memcmp(R->t + e - k, w, k) == 0;
}

static int has_any(const struct rd *R, size_t s, size_t e, const char *const *words)
{
	for (; *words; words++)
		if (has(R, s, e, *words))
			return 1;
	return 0;
}

/* Chinese numeral characters and their values; units are >= 10 */
static const struct {
	const char *ch;
	int v;
} numerals[] = {
    {"零", 0},  {"〇", 0},  {"一", 1},   {"二", 2},   {"两", 2},    {"三", 3},     {"四", 4},  {"五", 5},
    {"六", 6},  {"七", 7},  {"八", 8},   {"九", 9},   {"壹", 1},    {"贰", 2},     {"叁", 3},  {"肆", 4},
    {"伍", 5},  {"陆", 6},  {"柒", 7},   {"捌", 8},   {"玖", 9},    {"十", 10},    {"拾", 10}, {"百", 100},
    {"佰", 100}, {"千", 1000}, {"仟", 1000}, {"万", 10000}, {"亿", 100000000},
};

/* The numeral at t[i]: its value and byte length, or -1. */
static int numeral(const struct rd *R, size_t i, size_t *len)
{
	for (size_t k = 0; k < sizeof numerals / sizeof *numerals; k++)
		if (at(R, i, numerals[k].ch)) {
			*len = strlen(numerals[k].ch);
			return numerals[k].v;
		}
	return -1;
}

/* value * m with a ceiling; -1 on overflow of the amount limit */
static int64_t mul(int64_t v, int64_t m)
{
	if (v < 0 || (m > 0 && (double)v * (double)m > AMOUNT_LIMIT * (double)MICRO))
		return -1;
	return v * m;
}

/* A trailing 十/百/千/万/亿 run after digits ("1.2万", "5千", "1千万"). */
static size_t trailing_mult(const struct rd *R, size_t i, int64_t *mult)
{
	size_t len;
	int v;
	*mult = 1;
	while (i < R->n && (v = numeral(R, i, &len)) >= 10) {
		if (*mult > 1000000000000LL / v)
			break; /* the amount is then too large, found by mul() */
		*mult *= v;
		i += len;
	}
	return i;
}

/* Arabic digits with an optional fraction and multiplier at t[i]. */
static int arabic(const struct rd *R, size_t i, struct qty *q)
{
	int64_t v = 0, scale = MICRO;
	size_t j = i;
	while (j < R->n && is_digit(R->t[j])) {
		if (v > 100000000000LL)
			return -2; /* beyond any fine (and v * MICRO stays in range) */
		v = v * 10 + (R->t[j++] - '0');
	}
	v *= MICRO;
	if (j + 1 < R->n && R->t[j] == '.' && is_digit(R->t[j + 1])) {
		j++;
		while (j < R->n && is_digit(R->t[j])) {
			scale /= 10;
			if (scale == 0)
				return -2; /* finer than a millionth */
			v += (R->t[j++] - '0') * scale;
		}
	}
	q->mant = v;
	j = trailing_mult(R, j, &q->mult);
	if ((q->v = mul(v, q->mult)) < 0)
		return -2;
	q->arabic = 1;
	q->e = j;
	return 0;
}

/* Chinese numerals at t[i] (二十万, 一千零五十, 一点五, 五千). */
static int chinese(const struct rd *R, size_t i, struct qty *q)
{
	int64_t total = 0, section = 0, num = 0, frac = 0, fscale = MICRO, last_unit = 1;
	size_t j = i, len;
	int v, any = 0, in_frac = 0;

	while (j < R->n) {
		if (!in_frac && any && at(R, j, "点")) {
			size_t k;
			if (numeral(R, j + strlen("点"), &k) < 0)
				break;
			in_frac = 1;
			j += strlen("点");
			continue;
		}
		if ((v = numeral(R, j, &len)) < 0)
			break;
		if (in_frac) {
			if (v >= 10)
				break; /* 一点五万: the multiplier is applied below */
			fscale /= 10;
			if (fscale == 0)
				return -2;
			frac += v * fscale;
		} else if (v < 10) {
			num = num * 10 + v;
			if (num > 1000000000LL)
				return -2;
		} else if (v < 10000) {
			section += (num == 0 && (j == i || !any) ? 1 : num) * v;
			num = 0;
			last_unit = v;
		} else if (v == 10000) {
			total += (section + num) * 10000;
			section = num = 0;
			last_unit = v;
		} else {
			if (total + section + num > 10000)
				return -2; /* above 10^12 */
			total = (total + section + num) * 100000000LL;
			section = num = 0;
			last_unit = v;
		}
		any = 1;
		j += len;
		if (total > 1000000000000LL || section > 1000000000000LL)
			return -2;
	}
	if (!any)
		return -1;
	int64_t whole = total + section + num;
	q->mult = 1;
	if (in_frac) {
		/* 一点五 or 一点五万 */
		q->mant = whole * MICRO + frac;
		j = trailing_mult(R, j, &q->mult);
		if ((q->v = mul(q->mant, q->mult)) < 0)
			return -2;
	} else {
		if ((q->v = mul(whole, MICRO)) < 0)
			return -2;
		/* the trailing unit, for "五至十万元" style ranges */
		q->mult = last_unit >= 1000 && num == 0 && section == 0 ? last_unit : 1;
		q->mant = q->v / q->mult;
	}
	q->arabic = 0;
	q->e = j;
	return 0;
}

static int digit_start(const struct rd *R, size_t i)
{
	size_t len;
	int v;
	if (is_digit(R->t[i]))
		return 1;
	v = numeral(R, i, &len);
	return v >= 0 && v < 10 ? 1 : v == 10; /* 十万 starts a number; 百, 千, 万 do not */
}

/* Units after an amount that make it something other than money. */
static const char *const other_units[] = {"日", "天", "个月", "月", "年", "小时", "次", "人", "辆", "吨", "公斤", "千克",
					  "平方米", "立方米", "米", "亩", "株", "头", "只", "件", "项", "个", "家", "台",
					  "份", "户", "条", "款", "类", "级", "周", "档", "分", "名", "批", "处", "张",
					  "本", "种", NULL};

/* Finds the amounts of t[s, e) in order; returns their number or -1 (with
 * the reason set) when one cannot be read. */
static int find_qty(struct rd *R, size_t s, size_t e, struct qty *q, int max)
{
	int n = 0;
	size_t i = s, prev_e = SIZE_MAX; /* end of the number before */
	while (i < e) {
		struct qty x;
		memset(&x, 0, sizeof x);
		x.s = i;
		int ratio_div = 0;
		if (at(R, i, "百分之") || at(R, i, "千分之")) {
			ratio_div = at(R, i, "百分之") ? 100 : 1000;
			i += strlen("百分之");
		} else if (at(R, i, "等值")) {
			x.e = i + strlen("等值");
			x.v = x.mant = MICRO;
			x.mult = 1;
			x.unit = U_RATIO;
			x.equal = 1;
			goto found;
		} else if (!digit_start(R, i)) {
			size_t len = 1;
			while (i + len < e && ((unsigned char)R->t[i + len] & 0xC0) == 0x80)
				len++;
			i += len;
			continue;
		}
		int rc = is_digit(R->t[i]) ? arabic(R, i, &x) : chinese(R, i, &x);
		if (rc == -2) {
			review(R, "amount out of range", R->t + x.s, e - x.s);
			return -1;
		}
		if (rc < 0) {
			if (ratio_div) {
				review(R, "unreadable share", R->t + x.s, e - x.s);
				return -1;
			}
			i += is_digit(R->t[i]) ? 1 : 3;
			continue;
		}
		if (x.e > e)
			x.e = e;
		if (ratio_div) {
			if (x.v % ratio_div) {
				review(R, "share finer than a millionth", R->t + x.s, x.e - x.s);
				return -1;
			}
			x.v /= ratio_div;
			x.mant /= ratio_div;
			x.unit = U_RATIO;
		} else if (at(R, x.e, "元")) {
			x.unit = U_YUAN;
			x.e += strlen("元");
		} else if (at(R, x.e, "倍")) {
			x.unit = U_RATIO;
			x.e += strlen("倍");
		} else if (at(R, x.e, "%") || at(R, x.e, "‰")) {
			int per = at(R, x.e, "%") ? 100 : 1000;
			if (x.v % per) {
				review(R, "share finer than a millionth", R->t + x.s, x.e - x.s);
				return -1;
			}
			x.v /= per;
			x.mant /= per;
			x.unit = U_RATIO;
			x.e += per == 100 ? 1 : strlen("‰");
		} else {
			for (const char *const *u = other_units; *u; u++)
				if (at(R, x.e, *u))
					x.unit = U_IGNORE;
			/* 第三条, 之一: numbering, not an amount */
			if ((x.s >= 3 && (at(R, x.s - 3, "第") || (at(R, x.s - 3, "之") && !(x.s >= 6 && (at(R, x.s - 6, "百") || at(R, x.s - 6, "千"))))))) 
				x.unit = U_IGNORE;
		}
	found:
		/* "-5万元": a '-' that joins no amount before it makes this one negative */
		if (x.unit != U_IGNORE && x.s > s && R->t[x.s - 1] == '-' && prev_e != x.s - 1) {
			review(R, "negative amount", R->t + x.s - 1, x.e - x.s + 1);
			return -1;
		}
		if (x.unit != U_IGNORE) {
			if (n == max) {
				review(R, "too many amounts in", R->t + s, e - s);
				return -1;
			}
			/* a cap follows 不超过 / 最高 / 最多 */
			x.cap = ends_with(R, s, x.s, "超过") || ends_with(R, s, x.s, "最高") || ends_with(R, s, x.s, "最多") ||
				ends_with(R, s, x.s, "最高为");
			x.but = x.cap && has(R, s, x.s, "但");
			q[n++] = x;
		}
		prev_e = x.e;
		i = x.e > i ? x.e : i + 1;
	}
	return n;
}

/* ---- ranges ---- */

static int add_range(struct rd *R, enum yd_std_kind kind, int64_t lo, int64_t hi, const char *base, size_t baselen)
{
	struct yd_std *o = R->out;
	if (R->pend_e > R->pend_s)
		return review(R, "condition not read", R->t + R->pend_s, R->pend_e - R->pend_s);
	if (o->n == YD_STD_MAX_RANGES)
		return review(R, "more than 16 ranges in", R->t, R->n);
	struct yd_std_range *r = &o->r[o->n++];
	memset(r, 0, sizeof *r);
	r->party = R->party;
	r->cond = R->cond;
	r->kind = kind;
	r->cap = YD_STD_NO_CAP;
	if (kind == YD_STD_FIXED) {
		/* millionths of yuan to fen, exactly */
		if (lo % 10000 || hi % 10000)
			return review(R, "amount finer than a fen in", R->t, R->n);
		lo /= 10000;
		hi /= 10000;
	}
	r->lo = lo;
	r->hi = hi;
	if (base) {
		if (baselen >= sizeof r->base)
			return review(R, "base name too long", base, baselen);
		memcpy(r->base, base, baselen);
		r->base[baselen] = '\0';
	}
	if (lo > hi)
		return review(R, "minimum above maximum in", R->t, R->n);
	return 0;
}

static const char *const base_prefixes[] = {"以", "与", "按照", "按", "相当于", "处以", "其", NULL};

/* The base named before a multiple at t[qs]: the text after the last 处 of
 * the clause part [s, qs), without 以/与/按 and a final 的. */
static int base_before(struct rd *R, size_t s, size_t qs, const char **b, size_t *blen)
{
	size_t from = s;
	for (size_t i = s; i + 3 <= qs; i++)
		if (at(R, i, "处"))
			from = i + 3;
	for (int again = 1; again;) {
		again = 0;
		for (const char *const *p = base_prefixes; *p; p++)
			if (at(R, from, *p) && from + strlen(*p) <= qs) {
				from += strlen(*p);
				again = 1;
			}
	}
	size_t to = qs;
	if (ends_with(R, from, to, "的"))
		to -= 3;
	*b = R->t + from;
	*blen = to - from;
	for (size_t i = from; i < to; i++)
		if (is_digit(R->t[i]))
			return review(R, "unreadable base", *b, *blen);
	if (has(R, from, to, "元"))
		return review(R, "unreadable base", *b, *blen);
	return 0;
}

static int range_connector(const struct rd *R, size_t s, size_t e)
{
	static const char *const words[] = {"以上", "至", "到", "-", "~", "以上至", "以上、", "以上到", NULL};
	for (const char *const *w = words; *w; w++)
		if (e - s == strlen(*w) && memcmp(R->t + s, *w, e - s) == 0)
			return 1;
	return 0;
}

/* A range's multiple: its base, named or inherited. */
static int multiple(struct rd *R, size_t part, const struct qty *q1, int64_t lo, int64_t hi)
{
	const char *b;
	size_t blen;
	if (base_before(R, part, q1->s, &b, &blen))
		return 1;
	if (blen == 0 && R->cond == YD_STD_WITH_BASE) {
		b = "违法所得";
		blen = strlen(b);
	} else if (blen == 0 && R->last_base) {
		b = R->last_base;
		blen = R->last_base_len;
	}
	if (blen == 0)
		return review(R, "multiple of an unnamed base in", R->t + part, q1->e - part);
	R->last_base = b;
	R->last_base_len = blen;
	return add_range(R, YD_STD_MULTIPLE, lo, hi, b, blen);
}

/* Applies a cap to the multiples of the current segment (after 但 that
 * has none of its party, to those before it); with none it is a maximum
 * ("处不超过五万元的罚款").  A cap below a fixed range's minimum
 * contradicts it, and a 但 cap that limits no multiple is no range of its
 * own: both need review (issue 26.5). */
static int cap(struct rd *R, const struct qty *q)
{
	int applied = 0, fixed = 0;
	size_t from = R->seg_first;
	if (q->unit != U_YUAN)
		return review(R, "cap is not an amount of money", R->t + q->s, q->e - q->s);
	if (q->v % 10000)
		return review(R, "amount finer than a fen in", R->t, R->n);
	if (q->but) {
		/* 但 with nothing of this party before it in its segment: the ranges before */
		int own = 0;
		for (size_t k = from; k < R->out->n; k++)
			own |= R->out->r[k].party == R->party;
		if (!own)
			from = 0;
	}
	for (size_t k = from; k < R->out->n; k++) {
		struct yd_std_range *r = &R->out->r[k];
		if (r->party != R->party)
			continue;
		if (r->kind == YD_STD_FIXED && r->lo > q->v / 10000)
			return review(R, "cap below the minimum in", R->t, R->n);
		fixed += r->kind == YD_STD_FIXED;
		if (r->kind == YD_STD_MULTIPLE && r->cap == YD_STD_NO_CAP) {
			r->cap = q->v / 10000;
			applied = 1;
		}
	}
	if (applied)
		return 0;
	if (q->but)
		return review(R, fixed ? "cap on a fixed range in" : "cap without a range in", R->t, R->n);
	return add_range(R, YD_STD_FIXED, 0, q->v, NULL, 0);
}

/* The amounts of one clause part t[s, e) matched into ranges. */
static int amounts(struct rd *R, size_t s, size_t e, int *nread)
{
	static const char *const bound_words[] = {"以上", "以下", "以内", "至", "到", "-", "~", NULL};
	struct qty q[MAX_QTY];
	int n = find_qty(R, s, e, q, MAX_QTY);
	if (n < 0)
		return 1;
	/* 处（五千元）以上: a bracket or comma between an amount and its 以上 */
	if (R->last_e && R->last_e + 1 == s && R->t[R->last_e] == ',')
		for (const char *const *w = bound_words; *w; w++)
			if (at(R, s, *w))
				return review(R, "an amount cut from its bound", R->t + s, e - s);
	if (n > 0)
		R->last_e = q[n - 1].e;
	/* 补种…倍的树木, 赔偿: quantities that are not fines */
	if (!has(R, s, e, "罚") && (has(R, s, e, "补种") || has(R, s, e, "赔偿") || has(R, s, e, "退还")))
		return 0;
	for (int i = 0; i < n; i++) {
		struct qty *a = &q[i];
		size_t next = i + 1 < n ? q[i + 1].s : e;
		if (a->cap) {
			if (cap(R, a))
				return 1;
			++*nread;
			continue;
		}
		if (i + 1 < n && !q[i + 1].cap && range_connector(R, a->e, next)) {
			struct qty *b = &q[i + 1];
			/* 5千-1万元, 二至五倍: the first takes the second's unit; 5-10万元
			 * also its multiplier when the first is the smaller mantissa */
			if (a->unit == U_NONE && b->unit != U_NONE) {
				a->unit = b->unit;
				if (a->mult == 1 && b->mult > 1 && a->v < b->mant && a->arabic == b->arabic)
					a->v = mul(a->v, b->mult);
				else if (a->mult == 1 && b->mult > 1 && a->v < mul(b->mult, MICRO / 10))
					/* 10-5万元: 10万 would cross 5万, and 10 is no amount
					 * written in full as 5000至1万 is */
					return review(R, "range whose bounds cross after units", R->t + a->s,
						      b->e - a->s);
			} else if (b->unit == U_NONE && a->unit != U_NONE) {
				b->unit = a->unit;
			}
			if (a->unit == U_NONE || a->unit != b->unit)
				return review(R, "range of unlike amounts", R->t + a->s, b->e - a->s);
			if (a->v < 0)
				return review(R, "amount too large", R->t + a->s, b->e - a->s);
			int rc = a->unit == U_YUAN ? add_range(R, YD_STD_FIXED, a->v, b->v, NULL, 0)
						  : multiple(R, s, a, a->v, b->v);
			if (rc)
				return 1;
			++*nread;
			i++;
			continue;
		}
		if (at(R, a->e, "以下") || at(R, a->e, "以内")) {
			if (a->unit == U_NONE)
				return review(R, "amount without a unit", R->t + a->s, next - a->s);
			if (a->unit == U_YUAN ? add_range(R, YD_STD_FIXED, 0, a->v, NULL, 0) : multiple(R, s, a, 0, a->v))
				return 1;
			++*nread;
			continue;
		}
		if (at(R, a->e, "以上"))
			return review(R, "minimum without a maximum", R->t + a->s, next - a->s);
		if (a->unit == U_NONE) {
			if (!a->arabic)
				continue; /* 一般, 十分: words, not amounts */
			return review(R, "amount without a unit", R->t + a->s, next - a->s);
		}
		if (a->equal)
			return review(R, "multiple without a bound", R->t + a->s, next - a->s);
		if (a->unit == U_YUAN ? add_range(R, YD_STD_FIXED, a->v, a->v, NULL, 0) : multiple(R, s, a, a->v, a->v))
			return 1;
		++*nread;
	}
	return 0;
}

/* ---- clauses ---- */

static const char *const individual_roles[] = {"主管人员", "负责人", "责任人员", "有关人员", "从业人员", "驾驶人", NULL};
static const char *const individual_words[] = {"个人", "公民", "自然人", NULL};
static const char *const enterprise_words[] = {"单位", "法人", "其他组织", "企业", "机构", "公司", NULL};

/* The party a clause names, or -1. */
static int party_of(const struct rd *R, size_t s, size_t e)
{
	if (has_any(R, s, e, individual_roles))
		return YD_STD_INDIVIDUAL;
	int ind = has_any(R, s, e, individual_words), ent = has_any(R, s, e, enterprise_words);
	return ind && ent ? YD_STD_ANY : ind ? YD_STD_INDIVIDUAL : ent ? YD_STD_ENTERPRISE : -1;
}

static const char *const prerequisites[] = {"逾期不改正", "逾期未改正", "拒不改正", "逾期不", "逾期仍", "拒不",
					    "不按", "未按", NULL};
static const char *const nofine_words[] = {"不予行政处罚", "不予处罚", "免予处罚", "免予行政处罚", "免于处罚",
					   "警告", "责令改正", "责令限期改正", "通报批评", "批评教育", "不罚", NULL};

/* Where a clause's condition ends ("…的" before 处/并处/可/给予… or at the
 * end), or s when it has none. */
static size_t condition_end(const struct rd *R, size_t s, size_t e)
{
	static const char *const after[] = {"处", "并", "可", "给予", "予以", "责令", "没收", "对", "依法", "由", NULL};
	size_t end = s;
	for (size_t i = s; i + 3 <= e; i++) {
		if (!at(R, i, "的"))
			continue;
		size_t j = i + 3;
		int cut = j == e;
		for (const char *const *w = after; !cut && *w; w++)
			cut = at(R, j, *w);
		if (cut)
			end = j;
	}
	return end;
}

static int condition(struct rd *R, size_t s, size_t e, int fines_so_far)
{
	struct qty q[MAX_QTY];
	int n = find_qty(R, s, e, q, MAX_QTY), money = 0;
	if (n < 0)
		return 1;
	for (int i = 0; i < n; i++)
		money += q[i].unit == U_YUAN || q[i].unit == U_RATIO;
	if (money)
		return review(R, "threshold not read", R->t + s, e - s);
	if (has(R, s, e, "没有违法所得") || has(R, s, e, "无违法所得") || has(R, s, e, "没有非法所得") ||
	    has(R, s, e, "无非法所得")) {
		R->cond = YD_STD_WITHOUT_BASE;
		return 0;
	}
	if (has(R, s, e, "有违法所得") || has(R, s, e, "有非法所得")) {
		R->cond = YD_STD_WITH_BASE;
		return 0;
	}
	if (has(R, s, e, "违法所得") || has(R, s, e, "无法计算") || has(R, s, e, "难以计算") || has(R, s, e, "偏低"))
		return review(R, "condition on the base not read", R->t + s, e - s);
	if (has_any(R, s, e, prerequisites))
		return 0; /* the fine applies only then: the range stands */
	if (fines_so_far == 0)
		return 0; /* the offence's own description */
	/* 情节严重的…: fine only when no amount follows it (吊销, 责令停业) */
	R->pend_s = s;
	R->pend_e = e;
	return 0;
}

static int clause(struct rd *R, size_t s, size_t e, int *nread)
{
	size_t c = condition_end(R, s, e);
	int p = party_of(R, s, e);
	if (p >= 0 && (enum yd_std_party)p != R->party) {
		/* a new subject: 对直接负责的主管人员… is not a branch on the base */
		R->party = (enum yd_std_party)p;
		R->cond = YD_STD_ALWAYS;
	}
	if (c > s && condition(R, s, c, *nread))
		return 1;
	int before = *nread;
	if (amounts(R, c, e, nread))
		return 1;
	if (*nread == before && p >= 0 && has_any(R, c, e, nofine_words))
		R->nofine_party[p] = 1;
	return 0;
}

/* Sentences that cannot be read into a range at all. */
static int unreadable(struct rd *R)
{
	static const struct {
		const char *word, *why;
	} words[] = {
	    {"按日", "daily penalty (按日连续处罚)"},
	    {"附表", "refers to an annex or table"},
	    {"附件", "refers to an annex or table"},
	    {"见表", "refers to an annex or table"},
	    {"详见", "refers to an annex or table"},
	    {"×", "formula"},
	    {"*", "formula"},
	    {"乘以", "formula"},
	    {"公式", "formula"},
	    {"每", "amount per unit (每…)"},
	    {"<", "comparison"},
	    {">", "comparison"},
	    {"≤", "comparison"},
	    {"≥", "comparison"},
	    {"不低于", "minimum without a maximum"},
	    {"不少于", "minimum without a maximum"},
	    {"减半", "fraction of another amount"},
	    {"折", "fraction of another amount"},
	    {"?", "unreadable character"},
	};
	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (has(R, 0, R->n, words[k].word))
			return review(R, words[k].why, "", 0);
	/* 二分之一: a fraction that is not a share of a hundred or a thousand */
	for (size_t i = 3; i + 6 <= R->n; i++)
		if (at(R, i, "分之") && !at(R, i - 3, "百") && !at(R, i - 3, "千"))
			return review(R, "fraction of another amount", R->t + i - 3, 9);
	return 0;
}

int yd_std_read(const char *text, struct yd_std *out)
{
	char norm[NORM_MAX];
	struct rd R;
	int nread = 0;

	memset(out, 0, sizeof *out);
	memset(&R, 0, sizeof R);
	R.out = out;
	R.t = norm;
	long len = normalise(text, norm);
	if (len < 0) {
		R.t = text;
		R.n = 0;
		return review(&R, "text too long", "", 0);
	}
	R.n = (size_t)len;
	if (R.n == 0)
		return review(&R, "empty standard", "", 0);
	if (unreadable(&R))
		goto fail;
	for (size_t s = 0; s < R.n;) {
		size_t e = s;
		while (e < R.n && R.t[e] != ',' && R.t[e] != ';' && !(at(&R, e, "、对")))
			e++;
		if (e > s && clause(&R, s, e, &nread))
			goto fail;
		if (e < R.n && R.t[e] == ';') {
			R.cond = YD_STD_ALWAYS;
			R.pend_s = R.pend_e = 0;
			R.seg_first = out->n;
		}
		s = e + (at(&R, e, "、对") ? 3 : 1);
	}
	if (out->n == 0) {
		/* no fine: a sentence that says so, or one that cannot be read */
		static const char *const other_penalties[] = {"没收", "吊销", "暂扣", "拘留", "停产", "停业", "撤销", NULL};
		int fine_word = has(&R, 0, R.n, "罚款") || has(&R, 0, R.n, "罚金");
		if (!fine_word && (has_any(&R, 0, R.n, nofine_words) || has_any(&R, 0, R.n, other_penalties))) {
			/* 对单位给予警告: for the one party named, else for any */
			int named = 0;
			R.party = YD_STD_ANY;
			for (int p = YD_STD_INDIVIDUAL; p < YD_STD_PARTY_COUNT; p++)
				if (R.nofine_party[p]) {
					named++;
					R.party = (enum yd_std_party)p;
				}
			if (named != 1)
				R.party = YD_STD_ANY;
			R.cond = YD_STD_ALWAYS;
			R.pend_s = R.pend_e = 0;
			if (add_range(&R, YD_STD_NOFINE, 0, 0, NULL, 0))
				goto fail;
			return 0;
		}
		review(&R, has(&R, 0, R.n, "罚") ? "fine without an amount" : "no fine found in", R.t, R.n);
		goto fail;
	}
	/* a party named with a warning only and no fine of its own */
	for (int p = YD_STD_INDIVIDUAL; p < YD_STD_PARTY_COUNT; p++) {
		int own = 0;
		for (size_t k = 0; k < out->n; k++)
			own |= out->r[k].party == (enum yd_std_party)p;
		if (R.nofine_party[p] && !own) {
			R.party = (enum yd_std_party)p;
			R.cond = YD_STD_ALWAYS;
			if (add_range(&R, YD_STD_NOFINE, 0, 0, NULL, 0))
				goto fail;
		}
	}
	/* 处违法所得…倍；没有违法所得的，处…: the multiple is the other branch */
	int without = 0;
	for (size_t k = 0; k < out->n; k++)
		without |= out->r[k].cond == YD_STD_WITHOUT_BASE;
	for (size_t k = 0; without && k < out->n; k++)
		if (out->r[k].cond == YD_STD_ALWAYS && out->r[k].kind == YD_STD_MULTIPLE && strstr(out->r[k].base, "所得"))
			out->r[k].cond = YD_STD_WITH_BASE;
	if (out->needs_review)
		goto fail;
	return 0;
fail:
	out->n = 0;
	return 1;
}

/* ---- formatting ---- */

void yd_std_format_bound(enum yd_std_kind kind, int64_t v, char *buf, size_t n)
{
	if (kind == YD_STD_MULTIPLE) {
		/* ppm as the shortest exact decimal */
		char frac[8];
		snprintf(frac, sizeof frac, "%06" PRId64, v % 1000000);
		size_t k = strlen(frac);
		while (k > 0 && frac[k - 1] == '0')
			frac[--k] = '\0';
		if (k)
			snprintf(buf, n, "%" PRId64 ".%s", v / 1000000, frac);
		else
			snprintf(buf, n, "%" PRId64, v / 1000000);
	} else {
		snprintf(buf, n, "%" PRId64 ".%02" PRId64, v / 100, v % 100);
	}
}

void yd_std_format(const struct yd_std_range *r, char *buf, size_t n)
{
	char lo[32] = "", hi[32] = "", cp[32] = "";
	if (r->kind != YD_STD_NOFINE) {
		yd_std_format_bound(r->kind, r->lo, lo, sizeof lo);
		yd_std_format_bound(r->kind, r->hi, hi, sizeof hi);
	}
	if (r->cap != YD_STD_NO_CAP)
		yd_std_format_bound(YD_STD_FIXED, r->cap, cp, sizeof cp);
	snprintf(buf, n, "%s,%s,%s,%s,%s,%s,%s", yd_std_party_name(r->party), yd_std_cond_name(r->cond),
		 yd_std_kind_name(r->kind), r->base, lo, hi, cp);
}
