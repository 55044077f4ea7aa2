#include "youdu/parse.h"

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
	return strncmp(s, pre, strlen(pre)) == 0;
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

static const char *const currency_prefix[] = {"人民币", "RMB", "rmb", "CNY", "\xEF\xBF\xA5" /* ￥ */,
					      "\xC2\xA5" /* ¥ */, "$"};
static const char *const currency_suffix[] = {"元整", "圆整", "元", "圆", "整", "RMB", "CNY"};

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
			if (d->value == 10000)
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

/* Decimal "5,000.25" into mantissa and decimal scale; returns chars used or -1. */
static int parse_decimal(const char *s, int64_t *mant, int *scale)
{
	const char *p = s;
	int64_t m = 0;
	int digits = 0, group = -1, sc = 0, seen_comma = 0;

	for (; (*p >= '0' && *p <= '9') || *p == ','; p++) {
		if (*p == ',') {
			if (digits == 0 || (seen_comma && group != 3) || (!seen_comma && digits > 3))
				return -1;
			seen_comma = 1;
			group = 0;
			continue;
		}
		if (++digits > 17)
			return -1;
		m = m * 10 + (*p - '0');
		if (seen_comma)
			group++;
	}
	if (seen_comma && group != 3)
		return -1;
	if (*p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (++digits > 17)
				return -1;
			m = m * 10 + (*p - '0');
			sc++;
		}
	}
	if (digits == 0)
		return -1;
	*mant = m;
	*scale = sc;
	return (int)(p - s);
}

static const int64_t pow10_tab[] = {1,          10,          100,          1000,          10000,
				    100000,     1000000,     10000000,     100000000,     1000000000,
				    10000000000, 100000000000, 1000000000000, 10000000000000,
				    100000000000000, 1000000000000000, 10000000000000000,
				    100000000000000000};

#define MAX_YUAN 10000000000000LL /* 10^13 yuan: beyond any real fine */

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
		int scale;
		int used = parse_decimal(s, &mant, &scale);
		if (used < 0)
			return fail(why, "not a number");
		char *rest = skip_spaces(s + used);
		if (starts(rest, "万"))
			mult = 10000, rest += strlen("万");
		else if (starts(rest, "亿"))
			mult = 100000000, rest += strlen("亿");
		else if (starts(rest, "千"))
			mult = 1000, rest += strlen("千");
		rest = skip_spaces(rest);
		if (*rest)
			return fail(why, "unexpected text after number");
		/* fen = mant * mult * 100 / 10^scale, exactly */
		int64_t num;
		if (__builtin_mul_overflow(mant, mult * 100, &num))
			return fail(why, "amount too large");
		if (num % pow10_tab[scale] != 0)
			return fail(why, "amount finer than one fen");
		num /= pow10_tab[scale];
		if (num > MAX_YUAN * 100)
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
	int scale;

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
	int used = parse_decimal(buf, &mant, &scale);
	if (used < 0 || (size_t)used != n)
		return fail(why, "not a number");
	int64_t num;
	if (scale > 12 || __builtin_mul_overflow(mant, mult, &num))
		return fail(why, "multiple too large");
	if (num % pow10_tab[scale] != 0)
		return fail(why, "multiple finer than one millionth");
	*ppm = num / pow10_tab[scale];
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

static int read_int(const char **p, int maxdigits, int *out)
{
	int v = 0, k = 0;
	while (**p >= '0' && **p <= '9' && k < maxdigits) {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	if (**p >= '0' && **p <= '9')
		return -1;
	*out = v;
	return k;
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

int yd_parse_date(const char *in, int32_t *ymd, const char **why)
{
	char buf[MAX_FIELD];
	const char *p;
	int y, m, d;

	if (folded_copy(in, buf) < 0)
		return fail(why, "date too long");
	if (!buf[0])
		return fail(why, "empty date");
	p = buf;
	if (strspn(buf, "0123456789") == 8 && time_tail_ok(buf + 8)) {
		y = (buf[0] - '0') * 1000 + (buf[1] - '0') * 100 + (buf[2] - '0') * 10 + (buf[3] - '0');
		m = (buf[4] - '0') * 10 + (buf[5] - '0');
		d = (buf[6] - '0') * 10 + (buf[7] - '0');
	} else {
		if (read_int(&p, 4, &y) != 4)
			return fail(why, "unrecognised date");
		const char *sep2;
		if (*p == '-' || *p == '/' || *p == '.') {
			char c = *p++;
			sep2 = c == '-' ? "-" : c == '/' ? "/" : ".";
		} else if (starts(p, "年")) {
			p += strlen("年");
			sep2 = "月";
		} else {
			return fail(why, "unrecognised date");
		}
		if (read_int(&p, 2, &m) < 1 || !starts(p, sep2))
			return fail(why, "unrecognised date");
		p += strlen(sep2);
		if (read_int(&p, 2, &d) < 1)
			return fail(why, "unrecognised date");
		if (starts(sep2, "月")) {
			if (starts(p, "日"))
				p += strlen("日");
			else if (starts(p, "号"))
				p += strlen("号");
		}
		if (!time_tail_ok(p))
			return fail(why, "unrecognised date");
	}
	if (y < 1900 || y > 2199)
		return fail(why, "year out of range");
	if (m < 1 || m > 12)
		return fail(why, "impossible month");
	if (d < 1 || d > days_in_month(y, m))
		return fail(why, "impossible day");
	*ymd = y * 10000 + m * 100 + d;
	return YD_OK;
}

int32_t yd_date_days(int32_t ymd)
{
	/* days from civil (Howard Hinnant's algorithm) */
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
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
