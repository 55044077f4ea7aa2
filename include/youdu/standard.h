/* standard.h - reads the fine standard (处罚标准) of a discretion table.
 *
 * A published 裁量基准 gives the fine as a sentence: 处五千元以上三万元以下
 * 罚款; 并处货值金额二倍以上五倍以下的罚款; 对个人处…，对单位处…; 有违法所得
 * 的…；没有违法所得的…; 不予行政处罚.  yd_std_read turns one such sentence
 * into ranges, one per (party, branch on the base, alternative).  What it
 * cannot read for certain (按日连续处罚, formulas, references to an annex,
 * thresholds and conditions it does not understand, amounts it cannot
 * place) is marked needs_review with the reason; it never guesses.
 *
 * Pure: no allocation, no I/O.  The grammar is listed in docs/FORMATS.md. */
#ifndef YOUDU_STANDARD_H
#define YOUDU_STANDARD_H

#include <stddef.h>
#include <stdint.h>

/* Whom a range is for.  The order is stored in the database. */
enum yd_std_party { YD_STD_ANY = 0, YD_STD_INDIVIDUAL, YD_STD_ENTERPRISE, YD_STD_PARTY_COUNT };
/* Which branch on the base a range belongs to (有/没有违法所得的). */
enum yd_std_cond { YD_STD_ALWAYS = 0, YD_STD_WITH_BASE, YD_STD_WITHOUT_BASE, YD_STD_COND_COUNT };
/* fixed: bounds in fen; multiple: bounds in ppm of the named base; none: no fine allowed. */
enum yd_std_kind { YD_STD_FIXED = 0, YD_STD_MULTIPLE, YD_STD_NOFINE, YD_STD_KIND_COUNT };

#define YD_STD_NO_CAP (-1)
#define YD_STD_MAX_RANGES 16
#define YD_STD_BASE_MAX 96
#define YD_STD_WHY_MAX 192

struct yd_std_range {
	enum yd_std_party party;
	enum yd_std_cond cond;
	enum yd_std_kind kind;
	char base[YD_STD_BASE_MAX]; /* the base as named (货值金额, 违法所得…); "" unless multiple */
	int64_t lo, hi;             /* fen (fixed) or ppm of the base (multiple); 0, 0 for none */
	int64_t cap;                /* fen: a multiple's fine is at most this; YD_STD_NO_CAP */
};

/* A sentence read.  Ranges with the same party and branch are
 * alternatives: a fine is lawful when it lies within any of them. */
struct yd_std {
	int needs_review;          /* 1: not read; n is 0 and why says why */
	char why[YD_STD_WHY_MAX];  /* lowercase reason, "" when read */
	size_t n;                  /* ranges read */
	struct yd_std_range r[YD_STD_MAX_RANGES];
};

/* Reads text (UTF-8; full-width forms and stray spaces are fine) into out.
 * Returns 0 when read, 1 when it needs review (out->why says why). */
int yd_std_read(const char *text, struct yd_std *out);

/* Canonical names (static strings): "any", "individual", "enterprise";
 * "", "with_base", "without_base"; "fixed", "multiple", "none". */
const char *yd_std_party_name(enum yd_std_party p);
const char *yd_std_cond_name(enum yd_std_cond c);
const char *yd_std_kind_name(enum yd_std_kind k);

/* Writes a range as "party,cond,kind,base,min,max,cap" with amounts in
 * yuan and multiples as decimals (5 % -> 0.05), the way tests and
 * `catalogue list` show it; empty cap when there is none. */
void yd_std_format(const struct yd_std_range *r, char *buf, size_t n);

/* Writes a bound: fen as yuan ("5000.00"), ppm as a decimal ("0.05"). */
void yd_std_format_bound(enum yd_std_kind kind, int64_t v, char *buf, size_t n);

#endif
