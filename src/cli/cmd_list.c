/* cmd_list.c - youdu rejects, youdu export: listings of stored rows */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/db.h"
#include "youdu/out.h"
#include "youdu/parse.h"

/* Parses the only option of the listing commands, --format. */
static int list_format(const char *cmd, int argc, char **argv, unsigned allowed, enum yd_format *fmt)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
	int c;
	while ((c = cli_getopt(cmd, argc, argv, "", opts)) != -1) {
		if (c != 'f')
			return EXIT_USAGE;
		if (yd_format_parse(optarg, fmt) < 0 || !(allowed & (1u << *fmt)))
			return cli_usage_error(cmd, "--format: unsupported format '%s'", optarg);
	}
	if (optind != argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	return 0;
}

struct list_state {
	enum yd_format fmt;
	long n;
	int raw; /* --raw */
};

static int print_reject(void *data, const struct yd_reject_row *r)
{
	struct list_state *s = data;
	switch (s->fmt) {
	case YD_FMT_CSV:
		cli_csv(s->raw, r->file);
		printf(",%ld,", r->line);
		cli_csv(s->raw, r->reason);
		putchar(',');
		cli_csv(s->raw, r->raw);
		putchar('\n');
		break;
	case YD_FMT_JSON:
		printf("%s{\"file\":", s->n ? ",\n" : "");
		yd_out_json(stdout, r->file);
		printf(",\"line\":%ld,\"reason\":", r->line);
		yd_out_json(stdout, r->reason);
		fputs(",\"raw\":", stdout);
		yd_out_json(stdout, r->raw);
		putchar('}');
		break;
	default:
		/* every line of a multi-line row indented; escapes shown, not run */
		yd_out_text(stdout, r->file, NULL);
		printf(":%ld: ", r->line);
		yd_out_text(stdout, r->reason, NULL);
		fputs("\n    ", stdout);
		yd_out_text(stdout, r->raw, "\n    ");
		putchar('\n');
	}
	s->n++;
	return 0;
}

int cmd_rejects(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'}, {"warnings", no_argument, NULL, 'w'}, {NULL, 0, NULL, 0}};
	struct list_state s = {YD_FMT_TABLE, 0, cli->raw};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int c, rc = 0, warnings = 0;

	while ((c = cli_getopt("rejects", argc, argv, "", opts)) != -1) {
		if (c == 'w') {
			warnings = 1;
			continue;
		}
		if (c != 'f')
			return EXIT_USAGE;
		if (yd_format_parse(optarg, &s.fmt) < 0 ||
		    !((1u << YD_FMT_TABLE | 1u << YD_FMT_CSV | 1u << YD_FMT_JSON) & (1u << s.fmt)))
			return cli_usage_error("rejects", "--format: unsupported format '%s'", optarg);
	}
	if (optind != argc)
		return cli_usage_error("rejects", "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		return rc;
	if (s.fmt == YD_FMT_CSV)
		puts(warnings ? "file,line,reason,value" : "file,line,reason,raw");
	if (s.fmt == YD_FMT_JSON)
		putchar('[');
	if ((warnings ? yd_db_warnings_each : yd_db_rejects_each)(db, print_reject, &s, &err) < 0)
		rc = cli_fail(&err);
	if (s.fmt == YD_FMT_JSON)
		puts("]");
	if (s.fmt == YD_FMT_TABLE)
		printf(warnings ? "%ld data-quality warnings\n" : "%ld rejected rows\n", s.n);
	yd_db_close(db);
	return rc;
}

static int print_case(void *data, const struct yd_case_row *r)
{
	struct list_state *s = data;
	char date[16], fine[32], base[32] = "";
	const char *v[10];

	yd_fmt_date(date, sizeof date, r->date);
	yd_fmt_fen(fine, sizeof fine, r->fine);
	if (r->base >= 0)
		yd_fmt_fen(base, sizeof base, r->base);
	v[0] = r->case_id, v[1] = date, v[2] = r->region, v[3] = r->agency, v[4] = r->violation_code;
	v[5] = r->violation_name, v[6] = yd_party_name((enum yd_party)r->party);
	v[7] = yd_tier_name((enum yd_tier)r->tier), v[8] = fine, v[9] = base;
	if (s->fmt == YD_FMT_JSON) {
		static const char *const keys[10] = {"case_id", "decision_date", "region", "agency", "violation_code",
						     "violation_name", "party_type", "tier", "fine", "base_amount"};
		printf("%s{", s->n ? ",\n" : "");
		for (int i = 0; i < 10; i++) {
			printf("%s\"%s\":", i ? "," : "", keys[i]);
			if (i >= 8)
				fputs(*v[i] ? v[i] : "null", stdout);
			else
				yd_out_json(stdout, v[i]);
		}
		putchar('}');
	} else {
		for (int i = 0; i < 10; i++) {
			if (i)
				putchar(',');
			cli_csv(s->raw, v[i]);
		}
		putchar('\n');
	}
	s->n++;
	return 0;
}

int cmd_export(int argc, char **argv, struct cli *cli)
{
	struct list_state s = {YD_FMT_CSV, 0, cli->raw};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int rc = list_format("export", argc, argv, 1u << YD_FMT_CSV | 1u << YD_FMT_JSON, &s.fmt);

	if (rc || (rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		return rc;
	if (s.fmt == YD_FMT_CSV)
		puts("case_id,decision_date,region,agency,violation_code,violation_name,party_type,tier,fine,base_amount");
	else
		putchar('[');
	if (yd_db_cases_each(db, print_case, &s, &err) < 0)
		rc = cli_fail(&err);
	if (s.fmt == YD_FMT_JSON)
		puts("]");
	yd_db_close(db);
	return rc;
}
