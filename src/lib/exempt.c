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
	if (b == end)
		return -1;
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
	char buf[1024];

	snprintf(buf, sizeof buf, "%s", condition);
	yd_text_fold(buf);
	const char *first = strstr(buf, "首次");
	if (!first)
		first = strstr(buf, "初次");
	if (!first)
		return -1;
	*months = 0; /* 首次 alone: ever */
	for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
		const char *at = strstr(buf, units[u].unit);
		if (!at || at > first)
			continue;
		int n = number_before(buf, at);
		if (n > 0 && n <= 100) {
			*months = n * units[u].months;
			break;
		}
	}
	return 0;
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

enum { E_SEQ, E_NAME, E_BASIS, E_COND, E_ACTION, E_COUNT };

/* Header words of each column, folded. */
static const struct {
	const char *name;
	int f;
} exempt_headers[] = {{"序号", E_SEQ},         {"违法行为", E_NAME},     {"违法行为名称", E_NAME},
		      {"事项名称", E_NAME},     {"法律依据", E_BASIS},    {"处罚依据", E_BASIS},
		      {"适用条件", E_COND},     {"免罚条件", E_COND},     {"处理方式", E_ACTION},
		      {"处理措施", E_ACTION},   {"处罚方式", E_ACTION}};

struct ex_ctx {
	struct yd_db *db;
	const char *path;
	const struct yd_catalogue *cat;
	struct yd_exempt_stats *st;
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
				    row->line};
	if (!*it.name)
		return 0; /* a blank or note row */
	if (yd_exempt_window(it.condition, &it.months) < 0) {
		it.months = -1;
		c->st->no_window++;
	}
	it.kind = yd_exempt_kind(it.action);
	if (it.kind == YD_TIER_UNKNOWN)
		c->st->no_kind++;
	char key[512], ik[512];
	yd_cat_name_key(it.name, key, sizeof key);
	for (size_t i = 0; i < c->cat->n; i++) {
		if (!c->cat->items[i].name)
			continue;
		yd_cat_name_key(c->cat->items[i].name, ik, sizeof ik);
		if (strcmp(key, ik) == 0) {
			it.violation_id = c->cat->items[i].violation_id;
			c->st->matched++;
			break;
		}
	}
	c->st->items++;
	return yd_db_exempt_add(c->db, &it, err);
}

int yd_exempt_import(struct yd_db *db, const char *path, struct yd_exempt_stats *st, struct yd_error *err)
{
	struct yd_catalogue cat = {0};
	struct yd_sheet_opts so = {YD_ENC_AUTO, NULL};
	struct ex_ctx c = {db, path, &cat, st, {0}, 0};
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
	return rc;
}
