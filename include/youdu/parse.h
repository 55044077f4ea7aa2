/* parse.h - normalisers for the messy values of penalty exports.
 *
 * Pure functions: they read a NUL-terminated string and fill an out-value.
 * On failure they return YD_EUSAGE and set *why (may be NULL) to a static
 * lowercase reason such as "negative amount".  Inputs are never modified. */
#ifndef YOUDU_PARSE_H
#define YOUDU_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* Declared discretion tier (裁量阶次).  The order is stored in the database. */
enum yd_tier {
	YD_TIER_UNKNOWN = 0, /* not declared */
	YD_TIER_NONE,        /* 不予处罚 / 免予处罚 */
	YD_TIER_MITIGATED,   /* 减轻 */
	YD_TIER_LENIENT,     /* 从轻 */
	YD_TIER_GENERAL,     /* 一般 */
	YD_TIER_SEVERE,      /* 从重 / 加重 */
	YD_TIER_COUNT
};

/* Party type (当事人类型). */
enum yd_party {
	YD_PARTY_UNKNOWN = 0,
	YD_PARTY_INDIVIDUAL,  /* 个人 / 自然人 */
	YD_PARTY_ENTERPRISE,  /* 单位 / 企业 / 公司 */
	YD_PARTY_SOLE_TRADER, /* 个体工商户: kept apart, grouped with enterprises by peers */
	YD_PARTY_COUNT
};

/* Money: "5000", "5,000.00", "5万元", "0.5万", "1.2亿", "伍仟元整", "五千元",
 * "５０００", "￥5000", "人民币5000元".  *fen is the amount in fen (1/100 yuan).
 * Negative, unparsable, finer than a fen, or above 10^13 yuan is an error. */
int yd_parse_amount(const char *s, int64_t *fen, const char **why);

/* A multiple of a base for catalogue ranges: "3", "0.05", "5%", "3倍".
 * *ppm is the multiple in millionths (3 -> 3000000, 5% -> 50000). */
int yd_parse_ratio(const char *s, int64_t *ppm, const char **why);

/* Dates: "2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "20240305",
 * full-width digits, an optional trailing time.  *ymd = 20240305.  Also
 * everything yd_parse_date_opts reads with the order and calendar AUTO,
 * except that an ambiguous 03/05/2024 is an error. */
int yd_parse_date(const char *s, int32_t *ymd, const char **why);

/* How to read a/b/yyyy (and a/b/yy). */
enum yd_date_order { YD_ORDER_AUTO = 0, YD_ORDER_MDY, YD_ORDER_DMY, YD_ORDER_YMD };
/* Which years: AUTO reads 1-3 digit years before 年, after 民國, and of
 * yyy/mm/dd and yyymmdd as ROC (民国) years, year + 1911. */
enum yd_calendar { YD_CAL_AUTO = 0, YD_CAL_GREGORIAN, YD_CAL_ROC };

/* What yd_parse_date_opts noticed (bits of *flags). */
enum {
	YD_DATE_NO_DAY = 1,     /* a month without a day (2014-09, 2014年9月): stored yyyymm00 */
	YD_DATE_MDY = 2,        /* a/b/yyyy that can only be month first (b > 12) */
	YD_DATE_DMY = 4,        /* a/b/yyyy that can only be day first (a > 12) */
	YD_DATE_AMBIGUOUS = 8,  /* a/b/yyyy with a, b <= 12 and different, order AUTO: failed */
	YD_DATE_SERIAL = 16,    /* an Excel serial number (5 digits, 1927 to 2173) */
	YD_DATE_ROC = 32,       /* a ROC year */
	YD_DATE_NO_MONTH = 64,  /* a year alone (2021, 2021年): stored yyyy0000 */
};

/* Reads a date as yd_parse_date does, and also: a/b/yyyy, a-b-yyyy, a.b.yyyy
 * and a/b/yy (yy < 50 is 20yy) in the given order, or when AUTO in the only
 * order its values allow; 2014-09, 2014年9月 (known to the month: *ymd is
 * yyyymm00), 2021, 2021年 (known to the year: yyyy0000); Chinese numerals
 * (二〇二三年十二月三十一日); ROC years (113年7月1日, 民國113年7月1日,
 * 113/07/01, 1130701); Excel serials (45292, 45292.5).  Years 1900 to 9999.
 * *flags (may be NULL) receives YD_DATE_* bits, also on failure. */
int yd_parse_date_opts(const char *s, enum yd_date_order order, enum yd_calendar cal, int32_t *ymd,
		       unsigned *flags, const char **why);

/* "mdy", "dmy", "ymd" / "gregorian", "roc"; 0 or YD_EUSAGE. */
int yd_date_order_parse(const char *s, enum yd_date_order *o);
int yd_calendar_parse(const char *s, enum yd_calendar *c);

/* A data-quality warning about a valid date, or NULL: "placeholder date"
 * (1900-01-01, 1970-01-01, 9999-12-31), "date before 1990", "date after
 * today" (today as yyyymmdd).  The returned string is static. */
const char *yd_date_warning(int32_t ymd, int32_t today);

/* Tier words (Chinese or English); the empty string is YD_TIER_UNKNOWN. */
int yd_parse_tier(const char *s, enum yd_tier *tier);

/* Party words (Chinese or English); the empty string is YD_PARTY_UNKNOWN. */
int yd_parse_party(const char *s, enum yd_party *party);
/* A currency as an ISO 4217 code: three ASCII letters ("twd" -> "TWD") into
 * code (4 bytes); returns 0 or -1. */
int yd_parse_currency(const char *s, char code[4]);

/* A party's identifier (当事人证件号码): what yd_party_id_norm found. */
enum yd_party_id_kind {
	YD_PID_NONE = 0, /* empty */
	YD_PID_USCC,     /* 统一社会信用代码 with both check digits right */
	YD_PID_RESIDENT, /* 身份证号: 17 digits and the ISO 7064 MOD 11-2 digit right */
	YD_PID_OTHER,    /* another form (a 15-digit registration number...): kept as written */
	YD_PID_BAD       /* 18 characters that are neither: a wrong check digit */
};
/* Normalises a party identifier into out (full-width folded, spaces and '-'
 * removed, ASCII upper-cased) and returns its kind; for YD_PID_BAD *why
 * (may be NULL) gets a static reason.  out is "" when it does not fit. */
enum yd_party_id_kind yd_party_id_norm(const char *s, char *out, size_t outsz, const char **why);
/* 1 when the 18-character code s has a right GB 32100-2015 check digit
 * (position 18) and a right GB 11714 digit of the organisation code it
 * embeds (positions 9-17), else 0. */
int yd_uscc_valid(const char *s);
/* A party's name for matching by name (--party-match name), into out: full-width
 * folded, white space dropped, ASCII upper-cased, 有限责任公司 written
 * 有限公司.  Nothing else is changed. */
void yd_party_name_norm(const char *s, char *out, size_t outsz);

/* Region path: components separated by '/', '\' or '／', each trimmed,
 * empty ones dropped; written to out (NUL-terminated). */
int yd_parse_region(const char *s, char *out, size_t outsz, const char **why);

/* Canonical names; the returned strings are static. */
const char *yd_tier_name(enum yd_tier t);    /* "lenient", "" for unknown */
const char *yd_tier_zh(enum yd_tier t);      /* "从轻", "" for unknown */
const char *yd_party_name(enum yd_party p);  /* "enterprise", "" for unknown */
const char *yd_party_zh(enum yd_party p);

/* Days since 1970-01-01 of a valid yyyymmdd date. */
int32_t yd_date_days(int32_t ymd);
/* The yyyymmdd date of a day count since 1970-01-01. */
int32_t yd_date_from_days(int32_t days);

/* Number of '/'-separated components of a region path. */
int yd_region_depth(const char *path);

#endif
