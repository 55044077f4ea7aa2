/* context.c - the penalty provision of a 处罚依据 text, and a case's context
 * (provision and peer factors).  See context.h and docs/METHODS.md. */
#include "youdu/context.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCP 4096 /* code points of a basis text read (the rest is ignored) */
#define MAXPROV 16 /* provisions kept */
#define PROVSZ 256 /* bytes of one normalised provision */

/* A text as code points. */
struct cps {
	uint32_t c[MAXCP];
	size_t n;
};

static size_t utf8_decode(const char *s, uint32_t *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (*p && n < max) {
		uint32_t c = *p;
		int k = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
		if (k)
			c &= 0x3Fu >> k;
		p++;
		for (int j = 0; j < k && (*p & 0xC0) == 0x80; j++)
			c = c << 6 | (*p++ & 0x3Fu);
		out[n++] = c;
	}
	return n;
}

static size_t utf8_put(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3F));
	out[2] = (char)(0x80 | (c >> 6 & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Length in code points of the literal lit when it stands at t[i], else 0. */
static size_t at(const struct cps *t, size_t i, const char *lit)
{
	uint32_t l[16];
	size_t k = utf8_decode(lit, l, 16);
	if (i + k > t->n)
		return 0;
	for (size_t j = 0; j < k; j++)
		if (t->c[i + j] != l[j])
			return 0;
	return k;
}

/* The first of the literals (NULL-terminated list) standing at t[i]: its length, else 0. */
static size_t at_any(const struct cps *t, size_t i, const char *const *lits)
{
	for (; *lits; lits++) {
		size_t k = at(t, i, *lits);
		if (k)
			return k;
	}
	return 0;
}

static int is_cp(uint32_t c, const char *set)
{
	uint32_t l[64];
	size_t k = utf8_decode(set, l, 64);
	for (size_t j = 0; j < k; j++)
		if (l[j] == c)
			return 1;
	return 0;
}

static int digit_value(uint32_t c)
{
	static const char *const zh[10] = {"〇零", "一壹", "二两兩贰貳", "三叁參", "四肆", "五伍", "六陆陸", "七柒", "八捌", "九玖"};
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	for (int d = 0; d < 10; d++)
		if (is_cp(c, zh[d]))
			return d;
	return -1;
}

static int unit_value(uint32_t c)
{
	return is_cp(c, "十拾") ? 10 : is_cp(c, "百佰") ? 100 : is_cp(c, "千仟") ? 1000 : 0;
}

/* A number in Arabic digits or Chinese numerals at t[*i] (一百零五, 十二,
 * 二十, 105): its value, *i moved past it; -1 when there is none. */
static long number(const struct cps *t, size_t *i)
{
	size_t j = *i;
	long total = 0, cur = 0;
	int any = 0, units = 0;
	if (j < t->n && t->c[j] >= '0' && t->c[j] <= '9') {
		while (j < t->n && t->c[j] >= '0' && t->c[j] <= '9' && total < 100000)
			total = total * 10 + (long)(t->c[j++] - '0');
		*i = j;
		return total;
	}
	for (; j < t->n; j++) {
		int d = digit_value(t->c[j]), u = unit_value(t->c[j]);
		if (d >= 0) {
			cur = units ? d : cur * 10 + d; /* 一〇五 without units reads as digits */
			any = 1;
		} else if (u) {
			total += (cur ? cur : 1) * u;
			cur = 0;
			units = any = 1;
		} else {
			break;
		}
	}
	if (!any)
		return -1;
	*i = j;
	return total + cur;
}

static const char *const law_ends[] = {"法", "条例", "條例", "规定", "規定", "办法", "辦法", "细则", "細則", "准则",
				       "準則", "标准", "標準", "基准", "基準", "决定", "決定", "规则", "規則", NULL};
static const char *const guideline_ends[] = {"准则", "準則", "基准", "基準", NULL};
static const char *const same_law[] = {"同法", "本法", "该法", "該法", "同条例", "同條例", "本条例", "本條例", NULL};
/* words a name is cut after: how a citation is introduced or joined */
static const char *const lead_words[] = {"违反", "違反", "并依", "並依", "爰依", "依据", "依據", "依照", "根据", "根據",
					 "按照", "以及", "依", "及", "暨", "和", "与", "與", "或", "之", "据", "據",
					 "照", NULL};

/* 1 when the name t[a..b) ends with one of ends. */
static int ends_with(const struct cps *t, size_t a, size_t b, const char *const *ends)
{
	for (; *ends; ends++) {
		uint32_t l[8];
		size_t k = utf8_decode(*ends, l, 8);
		if (b - a >= k && at(t, b - k, *ends))
			return 1;
	}
	return 0;
}

/* t[k] cannot be part of a law's name (the 条 of 条例 can). */
static int name_stop_at(const struct cps *t, size_t k)
{
	uint32_t c = t->c[k];
	if (is_cp(c, "条條") && k + 1 < t->n && t->c[k + 1] == 0x4F8B /* 例 */)
		return 0;
	return c < 0x80 || is_cp(c, "，。；：、《》「」『』〈〉“”‘’（）条條款项項第") || (c >= 0x3000 && c < 0x3040);
}

/* where a list of citations ends: the fine itself, or the next 依 */
static const char *const verbs[] = {"裁处", "裁處", "罚款", "罰鍰", "依", NULL};

/* The law named right before t[k] (a 第), not before t[lo]: *a..*b, cut
 * after brackets and the words that introduce a citation.  Returns 1 when
 * it ends like a law's name. */
static int name_before(const struct cps *t, size_t lo, size_t k, size_t *a, size_t *b)
{
	size_t e = k, s;
	if (e > lo && is_cp(t->c[e - 1], "》」』〉"))
		e--;
	s = e;
	while (s > lo && !name_stop_at(t, s - 1))
		s--;
	for (int again = 1; again && s < e;) {
		size_t w = at_any(t, s, lead_words);
		again = w && s + w < e;
		if (again)
			s += w;
	}
	*a = s;
	*b = e;
	return e > s && e - s <= 40 && ends_with(t, s, e, law_ends);
}

/* "第N条(之M)(第K项)(第L款)(第J目)" at t[*i]: appended to out normalised;
 * *i moved past it.  Returns 0, or -1 when there is none. */
static int article(const struct cps *t, size_t *i, char *out, size_t n)
{
	size_t j = *i, len = strlen(out);
	long v;
	if (!at(t, j, "第"))
		return -1;
	j++;
	if ((v = number(t, &j)) < 0 || j >= t->n || !is_cp(t->c[j], "条條"))
		return -1;
	j++;
	len += (size_t)snprintf(out + len, len < n ? n - len : 0, "第%ld条", v);
	if (at(t, j, "之")) {
		size_t q = j + 1;
		long m = number(t, &q);
		if (m >= 0) {
			len += (size_t)snprintf(out + len, len < n ? n - len : 0, "之%ld", m);
			j = q;
		}
	}
	for (;;) {
		size_t q = j;
		if (!at(t, q, "第"))
			break;
		q++;
		int paren = q < t->n && is_cp(t->c[q], "（(");
		q += (size_t)paren;
		long m = number(t, &q);
		if (paren && q < t->n && is_cp(t->c[q], "）)"))
			q++;
		if (m < 0 || q >= t->n)
			break;
		const char *unit = is_cp(t->c[q], "项項") ? "项" : is_cp(t->c[q], "款") ? "款" : is_cp(t->c[q], "目") ? "目" : NULL;
		if (!unit)
			break;
		len += (size_t)snprintf(out + len, len < n ? n - len : 0, "第%ld%s", m, unit);
		j = q + 1;
	}
	*i = j;
	return len < n ? 0 : -1;
}

static void put_range(const struct cps *t, size_t a, size_t b, char *out, size_t n)
{
	size_t len = 0;
	char u[4];
	for (size_t k = a; k < b; k++) {
		size_t w = utf8_put(t->c[k], u);
		if (len + w >= n)
			break;
		memcpy(out + len, u, w);
		len += w;
	}
	out[len] = '\0';
}

/* After a citation: 附表N(项次M) of a guideline, and 之规定; skipped. */
static size_t skip_annex(const struct cps *t, size_t j)
{
	for (int again = 1; again;) {
		again = 0;
		size_t k;
		if ((k = at_any(t, j, (const char *const[]){"附表", NULL}))) {
			size_t q = j + k;
			if (number(t, &q) >= 0 || q > j + k) {
				j = q;
				again = 1;
			}
			if ((k = at_any(t, j, (const char *const[]){"项次", "項次", NULL}))) {
				q = j + k;
				number(t, &q);
				j = q;
				again = 1;
			}
		}
		if ((k = at_any(t, j, (const char *const[]){"之规定", "之規定", "规定", "規定", NULL}))) {
			j += k;
			again = 1;
		}
	}
	return j;
}

struct provs {
	char p[MAXPROV][PROVSZ];
	int n;
	char last_law[PROVSZ]; /* the 法 named last (not a 办法), for 同法 */
	char last_reg[PROVSZ]; /* the 条例 named last, for 同条例 */
};

/* Notes the law t[a..b) for a later 同法 or 同条例. */
static void note_law(const struct cps *t, size_t a, size_t b, struct provs *P)
{
	if (ends_with(t, a, b, (const char *const[]){"条例", "條例", NULL}))
		put_range(t, a, b, P->last_reg, sizeof P->last_reg);
	else if (ends_with(t, a, b, (const char *const[]){"法", NULL}) &&
		 !ends_with(t, a, b, (const char *const[]){"办法", "辦法", NULL}))
		put_range(t, a, b, P->last_law, sizeof P->last_law);
}

static void provs_add(struct provs *P, const char *s)
{
	for (int k = 0; k < P->n; k++)
		if (strcmp(P->p[k], s) == 0)
			return;
	if (P->n < MAXPROV)
		snprintf(P->p[P->n++], PROVSZ, "%s", s);
}

/* The laws named before t[end]: the last one into P->last_law. */
static void laws_before(const struct cps *t, size_t end, struct provs *P)
{
	for (size_t k = 0; k < end; k++) {
		size_t a, b, q = k + 1;
		if (!at(t, k, "第") || number(t, &q) < 0 || q >= t->n || !is_cp(t->c[q], "条條"))
			continue;
		if (name_before(t, 0, k, &a, &b))
			note_law(t, a, b, P);
	}
}

/* The citations from t[j] on (just after a trigger word): added to P. */
static size_t citations(const struct cps *t, size_t j, struct provs *P)
{
	char law[PROVSZ] = "";
	for (;;) {
		size_t k, a, b;
		int guideline = 0;
		while (j < t->n && is_cp(t->c[j], "据據照《「『〈 ：:"))
			j++;
		if ((k = at_any(t, j, same_law))) {
			snprintf(law, sizeof law, "%s", k == 2 ? P->last_law : P->last_reg);
			j += k;
		} else if (!at(t, j, "第")) {
			/* a name, then 第: at most 40 code points on */
			for (k = j; k < t->n && k < j + 42 && !at(t, k, "第") && !at_any(t, k, verbs) &&
				    (!name_stop_at(t, k) || is_cp(t->c[k], "《》「」『』〈〉"));
			     k++)
				;
			if (!at(t, k, "第") || !name_before(t, j, k, &a, &b))
				break;
			put_range(t, a, b, law, sizeof law);
			guideline = ends_with(t, a, b, guideline_ends);
			note_law(t, a, b, P);
			j = k;
		}
		if (is_cp(j < t->n ? t->c[j] : 0, "》」』〉"))
			j++;
		char cite[PROVSZ];
		snprintf(cite, sizeof cite, "%s", law);
		if (!law[0] || article(t, &j, cite, sizeof cite) < 0)
			break;
		if (!guideline)
			provs_add(P, cite);
		j = skip_annex(t, j);
		/* 及第53条, 、第10条, 暨「…准则」第2条 */
		if (!(k = at_any(t, j, (const char *const[]){"以及", "及", "暨", "、", "和", "与", "與", "或", ",", NULL})))
			break;
		j += k;
		if (guideline)
			law[0] = '\0';
	}
	return j;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* 1 when what follows the citations ending at t[i], up to the next 。；
 * or 依, is about 环境讲习: not a fine. */
static int lecture_clause(const struct cps *t, size_t i)
{
	for (size_t k = i; k < t->n && !is_cp(t->c[k], "。；;依"); k++)
		if (at_any(t, k, (const char *const[]){"讲习", "講習", NULL}))
			return 1;
	return 0;
}

int yd_context_provisions(const char *basis, char *out, size_t n)
{
	static const char *const strong[] = {"并依", "並依", "爰依", "依据", "依據", "依照", NULL};
	struct cps *t = malloc(sizeof *t);
	struct provs *P = malloc(sizeof *P);

	if (!t || !P) {
		free(t);
		free(P);
		if (n)
			out[0] = '\0';
		return 0;
	}
	t->n = utf8_decode(basis, t->c, MAXCP);
	P->n = 0;
	P->last_law[0] = P->last_reg[0] = '\0';
	/* the strong words; else plain 依; else the text is the citation
	 * itself (a column holding only 廢棄物清理法第53條第1款) */
	for (int pass = 0; pass < 3 && !P->n; pass++) {
		for (size_t i = 0; i < t->n;) {
			if (pass == 2 && i > 0)
				break;
			size_t k = pass == 0 ? at_any(t, i, strong) : pass == 1 ? at(t, i, "依") : 0;
			if (!k && pass == 2) {
				citations(t, 0, P);
				break;
			}
			if (!k) {
				i++;
				continue;
			}
			int before = P->n;
			laws_before(t, i, P);
			size_t j = citations(t, i + k, P);
			if (lecture_clause(t, j))
				P->n = before; /* 依环境教育法…裁处环境讲习 */
			i = j > i + k ? j : i + k;
		}
	}
	qsort(P->p, (size_t)P->n, PROVSZ, cmp_str);
	size_t len = 0;
	if (n)
		out[0] = '\0';
	for (int k = 0; k < P->n; k++) {
		int w = snprintf(out + len, len < n ? n - len : 0, "%s%s", k ? "、" : "", P->p[k]);
		if (w < 0 || len + (size_t)w >= n)
			break;
		len += (size_t)w;
	}
	int np = P->n;
	free(t);
	free(P);
	return np;
}

static int cmp_factor(const void *pa, const void *pb)
{
	const struct yd_context_factor *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);
	return c ? c : strcmp(a->value, b->value);
}

int yd_context_build(const char *provisions, const struct yd_context_factor *f, size_t nf, char *out, size_t n)
{
	struct yd_context_factor sorted[32];
	size_t len;
	if (nf > 32)
		nf = 32;
	memcpy(sorted, f, nf * sizeof *f);
	qsort(sorted, nf, sizeof *sorted, cmp_factor);
	int w = snprintf(out, n, "%s", provisions);
	len = w < 0 ? n : (size_t)w;
	for (size_t k = 0; k < nf && len < n; k++) {
		w = snprintf(out + len, n - len, "%s%s=%s", YD_CONTEXT_SEP, sorted[k].name, sorted[k].value);
		len += w < 0 ? n : (size_t)w;
	}
	if (len >= n) {
		if (n)
			out[0] = '\0';
		return -1;
	}
	return 0;
}

const char *yd_context_split(const char *ctx, char *out, size_t n)
{
	const char *sep = strstr(ctx, YD_CONTEXT_SEP);
	size_t k = sep ? (size_t)(sep - ctx) : strlen(ctx);
	snprintf(out, n, "%.*s", (int)k, ctx);
	return sep ? sep + strlen(YD_CONTEXT_SEP) : "";
}

int yd_context_peer_key(const char *ctx, const char *currency, char *out, size_t n)
{
	int yuan = !currency || !*currency || strcmp(currency, "CNY") == 0;
	int w = yuan ? snprintf(out, n, "%s", ctx) : snprintf(out, n, "%s:%s", currency, ctx);
	if (w < 0 || (size_t)w >= n) {
		if (n)
			out[0] = '\0';
		return -1;
	}
	return 0;
}
