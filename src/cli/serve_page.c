/* serve_page.c - youdu serve's web form (GET /) and result page
 * (GET /check): plain HTML that works without JavaScript, Chinese by
 * default (?lang=en English), every value escaped, nothing loaded from
 * elsewhere.  The result page shows what `check` shows and a paragraph
 * to paste into the legal review opinion (法制审核意见); with
 * --review-token-file, a form per similar decision to record its
 * disposition (POST /review, serve_review.c) once logged in, and the login
 * and message pages of those forms. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "serve.h"
#include "youdu/money.h"
#include "youdu/out.h"
#include "youdu/parse.h"
#include "youdu/review.h"
#include "youdu/text.h"

static const char html_type[] = "text/html; charset=utf-8";

/* The page's words, per language. */
struct words {
	const char *lang, *title, *other_lang, *other_href, *violation, *pick, *region, *region_hint, *tier,
	    *tier_none, *party, *party_none, *fine, *fine_hint, *base, *base_hint, *date, *submit, *verdict,
	    *legal, *band, *peers, *position, *suggest, *tiers, *similar, *opinion, *opinion_hint, *error,
	    *did_you_mean, *too_few, *not_in_catalogue, *case_id, *decision_date, *fine_col, *sep;
};

static const struct words zh = {
    "zh-CN", "行政处罚裁量预审", "English", "?lang=en", "违法行为", "请选择违法行为", "地区",
    "完整地区路径，如 浙江省/嘉兴市/海盐县/武原街道", "裁量阶次", "未申报", "当事人类型", "未填",
    "拟罚款金额", "如 6000 或 6万元", "基数金额", "按倍数计罚时填写（货值金额、违法所得等）", "决定日期",
    "预审", "预审结论", "法定幅度", "阶次幅度", "可比案例", "本案位置", "参考区间", "按各阶次比对",
    "最相似的既往决定", "法制审核意见（可复制）", "以下文字可粘贴至法制审核意见。", "无法预审",
    "您是否要找：", "不足", "不在裁量基准目录中", "决定书文号", "决定日期", "罚款金额", "，"};

static const struct words en = {
    "en", "Pre-decision check of an administrative fine", "中文", "?lang=zh", "Violation",
    "choose a violation", "Region", "full region path, e.g. 浙江省/嘉兴市/海盐县/武原街道", "Tier",
    "not declared", "Party", "not given", "Draft fine", "e.g. 6000 or 6万元", "Base amount",
    "for fines that are a multiple of a base (goods value, illegal gains...)", "Decision date", "Check",
    "Verdict", "Statutory range", "Tier band", "Comparable cases", "Position", "Reference range",
    "Against each tier", "Most similar past decisions", "Legal review opinion (to copy)",
    "The text below can be pasted into the legal review opinion.", "Cannot check", "Did you mean: ",
    "too few", "not in the discretion catalogue", "Decision no.", "Date", "Fine", ", "};

void serve_html(struct yd_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': yd_buf_addstr(b, "&amp;"); break;
		case '<': yd_buf_addstr(b, "&lt;"); break;
		case '>': yd_buf_addstr(b, "&gt;"); break;
		case '"': yd_buf_addstr(b, "&quot;"); break;
		case '\'': yd_buf_addstr(b, "&#39;"); break;
		default: yd_buf_addch(b, *s);
		}
	}
}

void serve_urlenc(struct yd_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-_.~", *p)) {
			yd_buf_addch(b, (char)*p);
		} else {
			yd_buf_addch(b, '%');
			yd_buf_addch(b, hex[*p >> 4]);
			yd_buf_addch(b, hex[*p & 15]);
		}
	}
}

static void esc(struct yd_buf *b, const char *s)
{
	serve_html(b, s ? s : "");
}

/* An amount, a range, in the currency of the draft's peers (money.h). */
static const char *money(char *buf, size_t n, const struct yd_check_result *r, int chinese, double fen)
{
	return yd_money_fmt(buf, n, r->currency, chinese, (int64_t)llround(fen));
}

static const char *range(char *buf, size_t n, const struct yd_check_result *r, int chinese, double lo, double hi)
{
	return yd_money_range(buf, n, r->currency, chinese, (int64_t)llround(lo), (int64_t)llround(hi));
}

static const char style[] =
    "body{font-family:'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif;"
    "max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#1b1f24;line-height:1.5}"
    "h1{font-size:1.5rem;margin:0}header p{margin:.2rem 0 1rem;color:#555}"
    "form{display:grid;grid-template-columns:9rem 1fr;gap:.5rem 1rem;align-items:center;"
    "background:#f5f6f8;padding:1rem;border-radius:.4rem}"
    "form label{font-weight:600}form input,form select{font:inherit;padding:.3rem;width:100%;box-sizing:border-box}"
    "form small{grid-column:2;color:#666;margin-top:-.4rem}"
    "form button{grid-column:2;justify-self:start;font:inherit;padding:.4rem 1.6rem}"
    ".verdict{padding:.8rem 1rem;border-radius:.4rem;margin:1rem 0;border-left:.4rem solid}"
    ".v-flag{background:#fdecea;border-color:#c62828}.v-ok{background:#e8f5e9;border-color:#2e7d32}"
    ".v-none{background:#fff8e1;border-color:#f9a825}.v-err{background:#fdecea;border-color:#c62828}"
    ".verdict h2{margin:0 0 .3rem;font-size:1.25rem}"
    "table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}"
    "th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}"
    "th{white-space:nowrap;color:#333}textarea{width:100%;font:inherit;box-sizing:border-box}";

static void head(struct yd_buf *b, const struct words *w, const char *other_query)
{
	yd_buf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		       "<title>",
		    w->lang);
	esc(b, w->title);
	yd_buf_addf(b, " · youdu</title><style>%s</style></head>\n<body><header><h1>", style);
	esc(b, w->title);
	yd_buf_addstr(b, "</h1><p>有度 youdu · <a href=\"");
	esc(b, other_query);
	yd_buf_addstr(b, "\">");
	esc(b, w->other_lang);
	yd_buf_addstr(b, "</a></p></header>\n");
}

static void option(struct yd_buf *b, const char *value, const char *label, const char *current)
{
	yd_buf_addstr(b, "<option value=\"");
	esc(b, value);
	yd_buf_addch(b, '"');
	if (current && strcmp(current, value) == 0)
		yd_buf_addstr(b, " selected");
	yd_buf_addch(b, '>');
	esc(b, label);
	yd_buf_addstr(b, "</option>");
}

static void text_input(struct yd_buf *b, const char *name, const char *label, const char *value, const char *type,
		       const char *extra, const char *hint)
{
	yd_buf_addf(b, "<label for=\"%s\">", name);
	esc(b, label);
	yd_buf_addf(b, "</label><input id=\"%s\" name=\"%s\" type=\"%s\"%s value=\"", name, name, type, extra);
	esc(b, value);
	yd_buf_addstr(b, "\">");
	if (hint) {
		yd_buf_addstr(b, "<small>");
		esc(b, hint);
		yd_buf_addstr(b, "</small>");
	}
	yd_buf_addch(b, '\n');
}

/* A labelled empty input whose id and name differ (a form of many). */
static void text_input_named(struct yd_buf *b, const char *id, const char *name, const char *label, const char *type,
			     const char *extra)
{
	yd_buf_addf(b, "<label for=\"%s\">", id);
	esc(b, label);
	yd_buf_addf(b, "</label><input id=\"%s\" name=\"%s\" type=\"%s\"%s>\n", id, name, type, extra);
}

/* The form, filled with the values of t; the pickers from the slot's checker. */
static void form(struct yd_buf *b, const struct words *w, int english, struct yd_checker *c,
		 const struct serve_draft_text *t)
{
	const char *code, *name, *path;
	enum yd_level level;
	enum yd_tier tier = YD_TIER_UNKNOWN;
	enum yd_party party = YD_PARTY_UNKNOWN;

	if (t->tier)
		yd_parse_tier(t->tier, &tier);
	if (t->party)
		yd_parse_party(t->party, &party);
	yd_buf_addstr(b, "<form method=\"get\" action=\"/check\">\n");
	if (english)
		yd_buf_addstr(b, "<input type=\"hidden\" name=\"lang\" value=\"en\">");
	yd_buf_addstr(b, "<label for=\"violation_code\">");
	esc(b, w->violation);
	yd_buf_addstr(b, "</label><select id=\"violation_code\" name=\"violation_code\" required>");
	option(b, "", w->pick, t->violation_code ? t->violation_code : "");
	struct yd_buf label = YD_BUF_INIT;
	for (size_t i = 0; yd_checker_violation(c, i, &code, &name, NULL); i++) {
		yd_buf_reset(&label);
		yd_buf_addf(&label, "%s %s", code, name);
		option(b, code, yd_buf_str(&label), t->violation_code);
	}
	yd_buf_release(&label);
	yd_buf_addstr(b, "</select>\n");
	text_input(b, "region", w->region, t->region ? t->region : "", "text", " list=\"regions\" required",
		   w->region_hint);
	yd_buf_addstr(b, "<datalist id=\"regions\">");
	for (size_t i = 0; yd_checker_region(c, i, &path, &level); i++) {
		yd_buf_addstr(b, "<option value=\"");
		esc(b, path);
		yd_buf_addstr(b, "\">");
	}
	yd_buf_addstr(b, "</datalist>\n<label for=\"tier\">");
	esc(b, w->tier);
	yd_buf_addstr(b, "</label><select id=\"tier\" name=\"tier\">");
	static const enum yd_tier tiers[] = {YD_TIER_UNKNOWN, YD_TIER_LENIENT,   YD_TIER_GENERAL,
					     YD_TIER_SEVERE,  YD_TIER_MITIGATED, YD_TIER_NONE};
	for (size_t i = 0; i < sizeof tiers / sizeof *tiers; i++)
		option(b, yd_tier_name(tiers[i]),
		       tiers[i] == YD_TIER_UNKNOWN ? w->tier_none : english ? yd_tier_name(tiers[i]) : yd_tier_zh(tiers[i]),
		       yd_tier_name(tier));
	yd_buf_addstr(b, "</select>\n<label for=\"party\">");
	esc(b, w->party);
	yd_buf_addstr(b, "</label><select id=\"party\" name=\"party\">");
	for (int p = 0; p < YD_PARTY_COUNT; p++)
		option(b, yd_party_name((enum yd_party)p),
		       p == YD_PARTY_UNKNOWN ? w->party_none
					     : english ? yd_party_name((enum yd_party)p) : yd_party_zh((enum yd_party)p),
		       yd_party_name(party));
	yd_buf_addstr(b, "</select>\n");
	text_input(b, "fine", w->fine, t->fine ? t->fine : "", "text", " required inputmode=\"decimal\"", w->fine_hint);
	text_input(b, "base_amount", w->base, t->base_amount ? t->base_amount : "", "text", " inputmode=\"decimal\"",
		   w->base_hint);
	text_input(b, "date", w->date, t->date ? t->date : "", "date", "", NULL);
	yd_buf_addstr(b, "<button type=\"submit\">");
	esc(b, w->submit);
	yd_buf_addstr(b, "</button></form>\n");
}

/* Reads the query into t.  A field holding a NUL (%00) or bytes that are
 * not UTF-8 text is left out of t (never echoed into the page) and e
 * filled (422), as the JSON API refuses such text; returns -1 then. */
static int read_query(const struct serve_req *q, struct serve_draft_text *t, struct serve_input_error *e)
{
	static const char *const names[] = {"violation_code", "region", "fine", "tier",
					    "party", "base_amount", "date", "lang"};
	const char **fields[] = {&t->violation_code, &t->region, &t->fine, &t->tier,
				 &t->party, &t->base_amount, &t->date, &t->lang};
	int rc = 0;

	memset(t, 0, sizeof *t); /* the form has no penalty_basis or factors (yet) */
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		size_t len = 0;
		const char *v = serve_arg(q, names[i], &len);
		*fields[i] = v;
		if (!v)
			continue;
		const char *why = strlen(v) != len ? "a NUL character in the text"
				  : yd_utf8_valid_prefix(v, len, NULL) != len ? "not UTF-8 text"
									      : NULL;
		if (!why)
			continue;
		*fields[i] = NULL;
		if (rc == 0) {
			e->status = 422;
			e->field = names[i];
			snprintf(e->msg, sizeof e->msg, "%s: %s", names[i], why);
		}
		rc = -1;
	}
	return rc;
}

/* The query of t with one field replaced, for a did-you-mean link. */
static void query_with(struct yd_buf *b, const struct serve_draft_text *t, const char *field, const char *value)
{
	const char *names[] = {"violation_code", "region", "fine", "tier", "party", "base_amount", "date", "lang"};
	const char *values[] = {t->violation_code, t->region, t->fine, t->tier, t->party, t->base_amount, t->date, t->lang};
	int first = 1;
	yd_buf_addstr(b, "/check?");
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		const char *v = strcmp(names[i], field) == 0 ? value : values[i];
		if (!v || !*v)
			continue;
		yd_buf_addstr(b, first ? "" : "&");
		first = 0;
		yd_buf_addf(b, "%s=", names[i]);
		serve_urlenc(b, v);
	}
}

static void row(struct yd_buf *b, const char *th, const char *td)
{
	yd_buf_addstr(b, "<tr><th>");
	esc(b, th);
	yd_buf_addstr(b, "</th><td>");
	esc(b, td);
	yd_buf_addstr(b, "</td></tr>\n");
}

/* Sets l to the formatted text. */
static void setf(struct yd_buf *l, const char *fmt, ...) YD_PRINTF(2, 3);
static void setf(struct yd_buf *l, const char *fmt, ...)
{
	va_list ap;
	yd_buf_reset(l);
	va_start(ap, fmt);
	yd_buf_vaddf(l, fmt, ap);
	va_end(ap);
}

/* The review forms of the similar decisions (POST /review), one per
 * decision, when the request is logged in (csrf its session's token);
 * else a link to log in.  back: this page's own address. */
static void review_forms(struct yd_buf *b, int english, const struct yd_draft *d, const struct yd_check_result *r,
			 const char *csrf, const char *back)
{
	yd_buf_addstr(b, "<section id=\"review\"><h3>");
	esc(b, english ? "Record a disposition" : "记录处置");
	yd_buf_addstr(b, "</h3>\n");
	if (!csrf) {
		yd_buf_addstr(b, "<p><a href=\"/login?");
		if (english)
			yd_buf_addstr(b, "lang=en&amp;");
		yd_buf_addstr(b, "back=");
		struct yd_buf u = YD_BUF_INIT;
		serve_urlenc(&u, back);
		esc(b, yd_buf_str(&u));
		yd_buf_release(&u);
		yd_buf_addstr(b, "\">");
		esc(b, english ? "Log in with the review token to record dispositions" : "以审核令牌登录后可记录处置");
		yd_buf_addstr(b, "</a></p></section>\n");
		return;
	}
	for (int i = 0; i < r->nsimilar; i++) {
		yd_buf_addstr(b, "<details><summary>");
		esc(b, r->similar[i].case_id);
		yd_buf_addf(b, "</summary><form method=\"post\" action=\"/review\" id=\"review-%d\">", i);
		const char *const hidden[][2] = {{"csrf", csrf}, {"back", back}, {"lang", english ? "en" : "zh"},
						 {"case_id", r->similar[i].case_id}, {"violation_code", d->violation_code}};
		for (size_t k = 0; k < sizeof hidden / sizeof *hidden; k++) {
			yd_buf_addf(b, "<input type=\"hidden\" name=\"%s\" value=\"", hidden[k][0]);
			esc(b, hidden[k][1]);
			yd_buf_addstr(b, "\">");
		}
		yd_buf_addf(b, "\n<label for=\"status-%d\">%s</label><select id=\"status-%d\" name=\"status\">", i,
			    english ? "Status" : "处置状态", i);
		for (int st = YD_REVIEW_CONFIRMED; st < YD_REVIEW_COUNT; st++)
			if (st != YD_REVIEW_STALE)
				option(b, yd_review_status_name((enum yd_review_status)st),
				       english ? yd_review_status_name((enum yd_review_status)st)
					       : yd_review_status_zh((enum yd_review_status)st),
				       NULL);
		option(b, yd_review_status_name(YD_REVIEW_PENDING),
		       english ? yd_review_status_name(YD_REVIEW_PENDING) : yd_review_status_zh(YD_REVIEW_PENDING), NULL);
		yd_buf_addf(b, "</select>\n<label for=\"reason-%d\">%s</label><select id=\"reason-%d\" name=\"reason\">", i,
			    english ? "Reason" : "理由", i);
		for (int k = 0; k < YD_REASON_COUNT; k++)
			option(b, yd_review_reason_name((enum yd_review_reason)k),
			       k == YD_REASON_NONE ? (english ? "none" : "无")
			       : english	   ? yd_review_reason_name((enum yd_review_reason)k)
						   : yd_review_reason_zh((enum yd_review_reason)k),
			       NULL);
		yd_buf_addstr(b, "</select>\n");
		char id[32];
		snprintf(id, sizeof id, "note-%d", i);
		text_input_named(b, id, "note", english ? "Note" : "备注", "text", "");
		snprintf(id, sizeof id, "reviewer-%d", i);
		text_input_named(b, id, "reviewer", english ? "Reviewer" : "审核人", "text", " required");
		snprintf(id, sizeof id, "deadline-%d", i);
		text_input_named(b, id, "deadline", english ? "Deadline" : "整改期限", "date", "");
		yd_buf_addstr(b, "<button type=\"submit\">");
		esc(b, english ? "Record" : "记录");
		yd_buf_addstr(b, "</button></form></details>\n");
	}
	yd_buf_addstr(b, "</section>\n");
}

static void result(struct yd_buf *b, const struct words *w, int english, const struct yd_draft *d,
		   const struct yd_check_result *r)
{
	enum yd_lang lang = english ? YD_LANG_EN : YD_LANG_ZH;
	struct yd_buf t = YD_BUF_INIT;
	char a[192], c[192];
	struct yd_buf line = YD_BUF_INIT; /* a row's text: as long as the catalogue's words */

	yd_check_reason(&t, lang, d, r);
	const char *cls = YD_VERDICT_FLAGGED(r->verdict) ? "v-flag" : r->verdict == YD_V_OK ? "v-ok" : "v-none";
	yd_buf_addf(b, "<section class=\"verdict %s\" id=\"verdict\" data-verdict=\"%s\"><h2>", cls,
		    yd_verdict_name(r->verdict));
	setf(&line, english ? "%s: %s (%s)" : "%s：%s（%s）", w->verdict,
		 english ? yd_verdict_name(r->verdict) : yd_verdict_zh(r->verdict),
		 english ? yd_verdict_zh(r->verdict) : yd_verdict_name(r->verdict));
	esc(b, yd_buf_str(&line));
	yd_buf_addstr(b, "</h2><p>");
	esc(b, yd_buf_str(&t));
	yd_buf_addstr(b, "</p></section>\n<table>\n");
	if (r->item)
		setf(&line, "%s %s (%s)", r->item->code, r->item->name, r->item->basis);
	else
		setf(&line, "%s (%s)", d->violation_code, w->not_in_catalogue);
	row(b, w->violation, yd_buf_str(&line));
	if (r->region_match == YD_REGION_PREFIX)
		setf(&line,
			 english ? "%s — a prefix of %ld known regions, compared %s"
				 : "%s（%ld 个已知地区的上级路径，按%s比较）",
			 d->region, r->region_below,
			 r->region_level == YD_LEVEL_PARENT ? (english ? "at the county level" : "上级地区（县级）")
							    : (english ? "with all regions" : "全部地区"));
	else if (r->region_match == YD_REGION_NONE)
		setf(&line, english ? "%s (no past cases yet: judged by the catalogue alone)" : "%s（尚无既往案例，只依裁量基准判断）",
		     d->region);
	else
		setf(&line, "%s", d->region);
	row(b, w->region, yd_buf_str(&line));
	if (r->item && r->legal.nolegal == YD_NL_NONE) {
		setf(&line, "%s", range(a, sizeof a, r, !english, (double)r->legal.lo, (double)r->legal.hi));
		row(b, w->legal, yd_buf_str(&line));
	}
	if (r->legal.has_band) {
		setf(&line, "%s %s%s", english ? yd_tier_name(d->tier) : yd_tier_zh(d->tier),
		     range(a, sizeof a, r, !english, (double)r->legal.band_lo, (double)r->legal.band_hi),
		     !r->legal.band_derived ? "" : english ? " (derived: 30/70 split of the legal range, not published)"
							   : "（推定：法定幅度三七分，非公布的阶次）");
		row(b, w->band, yd_buf_str(&line));
	}
	if (r->peer.level != YD_LEVEL_NONE) {
		const char *where = *r->peer_region ? r->peer_region : (english ? "all regions" : "全部地区");
		setf(&line,
			 english ? "%s (%s): %ld; median %s, quartiles %s" : "%s（%s）%ld 件；中位数 %s，四分位 %s",
			 english ? yd_level_name(r->peer.level) : yd_level_zh(r->peer.level), where, r->peer.n,
			 money(a, sizeof a, r, !english, r->median), range(c, sizeof c, r, !english, r->q1, r->q3));
		row(b, w->peers, yd_buf_str(&line));
		if (isnan(r->peer.z))
			setf(&line, english ? "percentile %.1f (no spread to measure)" : "百分位 %.1f（无可计量的离散程度）",
			     r->peer.percentile);
		else
			setf(&line, english ? "percentile %.1f, z %.2f, p %.2g" : "百分位 %.1f，z %.2f，p %.2g",
			     r->peer.percentile, r->peer.z, r->peer.p);
		row(b, w->position, yd_buf_str(&line));
	} else {
		row(b, w->peers, w->too_few);
	}
	if (r->has_suggest) {
		setf(&line, "%s", range(a, sizeof a, r, !english, (double)r->suggest_lo, (double)r->suggest_hi));
		row(b, w->suggest, yd_buf_str(&line));
	}
	yd_buf_addstr(b, "</table>\n");
	if (r->ntiers && (r->item || r->fit >= 0)) {
		yd_buf_addstr(b, "<h3>");
		esc(b, w->tiers);
		yd_buf_addstr(b, "</h3><table>\n");
		for (int k = 0; k < r->ntiers; k++) {
			const struct yd_tier_fit *f = &r->tiers[k];
			char band[192] = "";
			if (f->has_band) {
				range(band, sizeof band, r, !english, (double)f->band_lo, (double)f->band_hi);
				if (f->band_derived)
					strncat(band, english ? " (derived: 30/70 split)" : "（推定：法定幅度三七分）",
						sizeof band - strlen(band) - 1);
			}
			setf(&line, "%s  %s%s", band, english ? yd_verdict_name(f->verdict) : yd_verdict_zh(f->verdict),
				 k == r->fit ? (english ? "  ← fits" : "  ← 最符合") : "");
			row(b, english ? yd_tier_name(f->tier) : yd_tier_zh(f->tier), yd_buf_str(&line));
		}
		yd_buf_addstr(b, "</table>\n");
	}
	if (r->nsimilar) {
		yd_buf_addstr(b, "<h3>");
		esc(b, w->similar);
		yd_buf_addstr(b, "</h3><table><tr><th>");
		esc(b, w->case_id);
		yd_buf_addstr(b, "</th><th>");
		esc(b, w->region);
		yd_buf_addstr(b, "</th><th>");
		esc(b, w->decision_date);
		yd_buf_addstr(b, "</th><th>");
		esc(b, w->fine_col);
		yd_buf_addstr(b, "</th></tr>\n");
		for (int i = 0; i < r->nsimilar; i++) {
			yd_fmt_date(a, sizeof a, r->similar[i].date);
			yd_buf_addstr(b, "<tr><td>");
			esc(b, r->similar[i].case_id);
			yd_buf_addstr(b, "</td><td>");
			esc(b, r->similar[i].region);
			yd_buf_addstr(b, "</td><td>");
			esc(b, a);
			yd_buf_addstr(b, "</td><td>");
			setf(&line, "%s", money(c, sizeof c, r, !english, (double)r->similar[i].fine));
			esc(b, yd_buf_str(&line));
			if (r->similar[i].review[0]) { /* its disposition (youdu review) */
				yd_buf_addstr(b, " <span class=\"review\">[");
				esc(b, r->similar[i].review);
				yd_buf_addstr(b, "]</span>");
			}
			yd_buf_addstr(b, "</td></tr>\n");
		}
		yd_buf_addstr(b, "</table>\n");
	}
	yd_buf_reset(&t);
	yd_check_opinion(&t, lang, d, r);
	yd_buf_addstr(b, "<h3>");
	esc(b, w->opinion);
	yd_buf_addstr(b, "</h3><p>");
	esc(b, w->opinion_hint);
	yd_buf_addstr(b, "</p><textarea id=\"opinion\" readonly rows=\"7\">");
	esc(b, yd_buf_str(&t));
	yd_buf_addstr(b, "</textarea>\n");
	yd_buf_release(&t);
	yd_buf_release(&line);
}

static void page(struct server *s, const struct serve_req *q, struct serve_reply *rep, int run)
{
	struct serve_draft_text t;
	struct serve_input_error e = {0, NULL, ""};
	struct yd_draft d;
	struct yd_check_result r;
	enum yd_lang lang = YD_LANG_ZH;
	char region[512], context[YD_CONTEXT_MAX];
	struct yd_buf *b = &rep->body;

	int unreadable = read_query(q, &t, &e) < 0;
	int english = t.lang && strcmp(t.lang, "en") == 0;
	const struct words *w = english ? &en : &zh;
	rep->type = html_type;
	rep->status = 200;
	memset(&r, 0, sizeof r);
	/* one slot for the whole page: the result borrows from its checker
	 * (r.item), and the form's pickers come from the same state */
	struct serve_slot *slot = unreadable ? serve_take(s, NULL) : serve_take_or(s, &e);
	if (slot && run && !unreadable &&
	    serve_draft_read(&t, &d, region, sizeof region, context, sizeof context, &lang, &e) == 0)
		serve_check(slot, &d, &r, &e);
	/* the other language: the same check, or the empty form */
	struct yd_buf other = YD_BUF_INIT;
	if (run)
		query_with(&other, &t, "lang", english ? "zh" : "en");
	else
		yd_buf_addstr(&other, english ? "/?lang=zh" : "/?lang=en");
	head(b, w, yd_buf_str(&other));
	yd_buf_release(&other);
	if (e.status) {
		rep->status = e.status;
		yd_buf_addstr(b, "<section class=\"verdict v-err\" id=\"error\"><h2>");
		esc(b, w->error);
		yd_buf_addstr(b, "</h2><p>");
		esc(b, e.msg);
		yd_buf_addstr(b, "</p>");
		if (r.nnear) {
			yd_buf_addstr(b, "<p>");
			esc(b, w->did_you_mean);
			for (int k = 0; k < r.nnear; k++) {
				struct yd_buf link = YD_BUF_INIT;
				query_with(&link, &t, e.field, r.near[k].key);
				if (k)
					esc(b, w->sep);
				yd_buf_addstr(b, "<a href=\"");
				esc(b, yd_buf_str(&link));
				yd_buf_addstr(b, "\">");
				esc(b, r.near[k].key);
				if (*r.near[k].name) {
					yd_buf_addch(b, ' ');
					esc(b, r.near[k].name);
				}
				yd_buf_addstr(b, "</a>");
				yd_buf_release(&link);
			}
			yd_buf_addstr(b, "</p>");
		}
		yd_buf_addstr(b, "</section>\n");
	} else if (run) {
		const char *reviewed = serve_arg(q, "reviewed", NULL);
		if (reviewed && *reviewed && yd_utf8_valid_prefix(reviewed, strlen(reviewed), NULL) == strlen(reviewed)) {
			yd_buf_addstr(b, "<p class=\"verdict v-ok\" id=\"reviewed\">");
			esc(b, english ? "Recorded: " : "已记录处置：");
			esc(b, reviewed);
			yd_buf_addstr(b, "</p>\n");
		}
		result(b, w, english, &d, &r);
		if (s->review_token && r.nsimilar) {
			char csrf[33];
			struct yd_buf back = YD_BUF_INIT;
			query_with(&back, &t, "lang", t.lang);
			review_forms(b, english, &d, &r, serve_session_csrf(s, q, csrf) ? csrf : NULL, yd_buf_str(&back));
			yd_buf_release(&back);
		}
	}
	if (slot) {
		form(b, w, english, slot->checker, &t);
		serve_give(s, slot);
	}
	yd_buf_addstr(b, "</body></html>\n");
}

void serve_page_form(struct server *s, const struct serve_req *q, struct serve_reply *rep)
{
	page(s, q, rep, 0);
}

void serve_page_check(struct server *s, const struct serve_req *q, struct serve_reply *rep)
{
	page(s, q, rep, 1);
}

/* A page of its own (not the check page): status, type, and the head with
 * the link to the page in the other language; returns the body. */
static struct yd_buf *page_begin(struct serve_reply *rep, int status, int english, const char *other_lang)
{
	rep->status = status;
	rep->type = html_type;
	yd_buf_reset(&rep->body);
	head(&rep->body, english ? &en : &zh, other_lang);
	return &rep->body;
}

void serve_page_message(struct serve_reply *rep, int status, int english, const char *title, const char *msg,
			const char *href, const char *link)
{
	struct yd_buf *b = page_begin(rep, status, english, english ? "/?lang=zh" : "/?lang=en");
	yd_buf_addf(b, "<section class=\"verdict %s\" id=\"message\"><h2>", status < 400 ? "v-ok" : "v-err");
	esc(b, title);
	yd_buf_addstr(b, "</h2><p>");
	esc(b, msg);
	yd_buf_addstr(b, "</p>");
	if (href) {
		yd_buf_addstr(b, "<p><a href=\"");
		esc(b, href);
		yd_buf_addstr(b, "\">");
		esc(b, link);
		yd_buf_addstr(b, "</a></p>");
	}
	yd_buf_addstr(b, "</section>\n</body></html>\n");
}

void serve_page_login_form(struct serve_reply *rep, int status, int english, const char *back, const char *msg)
{
	struct yd_buf *b = page_begin(rep, status, english, english ? "/login?lang=zh" : "/login?lang=en");
	if (msg) {
		yd_buf_addstr(b, "<section class=\"verdict v-err\" id=\"error\"><p>");
		esc(b, msg);
		yd_buf_addstr(b, "</p></section>\n");
	}
	yd_buf_addstr(b, "<form method=\"post\" action=\"/login\">\n<input type=\"hidden\" name=\"back\" value=\"");
	esc(b, back);
	yd_buf_addf(b, "\"><input type=\"hidden\" name=\"lang\" value=\"%s\">\n", english ? "en" : "zh");
	text_input_named(b, "token", "token", english ? "Review token" : "审核令牌", "password",
			 " required autocomplete=\"current-password\"");
	yd_buf_addstr(b, "<button type=\"submit\">");
	esc(b, english ? "Log in" : "登录");
	yd_buf_addstr(b, "</button></form>\n</body></html>\n");
}
