#include "youdu/parse.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/error.h"
#include "youdu/text.h"

#define MAX_FIELD 256

static int fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return YD_EUSAGE;
}

/* Copies s into buf (size MAX_FIELD) and folds it; returns -1 when too long. */
static int folded_copy(const char *s, char *buf)
{
	size_t n = strlen(s);
	if (n >= MAX_FIELD)
		return -1;
	memcpy(buf, s, n + 1);
	yd_text_fold(buf);
	return 0;
}

static int starts(const char *s, const char *pre)
{
	return *s == *pre && strncmp(s, pre, strlen(pre)) == 0; /* the first byte tells most */
}

static int ends(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

static char *skip_spaces(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static size_t trim_end(char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return n;
}

/* ---- amounts ---- */

/* Words around an amount, stripped in any order: 罚款3000元, 处罚款人民币叁仟元整,
 * 新臺幣2,000元, NT$3,000, €1,000.  The currency is not checked here: one
 * file has one (import --currency). */
static const char *const currency_prefix[] = {
    "人民币", "RMB", "rmb", "CNY", "\xEF\xBF\xA5" /* ￥ */, "\xC2\xA5" /* ¥ */, "NT$", "US$", "HK$", "$",
    "\xE2\x82\xAC" /* € */, "EUR", "USD", "NTD", "TWD", "HKD", "新臺幣", "新台幣", "新台币", "罚款", "罰款",
    "罚金", "罰金", "罰鍰", "罚鍰", "并处", "並處", "处以", "處以", "处", "處", "共计", "合计"};
static const char *const currency_suffix[] = {"元整", "圆整", "元", "圆", "整", "RMB", "CNY", "NTD", "TWD",
					      "EUR", "USD", "HKD", "欧元", "美元", "港元", "港币"};

struct cn_digit {
	const char *ch;
	int value; /* 0..9 digits; 10/100/1000 small units; 10000/100000000 big units */
};

static const struct cn_digit cn_digits[] = {
    {"零", 0},    {"〇", 0},    {"一", 1},     {"壹", 1},     {"二", 2},     {"贰", 2},
    {"两", 2},    {"三", 3},    {"叁", 3},     {"四", 4},     {"肆", 4},     {"五", 5},
    {"伍", 5},    {"六", 6},    {"陆", 6},     {"七", 7},     {"柒", 7},     {"八", 8},
    {"捌", 8},    {"九", 9},    {"玖", 9},     {"十", 10},    {"拾", 10},    {"百", 100},
    {"佰", 100},  {"千", 1000}, {"仟", 1000},  {"万", 10000}, {"萬", 10000}, {"亿", 100000000},
};

static const struct cn_digit *cn_lookup(const char *s)
{
	for (size_t i = 0; i < sizeof cn_digits / sizeof cn_digits[0]; i++)
		if (starts(s, cn_digits[i].ch))
			return &cn_digits[i];
	return NULL;
}

/* Chinese numerals in yuan ("伍仟", "一万二千五百", "十五"). */
static int parse_cn_number(const char *s, int64_t *yuan)
{
	int64_t total = 0, section = 0, digit = -1;
	int any = 0;

	while (*s) {
		const struct cn_digit *d = cn_lookup(s);
		if (!d)
			return -1;
		s += strlen(d->ch);
		any = 1;
		if (d->value < 10) {
			if (digit > 0 && d->value != 0)
				return -1; /* two digits in a row: "五五" */
			digit = d->value;
		} else if (d->value < 10000) {
			if (digit < 0)
				digit = (section == 0 && d->value == 10) ? 1 : -2;
			if (digit < 0)
				return -1; /* unit without digit: "五千百" */
			section += digit * d->value;
			digit = -1;
		} else {
			section += digit > 0 ? digit : 0;
			if (section == 0 && total == 0)
				return -1;
			/* check before multiplying: "二万七亿亿" would overflow int64 */
			if (total + section > 10000000000000LL / d->value)
				return -1;
			if (d->value == 10000 && section == 0)
				total *= 10000; /* 万万 is the old 亿: "一万万" is 100,000,000, not 10,000 */
			else if (d->value == 10000)
				total += section * 10000;
			else
				total = (total + section) * 100000000;
			section = 0;
			digit = -1;
		}
		if (total > 10000000000000LL)
			return -1;
	}
	if (!any)
		return -1;
	*yuan = total + section + (digit > 0 ? digit : 0);
	return 0;
}

/* Decimal "5,000.25" into mantissa and decimal scale; returns chars used or
 * -1.  Fraction digits past the 17th are dropped (a double printed in full,
 * 0.35000000000000003); *ndigits (may be NULL) counts all the digits.  An
 * integer part of more than 17 digits (not leading zeros) is read to its
 * end with *big set: a number, but beyond any amount. */
static int parse_decimal(const char *s, int64_t *mant, int *scale, int *ndigits, int *big)
{
	const char *p = s;
	int64_t m = 0;
	int digits = 0, group = -1, sc = 0, seen_comma = 0, dropped = 0;

	*big = 0;
	for (; (*p >= '0' && *p <= '9') || *p == ','; p++) {
		if (*p == ',') {
			if (digits == 0 || (seen_comma && group != 3) || (!seen_comma && digits > 3))
				return -1;
			seen_comma = 1;
			group = 0;
			continue;
		}
		if (digits >= 17) {
			if (m < 10000000000000000LL)
				return -1; /* 17 digits begun with zeros */
			*big = 1;
		} else {
			m = m * 10 + (*p - '0');
		}
		digits++;
		if (seen_comma)
			group++;
	}
	if (seen_comma && group != 3)
		return -1;
	if (*p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (digits >= 17) {
				dropped++;
				continue;
			}
			digits++;
			m = m * 10 + (*p - '0');
			sc++;
		}
	}
	if (digits == 0)
		return -1;
	*mant = m;
	*scale = sc;
	if (ndigits)
		*ndigits = digits + dropped;
	return (int)(p - s);
}

static const int64_t pow10_tab[] = {1,          10,          100,          1000,          10000,
				    100000,     1000000,     10000000,     100000000,     1000000000,
				    10000000000, 100000000000, 1000000000000, 10000000000000,
				    100000000000000, 1000000000000000, 10000000000000000,
				    100000000000000000};

#define MAX_YUAN 10000000000000LL /* 10^13 yuan: beyond any real fine */

/* Reads an exponent "e+4", "E-3" at *p into *scale (scale -= exponent). */
static int read_exponent(char **p, int *scale)
{
	char *q = *p + 1;
	int sign = 1, e = 0, k = 0;
	if (*q == '+' || *q == '-')
		sign = *q++ == '-' ? -1 : 1;
	for (; *q >= '0' && *q <= '9'; q++)
		if (++k > 2)
			return -1;
		else
			e = e * 10 + (*q - '0');
	if (!k)
		return -1;
	*scale -= sign * e;
	*p = q;
	return 0;
}

/* mant / 10^scale in units of 1/unit, as an integer: exact, or else the
 * nearest when the text is a double printed in full (15 digits or more:
 * 2999.9999999999995, 1234.5600000000002) and within 1e-9 of it, relative.
 * Returns 0, -1 when too large, -2 when finer than one unit. */
static int scaled(int64_t mant, int scale, int64_t unit, int ndigits, int64_t *out)
{
	int64_t num;
	if (scale < 0) {
		if (-scale > 17 || __builtin_mul_overflow(mant, pow10_tab[-scale], &mant))
			return -1;
		scale = 0;
	}
	if (scale <= 17 && !__builtin_mul_overflow(mant, unit, &num) && num % pow10_tab[scale] == 0) {
		*out = num / pow10_tab[scale];
		return 0;
	}
	long double v = (long double)mant * (long double)unit / powl(10.0L, (long double)scale);
	if (v > 9e18L)
		return -1;
	if (ndigits >= 15) {
		long long q = llroundl(v);
		if (fabsl(v - (long double)q) <= 1e-9L * fabsl(v)) {
			*out = q;
			return 0;
		}
	}
	return -2;
}

int yd_parse_amount(const char *in, int64_t *fen, const char **why)
{
	char buf[MAX_FIELD];
	char *s;
	size_t n;
	int changed;

	if (folded_copy(in, buf) < 0)
		return fail(why, "amount too long");
	s = buf;
	n = strlen(s);
	/* every decoration begins or ends with a non-digit: plain numbers skip this */
	int plain = n && s[0] >= '0' && s[0] <= '9' && s[n - 1] >= '0' && s[n - 1] <= '9';
	while (!plain) { /* strip currency decorations in any order */
		changed = 0;
		s = skip_spaces(s);
		for (size_t i = 0; i < sizeof currency_prefix / sizeof *currency_prefix; i++)
			if (starts(s, currency_prefix[i])) {
				s += strlen(currency_prefix[i]);
				changed = 1;
			}
		n = trim_end(s, strlen(s));
		for (size_t i = 0; i < sizeof currency_suffix / sizeof *currency_suffix; i++)
			if (ends(s, n, currency_suffix[i])) {
				n -= strlen(currency_suffix[i]);
				s[n] = '\0';
				changed = 1;
			}
		if (!changed)
			break;
	}
	n = trim_end(s, strlen(s));
	if (n == 0)
		return fail(why, "empty amount");
	if (*s == '-' || starts(s, "负"))
		return fail(why, "negative amount");
	if (*s == '+')
		s++;

	if ((*s >= '0' && *s <= '9') || *s == '.') {
		int64_t mant, mult = 1;
		int scale, ndigits, big;
		int used = parse_decimal(s, &mant, &scale, &ndigits, &big);
		if (used < 0)
			return fail(why, "not a number");
		char *rest = s + used;
		if ((*rest == 'e' || *rest == 'E') && read_exponent(&rest, &scale) < 0)
			return fail(why, "not a number");
		rest = skip_spaces(rest);
		if (starts(rest, "万"))
			mult = 10000, rest += strlen("万");
		else if (starts(rest, "亿"))
			mult = 100000000, rest += strlen("亿");
		else if (starts(rest, "千"))
			mult = 1000, rest += strlen("千");
		rest = skip_spaces(rest);
		if (*rest)
			return fail(why, "unexpected text after number");
		if (big)
			return fail(why, "amount too large");
		/* fen = mant * mult * 100 / 10^scale */
		int64_t num;
		int r = scaled(mant, scale, mult * 100, ndigits, &num);
		if (r == -2)
			return fail(why, "amount finer than one fen");
		if (r < 0 || num > MAX_YUAN * 100)
			return fail(why, "amount too large");
		*fen = num;
		return YD_OK;
	}
	int64_t yuan;
	if (parse_cn_number(s, &yuan) < 0)
		return fail(why, "not a number");
	if (yuan > MAX_YUAN)
		return fail(why, "amount too large");
	*fen = yuan * 100;
	return YD_OK;
}

int yd_parse_ratio(const char *in, int64_t *ppm, const char **why)
{
	char buf[MAX_FIELD];
	int64_t mant, mult = 1000000;
	int scale, ndigits, big;

	if (folded_copy(in, buf) < 0)
		return fail(why, "multiple too long");
	size_t n = strlen(buf);
	if (n == 0)
		return fail(why, "empty multiple");
	if (buf[0] == '-')
		return fail(why, "negative multiple");
	if (ends(buf, n, "%"))
		mult = 10000, n -= 1;
	else if (ends(buf, n, "倍"))
		n -= strlen("倍");
	buf[n] = '\0';
	n = trim_end(buf, n);
	int used = parse_decimal(buf, &mant, &scale, &ndigits, &big);
	if (used < 0)
		return fail(why, "not a number");
	char *rest = buf + used;
	if ((*rest == 'e' || *rest == 'E') && read_exponent(&rest, &scale) < 0)
		return fail(why, "not a number");
	if ((size_t)(rest - buf) != n)
		return fail(why, "not a number");
	if (big)
		return fail(why, "multiple too large");
	int64_t num;
	int r = scaled(mant, scale, mult, ndigits, &num);
	if (r == -2)
		return fail(why, "multiple finer than one millionth");
	if (r < 0 || num > 1000000000000LL)
		return fail(why, "multiple too large");
	*ppm = num;
	return YD_OK;
}

/* ---- dates ---- */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* Accepts nothing, or a time "HH:MM[:SS[.fff]]" after a space or 'T'. */
static int time_tail_ok(const char *p)
{
	if (*p == '\0')
		return 1;
	if (*p != ' ' && *p != 'T')
		return 0;
	p = skip_spaces((char *)(p + 1)); /* skip_spaces does not write */
	for (; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == ':' || *p == '.'))
			return 0;
	return 1;
}

/* Reads 1 to maxd digits; returns how many (0: none). */
static int read_num(const char **p, int maxd, int *out)
{
	int v = 0, k = 0;
	while (**p >= '0' && **p <= '9') {
		if (++k > maxd)
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	*out = v;
	return k;
}

/* A Chinese number of at most 99 ("十二", "三十一", "二十", "九"); returns
 * bytes used or -1. */
static int cn_small(const char *s, int *v)
{
	const char *p = s;
	int tens = -1, ones = -1;
	const struct cn_digit *d = cn_lookup(p);
	if (d && d->value < 10) {
		ones = d->value;
		p += strlen(d->ch);
		d = cn_lookup(p);
	}
	if (d && d->value == 10) {
		tens = ones < 0 ? 1 : ones;
		ones = 0;
		p += strlen(d->ch);
		d = cn_lookup(p);
		if (d && d->value > 0 && d->value < 10) {
			ones = d->value;
			p += strlen(d->ch);
		}
	}
	if (ones < 0)
		return -1;
	*v = (tens > 0 ? tens * 10 : 0) + ones;
	return (int)(p - s);
}

/* Rewrites a date in Chinese numerals (二〇二三年十二月三十一日) with ASCII
 * digits into out; returns 0, or -1 when s is not one. */
static int cn_date(const char *s, char *out, size_t outsz)
{
	char y[8];
	int ny = 0, m, d;
	const struct cn_digit *c;
	while ((c = cn_lookup(s)) && c->value < 10 && ny < 4) {
		y[ny++] = (char)('0' + c->value);
		s += strlen(c->ch);
	}
	if (ny < 2 || !starts(s, "年"))
		return -1;
	s += strlen("年");
	int k = cn_small(s, &m);
	if (k < 0 || !starts(s + k, "月"))
		return -1;
	s += k + strlen("月");
	if (!*s) {
		snprintf(out, outsz, "%.*s年%d月", ny, y, m);
		return 0;
	}
	if ((k = cn_small(s, &d)) < 0 || !(starts(s + k, "日") || starts(s + k, "号")) ||
	    s[k + strlen("日")] != '\0')
		return -1;
	snprintf(out, outsz, "%.*s年%d月%d日", ny, y, m, d);
	return 0;
}

int32_t yd_date_from_days(int32_t days)
{
	/* civil from days (Howard Hinnant's algorithm) */
	long z = (long)days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	long y = yoe + era * 400 + (m <= 2);
	return (int32_t)(y * 10000 + m * 100 + d);
}

/* A year as written (ndigits of it) into a Gregorian year; -1 when it
 * cannot be one.  roc_mark: written after 民國 or before 年. */
static int full_year(int y, int ndigits, int roc_mark, enum yd_calendar cal, unsigned *fl)
{
	if (ndigits == 4 && cal != YD_CAL_ROC)
		return y;
	if (ndigits <= 3 && y > 0 && y < 200 && cal != YD_CAL_GREGORIAN && (roc_mark || ndigits == 3 || cal == YD_CAL_ROC)) {
		*fl |= YD_DATE_ROC;
		return y + 1911;
	}
	return -1;
}

/* ---- dates: a table of the forms, walked by one matcher ---- */

enum date_prec { DP_YEAR, DP_MONTH, DP_DAY }; /* what the form tells */
enum date_how {
	DH_FIELDS, /* year, month, day as read; the year Gregorian, or ROC by full_year */
	DH_PLAIN,  /* year and month as read: a Gregorian year of 4 digits */
	DH_SERIAL, /* an Excel serial number (1900 system) in a text file */
	DH_ABC,    /* a/b/c: year first, or which of a and b is the month (date_abc) */
};

/* The fields of a pattern, in the order of date_fields. */
enum { DF_Y, DF_M, DF_D, DF_A, DF_B, DF_C, DF_N };
static const char date_fields[] = "YMDABC";

/* One form of a date.  Its pattern, byte by byte:
 *   Y M D A B C  a number: the year, month, day, or a, b, c of a/b/c; 1 to
 *                4 (Y A C) or 1 to 2 (M D B) digits, more is no match; a
 *                digit n after the letter: exactly n digits
 *   y            a year of exactly 4 digits (not 5)
 *   s            a separator, - / or . ; =  the same separator again
 *   !            the form is the date's from here: a mismatch after it is
 *                its error unless a later form matches; the year read so
 *                far is checked here (full_year)
 *   d            日 or 号, or nothing
 *   F            "." and digits, or nothing
 *   T            the end, or a time after a space or T
 *   $            the end
 *   other bytes  themselves (年, 月)
 * The first form that matches the whole text is the date's. */
struct date_form {
	const char *pattern;
	enum date_prec prec;
	enum date_how how;
	int marked; /* the year is written before 年: 1 to 3 digits are a ROC year */
};

static const struct date_form date_forms[] = {
    {"Y4M2D2T", DP_DAY, DH_FIELDS, 0},    /* 20240305 */
    {"Y3M2D2T", DP_DAY, DH_FIELDS, 0},    /* 1130701: a ROC yyymmdd */
    {"A5F$", DP_DAY, DH_SERIAL, 0},       /* 45292, 45292.5 */
    {"Y年!$", DP_YEAR, DH_FIELDS, 1},      /* 2021年, 113年 */
    {"Y年!M月$", DP_MONTH, DH_FIELDS, 1},   /* 2014年9月 */
    {"Y年!M月DdT", DP_DAY, DH_FIELDS, 1},   /* 2024年3月5日, 113年7月1日 */
    {"As!B=CT", DP_DAY, DH_ABC, 0},       /* 2024-03-05, 2024/3/5, 03/05/2024, 5.3.24, 113/07/01 */
    {"ysM$", DP_MONTH, DH_PLAIN, 0},      /* 2014-09 (after the row above began it) */
    {"y$", DP_YEAR, DH_PLAIN, 0},         /* 2021: a tracker's decision_year */
};

/* What a form read. */
struct date_read {
	int v[DF_N], n[DF_N]; /* the numbers and how many digits each */
	int y, checked;       /* the year as full_year made it at '!' */
	unsigned fl;          /* YD_DATE_* */
};

/* One number of a pattern at *q (advanced past a width digit). */
static int date_number(const char **p, const char **q, struct date_read *r)
{
	int k = **q == 'y' ? DF_Y : (int)(strchr(date_fields, **q) - date_fields);
	if ((*q)[1] >= '1' && (*q)[1] <= '9') {
		int w = *++*q - '0', v = 0;
		for (int i = 0; i < w; i++) {
			if ((*p)[i] < '0' || (*p)[i] > '9')
				return 0;
			v = v * 10 + ((*p)[i] - '0');
		}
		*p += w;
		r->v[k] = v, r->n[k] = w;
		return 1;
	}
	r->n[k] = read_num(p, k == DF_M || k == DF_D || k == DF_B ? 2 : 4, &r->v[k]);
	return r->n[k] > 0 && (**q != 'y' || r->n[k] == 4);
}

/* 1: p is the form; 0: it is not; -1: it is not, after the form's '!',
 * and *reason says why. */
static int date_match(const char *p, const struct date_form *form, int roc_mark, enum yd_calendar cal,
		      struct date_read *r, const char **reason)
{
	char sep = 0;
	int committed = 0;
	memset(r, 0, sizeof *r);
	for (const char *q = form->pattern; *q; q++) {
		int ok = 1;
		if (*q == 'y' || strchr(date_fields, *q))
			ok = date_number(&p, &q, r);
		else if (*q == 's' && *p && strchr("-/.", *p))
			sep = *p++;
		else if (*q == 's')
			ok = 0;
		else if (*q == '=')
			ok = *p == sep && *p++;
		else if (*q == '!') {
			committed = 1;
			if (r->n[DF_Y]) {
				r->checked = 1;
				if ((r->y = full_year(r->v[DF_Y], r->n[DF_Y], form->marked || roc_mark, cal, &r->fl)) < 0) {
					*reason = "year out of range";
					return -1;
				}
			}
		} else if (*q == 'd') {
			if (starts(p, "日") || starts(p, "号"))
				p += strlen("日");
		} else if (*q == 'F') {
			if (*p == '.')
				p += 1 + strspn(p + 1, "0123456789");
		} else if (*q == 'T') {
			ok = time_tail_ok(p);
			p += strlen(p);
		} else if (*q == '$')
			ok = !*p;
		else
			ok = *p == *q && p++;
		if (!ok) {
			*reason = "unrecognised date";
			return committed ? -1 : 0;
		}
	}
	return 1;
}

/* a/b/c: the year first (a of 3 or 4 digits, --date-order ymd, ROC
 * years), else a/b/yyyy or a/b/yy (yy < 50 is 20yy) with the month where
 * the order or the values put it.  NULL, or why not. */
static const char *date_abc(struct date_read *r, enum yd_date_order order, enum yd_calendar cal, int roc_mark, int *y,
			    int *m, int *d)
{
	int a = r->v[DF_A], na = r->n[DF_A], b = r->v[DF_B], c = r->v[DF_C], nc = r->n[DF_C];
	if (na >= 3 || order == YD_ORDER_YMD || cal == YD_CAL_ROC) {
		if (nc > 2 || (*y = full_year(a, na, roc_mark, cal, &r->fl)) < 0) {
			if (na == 2 && order == YD_ORDER_YMD && nc <= 2)
				*y = 2000 + a;
			else if (nc > 2)
				return "unrecognised date";
			else
				return "year out of range";
		}
		*m = b, *d = c;
		return NULL;
	}
	if (nc != 4 && nc != 2)
		return "unrecognised date";
	*y = nc == 4 ? c : c < 50 ? 2000 + c : 1900 + c;
	if (a > 12 && b <= 12)
		r->fl |= YD_DATE_DMY;
	else if (b > 12 && a <= 12)
		r->fl |= YD_DATE_MDY;
	int mdy = order == YD_ORDER_MDY || (order == YD_ORDER_AUTO && (r->fl & YD_DATE_MDY));
	int dmy = order == YD_ORDER_DMY || (order == YD_ORDER_AUTO && (r->fl & YD_DATE_DMY));
	if (!mdy && !dmy) {
		if (a != b) {
			r->fl |= YD_DATE_AMBIGUOUS;
			return "ambiguous date: day and month could be either way (give --date-order mdy or dmy)";
		}
		mdy = 1;
	}
	*m = mdy ? a : b;
	*d = mdy ? b : a;
	return NULL;
}

/* The date of the form that matched, checked. */
static int date_finish(const struct date_form *form, struct date_read *r, enum yd_date_order order,
		       enum yd_calendar cal, int roc_mark, int32_t *ymd, unsigned *flags, const char **why)
{
	int y = r->v[DF_Y], m = r->v[DF_M], d = r->v[DF_D];
	const char *bad = NULL;
	if (form->how == DH_FIELDS) {
		y = r->checked ? r->y : full_year(r->v[DF_Y], r->n[DF_Y], form->marked || roc_mark, cal, &r->fl);
		if (y < 0)
			bad = "year out of range";
	} else if (form->how == DH_SERIAL) {
		int32_t v = yd_date_from_days(r->v[DF_A] - 25569);
		r->fl |= YD_DATE_SERIAL;
		y = v / 10000, m = v / 100 % 100, d = v % 100;
	} else if (form->how == DH_ABC) {
		bad = date_abc(r, order, cal, roc_mark, &y, &m, &d);
	}
	if (form->prec == DP_YEAR)
		m = d = 0, r->fl |= YD_DATE_NO_MONTH; /* known to the year (issue 25.2) */
	else if (form->prec == DP_MONTH)
		d = 0, r->fl |= YD_DATE_NO_DAY;
	if (flags)
		*flags = r->fl;
	if (bad)
		return fail(why, bad);
	if (y < 1900 || y > 9999)
		return fail(why, "year out of range");
	if (form->prec == DP_YEAR) {
		*ymd = y * 10000;
		return YD_OK;
	}
	if (m < 1 || m > 12)
		return fail(why, "impossible month");
	if (form->prec == DP_MONTH) {
		*ymd = y * 10000 + m * 100;
		return YD_OK;
	}
	if (d < 1 || d > days_in_month(y, m))
		return fail(why, "impossible day");
	*ymd = y * 10000 + m * 100 + d;
	return YD_OK;
}

int yd_parse_date_opts(const char *in, enum yd_date_order order, enum yd_calendar cal, int32_t *ymd,
		       unsigned *flags, const char **why)
{
	char buf[MAX_FIELD], cn[64];
	const char *p, *not = "unrecognised date";
	unsigned not_fl = 0;
	int roc_mark = 0, committed = 0;

	if (flags)
		*flags = 0;
	if (folded_copy(in, buf) < 0)
		return fail(why, "date too long");
	if (!buf[0])
		return fail(why, "empty date");
	p = buf;
	if (starts(p, "民國") || starts(p, "民国")) {
		p += strlen("民國");
		roc_mark = 1;
	}
	if (cn_lookup(p) && cn_date(p, cn, sizeof cn) == 0)
		p = cn;
	for (size_t i = 0; i < sizeof date_forms / sizeof *date_forms; i++) {
		struct date_read r;
		const char *reason;
		int k = date_match(p, &date_forms[i], roc_mark, cal, &r, &reason);
		if (k > 0)
			return date_finish(&date_forms[i], &r, order, cal, roc_mark, ymd, flags, why);
		if (k < 0 && !committed) /* the first form that p began is the one it failed */
			committed = 1, not = reason, not_fl = r.fl;
	}
	if (flags)
		*flags = not_fl;
	return fail(why, not);
}

int yd_parse_date(const char *in, int32_t *ymd, const char **why)
{
	return yd_parse_date_opts(in, YD_ORDER_AUTO, YD_CAL_AUTO, ymd, NULL, why);
}

static const char *const order_names[] = {"", "mdy", "dmy", "ymd"};
static const char *const calendar_names[] = {"", "gregorian", "roc"};

int yd_date_order_parse(const char *s, enum yd_date_order *o)
{
	for (int i = 1; i < 4; i++)
		if (strcmp(s, order_names[i]) == 0) {
			*o = (enum yd_date_order)i;
			return YD_OK;
		}
	return YD_EUSAGE;
}

int yd_calendar_parse(const char *s, enum yd_calendar *c)
{
	for (int i = 1; i < 3; i++)
		if (strcmp(s, calendar_names[i]) == 0) {
			*c = (enum yd_calendar)i;
			return YD_OK;
		}
	return YD_EUSAGE;
}

const char *yd_date_warning(int32_t ymd, int32_t today)
{
	if (ymd == 19000101 || ymd == 19700101 || ymd == 99991231)
		return "placeholder date";
	if (ymd < 19900101)
		return "date before 1990";
	if (today && ymd > today)
		return "date after today";
	return NULL;
}

int32_t yd_date_days(int32_t ymd)
{
	/* days from civil (Howard Hinnant's algorithm) */
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	/* a date known to the month (yyyymm00) or the year (yyyy0000): its first day */
	if (m == 0)
		m = 1;
	if (d == 0)
		d = 1;
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* ---- tiers and parties ---- */

struct word {
	const char *word;
	int value;
};

static const struct word tier_words[] = {
    {"不予处罚", YD_TIER_NONE},     {"免予处罚", YD_TIER_NONE},      {"免于处罚", YD_TIER_NONE},
    {"不予行政处罚", YD_TIER_NONE}, {"首违不罚", YD_TIER_NONE},      {"轻微不罚", YD_TIER_NONE},
    {"none", YD_TIER_NONE},         {"no penalty", YD_TIER_NONE},    {"exempt", YD_TIER_NONE},
    {"减轻", YD_TIER_MITIGATED},    {"减轻处罚", YD_TIER_MITIGATED}, {"mitigated", YD_TIER_MITIGATED},
    {"从轻", YD_TIER_LENIENT},      {"从轻处罚", YD_TIER_LENIENT},   {"lenient", YD_TIER_LENIENT},
    {"light", YD_TIER_LENIENT},     {"一般", YD_TIER_GENERAL},       {"一般处罚", YD_TIER_GENERAL},
    {"general", YD_TIER_GENERAL},   {"ordinary", YD_TIER_GENERAL},   {"normal", YD_TIER_GENERAL},
    {"从重", YD_TIER_SEVERE},       {"从重处罚", YD_TIER_SEVERE},    {"加重", YD_TIER_SEVERE},
    {"severe", YD_TIER_SEVERE},     {"heavy", YD_TIER_SEVERE},       {"aggravated", YD_TIER_SEVERE},
};

static const struct word party_words[] = {
    {"个人", YD_PARTY_INDIVIDUAL},          {"自然人", YD_PARTY_INDIVIDUAL},
    {"公民", YD_PARTY_INDIVIDUAL},          {"individual", YD_PARTY_INDIVIDUAL},
    {"person", YD_PARTY_INDIVIDUAL},        {"natural person", YD_PARTY_INDIVIDUAL},
    {"单位", YD_PARTY_ENTERPRISE},          {"企业", YD_PARTY_ENTERPRISE},
    {"公司", YD_PARTY_ENTERPRISE},          {"法人", YD_PARTY_ENTERPRISE},
    {"其他组织", YD_PARTY_ENTERPRISE},      {"enterprise", YD_PARTY_ENTERPRISE},
    {"company", YD_PARTY_ENTERPRISE},       {"organization", YD_PARTY_ENTERPRISE},
    {"legal person", YD_PARTY_ENTERPRISE},  {"个体工商户", YD_PARTY_SOLE_TRADER},
    {"个体户", YD_PARTY_SOLE_TRADER},       {"sole_trader", YD_PARTY_SOLE_TRADER},
    {"sole trader", YD_PARTY_SOLE_TRADER},  {"individual business", YD_PARTY_SOLE_TRADER},
};

static int lookup_word(const char *in, const struct word *tab, size_t n, int *out)
{
	char buf[MAX_FIELD];

	for (size_t i = 0; i < n; i++) /* the usual case: a word as in the table */
		if (strcmp(in, tab[i].word) == 0) {
			*out = tab[i].value;
			return 0;
		}
	if (folded_copy(in, buf) < 0)
		return -1;
	for (char *c = buf; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	if (!buf[0]) {
		*out = 0;
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(buf, tab[i].word) == 0) {
			*out = tab[i].value;
			return 0;
		}
	return -1;
}

int yd_parse_tier(const char *s, enum yd_tier *tier)
{
	int v;
	if (lookup_word(s, tier_words, sizeof tier_words / sizeof *tier_words, &v) < 0)
		return YD_EUSAGE;
	*tier = (enum yd_tier)v;
	return YD_OK;
}

int yd_parse_party(const char *s, enum yd_party *party)
{
	int v;
	if (lookup_word(s, party_words, sizeof party_words / sizeof *party_words, &v) < 0)
		return YD_EUSAGE;
	*party = (enum yd_party)v;
	return YD_OK;
}

static const char *const tier_en[YD_TIER_COUNT] = {"", "none", "mitigated", "lenient", "general", "severe"};
static const char *const tier_cn[YD_TIER_COUNT] = {"", "不予处罚", "减轻", "从轻", "一般", "从重"};
static const char *const party_en[YD_PARTY_COUNT] = {"", "individual", "enterprise", "sole_trader"};
static const char *const party_cn[YD_PARTY_COUNT] = {"", "个人", "单位", "个体工商户"};

const char *yd_tier_name(enum yd_tier t)
{
	return (unsigned)t < YD_TIER_COUNT ? tier_en[t] : "";
}

const char *yd_tier_zh(enum yd_tier t)
{
	return (unsigned)t < YD_TIER_COUNT ? tier_cn[t] : "";
}

const char *yd_party_name(enum yd_party p)
{
	return (unsigned)p < YD_PARTY_COUNT ? party_en[p] : "";
}

const char *yd_party_zh(enum yd_party p)
{
	return (unsigned)p < YD_PARTY_COUNT ? party_cn[p] : "";
}

/* ---- regions ---- */

int yd_parse_region(const char *in, char *out, size_t outsz, const char **why)
{
	char buf[MAX_FIELD * 2];
	size_t n = strlen(in), w = 0;

	if (n >= sizeof buf)
		return fail(why, "region too long");
	memcpy(buf, in, n + 1);
	yd_text_fold(buf); /* '／' becomes '/' */
	for (char *c = buf; *c; c++)
		if (*c == '\\')
			*c = '/';
	char *save = buf;
	while (save) {
		char *comp = save;
		char *slash = strchr(comp, '/');
		if (slash) {
			*slash = '\0';
			save = slash + 1;
		} else {
			save = NULL;
		}
		size_t k = yd_text_trim(comp, strlen(comp)); /* the whole was folded: only spaces remain */
		if (k == 0)
			continue;
		if (w + k + 2 > outsz)
			return fail(why, "region too long");
		if (w)
			out[w++] = '/';
		memcpy(out + w, comp, k);
		w += k;
	}
	if (w == 0)
		return fail(why, "empty region");
	out[w] = '\0';
	return YD_OK;
}

int yd_region_depth(const char *path)
{
	int d = *path ? 1 : 0;
	for (; *path; path++)
		d += *path == '/';
	return d;
}

/* GB 32100-2015: the 31 characters of a 统一社会信用代码 (no I, O, S, V, Z). */
static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int yd_uscc_valid(const char *s)
{
	static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
	static const int ow[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0, osum = 0;

	if (strlen(s) != 18)
		return 0;
	for (int i = 0; i < 18; i++) {
		const char *p = s[i] ? strchr(uscc_chars, s[i]) : NULL;
		if (!p)
			return 0;
		if (i < 17)
			sum += (int)(p - uscc_chars) * w[i];
	}
	int check = 31 - sum % 31;
	if (uscc_chars[check == 31 ? 0 : check] != s[17])
		return 0;
	/* GB 11714: the organisation code, positions 9-16 and its digit at 17;
	 * a letter counts as 10 + its place in the alphabet */
	for (int i = 0; i < 8; i++) {
		char c = s[8 + i];
		osum += (c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10) * ow[i];
	}
	int oc = 11 - osum % 11;
	char ochar = oc == 10 ? 'X' : oc == 11 ? '0' : (char)('0' + oc);
	return s[16] == ochar;
}

/* GB 11643: a resident identity number, 17 digits and an ISO 7064 MOD 11-2 digit. */
static int resident_valid(const char *s)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char digit[] = "10X98765432";
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		sum += (s[i] - '0') * w[i];
	}
	return s[17] == digit[sum % 11];
}

enum yd_party_id_kind yd_party_id_norm(const char *s, char *out, size_t outsz, const char **why)
{
	char buf[MAX_FIELD];
	size_t n = 0;

	if (outsz)
		out[0] = '\0';
	if (!*s)
		return YD_PID_NONE; /* most rows: no copy */
	snprintf(buf, sizeof buf, "%s", s);
	yd_text_fold(buf);
	for (const char *c = buf; *c; c++) {
		if (*c == ' ' || *c == '\t' || *c == '-')
			continue;
		if (n + 1 >= outsz) {
			out[0] = '\0';
			return YD_PID_OTHER;
		}
		out[n++] = *c >= 'a' && *c <= 'z' ? (char)(*c - 'a' + 'A') : *c;
	}
	out[n] = '\0';
	if (n == 0)
		return YD_PID_NONE;
	if (n != 18)
		return YD_PID_OTHER;
	if (yd_uscc_valid(out))
		return YD_PID_USCC;
	if (resident_valid(out))
		return YD_PID_RESIDENT;
	fail(why, "统一社会信用代码 or 身份证号 with a wrong check digit");
	return YD_PID_BAD;
}

void yd_party_name_norm(const char *s, char *out, size_t outsz)
{
	static const char llc[] = "有限责任公司", ltd[] = "有限公司";
	char buf[MAX_FIELD];
	size_t n = 0;

	if (!outsz)
		return;
	snprintf(buf, sizeof buf, "%s", s);
	yd_text_fold(buf);
	for (const char *c = buf; *c && n + 1 < outsz;) {
		if (*c == ' ' || *c == '\t') {
			c++;
			continue;
		}
		if (strncmp(c, llc, sizeof llc - 1) == 0 && n + sizeof ltd < outsz) {
			memcpy(out + n, ltd, sizeof ltd - 1);
			n += sizeof ltd - 1;
			c += sizeof llc - 1;
			continue;
		}
		out[n++] = *c >= 'a' && *c <= 'z' ? (char)(*c - 'a' + 'A') : *c;
		c++;
	}
	out[n] = '\0';
}

int yd_parse_currency(const char *s, char code[4])
{
	for (int i = 0; i < 3; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			return -1;
		code[i] = c;
	}
	code[3] = '\0';
	return s[3] ? -1 : 0;
}
