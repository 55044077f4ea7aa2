/* cmd_check.c - youdu check: the pre-decision check of a draft penalty */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/check.h"
#include "youdu/csvin.h"
#include "youdu/out.h"
#include "youdu/record.h"

static void yuan(char *buf, size_t n, double fen)
{
	yd_fmt_yuan(buf, n, (int64_t)llround(fen));
}

/* The reason sentence of a check result. */
static void check_reason(struct yd_buf *b, enum yd_lang lang, const struct yd_draft *d,
			 const struct yd_check_result *r)
{
	struct yd_reason_in in = {r->item, d->tier, d->fine, d->base, &r->legal, &r->peer, r->verdict, r->peer_region};
	yd_judge_reason(b, lang, &in);
}

static void print_text(enum yd_lang lang, const struct yd_draft *d, const struct yd_check_result *r)
{
	struct yd_buf b = YD_BUF_INIT;
	char a[48], c[48], e[48];
	int zh = lang == YD_LANG_ZH;

	check_reason(&b, lang, d, r);
	printf(zh ? "预审结论：%s（%s）\n" : "verdict: %s (%s)\n", zh ? yd_verdict_zh(r->verdict) : yd_verdict_name(r->verdict),
	       zh ? yd_verdict_name(r->verdict) : yd_verdict_zh(r->verdict));
	if (b.len)
		printf("  %s\n", yd_buf_str(&b));
	if (r->item) {
		printf(zh ? "违法行为：%s %s（%s）\n" : "violation: %s %s (%s)\n", r->item->code, r->item->name, r->item->basis);
		if (r->legal.nolegal == YD_NL_NONE) {
			yuan(a, sizeof a, (double)r->legal.lo);
			yuan(c, sizeof c, (double)r->legal.hi);
			printf(zh ? "法定幅度：%s–%s 元\n" : "statutory range: %s-%s yuan\n", a, c);
		}
		if (r->legal.has_band) {
			yuan(a, sizeof a, (double)r->legal.band_lo);
			yuan(c, sizeof c, (double)r->legal.band_hi);
			if (zh)
				printf("%s阶次：%s–%s 元\n", yd_tier_zh(d->tier), a, c);
			else
				printf("%s tier band: %s-%s yuan\n", yd_tier_name(d->tier), a, c);
		}
	} else {
		printf(zh ? "违法行为：%s（不在裁量基准目录中）\n" : "violation: %s (not in the catalogue)\n", d->violation_code);
	}
	if (r->peer.level != YD_LEVEL_NONE) {
		const char *where = *r->peer_region ? r->peer_region : (zh ? "全部地区" : "all regions");
		yuan(a, sizeof a, r->median);
		yuan(c, sizeof c, r->q1);
		yuan(e, sizeof e, r->q3);
		printf(zh ? "可比案例：%s（%s）%ld 件%s；中位数 %s 元，四分位 %s–%s 元\n"
			  : "comparable cases: %s (%s), %ld%s; median %s yuan, quartiles %s-%s yuan\n",
		       zh ? yd_level_zh(r->peer.level) : yd_level_name(r->peer.level), where, r->peer.n,
		       r->peer.party_used ? (zh ? "（同类当事人）" : " of the same party type") : "", a, c, e);
		if (r->nlevels >= 2) {
			/* a group whose fines form several levels is described as such */
			fputs(zh ? "  这些案例的罚款分为几档：" : "  their fines form several levels: ", stdout);
			for (int k = 0; k < r->nlevels; k++) {
				yuan(a, sizeof a, r->levels[k].fen);
				printf(zh ? "%s%s 元 ×%ld" : "%s%s yuan x%ld", k ? (zh ? "、" : ", ") : "", a, r->levels[k].count);
			}
			fputs(zh ? "（整档罚款不会被标为畸重或畸轻）\n"
				 : " (a whole level is never flagged as over- or under-penalized)\n",
			      stdout);
		}
		if (r->peer.method == YD_SCALE_RATIO)
			printf(zh ? "本案位置：百分位 %.1f（罚款集中于少数金额，不计算 z）\n"
				  : "position: percentile %.1f (fines heaped on few amounts: no z)\n",
			       r->peer.percentile);
		else
			printf(zh ? "本案位置：百分位 %.1f，z %.2f\n" : "position: percentile %.1f, z %.2f\n", r->peer.percentile,
			       r->peer.z);
	} else {
		fputs(zh ? "可比案例：不足\n" : "comparable cases: too few\n", stdout);
	}
	if (r->has_suggest) {
		yuan(a, sizeof a, (double)r->suggest_lo);
		yuan(c, sizeof c, (double)r->suggest_hi);
		printf(zh ? "建议区间：%s–%s 元（%s）\n" : "suggested range: %s-%s yuan (%s)\n", a, c,
		       r->suggest_from_peers ? (zh ? "裁量阶次与可比案例中间 50% 的交集" : "tier band within the middle 50% of comparable cases")
					     : (zh ? "裁量阶次（可比案例不足或不相交）" : "tier band; too few or disjoint comparable cases"));
	}
	if (r->nsimilar) {
		fputs(zh ? "最相似的既往决定：\n" : "most similar past decisions:\n", stdout);
		for (int i = 0; i < r->nsimilar; i++) {
			yd_fmt_date(a, sizeof a, r->similar[i].date);
			yuan(c, sizeof c, (double)r->similar[i].fine);
			printf(zh ? "  %s  %s  %s  %s 元\n" : "  %s  %s  %s  %s yuan\n", r->similar[i].case_id,
			       r->similar[i].region, a, c);
		}
	}
	yd_buf_release(&b);
}

static void json_num(const char *key, double v, int decimals)
{
	char buf[48];
	yd_fmt_num(buf, sizeof buf, v, decimals);
	printf(",\"%s\":%s", key, *buf ? buf : "null");
}

static void json_fen(const char *key, int has, int64_t fen)
{
	char buf[48];
	yd_fmt_fen(buf, sizeof buf, fen);
	printf(",\"%s\":%s", key, has ? buf : "null");
}

static void print_json(enum yd_lang lang, const struct yd_draft *d, const struct yd_check_result *r)
{
	struct yd_buf b = YD_BUF_INIT;
	int legal = r->item && r->legal.nolegal == YD_NL_NONE;
	int peers = r->peer.level != YD_LEVEL_NONE;

	check_reason(&b, lang, d, r);
	printf("{\"verdict\":\"%s\",\"reason\":", yd_verdict_name(r->verdict));
	yd_out_json(stdout, yd_buf_str(&b));
	fputs(",\"violation_code\":", stdout);
	yd_out_json(stdout, d->violation_code);
	fputs(",\"region\":", stdout);
	yd_out_json(stdout, d->region);
	printf(",\"tier\":\"%s\",\"party_type\":\"%s\"", yd_tier_name(d->tier), yd_party_name(d->party));
	json_fen("fine", 1, d->fine);
	json_fen("base_amount", d->base >= 0, d->base);
	printf(",\"legal_checked\":%s", legal ? "true" : "false");
	json_fen("legal_min", legal, r->legal.lo);
	json_fen("legal_max", legal, r->legal.hi);
	json_fen("tier_min", legal && r->legal.has_band, r->legal.band_lo);
	json_fen("tier_max", legal && r->legal.has_band, r->legal.band_hi);
	if (peers) {
		printf(",\"peers\":{\"level\":\"%s\",\"region\":", yd_level_name(r->peer.level));
		yd_out_json(stdout, r->peer_region);
		printf(",\"party_used\":%s,\"n\":%ld", r->peer.party_used ? "true" : "false", r->peer.n);
		json_num("median", r->median / 100, 2);
		json_num("q1", r->q1 / 100, 2);
		json_num("q3", r->q3 / 100, 2);
		printf(",\"scale_method\":\"%s\",\"levels\":[", yd_scale_name(r->peer.method));
		for (int k = 0; k < r->nlevels; k++) {
			printf("%s{\"count\":%ld", k ? "," : "", r->levels[k].count);
			json_fen("fine", 1, (int64_t)llround(r->levels[k].fen));
			putchar('}');
		}
		fputs("]}", stdout);
		json_num("percentile", r->peer.percentile, 1);
		json_num("z", r->peer.z, 2);
	} else {
		fputs(",\"peers\":null,\"percentile\":null,\"z\":null", stdout);
	}
	if (r->has_suggest) {
		printf(",\"suggested\":{\"from_peers\":%s", r->suggest_from_peers ? "true" : "false");
		json_fen("min", 1, r->suggest_lo);
		json_fen("max", 1, r->suggest_hi);
		putchar('}');
	} else {
		fputs(",\"suggested\":null", stdout);
	}
	fputs(",\"similar\":[", stdout);
	for (int i = 0; i < r->nsimilar; i++) {
		char date[16];
		yd_fmt_date(date, sizeof date, r->similar[i].date);
		printf("%s{\"case_id\":", i ? "," : "");
		yd_out_json(stdout, r->similar[i].case_id);
		fputs(",\"region\":", stdout);
		yd_out_json(stdout, r->similar[i].region);
		printf(",\"decision_date\":\"%s\"", date);
		json_fen("fine", 1, r->similar[i].fine);
		putchar('}');
	}
	puts("]}");
	yd_buf_release(&b);
}

/* ---- batch ---- */

struct batch_state {
	struct yd_checker *checker;
	const char *path;
	enum yd_format fmt;
	enum yd_lang lang;
	struct yd_header header;
	int have_header;
	long rows, flagged, bad;
	struct yd_buf reason;
};

static const unsigned batch_required = (1u << YD_F_VCODE) | (1u << YD_F_REGION) | (1u << YD_F_FINE);

static int batch_row(void *data, const struct yd_csv_row *row, struct yd_error *err)
{
	struct batch_state *s = data;
	struct yd_record rec;
	struct yd_check_result r;
	char why[512];

	if (!s->have_header) {
		int rc = yd_header_init(&s->header, row, NULL, batch_required, s->path, err);
		s->have_header = rc == 0;
		return rc;
	}
	s->rows++;
	yd_buf_reset(&s->reason);
	const char *verdict = "error";
	int ok = yd_record_parse(&s->header, row, batch_required, &rec, why, sizeof why) == 0;
	struct yd_draft d = {0};
	if (ok) {
		d.violation_code = rec.vcode;
		d.region = rec.region;
		d.tier = rec.tier;
		d.party = rec.party;
		d.fine = rec.fine;
		d.base = rec.base;
		d.date = rec.date;
		struct yd_error e2 = {0};
		if (yd_check(s->checker, &d, &r, &e2) < 0) {
			*err = e2;
			return e2.code;
		}
		verdict = yd_verdict_name(r.verdict);
		check_reason(&s->reason, s->lang, &d, &r);
		s->flagged += r.verdict != YD_V_OK;
	} else {
		s->bad++;
		yd_buf_addstr(&s->reason, why);
	}
	char fine[32] = "", med[32] = "", pct[32] = "", z[32] = "", lo[32] = "", hi[32] = "";
	if (ok) {
		yd_fmt_fen(fine, sizeof fine, d.fine);
		if (r.peer.level != YD_LEVEL_NONE) {
			yd_fmt_fen(med, sizeof med, (int64_t)llround(r.median));
			yd_fmt_num(pct, sizeof pct, r.peer.percentile, 1);
			yd_fmt_num(z, sizeof z, r.peer.z, 2);
		}
		if (r.has_suggest) {
			yd_fmt_fen(lo, sizeof lo, r.suggest_lo);
			yd_fmt_fen(hi, sizeof hi, r.suggest_hi);
		}
	}
	const char *case_id = s->header.col[YD_F_CASE_ID] >= 0 && (size_t)s->header.col[YD_F_CASE_ID] < row->n
				      ? row->fields[s->header.col[YD_F_CASE_ID]]
				      : "";
	if (s->fmt == YD_FMT_JSON) {
		printf("%s{\"line\":%ld,\"case_id\":", s->rows > 1 ? ",\n" : "", row->line);
		yd_out_json(stdout, case_id);
		printf(",\"verdict\":\"%s\",\"fine\":%s,\"peer_n\":", verdict, *fine ? fine : "null");
		if (ok && r.peer.level != YD_LEVEL_NONE)
			printf("%ld", r.peer.n);
		else
			fputs("null", stdout);
		printf(",\"peer_median\":%s,\"percentile\":%s,\"z\":%s,\"suggested_min\":%s,\"suggested_max\":%s,\"reason\":",
		       *med ? med : "null", *pct ? pct : "null", *z ? z : "null", *lo ? lo : "null", *hi ? hi : "null");
		yd_out_json(stdout, yd_buf_str(&s->reason));
		putchar('}');
	} else {
		printf("%ld,", row->line);
		yd_out_csv(stdout, case_id);
		printf(",%s,%s,", verdict, fine);
		if (ok && r.peer.level != YD_LEVEL_NONE)
			printf("%ld", r.peer.n);
		printf(",%s,%s,%s,%s,%s,", med, pct, z, lo, hi);
		yd_out_csv(stdout, yd_buf_str(&s->reason));
		putchar('\n');
	}
	return 0;
}

static int run_batch(struct yd_checker *checker, const char *path, enum yd_format fmt, enum yd_lang lang)
{
	struct batch_state s;
	struct yd_error err = {0};
	int rc = EXIT_OK_;

	memset(&s, 0, sizeof s);
	s.checker = checker;
	s.path = path;
	s.fmt = fmt;
	s.lang = lang;
	if (fmt == YD_FMT_JSON)
		putchar('[');
	else
		puts("line,case_id,verdict,fine,peer_n,peer_median,percentile,z,suggested_min,suggested_max,reason");
	if (yd_csv_read(path, YD_ENC_AUTO, batch_row, &s, NULL, &err) < 0)
		rc = cli_fail(&err);
	else if (!s.have_header)
		rc = cli_usage_error("check", "%s: empty file: no header row", path);
	if (fmt == YD_FMT_JSON)
		puts("]");
	if (rc == EXIT_OK_ && (s.flagged || s.bad))
		rc = EXIT_FINDINGS;
	yd_header_release(&s.header);
	yd_buf_release(&s.reason);
	return rc;
}

int cmd_check(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
	    {"violation", required_argument, NULL, 'V'}, {"region", required_argument, NULL, 'R'},
	    {"fine", required_argument, NULL, 'f'},      {"tier", required_argument, NULL, 't'},
	    {"party", required_argument, NULL, 'p'},     {"base", required_argument, NULL, 'b'},
	    {"date", required_argument, NULL, 'd'},      {"format", required_argument, NULL, 'F'},
	    {"lang", required_argument, NULL, 'L'},      {"batch", required_argument, NULL, 'B'},
	    {NULL, 0, NULL, 0}};
	struct yd_draft d = {0};
	char region[512];
	const char *batch = NULL, *why = NULL;
	enum yd_format fmt = YD_FMT_TEXT;
	enum yd_lang lang = YD_LANG_ZH;
	int c, have_fine = 0, have_fmt = 0;

	d.base = -1;
	while ((c = cli_getopt("check", argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'V': d.violation_code = optarg; break;
		case 'R':
			if (yd_parse_region(optarg, region, sizeof region, &why) < 0)
				return cli_usage_error("check", "--region: cannot read '%s': %s", optarg, why);
			d.region = region;
			break;
		case 'f':
			if (yd_parse_amount(optarg, &d.fine, &why) < 0)
				return cli_usage_error("check", "--fine: cannot read '%s': %s", optarg, why);
			have_fine = 1;
			break;
		case 'b':
			if (yd_parse_amount(optarg, &d.base, &why) < 0)
				return cli_usage_error("check", "--base: cannot read '%s': %s", optarg, why);
			break;
		case 't':
			if (yd_parse_tier(optarg, &d.tier) < 0)
				return cli_usage_error("check", "--tier: unknown tier '%s'", optarg);
			break;
		case 'p':
			if (yd_parse_party(optarg, &d.party) < 0)
				return cli_usage_error("check", "--party: unknown party type '%s'", optarg);
			break;
		case 'd':
			if (yd_parse_date(optarg, &d.date, &why) < 0)
				return cli_usage_error("check", "--date: cannot read '%s': %s", optarg, why);
			break;
		case 'F':
			if (yd_format_parse(optarg, &fmt) < 0 || fmt == YD_FMT_TABLE)
				return cli_usage_error("check", "--format: expected text, csv or json, not '%s'", optarg);
			have_fmt = 1;
			break;
		case 'L':
			if (yd_lang_parse(optarg, &lang) < 0)
				return cli_usage_error("check", "--lang: expected zh or en, not '%s'", optarg);
			break;
		case 'B': batch = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
	if (batch) {
		if (d.violation_code || d.region || have_fine)
			return cli_usage_error("check", "--batch takes the drafts from the file, not from options");
		if (!have_fmt)
			fmt = YD_FMT_CSV;
		if (fmt == YD_FMT_TEXT)
			return cli_usage_error("check", "--batch writes csv or json");
	} else {
		if (!d.violation_code || !*d.violation_code)
			return cli_usage_error("check", "--violation is required");
		if (!d.region)
			return cli_usage_error("check", "--region is required");
		if (!have_fine)
			return cli_usage_error("check", "--fine is required");
		if (fmt == YD_FMT_CSV)
			return cli_usage_error("check", "--format csv is for --batch; use text or json");
	}

	struct yd_db *db = NULL;
	struct yd_checker *checker = NULL;
	struct yd_error err = {0};
	int rc;
	if ((rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		return rc;
	if (yd_checker_open(db, !batch, &checker, &err) < 0) {
		rc = cli_fail(&err);
		goto out;
	}
	if (batch) {
		rc = run_batch(checker, batch, fmt, lang);
	} else {
		struct yd_check_result r;
		if (yd_check(checker, &d, &r, &err) < 0) {
			rc = cli_fail(&err);
			goto out;
		}
		if (fmt == YD_FMT_JSON)
			print_json(lang, &d, &r);
		else
			print_text(lang, &d, &r);
		rc = r.verdict == YD_V_OK ? EXIT_OK_ : EXIT_FINDINGS;
	}
out:
	yd_checker_free(checker);
	yd_db_close(db);
	return rc;
}
