/* The writing of amounts in their own currency (money.h). */
#include "youdu/money.h"
#include "youdu/out.h"

#include <stdio.h>
#include <string.h>

/* pre: before the digits (glued when it ends in a symbol, repeated on both
 * ends of a range), post: after them. */
static const struct writing {
	const char *code;
	const char *zh_pre, *zh_post, *en_pre, *en_post;
	const char *zh_unit, *en_unit;
	int wan;
} writings[] = {
    {"CNY", "", " 元", "", " yuan", "元", "yuan", 1},
    {"TWD", "新臺幣 ", " 元", "NT$", "", "新臺幣元", "NT$", 1},
    {"EUR", "€", "", "€", "", "€", "€", 0},
    {"USD", "US$", "", "US$", "", "US$", "US$", 0},
    {"HKD", "HK$", "", "HK$", "", "HK$", "HK$", 0},
    {"GBP", "£", "", "£", "", "£", "£", 0},
    {"JPY", "¥", " (JPY)", "¥", " (JPY)", "日元", "JPY", 0},
};

const char *yd_money_code(const char *code)
{
	return code && *code ? code : "CNY";
}

static const struct writing *find(const char *code)
{
	code = yd_money_code(code);
	for (size_t i = 0; i < sizeof writings / sizeof *writings; i++)
		if (strcmp(writings[i].code, code) == 0)
			return &writings[i];
	return NULL;
}

char *yd_money_wrap(char *buf, size_t n, const char *code, int zh, const char *digits)
{
	const struct writing *w = find(code);
	if (!w)
		snprintf(buf, n, "%s %s", digits, yd_money_code(code));
	else
		snprintf(buf, n, "%s%s%s", zh ? w->zh_pre : w->en_pre, digits, zh ? w->zh_post : w->en_post);
	return buf;
}

char *yd_money_fmt(char *buf, size_t n, const char *code, int zh, int64_t fen)
{
	char d[64];
	yd_fmt_yuan(d, sizeof d, fen);
	return yd_money_wrap(buf, n, code, zh, d);
}

char *yd_money_range(char *buf, size_t n, const char *code, int zh, int64_t lo, int64_t hi)
{
	const struct writing *w = find(code);
	const char *sep = zh ? "–" : "-";
	char a[64], b[64];
	yd_fmt_yuan(a, sizeof a, lo);
	yd_fmt_yuan(b, sizeof b, hi);
	if (!w) {
		snprintf(buf, n, "%s%s%s %s", a, sep, b, yd_money_code(code));
		return buf;
	}
	const char *pre = zh ? w->zh_pre : w->en_pre, *post = zh ? w->zh_post : w->en_post;
	size_t pl = strlen(pre);
	/* a word before the digits ("新臺幣 ") is written once, a symbol on both */
	const char *again = pl && pre[pl - 1] != ' ' ? pre : "";
	snprintf(buf, n, "%s%s%s%s%s%s", pre, a, sep, again, b, post);
	return buf;
}

char *yd_money_unit(char *buf, size_t n, const char *code, int zh)
{
	const struct writing *w = find(code);
	snprintf(buf, n, "%s", !w ? yd_money_code(code) : zh ? w->zh_unit : w->en_unit);
	return buf;
}

int yd_money_wan(const char *code)
{
	const struct writing *w = find(code);
	return w && w->wan;
}
