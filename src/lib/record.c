#include "youdu/record.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/buf.h"
#include "youdu/text.h"

struct alias {
	const char *name;
	enum yd_field field;
};

/* Canonical names first (yd_field_name reads the first entry of each field),
 * then the Chinese alias shown in messages, then the variants. */
static const struct alias aliases[] = {
    {"case_id", YD_F_CASE_ID},          {"decision_date", YD_F_DATE},       {"region", YD_F_REGION},
    {"agency", YD_F_AGENCY},            {"violation_code", YD_F_VCODE},     {"violation_name", YD_F_VNAME},
    {"party_type", YD_F_PARTY},         {"tier", YD_F_TIER},                {"fine", YD_F_FINE},
    {"base_amount", YD_F_BASE},         {"currency", YD_F_CURRENCY},     {"penalty_basis", YD_F_BASIS},
    {"party_id", YD_F_PARTY_ID},        {"party_name", YD_F_PARTY_NAME},

    {"决定书文号", YD_F_CASE_ID},       {"决定日期", YD_F_DATE},            {"地区", YD_F_REGION},
    {"执法机关", YD_F_AGENCY},          {"违法行为编码", YD_F_VCODE},       {"违法行为", YD_F_VNAME},
    {"当事人类型", YD_F_PARTY},         {"裁量阶次", YD_F_TIER},            {"罚款金额", YD_F_FINE},
    {"基数金额", YD_F_BASE},            {"币种", YD_F_CURRENCY},         {"处罚依据", YD_F_BASIS},
    {"统一社会信用代码", YD_F_PARTY_ID}, {"当事人名称", YD_F_PARTY_NAME},

    {"处罚决定书文号", YD_F_CASE_ID},   {"行政处罚决定书文号", YD_F_CASE_ID}, {"文书号", YD_F_CASE_ID},
    {"案件编号", YD_F_CASE_ID},         {"案号", YD_F_CASE_ID},             {"case_no", YD_F_CASE_ID},
    {"case id", YD_F_CASE_ID},          {"处罚决定日期", YD_F_DATE},        {"处罚日期", YD_F_DATE},
    {"作出处罚决定日期", YD_F_DATE},    {"决定时间", YD_F_DATE},            {"date", YD_F_DATE},
    {"区域", YD_F_REGION},              {"行政区划", YD_F_REGION},          {"所属地区", YD_F_REGION},
    {"所属区域", YD_F_REGION},          {"执法单位", YD_F_AGENCY},          {"处罚机关", YD_F_AGENCY},
    {"执法主体", YD_F_AGENCY},          {"实施机关", YD_F_AGENCY},          {"处罚事项编码", YD_F_VCODE},
    {"事项编码", YD_F_VCODE},           {"违法行为代码", YD_F_VCODE},       {"code", YD_F_VCODE},
    {"违法行为名称", YD_F_VNAME},       {"处罚事项", YD_F_VNAME},           {"事项名称", YD_F_VNAME},
    {"案由", YD_F_VNAME},               {"当事人性质", YD_F_PARTY},         {"主体类型", YD_F_PARTY},
    {"party", YD_F_PARTY},              {"裁量等级", YD_F_TIER},            {"裁量档次", YD_F_TIER},
    {"处罚阶次", YD_F_TIER},            {"处罚金额", YD_F_FINE},            {"罚没金额", YD_F_FINE},
    {"罚款", YD_F_FINE},                {"罚款数额", YD_F_FINE},            {"罚款金额(元)", YD_F_FINE},
    {"罚款金额（元）", YD_F_FINE},      {"amount", YD_F_FINE},              {"基数", YD_F_BASE},
    {"货值金额", YD_F_BASE},            {"工程造价", YD_F_BASE},            {"base", YD_F_BASE},
    {"货币", YD_F_CURRENCY},            {"币别", YD_F_CURRENCY},         {"處罰依據", YD_F_BASIS},
    {"裁处依据", YD_F_BASIS},           {"裁處依據", YD_F_BASIS},
    {"社会信用代码", YD_F_PARTY_ID},    {"当事人证件号码", YD_F_PARTY_ID},  {"证件号码", YD_F_PARTY_ID},
    {"身份证号", YD_F_PARTY_ID},        {"身份证号码", YD_F_PARTY_ID},      {"行政相对人代码", YD_F_PARTY_ID},
    {"当事人", YD_F_PARTY_NAME},        {"当事人姓名", YD_F_PARTY_NAME},    {"行政相对人名称", YD_F_PARTY_NAME},
    {"被处罚人", YD_F_PARTY_NAME},
};

const char *yd_field_name(enum yd_field f)
{
	return (unsigned)f < YD_F_COUNT ? aliases[f].name : "";
}

const char *yd_field_zh(enum yd_field f)
{
	return (unsigned)f < YD_F_COUNT ? aliases[YD_F_COUNT + f].name : "";
}

/* Folds a header cell into buf: widths folded, trimmed, variant characters
 * to one form (臺 as 台), ASCII lowercased. */
static void fold_header(const char *s, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%s", s);
	yd_name_fold(buf);
	for (char *c = buf; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
}

int yd_field_lookup(const char *header, enum yd_field *f)
{
	char buf[256];
	fold_header(header, buf, sizeof buf);
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcmp(buf, aliases[i].name) == 0 || yd_name_equal(buf, aliases[i].name)) {
			*f = aliases[i].field;
			return 0;
		}
	return -1;
}

/* ---- column maps ---- */

struct map_ctx {
	struct yd_colmap *m;
	const char *path;
};

static int map_row(void *data, const struct yd_csv_row *row, struct yd_error *err)
{
	struct map_ctx *c = data;
	enum yd_field f;

	if (row->n != 2)
		return yd_error_set(err, YD_EINPUT, "%s:%ld: a mapping row has 2 fields (source column, field), not %zu",
				    c->path, row->line, row->n);
	char *factor = NULL;
	char tgt[256];
	fold_header(row->fields[1], tgt, sizeof tgt);
	if (strncmp(tgt, "factor:", 7) == 0) {
		/* a peer factor: the name as written after factor: */
		const char *name = row->fields[1] + 7;
		char nm[256];
		snprintf(nm, sizeof nm, "%s", name);
		yd_text_fold(nm);
		if (!nm[0] || strchr(nm, '=') || strstr(nm, YD_CONTEXT_SEP))
			return yd_error_set(err, YD_EINPUT, "%s:%ld: a factor needs a name without '=': factor:NAME, not '%s'",
					    c->path, row->line, row->fields[1]);
		factor = yd_xstrdup(nm);
		f = YD_F_FACTOR;
	} else if (yd_field_lookup(row->fields[1], &f) < 0) {
		if (row->line == 1)
			return 0; /* a title row such as "source,field" */
		return yd_error_set(err, YD_EINPUT, "%s:%ld: unknown field '%s'", c->path, row->line, row->fields[1]);
	}
	char buf[256];
	fold_header(row->fields[0], buf, sizeof buf);
	/* one source column may feed several fields (a county column gives
	 * both the case id and the region: issue 25.3); the same mapping twice
	 * is one */
	for (size_t i = 0; i < c->m->n; i++)
		if (strcmp(c->m->src[i], buf) == 0 && c->m->dst[i] == f &&
		    (f != YD_F_FACTOR || strcmp(c->m->factor[i], factor) == 0)) {
			free(factor);
			return 0;
		}
	c->m->src = yd_xrealloc(c->m->src, (c->m->n + 1) * sizeof *c->m->src);
	c->m->dst = yd_xrealloc(c->m->dst, (c->m->n + 1) * sizeof *c->m->dst);
	c->m->factor = yd_xrealloc(c->m->factor, (c->m->n + 1) * sizeof *c->m->factor);
	c->m->src[c->m->n] = yd_xstrdup(buf);
	c->m->dst[c->m->n] = f;
	c->m->factor[c->m->n] = factor;
	c->m->n++;
	return 0;
}

int yd_colmap_load(const char *path, struct yd_colmap *m, struct yd_error *err)
{
	struct map_ctx c = {m, path};
	return yd_csv_read(path, YD_ENC_AUTO, map_row, &c, NULL, err);
}

void yd_colmap_release(struct yd_colmap *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->src[i]);
		free(m->factor[i]);
	}
	free(m->src);
	free(m->dst);
	free(m->factor);
	m->n = 0;
	m->src = NULL;
	m->dst = NULL;
	m->factor = NULL;
}

/* ---- headers ---- */

/* Units an amount column's header may state (罚款金额（万元）, as 信用中国's
 * 双公示 exports write it), folded: the full-width parentheses are ASCII. */
static const struct {
	const char *suffix;
	const char *unit; /* appended to a plain number of the column */
} header_units[] = {{"(万元)", "万"}, {"(千元)", "千"}, {"(亿元)", "亿"}, {"(元)", NULL}};

/* The field a folded header cell names through map or an alias, or -1;
 * *mapk the map entry that named it (-1: an alias), *unit its unit. */
static int header_field(const char *folded, const struct yd_colmap *map, int *mapk, const char **unit)
{
	enum yd_field f;
	*mapk = -1;
	*unit = NULL;
	for (size_t k = 0; map && k < map->n; k++)
		if (strcmp(map->src[k], folded) == 0) {
			*mapk = (int)k;
			return (int)map->dst[k];
		}
	if (yd_field_lookup(folded, &f) == 0)
		return (int)f;
	size_t n = strlen(folded);
	for (size_t u = 0; u < sizeof header_units / sizeof *header_units; u++) {
		size_t k = strlen(header_units[u].suffix);
		char base[256];
		if (n <= k || n - k >= sizeof base || strcmp(folded + n - k, header_units[u].suffix) != 0)
			continue;
		memcpy(base, folded, n - k);
		base[n - k] = '\0';
		int fld = header_field(base, map, mapk, unit);
		if (fld == YD_F_FINE || fld == YD_F_BASE) {
			*unit = header_units[u].unit;
			return fld;
		}
	}
	return -1;
}


/* Adds mapk's column i to its place among the n columns of a field that
 * several columns give (cols, in map order ks); -1 when full. */
static int add_multi(int *cols, int *ks, int *n, int mapk, int i)
{
	if (*n == YD_REGION_COLS)
		return -1;
	int j = (*n)++;
	for (; j > 0 && ks[j - 1] > mapk; j--) {
		ks[j] = ks[j - 1];
		cols[j] = cols[j - 1];
	}
	ks[j] = mapk;
	cols[j] = i;
	return 0;
}

/* Column i gives field found (-1: none; through map entry mapk, or -1 an
 * alias; unit its header's unit). */
static int header_add(struct yd_header *h, const struct yd_csv_row *row, size_t i, int found, int mapk,
		      const char *unit, const struct yd_colmap *map, int *region_k, int *case_k, struct yd_buf *ign,
		      const char *path, struct yd_error *err)
{
	char where[512];
	if (found == YD_F_REGION && mapk >= 0 && (h->nregion == 0 || region_k[0] >= 0)) {
		/* 省, 市, 县 columns mapped to region: joined in map order */
		if (add_multi(h->region_col, region_k, &h->nregion, mapk, (int)i) < 0)
			return yd_error_set(err, YD_EINPUT, "%s: more than %d columns give region",
					    yd_csv_where(path, row, where, sizeof where), YD_REGION_COLS);
		h->col[YD_F_REGION] = h->region_col[0];
		return 0;
	}
	if (found == YD_F_CASE_ID && mapk >= 0 && (h->ncase == 0 || case_k[0] >= 0)) {
		/* 縣市, 處分書文號: a number unique within its county (issue 25.3) */
		if (add_multi(h->case_col, case_k, &h->ncase, mapk, (int)i) < 0)
			return yd_error_set(err, YD_EINPUT, "%s: more than %d columns give case_id",
					    yd_csv_where(path, row, where, sizeof where), YD_REGION_COLS);
		h->col[YD_F_CASE_ID] = h->case_col[0];
		return 0;
	}
	if (found == YD_F_FACTOR) {
		if (h->nfactor == YD_FACTOR_COLS)
			return yd_error_set(err, YD_EINPUT, "%s: more than %d columns are peer factors",
					    yd_csv_where(path, row, where, sizeof where), YD_FACTOR_COLS);
		h->factor_col[h->nfactor] = (int)i;
		h->factor_name[h->nfactor++] = map->factor[mapk];
		return 0;
	}
	if (found < 0) {
		if (ign->len)
			yd_buf_addstr(ign, ", ");
		yd_buf_addstr(ign, row->fields[i][0] ? row->fields[i] : "(empty)");
		return 0;
	}
	if (h->col[found] >= 0)
		return yd_error_set(err, YD_EINPUT, "%s: columns %d and %zu both give %s",
				    yd_csv_where(path, row, where, sizeof where), h->col[found] + 1, i + 1,
				    yd_field_name((enum yd_field)found));
	h->col[found] = (int)i;
	h->unit[found] = unit;
	if (found == YD_F_REGION) {
		region_k[0] = -1;
		h->region_col[0] = (int)i;
		h->nregion = 1;
	}
	if (found == YD_F_CASE_ID) {
		case_k[0] = -1;
		h->case_col[0] = (int)i;
		h->ncase = 1;
	}
	return 0;
}

int yd_header_init(struct yd_header *h, const struct yd_csv_row *row, const struct yd_colmap *map,
		   unsigned required, const char *path, struct yd_error *err)
{
	struct yd_buf ign = YD_BUF_INIT;
	char where[512];
	int rc = 0;

	memset(h, 0, sizeof *h);
	for (int f = 0; f < YD_F_COUNT; f++)
		h->col[f] = -1;
	h->ncols = row->n;
	int region_k[YD_REGION_COLS], case_k[YD_REGION_COLS];
	for (size_t i = 0; i < row->n; i++) {
		char buf[256];
		const char *unit;
		int mapk, nfound = 0;
		fold_header(row->fields[i], buf, sizeof buf);
		/* every map entry naming the column, else its alias */
		for (size_t k = 0; map && k <= map->n; k++) {
			int found;
			if (k < map->n) {
				if (strcmp(map->src[k], buf) != 0)
					continue;
				found = (int)map->dst[k];
				mapk = (int)k;
				unit = NULL;
			} else if (nfound) {
				break;
			} else {
				found = header_field(buf, map, &mapk, &unit);
			}
			nfound++;
			if ((rc = header_add(h, row, i, found, mapk, unit, map, region_k, case_k, &ign, path, err)) < 0)
				goto out;
		}
		if (!map) {
			/* header_field sets mapk and unit: called before they are read */
			int found = header_field(buf, NULL, &mapk, &unit);
			if ((rc = header_add(h, row, i, found, mapk, unit, map, region_k, case_k, &ign, path, err)) < 0)
				goto out;
		}
	}
	for (int f = 0; f < YD_F_COUNT; f++)
		if ((required & (1u << f)) && h->col[f] < 0) {
			rc = yd_error_set(err, YD_EINPUT, "%s: missing required column %s (%s)", yd_csv_where(path, row, where, sizeof where),
					  yd_field_name((enum yd_field)f), yd_field_zh((enum yd_field)f));
			goto out;
		}
	if (ign.len)
		h->ignored = yd_buf_detach(&ign);
out:
	yd_buf_release(&ign);
	return rc;
}

int yd_header_score(const struct yd_csv_row *row, const struct yd_colmap *map)
{
	int n = 0;
	for (size_t i = 0; i < row->n; i++) {
		char buf[256];
		const char *unit;
		int mapk;
		fold_header(row->fields[i], buf, sizeof buf);
		n += header_field(buf, map, &mapk, &unit) >= 0;
	}
	return n;
}

void yd_header_release(struct yd_header *h)
{
	free(h->ignored);
	h->ignored = NULL;
}

/* ---- rows ---- */

static int why_set(char *why, size_t whysz, const char *fmt, ...) YD_PRINTF(3, 4);
static int why_set(char *why, size_t whysz, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whysz, fmt, ap);
	va_end(ap);
	return YD_EUSAGE;
}

/* Cells that stand for no value (issue 25.4): read as missing, with a
 * warning, never as a region, a name or a code. */
static const char *const placeholders[] = {"暂无", "无", "-", "--", "—", "/", "n/a", "na", "null", "[]", "空"};

static int ascii_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		if (x != *b)
			return 0;
	}
	return *a == *b;
}

/* The longest placeholder in bytes ("暂无"): a longer cell is none. */
#define PLACEHOLDER_MAX 6

static int placeholder(const char *s)
{
	/* most cells are longer: the first bytes tell without a strlen */
	if (strnlen(s, PLACEHOLDER_MAX + 1) > PLACEHOLDER_MAX)
		return 0;
	char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
	for (size_t i = 0; i < sizeof placeholders / sizeof *placeholders; i++)
		if (placeholders[i][0] == c && ascii_ieq(s, placeholders[i])) /* the first byte tells most */
			return 1;
	return 0;
}

enum { CELL_AS_IS, CELL_PLACEHOLDER, CELL_LIST1, CELL_LISTN };

/* Reads a folded cell that is a placeholder or a list as a Python or JSON
 * export writes it (['Boston'], ["a", "b"], []): a placeholder or an empty
 * list is emptied, a one-element list becomes its element (in place). */
static int clean_cell(char *s)
{
	size_t n = strlen(s);
	if (placeholder(s)) {
		s[0] = '\0';
		return CELL_PLACEHOLDER;
	}
	if (n < 2 || s[0] != '[' || s[n - 1] != ']')
		return CELL_AS_IS;
	char *in = s + 1;
	size_t k = n - 2;
	while (k && *in == ' ')
		in++, k--;
	while (k && in[k - 1] == ' ')
		k--;
	if (k == 0) {
		s[0] = '\0';
		return CELL_PLACEHOLDER;
	}
	char q = in[0];
	if ((q != '\'' && q != '"') || k < 2 || in[k - 1] != q)
		return CELL_AS_IS;
	for (size_t i = 1; i + 1 < k; i++)
		if (in[i] == q)
			return CELL_LISTN; /* 'a', 'b' */
	memmove(s, in + 1, k - 2);
	s[k - 2] = '\0';
	return s[0] ? CELL_LIST1 : CELL_PLACEHOLDER;
}

/* Cleans a folded cell of field f; notes the row's first warning in rec.
 * Returns -1 (with why) for a list of several values. */
static int clean_field(char *s, enum yd_field f, struct yd_record *rec, char *why, size_t whysz)
{
	char was[256];
	/* most cells are neither a list nor a placeholder: those are not copied */
	if (s[0] != '[' && !placeholder(s))
		return 0;
	snprintf(was, sizeof was, "%s", s);
	int k = clean_cell(s);
	if (k == CELL_LISTN)
		return why_set(why, whysz, "%s '%s' is a list of several values", yd_field_name(f), was);
	if (k != CELL_AS_IS && !rec->warn[0]) {
		snprintf(rec->warn, sizeof rec->warn, k == CELL_PLACEHOLDER ? "placeholder %s read as missing"
								     : "one-element list in %s read as its element",
			 yd_field_name(f));
		snprintf(rec->warn_value, sizeof rec->warn_value, "%s", was);
	}
	return 0;
}

/* Why a required field f is missing: "missing region (placeholder '暂无')". */
static int missing(const struct yd_record *rec, enum yd_field f, char *why, size_t whysz)
{
	const char *name = yd_field_name(f);
	size_t n = strlen(name);
	if (strncmp(rec->warn, "placeholder ", 12) == 0 && strncmp(rec->warn + 12, name, n) == 0 &&
	    rec->warn[12 + n] == ' ')
		return why_set(why, whysz, "missing %s (placeholder '%s')", name, rec->warn_value);
	return why_set(why, whysz, "missing %s", name);
}

/* The folded cell of field f, or "" when the column is absent. */
static const char *cell(const struct yd_header *h, const struct yd_csv_row *row, enum yd_field f)
{
	if (h->col[f] < 0)
		return "";
	char *s = row->fields[h->col[f]];
	yd_text_fold(s);
	return s;
}

/* An amount cell in its column's unit: a plain number gets the unit
 * appended ("3.5" in 万元 is "3.5万"); a cell that says its own is kept. */
static int parse_money(const char *s, const char *unit, int64_t *fen, const char **reason)
{
	char buf[320];
	size_t n = strlen(s);
	if (unit && n && n < 256 && s[n - 1] >= '0' && s[n - 1] <= '9') {
		snprintf(buf, sizeof buf, "%s%s", s, unit);
		s = buf;
	}
	return yd_parse_amount(s, fen, reason);
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Two cells that read as one amount written with a thousands separator:
 * 1 to 3 digits (no leading 0), then exactly 3 digits and maybe decimals. */
static int split_amount(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	if (na < 1 || na > 3 || !all_digits(a, na) || (a[0] == '0'))
		return 0;
	if (nb < 3 || !all_digits(b, 3))
		return 0;
	return nb == 3 || (b[3] == '.' && nb > 4 && all_digits(b + 4, nb - 4));
}

int yd_record_parse(const struct yd_header *h, const struct yd_csv_row *row, unsigned required,
		    struct yd_record *rec, char *why, size_t whysz)
{
	return yd_record_parse_opts(h, row, required, NULL, rec, why, whysz);
}

int yd_record_parse_opts(const struct yd_header *h, const struct yd_csv_row *row, unsigned required,
			 const struct yd_record_opts *o, struct yd_record *rec, char *why, size_t whysz)
{
	static const struct yd_record_opts defaults = {YD_ORDER_AUTO, YD_CAL_AUTO, NULL, 0};
	const char *reason = NULL, *s, *v[YD_F_COUNT];
	char joined[512];

	if (!o)
		o = &defaults;
	memset(rec, 0, sizeof *rec);
	rec->fine = rec->base = -1;
	if (row->n > h->ncols) {
		/* 3,000 unquoted is two cells: fine 3 and the next column 000, and a
		 * trailing comma made the count look right (2026-12-05, issue 25.1) */
		static const enum yd_field amounts[] = {YD_F_FINE, YD_F_BASE};
		for (size_t a = 0; a < sizeof amounts / sizeof *amounts; a++) {
			int i = h->col[amounts[a]];
			if (i >= 0 && (size_t)i + 1 < row->n && split_amount(row->fields[i], row->fields[i + 1]))
				return why_set(why, whysz,
					       "row has %zu fields, header has %zu: %s '%s,%s' looks like an amount "
					       "cut at an unquoted thousands separator (quote it)",
					       row->n, h->ncols, yd_field_name(amounts[a]), row->fields[i], row->fields[i + 1]);
		}
	}
	if (row->n != h->ncols) {
		/* trailing empty cells are a common export artefact */
		size_t k = row->n;
		while (k > h->ncols && row->lens[k - 1] == 0)
			k--;
		if (k != h->ncols)
			return why_set(why, whysz, "row has %zu fields, header has %zu", row->n, h->ncols);
	}
	for (int f = 0; f < YD_F_COUNT; f++) {
		v[f] = cell(h, row, (enum yd_field)f); /* folded once, here */
		if (*v[f] && clean_field(row->fields[h->col[f]], (enum yd_field)f, rec, why, whysz) < 0)
			return YD_EUSAGE;
		if ((required & (1u << f)) && !*v[f] && f != YD_F_REGION)
			return missing(rec, (enum yd_field)f, why, whysz);
	}
	if (h->nregion > 1) {
		size_t w = 0;
		for (int k = 0; k < h->nregion; k++) {
			char *c = row->fields[h->region_col[k]];
			yd_text_fold(c);
			if (clean_field(c, YD_F_REGION, rec, why, whysz) < 0)
				return YD_EUSAGE;
			size_t n = strlen(c);
			if (!n)
				continue;
			if (w + n + 2 > sizeof joined)
				return why_set(why, whysz, "region longer than %zu bytes", sizeof joined - 1);
			if (w)
				joined[w++] = '/';
			memcpy(joined + w, c, n);
			w += n;
		}
		joined[w] = '\0';
		v[YD_F_REGION] = joined;
	}
	if (h->ncase > 1) {
		size_t w = 0;
		for (int k = 0; k < h->ncase; k++) {
			char *c = row->fields[h->case_col[k]];
			yd_text_fold(c);
			if (k > 0 && clean_field(c, YD_F_CASE_ID, rec, why, whysz) < 0)
				return YD_EUSAGE;
			size_t n = strlen(c);
			if (!n)
				return missing(rec, YD_F_CASE_ID, why, whysz); /* a part of the id missing: no id */
			if (w + n + 2 > sizeof rec->case_buf)
				return why_set(why, whysz, "case_id longer than 200 bytes");
			if (w)
				rec->case_buf[w++] = '/';
			memcpy(rec->case_buf + w, c, n);
			w += n;
		}
		rec->case_buf[w] = '\0';
		v[YD_F_CASE_ID] = rec->case_buf;
	}
	if (!*v[YD_F_REGION] && o->region_default)
		v[YD_F_REGION] = o->region_default;
	if ((required & (1u << YD_F_REGION)) && !*v[YD_F_REGION])
		return missing(rec, YD_F_REGION, why, whysz);

	rec->case_id = v[YD_F_CASE_ID];
	rec->vcode = v[YD_F_VCODE];
	rec->vname = v[YD_F_VNAME];
	rec->agency = v[YD_F_AGENCY];
	if (strlen(rec->case_id) > 200)
		return why_set(why, whysz, "case_id longer than 200 bytes");
	if (strlen(rec->vcode) > YD_VCODE_MAX)
		return why_set(why, whysz, "violation_code longer than %d bytes", YD_VCODE_MAX);

	if (*(s = v[YD_F_DATE]) &&
	    yd_parse_date_opts(s, o->order, o->calendar, &rec->date, &rec->date_flags, &reason) < 0)
		return why_set(why, whysz, "invalid decision_date '%s': %s", s, reason);
	if (*s) {
		/* 1900-01-01, 01/01/1970, a date after today: no date was known */
		const char *w = yd_date_warning(rec->date, o->today);
		if (w && strcmp(w, "date before 1990") != 0) {
			if (required & (1u << YD_F_DATE))
				return why_set(why, whysz, "missing decision_date (%s '%s')", w, s);
			if (!rec->warn[0]) {
				snprintf(rec->warn, sizeof rec->warn, "%s read as missing", w);
				snprintf(rec->warn_value, sizeof rec->warn_value, "%s", s);
			}
			rec->date = 0;
		}
	}
	if (*(s = v[YD_F_REGION]) && yd_parse_region(s, rec->region, sizeof rec->region, &reason) < 0)
		return why_set(why, whysz, "invalid region '%s': %s", s, reason);
	if (yd_parse_party(s = v[YD_F_PARTY], &rec->party) < 0)
		return why_set(why, whysz, "unknown party_type '%s'", s);
	if (yd_parse_tier(s = v[YD_F_TIER], &rec->tier) < 0)
		return why_set(why, whysz, "unknown tier '%s'", s);
	if (*(s = v[YD_F_FINE]) && parse_money(s, h->unit[YD_F_FINE], &rec->fine, &reason) < 0)
		return why_set(why, whysz, "invalid fine '%s': %s", s, reason);
	if (*(s = v[YD_F_BASE]) && parse_money(s, h->unit[YD_F_BASE], &rec->base, &reason) < 0)
		return why_set(why, whysz, "invalid base_amount '%s': %s", s, reason);
	if (*(s = v[YD_F_CURRENCY]) && yd_parse_currency(s, rec->currency) < 0)
		return why_set(why, whysz, "invalid currency '%s': expected a three-letter ISO 4217 code", s);
	rec->party_name = v[YD_F_PARTY_NAME];
	if (strlen(rec->party_name) > 200)
		return why_set(why, whysz, "party_name longer than 200 bytes");
	if (strlen(v[YD_F_PARTY_ID]) > 60)
		return why_set(why, whysz, "party_id longer than 60 bytes");
	rec->party_id_kind = yd_party_id_norm(v[YD_F_PARTY_ID], rec->party_id, sizeof rec->party_id, &rec->party_id_why);
	if (h->col[YD_F_BASIS] >= 0 || h->nfactor) {
		char prov[YD_CONTEXT_MAX];
		struct yd_context_factor fs[YD_FACTOR_COLS];
		yd_context_provisions(v[YD_F_BASIS], prov, sizeof prov);
		for (int k = 0; k < h->nfactor; k++) {
			char *c = row->fields[h->factor_col[k]];
			yd_text_fold(c);
			fs[k].name = h->factor_name[k];
			fs[k].value = c;
		}
		if (yd_context_build(prov, fs, (size_t)h->nfactor, rec->context, sizeof rec->context) < 0)
			return why_set(why, whysz, "penalty provision and factors longer than %d bytes", YD_CONTEXT_MAX - 1);
	}
	return YD_OK;
}
