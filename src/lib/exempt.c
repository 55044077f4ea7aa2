/* exempt.c - reading a 免罚清单 (issue 24). */
#include "youdu/exempt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/catalogue.h"
#include "youdu/db_catalogue.h"
#include "youdu/db_exempt.h"
#include "youdu/sheet.h"
#include "youdu/text.h"

/* Chinese digits (3 bytes each in UTF-8); 两 is 2. */
static const char *const zh_digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

static int zh_digit(const char *p)
{
	if (strncmp(p, "两", 3) == 0)
		return 2;
	for (int d = 0; d < 10; d++)
		if (strncmp(p, zh_digits[d], 3) == 0)
			return d;
	return strncmp(p, "十", 3) == 0 ? 10 : -1;
}

/* The number written just before end (Arabic, or Chinese up to 九十九), or -1. */
static int number_before(const char *s, const char *end)
{
	const char *b = end;
	while (b > s && b[-1] >= '0' && b[-1] <= '9')
		b--;
	if (b < end) {
		if (end - b > 4)
			return -1;
		return (int)strtol(b, NULL, 10);
	}
	while (b - s >= 3 && zh_digit(b - 3) >= 0)
		b -= 3;
	if (b == end || (b - s >= 3 && (strncmp(b - 3, "百", 3) == 0 || strncmp(b - 3, "千", 3) == 0)))
		return -1; /* none, or a number beyond 九十九 read in part */
	int val = 0, cur = 0;
	for (const char *p = b; p < end; p += 3) {
		int d = zh_digit(p);
		if (d == 10) {
			val += (cur ? cur : 1) * 10;
			cur = 0;
		} else {
			cur = d;
		}
	}
	return val + cur;
}

int yd_exempt_window(const char *condition, int *months)
{
	static const struct {
		const char *unit;
		int months;
	} units[] = {{"个月以内", 1}, {"个月内", 1}, {"月以内", 1}, {"月内", 1}, {"年以内", 12}, {"年内", 12}};
	/* periods that are not read: days, a calendar year, a cycle */
	static const char *const unread[] = {"日内", "天内", "日以内", "天以内", "年度", "周期", "期间", "期限内"};
	char buf[1024];

	snprintf(buf, sizeof buf, "%s", condition);
	yd_text_fold(buf);
	const char *first = strstr(buf, "首次");
	if (!first)
		first = strstr(buf, "初次");
	if (!first)
		return -1;
	*months = 0; /* 首次 alone: ever */
	for (size_t u = 0; u < sizeof unread / sizeof *unread; u++) {
		const char *at = strstr(buf, unread[u]);
		if (at && at < first)
			return -2;
	}
	for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
		const char *at = strstr(buf, units[u].unit);
		if (!at || at > first)
			continue;
		int n = number_before(buf, at);
		if (n <= 0 || n > 100)
			return -2; /* 当年内首次, 本年内首次: a period without its length */
		*months = n * units[u].months;
		break;
	}
	return 0;
}

void yd_exempt_window_words(char *buf, size_t n, int months, enum yd_lang lang)
{
	if (months < 0)
		snprintf(buf, n, "%s", lang == YD_LANG_EN ? "none" : "无");
	else if (months == 0)
		snprintf(buf, n, "%s", lang == YD_LANG_EN ? "ever" : "不限期限");
	else if (months % 12 == 0)
		snprintf(buf, n, lang == YD_LANG_EN ? "%d year%s" : "%d 年内", months / 12,
			 lang == YD_LANG_EN && months != 12 ? "s" : "");
	else
		snprintf(buf, n, lang == YD_LANG_EN ? "%d month%s" : "%d 个月内", months,
			 lang == YD_LANG_EN && months != 1 ? "s" : "");
}

enum yd_tier yd_exempt_kind(const char *action)
{
	if (strstr(action, "不予") || strstr(action, "免予") || strstr(action, "免于"))
		return YD_TIER_NONE;
	if (strstr(action, "减轻"))
		return YD_TIER_MITIGATED;
	if (strstr(action, "从轻"))
		return YD_TIER_LENIENT;
	return YD_TIER_UNKNOWN;
}

enum { E_SEQ, E_CODE, E_NAME, E_BASIS, E_COND, E_ACTION, E_COUNT };

/* Header words of each column, folded. */
static const struct {
	const char *name;
	int f;
} exempt_headers[] = {{"序号", E_SEQ},         {"事项代码", E_CODE},     {"事项编码", E_CODE},
		      {"违法行为编码", E_CODE}, {"编码", E_CODE},         {"代码", E_CODE},
		      {"违法行为", E_NAME},     {"违法行为名称", E_NAME},
		      {"事项名称", E_NAME},     {"法律依据", E_BASIS},    {"处罚依据", E_BASIS},
		      {"适用条件", E_COND},     {"免罚条件", E_COND},     {"处理方式", E_ACTION},
		      {"处理措施", E_ACTION},   {"处罚方式", E_ACTION}};

struct ex_ctx {
	struct yd_db *db;
	const char *path;
	const struct yd_catalogue *cat;
	const struct yd_exempt_opts *o;
	struct yd_exempt_stats *st;
	struct yd_buf review; /* the row's reasons */
	int col[E_COUNT];
	int have_header;
};

static int find_header(struct ex_ctx *c, const struct yd_csv_row *row)
{
	int col[E_COUNT];
	for (int f = 0; f < E_COUNT; f++)
		col[f] = -1;
	for (size_t i = 0; i < row->n; i++) {
		char buf[256];
		yd_cat_name_key(row->fields[i], buf, sizeof buf);
		for (size_t k = 0; k < sizeof exempt_headers / sizeof *exempt_headers; k++)
			if (strcmp(buf, exempt_headers[k].name) == 0 && col[exempt_headers[k].f] < 0)
				col[exempt_headers[k].f] = (int)i;
	}
	if (col[E_NAME] < 0 || (col[E_COND] < 0 && col[E_ACTION] < 0))
		return 0;
	memcpy(c->col, col, sizeof col);
	return 1;
}

static const char *ex_cell(const struct ex_ctx *c, const struct yd_csv_row *row, int f)
{
	if (c->col[f] < 0 || (size_t)c->col[f] >= row->n)
		return "";
	char *s = row->fields[c->col[f]];
	yd_text_trim(s, strlen(s));
	return s;
}

static int ex_row(void *data, const struct yd_csv_row *row, struct yd_error *err)
{
	struct ex_ctx *c = data;
	if (!c->have_header) {
		c->have_header = find_header(c, row);
		if (!c->have_header && row->line >= 20)
			return yd_error_set(err, YD_EINPUT,
					    "%s: no header row with 违法行为 and 适用条件 or 处理方式 in the first 20 rows",
					    c->path);
		return 0;
	}
	struct yd_exempt_item it = {ex_cell(c, row, E_SEQ),  ex_cell(c, row, E_NAME),   ex_cell(c, row, E_BASIS),
				    ex_cell(c, row, E_COND), ex_cell(c, row, E_ACTION), YD_TIER_UNKNOWN,
				    -1,                      0,                         c->path,
				    row->line,               c->o->valid_from,          c->o->valid_to,
				    NULL};
	const char *code = ex_cell(c, row, E_CODE);
	if (!*it.name)
		return 0; /* a blank or note row */
	yd_buf_reset(&c->review);
	int w = yd_exempt_window(it.condition, &it.months);
	if (w < 0) {
		it.months = -1;
		c->st->no_window++;
	}
	if (w == -2)
		yd_buf_addf(&c->review, "适用条件 '%s': the look-back window before 首次 is not read", it.condition);
	it.kind = yd_exempt_kind(it.action);
	if (it.kind == YD_TIER_UNKNOWN) {
		c->st->no_kind++;
		yd_buf_addf(&c->review, "%s处理方式 '%s' is none of 不予处罚, 减轻 and 从轻", c->review.len ? "; " : "",
			    it.action);
	}
	/* by the code when the list has one, else (or when the code is not
	 * in the catalogue) by the name */
	char key[512], ik[512];
	yd_cat_name_key(it.name, key, sizeof key);
	for (int pass = *code ? 0 : 1; pass < 2 && !it.violation_id; pass++)
		for (size_t i = 0; i < c->cat->n; i++) {
			const struct yd_cat_item *ci = &c->cat->items[i];
			if (pass == 0 ? !ci->code || strcmp(code, ci->code) != 0 : !ci->name)
				continue;
			if (pass == 1) {
				yd_cat_name_key(ci->name, ik, sizeof ik);
				if (strcmp(key, ik) != 0)
					continue;
			}
			it.violation_id = ci->violation_id;
			c->st->matched++;
			break;
		}
	if (!it.violation_id)
		yd_buf_addf(&c->review, "%sno catalogue item %s%s%s: no decision is judged by this row",
			    c->review.len ? "; " : "", *code ? "of code " : "named ", *code ? code : it.name,
			    *code ? " or of its name" : "");
	if (c->review.len) {
		it.review = yd_buf_str(&c->review);
		c->st->review++;
	}
	c->st->items++;
	return yd_db_exempt_add(c->db, &it, err);
}

int yd_exempt_import(struct yd_db *db, const char *path, const struct yd_exempt_opts *o, struct yd_exempt_stats *st,
		     struct yd_error *err)
{
	struct yd_catalogue cat = {0};
	struct yd_sheet_opts so = {YD_ENC_AUTO, NULL};
	struct ex_ctx c = {db, path, &cat, o, st, YD_BUF_INIT, {0}, 0};
	int rc;

	memset(st, 0, sizeof *st);
	if ((rc = yd_catalogue_load(db, &cat, err)) < 0)
		goto out;
	if ((rc = yd_db_begin(db, err)) < 0)
		goto out;
	if ((rc = yd_db_exempt_clear(db, err)) < 0 || (rc = yd_sheet_read(path, &so, ex_row, &c, NULL, err)) < 0)
		goto fail;
	if (!c.have_header) {
		rc = yd_error_set(err, YD_EINPUT, "%s: no header row with 违法行为 and 适用条件 or 处理方式", path);
		goto fail;
	}
	if ((rc = yd_db_commit(db, err)) < 0)
		goto fail;
	goto out;
fail:
	yd_db_rollback(db);
out:
	yd_catalogue_release(&cat);
	yd_buf_release(&c.review);
	return rc;
}

const struct yd_exempt_rule *yd_exempt_find(const struct yd_exempt_list *l, int64_t violation_id, int32_t date)
{
	if (!date || !violation_id)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		const struct yd_exempt_rule *r = &l->v[i];
		if (r->violation_id == violation_id && (!r->valid_from || date >= r->valid_from) &&
		    (!r->valid_to || date <= r->valid_to))
			return r;
	}
	return NULL;
}

const struct yd_exempt_rule *yd_exempt_find_code(const struct yd_exempt_list *l, const char *code, int32_t date)
{
	for (size_t i = 0; i < l->n; i++)
		if (*l->v[i].code && strcmp(l->v[i].code, code) == 0)
			return yd_exempt_find(l, l->v[i].violation_id, date);
	return NULL;
}

int yd_exempt_granted(const struct yd_exempt_rule *r, enum yd_tier tier, int64_t fine)
{
	return r->kind == YD_TIER_NONE && (tier == YD_TIER_NONE || fine == 0);
}

void yd_exempt_item_words(struct yd_buf *b, enum yd_lang lang, const struct yd_exempt_rule *r)
{
	if (*r->seq)
		yd_buf_addf(b, lang == YD_LANG_EN ? "item %s " : "第 %s 项 ", r->seq);
	yd_buf_addstr(b, r->name);
	if (*r->code && strcmp(r->code, r->name) != 0)
		yd_buf_addf(b, lang == YD_LANG_EN ? " (%s)" : "（%s）", r->code);
}
