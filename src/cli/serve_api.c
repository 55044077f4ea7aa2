/* serve_api.c - youdu serve's JSON endpoints.  Bodies are parsed with
 * jansson; answers are built with it too and written by json.h, the
 * check's by the library's writer, so that POST /api/check answers byte
 * for byte what `check --format json` prints. */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "serve.h"
#include "youdu/db_review.h"
#include "youdu/analyze.h"
#include "youdu/catalogue.h"
#include "youdu/draft.h"
#include "youdu/history.h"
#include "youdu/json.h"
#include "youdu/out.h"
#include "youdu/parse.h"
#include "youdu/text.h"

static const char type_json[] = "application/json; charset=utf-8";

/* The error object of e: the message, the field, and for a violation or
 * region not found (r) the nearest ones. */
static json_t *error_object(const struct serve_input_error *e, const struct yd_check_result *r)
{
	json_t *o = json_object();
	yd_json_set(o, "error", yd_json_str(e->msg));
	if (e->field)
		yd_json_set(o, "field", yd_json_str(e->field));
	if (r && r->bad_field != YD_CHECK_F_NONE) {
		json_t *near = json_array();
		for (int k = 0; k < r->nnear; k++) {
			json_t *n = json_object();
			if (r->bad_field == YD_CHECK_F_VIOLATION) {
				yd_json_set(n, "violation_code", yd_json_str(r->near[k].key));
				yd_json_set(n, "violation_name", yd_json_str(r->near[k].name));
			} else {
				yd_json_set(n, "region", yd_json_str(r->near[k].key));
			}
			yd_json_push(near, n);
		}
		yd_json_set(o, "did_you_mean", near);
	}
	return o;
}

void serve_json_error(struct serve_reply *rep, const struct serve_input_error *e, const struct yd_check_result *r)
{
	rep->status = e->status;
	rep->type = type_json;
	yd_buf_reset(&rep->body);
	yd_json_line(&rep->body, error_object(e, r));
}

static int input_error(struct serve_input_error *e, int status, const char *field, const char *fmt, ...)
    YD_PRINTF(4, 5);
static int input_error(struct serve_input_error *e, int status, const char *field, const char *fmt, ...)
{
	va_list ap;
	e->status = status;
	e->field = field;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	serve_msg_whole(e->msg);
	return -1;
}

/* A value as an error message quotes it: its first 80 characters. */
#define QUOTED(v) serve_shown(q, sizeof q, (v), 80)

int serve_draft_read(const struct serve_draft_text *t, struct yd_draft *d, char *region, size_t regionsz,
		     char *context, size_t contextsz, enum yd_lang *lang, struct serve_input_error *e)
{
	const char *why = NULL;
	char q[400];

	memset(d, 0, sizeof *d);
	d->base = -1;
	d->law_date = cli_today_ymd(); /* without a date, today's catalogue version */
	*lang = YD_LANG_ZH;
	if (!t->violation_code || !*t->violation_code)
		return input_error(e, 400, "violation_code", "missing field 'violation_code'");
	if (!t->region || !*t->region)
		return input_error(e, 400, "region", "missing field 'region'");
	if (!t->fine || !*t->fine)
		return input_error(e, 400, "fine", "missing field 'fine'");
	/* the draft's fields as the CLI reads them (draft.h); an empty base or date is none */
	struct yd_draft_text dt = {t->violation_code, t->region,
				   t->fine,           t->base_amount && *t->base_amount ? t->base_amount : NULL,
				   t->tier,           t->party,
				   t->date && *t->date ? t->date : NULL};
	static const char *const field[] = {"", "region", "fine", "base_amount", "tier", "party", "date"};
	const char *const given[] = {"", dt.region, dt.fine, dt.base, dt.tier, dt.party, dt.date};
	enum yd_draft_field bad = yd_draft_read(&dt, d, region, regionsz, &why);
	if (bad == YD_DRAFT_TIER)
		return input_error(e, 422, "tier", "tier: unknown tier '%s'", QUOTED(t->tier));
	if (bad == YD_DRAFT_PARTY)
		return input_error(e, 422, "party", "party: unknown party type '%s'", QUOTED(t->party));
	if (bad != YD_DRAFT_OK)
		return input_error(e, 422, field[bad], "%s: cannot read '%s': %s", field[bad], QUOTED(given[bad]), why);
	if (t->lang && *t->lang && yd_lang_parse(t->lang, lang) < 0)
		return input_error(e, 422, "lang", "lang: expected zh or en, not '%s'", QUOTED(t->lang));
	if ((t->penalty_basis && *t->penalty_basis) || t->nfactor) {
		char prov[YD_CONTEXT_MAX] = "";
		struct yd_context_factor f[8];
		if (t->penalty_basis && *t->penalty_basis && yd_context_provisions(t->penalty_basis, prov, sizeof prov) == 0)
			return input_error(e, 422, "penalty_basis", "penalty_basis: no penalty provision read in '%s'",
					   QUOTED(t->penalty_basis));
		for (int k = 0; k < t->nfactor; k++)
			f[k] = (struct yd_context_factor){t->factor_name[k], t->factor_value[k]};
		if (yd_context_build(prov, f, (size_t)t->nfactor, context, contextsz) < 0)
			return input_error(e, 422, "factors", "penalty_basis and factors: too long");
		d->context = context;
	}
	return 0;
}

struct serve_slot *serve_take_or(struct server *s, struct serve_input_error *e)
{
	struct yd_error err = {0};
	struct serve_slot *slot = serve_take(s, &err);
	if (!slot) {
		e->status = 503;
		e->field = NULL;
		snprintf(e->msg, sizeof e->msg, "%s", err.msg);
		serve_msg_whole(e->msg);
	}
	return slot;
}

int serve_check(struct serve_slot *slot, const struct yd_draft *d, struct yd_check_result *r,
		struct serve_input_error *e)
{
	struct yd_error err = {0};

	memset(r, 0, sizeof *r);
	if (yd_check(slot->checker, d, r, &err) < 0) {
		int known = r->bad_field != YD_CHECK_F_NONE;
		e->status = known ? 422 : 503;
		e->field = r->bad_field == YD_CHECK_F_VIOLATION ? "violation_code"
			   : r->bad_field == YD_CHECK_F_REGION  ? "region"
								: NULL;
		snprintf(e->msg, sizeof e->msg, "%s", err.msg);
		serve_msg_whole(e->msg);
		return known ? -1 : -2;
	}
	/* the similar decisions' dispositions (youdu review); none on error */
	yd_db_review_mark_similar(slot->db, d->violation_code, r->similar, r->nsimilar, NULL);
	return 0;
}

/* A slot, or NULL with rep the 503 answer. */
static struct serve_slot *take_or_fail(struct server *s, struct serve_reply *rep)
{
	struct serve_input_error e = {0, NULL, ""};
	struct serve_slot *slot = serve_take_or(s, &e);
	if (!slot)
		serve_json_error(rep, &e, NULL);
	return slot;
}

/* ---- POST /api/check and /api/check/batch ---- */

/* The fields of a JSON draft; an unknown key is refused (a typo would
 * otherwise be a silently missing field). */
static const char *const draft_keys[] = {"violation_code", "region", "fine", "tier", "party",
					 "base_amount", "date", "lang", "case_id", "penalty_basis", "factors", "party_id"};

/* Reads a JSON object into t (numbers written into num[2][64]). */
static int draft_from_json(json_t *o, struct serve_draft_text *t, char num[2][64], struct serve_input_error *e)
{
	const char *key;
	json_t *v;

	memset(t, 0, sizeof *t);
	if (!json_is_object(o))
		return input_error(e, 400, NULL, "expected a JSON object");
	json_object_foreach(o, key, v)
	{
		size_t k = 0, nk = sizeof draft_keys / sizeof *draft_keys;
		while (k < nk && strcmp(draft_keys[k], key) != 0)
			k++;
		if (k == nk) {
			char q[400];
			return input_error(e, 400, NULL,
					   "unknown field '%s' (fields: violation_code, region, fine, tier, party, base_amount,"
					   " date, lang, penalty_basis, factors, party_id)",
					   serve_shown(q, sizeof q, key, 80));
		}
		const char *field = draft_keys[k];
		const char *text = NULL;
		if (json_is_null(v))
			continue;
		if (k == 10) {
			/* factors: {"NAME": "VALUE", ...}, as imported with factor:NAME */
			const char *fk;
			json_t *fv;
			if (!json_is_object(v))
				return input_error(e, 400, field, "factors: expected an object of NAME: VALUE strings");
			json_object_foreach(v, fk, fv)
			{
				if (!json_is_string(fv) || t->nfactor == 8 || !*fk || strchr(fk, '='))
					return input_error(e, 422, field, "factors: at most 8, each NAME (without '='): a string");
				t->factor_name[t->nfactor] = fk;
				t->factor_value[t->nfactor++] = json_string_value(fv);
			}
			continue;
		}
		if (json_is_string(v)) {
			if (strlen(json_string_value(v)) != json_string_length(v))
				return input_error(e, 422, field, "%s: a NUL character in the text", field);
			text = json_string_value(v);
		} else if (json_is_number(v) && (k == 2 || k == 5)) {
			char *buf = num[k == 2 ? 0 : 1];
			if (json_is_integer(v)) {
				snprintf(buf, 64, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			} else {
				double x = json_real_value(v), fen = x * 100;
				/* exact to the fen: two decimals; else the digits, which the
				 * amount reader refuses with its reason */
				if (isfinite(x) && fabs(fen - nearbyint(fen)) < 1e-6 * (fabs(fen) > 1 ? fabs(fen) : 1))
					snprintf(buf, 64, "%.2f", x);
				else
					snprintf(buf, 64, "%.6g", x);
			}
			text = buf;
		} else {
			return input_error(e, 400, field, "%s: expected %s", field,
					   k == 2 || k == 5 ? "a number or a string" : "a string");
		}
		switch (k) {
		case 0: t->violation_code = text; break;
		case 1: t->region = text; break;
		case 2: t->fine = text; break;
		case 3: t->tier = text; break;
		case 4: t->party = text; break;
		case 5: t->base_amount = text; break;
		case 6: t->date = text; break;
		case 7: t->lang = text; break;
		case 9: t->penalty_basis = text; break;
		case 11: t->party_id = text; break;
		default: break; /* case_id: the caller's own reference, not judged */
		}
	}
	return 0;
}

/* The party's history (issue 24) as check --party-id --format json writes
 * it, into *out (the caller's); the party's earlier decisions of the
 * draft's violation before its date (today when none), in the listed
 * item's window or the default.  Returns 0, or -1 with e filled. */
static int party_facts(struct serve_slot *slot, const struct serve_draft_text *t, json_t **out,
		       struct serve_input_error *e)
{
	struct yd_party_history ph;
	struct yd_error err = {0};
	const char *why = NULL;
	int32_t date = 0;
	char q[400];
	int rc = 0;

	if (t->date && *t->date && yd_parse_date(t->date, &date, &why) < 0)
		return input_error(e, 422, "date", "date: cannot read '%s': %s", QUOTED(t->date), why);
	const char *v = t->violation_code && *t->violation_code ? t->violation_code : NULL;
	if (yd_party_history(slot->db, t->party_id, v, date ? date : cli_today_ymd(), YD_LOOKBACK_DEFAULT, &ph, &err) <
	    0) {
		rc = input_error(e, err.code == YD_EUSAGE ? 422 : 503, err.code == YD_EUSAGE ? "party_id" : NULL, "%s",
				 err.msg);
	} else {
		*out = yd_party_history_json_object(&ph, v, date ? date : cli_today_ymd());
	}
	yd_party_history_release(&ph);
	return rc;
}

/* Checks one JSON draft on slot (held by the caller): the result object,
 * or an error object, into *out (the caller's).  Returns the HTTP status.
 * A draft of a party_id without region and fine is the party's history
 * alone (check --party-id); with them, the check's object gains "party". */
static int check_one(struct serve_slot *slot, json_t *o, json_t **out)
{
	struct serve_draft_text t;
	struct serve_input_error e = {0, NULL, ""};
	struct yd_draft d;
	struct yd_check_result r;
	char num[2][64], region[512], context[YD_CONTEXT_MAX];
	enum yd_lang lang;
	json_t *party = NULL;

	memset(&r, 0, sizeof r);
	if (draft_from_json(o, &t, num, &e) < 0)
		goto fail;
	if (t.party_id && !t.region && !t.fine) {
		if (party_facts(slot, &t, out, &e) < 0)
			goto fail;
		return 200;
	}
	if (serve_draft_read(&t, &d, region, sizeof region, context, sizeof context, &lang, &e) < 0 ||
	    (t.party_id && party_facts(slot, &t, &party, &e) < 0) || serve_check(slot, &d, &r, &e) < 0)
		goto fail;
	*out = yd_check_json_object(lang, &d, &r);
	if (party)
		yd_json_set(*out, "party", party);
	return 200;
fail:
	json_decref(party);
	*out = error_object(&e, &r);
	return e.status;
}

static json_t *parse_body(const struct serve_req *q, struct serve_reply *rep)
{
	json_error_t je;
	struct serve_input_error e = {400, NULL, ""};

	if (q->len == 0) {
		snprintf(e.msg, sizeof e.msg, "empty body: expected JSON");
		serve_json_error(rep, &e, NULL);
		return NULL;
	}
	json_t *root = json_loadb(q->body, q->len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		snprintf(e.msg, sizeof e.msg, "malformed JSON at line %d, column %d: %s", je.line, je.column, je.text);
		serve_json_error(rep, &e, NULL);
	}
	return root;
}

void serve_api_check(struct server *s, const struct serve_req *q, struct serve_reply *rep)
{
	json_t *root = parse_body(q, rep);
	struct serve_slot *slot;
	if (!root)
		return;
	if ((slot = take_or_fail(s, rep))) {
		json_t *out;
		rep->type = type_json;
		rep->status = check_one(slot, root, &out);
		yd_json_line(&rep->body, out);
		serve_give(s, slot);
	}
	json_decref(root);
}

void serve_api_batch(struct server *s, const struct serve_req *q, struct serve_reply *rep)
{
	json_t *root = parse_body(q, rep), *o;
	struct serve_slot *slot = NULL;
	size_t i;

	if (!root)
		return;
	if (!json_is_array(root)) {
		struct serve_input_error e = {400, NULL, "expected a JSON array of drafts"};
		serve_json_error(rep, &e, NULL);
		json_decref(root);
		return;
	}
	/* the whole batch on one slot: one state of the database */
	if (!(slot = take_or_fail(s, rep))) {
		json_decref(root);
		return;
	}
	rep->type = type_json;
	rep->status = 200;
	yd_buf_addch(&rep->body, '[');
	json_array_foreach(root, i, o)
	{
		json_t *out;
		int status = check_one(slot, o, &out);
		/* one element per line; an error element carries its status */
		if (status != 200)
			yd_json_set(out, "status", json_integer(status));
		if (i)
			yd_buf_addch(&rep->body, ',');
		yd_json_line(&rep->body, out);
	}
	yd_buf_addstr(&rep->body, "]\n");
	serve_give(s, slot);
	json_decref(root);
}

/* ---- GET endpoints for pickers and monitoring ---- */

void serve_api_health(struct server *s, const struct serve_req *q, struct serve_reply *rep)
{
	struct serve_slot *slot = take_or_fail(s, rep);
	(void)q;
	if (!slot)
		return;
	const struct yd_ledger *led = yd_checker_ledger(slot->checker);
	json_t *o = json_object();
	yd_json_set(o, "status", json_string("ok"));
	yd_json_set(o, "run", json_integer(led->run_id)); /* named as analyze --format json names them */
	yd_json_set(o, "judged", json_integer(led->judged));
	yd_json_set(o, "min_peers", json_integer(led->min_peers));
	yd_json_set(o, "violations", json_integer((json_int_t)yd_checker_violations(slot->checker)));
	yd_json_set(o, "regions", json_integer((json_int_t)yd_checker_regions(slot->checker)));
	yd_json_set(o, "threads", json_integer((json_int_t)s->nslots));
	yd_json_line(&rep->body, o);
	serve_give(s, slot);
}

/* A bound of a catalogue item: yuan for a fixed amount, a multiple of
 * the base amount otherwise (stored in millionths). */
static json_t *json_bound(const struct yd_cat_item *it, int64_t v)
{
	return it->kind == YD_KIND_FIXED ? yd_json_fen(v) : yd_json_fixed((double)v / 1e6, 6);
}

/* Appends the elements of an array, one a line: [e\n,e\n]\n. */
static void lines_add(struct yd_buf *b, size_t i, json_t *e)
{
	yd_buf_addstr(b, i ? ",\n" : "[");
	yd_json_dump(b, e);
	json_decref(e);
}

void serve_api_catalogue(struct server *s, const struct serve_req *q, struct serve_reply *rep)
{
	struct serve_slot *slot = take_or_fail(s, rep);
	(void)q;
	if (!slot)
		return;
	struct yd_buf *b = &rep->body;
	const char *code, *name;
	const struct yd_cat_item *it;
	size_t i = 0;
	for (; yd_checker_violation(slot->checker, i, &code, &name, &it); i++) {
		json_t *o = json_object();
		yd_json_set(o, "violation_code", yd_json_str(code));
		yd_json_set(o, "violation_name", yd_json_str(name)); /* as catalogue list names it */
		yd_json_set(o, "in_catalogue", json_boolean(it));
		if (it) {
			yd_json_set(o, "legal_basis", yd_json_str(it->basis));
			yd_json_set(o, "fine_kind", json_string(it->kind == YD_KIND_FIXED ? "fixed" : "multiple"));
			yd_json_set(o, "fine_min", json_bound(it, it->lo));
			yd_json_set(o, "fine_max", json_bound(it, it->hi));
			yd_json_set(o, "lenient_max", json_bound(it, it->lenient_max));
			yd_json_set(o, "severe_min", json_bound(it, it->severe_min));
		}
		lines_add(b, i, o);
	}
	yd_buf_addstr(b, i ? "]\n" : "[]\n");
	serve_give(s, slot);
}

void serve_api_regions(struct server *s, const struct serve_req *q, struct serve_reply *rep)
{
	struct serve_slot *slot = take_or_fail(s, rep);
	(void)q;
	if (!slot)
		return;
	struct yd_buf *b = &rep->body;
	const char *path;
	enum yd_level level;
	size_t i = 0;
	for (; yd_checker_region(slot->checker, i, &path, &level); i++) {
		json_t *o = json_object();
		yd_json_set(o, "region", yd_json_str(path));
		yd_json_set(o, "kind", json_string(level == YD_LEVEL_REGION   ? "region"
						   : level == YD_LEVEL_PARENT ? "county"
									      : "prefix"));
		lines_add(b, i, o);
	}
	yd_buf_addstr(b, i ? "]\n" : "[]\n");
	serve_give(s, slot);
}
