/* csvin: physical line numbers, raw text, quotes across lines, encodings. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "youdu/buf.h"
#include "youdu/csvin.h"

struct seen {
	long line[16];
	char raw[16][128];
	size_t nf[16];
	char f0[16][64];
	int n;
};

static int collect(void *data, const struct yd_csv_row *r, struct yd_error *err)
{
	struct seen *s = data;
	(void)err;
	if (s->n < 16) {
		s->line[s->n] = r->line;
		snprintf(s->raw[s->n], sizeof s->raw[0], "%.*s", (int)r->rawlen, r->raw);
		s->nf[s->n] = r->n;
		snprintf(s->f0[s->n], sizeof s->f0[0], "%s", r->n ? r->fields[r->n - 1] : "");
	}
	s->n++;
	return 0;
}

static const char *write_tmp(const char *bytes, size_t n)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/youdu-test-csvin-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, bytes, n) != (ssize_t)n)
		abort();
	close(fd);
	return path;
}

static void test_lines_and_raw(void)
{
	/* CRLF, a quoted field over two lines, a blank line, a lone CR, no final newline */
	const char data[] = "h1,h2\r\na,b\r\n\"x\r\ny\",z\r\n\r\nc,d\re,f";
	const char *path = write_tmp(data, sizeof data - 1);
	struct seen s = {0};
	struct yd_error err = {0};
	enum yd_encoding used;
	CHECK_INT(yd_csv_read(path, YD_ENC_AUTO, collect, &s, &used, &err), 0);
	CHECK_INT(used, YD_ENC_UTF8);
	CHECK_INT(s.n, 5);
	CHECK_INT(s.line[0], 1);
	CHECK_INT(s.line[1], 2);
	CHECK_INT(s.line[2], 3); /* the record starts on line 3 and ends on line 4 */
	CHECK_INT(s.line[3], 6); /* after the blank line 5 */
	CHECK_INT(s.line[4], 7); /* after a lone CR */
	CHECK_STR(s.raw[2], "\"x\r\ny\",z");
	CHECK_STR(s.raw[4], "e,f");
	CHECK_STR(s.f0[4], "f");
	unlink(path);

	/* a lone CR, then a line ending in LF: three lines (the LF was once
	 * taken for the second half of a CRLF) */
	const char mixed[] = "a\rb\nc\n";
	path = write_tmp(mixed, sizeof mixed - 1);
	memset(&s, 0, sizeof s);
	CHECK_INT(yd_csv_read(path, YD_ENC_AUTO, collect, &s, NULL, &err), 0);
	CHECK_INT(s.n, 3);
	CHECK_INT(s.line[1], 2);
	CHECK_INT(s.line[2], 3);
	unlink(path);
}

static void test_encodings(void)
{
	struct seen s = {0};
	struct yd_error err = {0};
	enum yd_encoding used;
	const char bom[] = "\xEF\xBB\xBFk\n\xE6\xB5\xB7\n"; /* BOM, "k", "海" */
	const char *path = write_tmp(bom, sizeof bom - 1);
	CHECK_INT(yd_csv_read(path, YD_ENC_AUTO, collect, &s, &used, &err), 0);
	CHECK_INT(used, YD_ENC_UTF8_BOM);
	CHECK_STR(s.f0[0], "k"); /* the BOM is not part of the first field */
	CHECK_STR(s.f0[1], "海");
	unlink(path);
	memset(&s, 0, sizeof s);
	const char gbk[] = "k\n\xBA\xA3\n"; /* "海" in GB18030 */
	path = write_tmp(gbk, sizeof gbk - 1);
	CHECK_INT(yd_csv_read(path, YD_ENC_AUTO, collect, &s, &used, &err), 0);
	CHECK_INT(used, YD_ENC_GB18030);
	CHECK_STR(s.f0[1], "海");
	CHECK(yd_csv_read(path, YD_ENC_UTF8, collect, &s, &used, &err) == YD_EINPUT);
	CHECK(strstr(err.msg, ":2: not valid UTF-8") != NULL); /* names the line */
	unlink(path);
}

static void test_unterminated(void)
{
	struct seen s = {0};
	struct yd_error err = {0};
	const char data[] = "a,b\nc,\"d\ne,f\n";
	const char *path = write_tmp(data, sizeof data - 1);
	CHECK(yd_csv_read(path, YD_ENC_AUTO, collect, &s, NULL, &err) == YD_EINPUT);
	CHECK(strstr(err.msg, ":2: unterminated quoted field") != NULL);
	unlink(path);
}

/* ---- reading in pieces ---- */

/* One piece's log: "line|fields joined by '|'" per record. */
struct piece_log {
	struct yd_buf log;
	long rows;
	int resets;
	long stop_line; /* return 7 at the record on this line (0: never) */
};

static int log_row(void *data, const struct yd_csv_row *r, struct yd_error *err)
{
	struct piece_log *p = data;
	(void)err;
	yd_buf_addf(&p->log, "%ld", r->line);
	for (size_t i = 0; i < r->n; i++)
		yd_buf_addf(&p->log, "|%s", r->fields[i]);
	yd_buf_addch(&p->log, '\n');
	p->rows++;
	return p->stop_line && r->line == p->stop_line ? 7 : 0;
}

static void log_reset(void *data)
{
	struct piece_log *p = data;
	yd_buf_reset(&p->log);
	p->rows = 0;
	p->resets++;
}

static int all_resets; /* resets seen by check_pieces, in all */

/* Reads path whole and in `parts` pieces and checks that the pieces, each
 * after its copy of the header, give the same records, lines and result. */
static int check_pieces(const char *path, int parts, int want_used, int want_resets, long stop_line)
{
	struct piece_log whole = {YD_BUF_INIT, 0, 0, stop_line}, pl[YD_CSV_MAX_PARTS];
	void *dp[YD_CSV_MAX_PARTS];
	struct yd_error e1 = {0}, e2 = {0};
	int used = 0, resets = 0;
	int r1 = yd_csv_read(path, YD_ENC_AUTO, log_row, &whole, NULL, &e1);
	for (int k = 0; k < YD_CSV_MAX_PARTS; k++) {
		pl[k] = (struct piece_log){YD_BUF_INIT, 0, 0, stop_line};
		dp[k] = &pl[k];
	}
	int r2 = yd_csv_read_parts(path, parts, log_row, log_reset, dp, &used, &e2);
	CHECK_INT(r2, r1);
	CHECK_STR(e2.msg, e1.msg);
	if (want_used >= 0)
		CHECK_INT(used, want_used);
	const char *all = yd_buf_str(&whole.log), *nl = strchr(all, '\n');
	size_t header = nl ? (size_t)(nl - all) + 1 : 0;
	struct yd_buf joined = YD_BUF_INIT;
	int headers_ok = 1;
	for (int k = 0; k < used; k++) {
		const char *t = yd_buf_str(&pl[k].log);
		if (k == 0 || pl[k].rows == 0) {
			yd_buf_addstr(&joined, t);
			continue;
		}
		headers_ok &= strncmp(t, all, header) == 0; /* each piece starts with the header */
		yd_buf_addstr(&joined, t + header);
	}
	for (int k = 0; k < YD_CSV_MAX_PARTS; k++)
		resets += pl[k].resets;
	CHECK(headers_ok);
	if (r1 == 0)
		CHECK(strcmp(yd_buf_str(&joined), all) == 0);
	all_resets += resets;
	if (want_resets >= 0)
		CHECK_INT(resets, want_resets);
	yd_buf_release(&joined);
	yd_buf_release(&whole.log);
	for (int k = 0; k < YD_CSV_MAX_PARTS; k++)
		yd_buf_release(&pl[k].log);
	return r1;
}

/* A 9 MB file of mixed line ends (LF, CRLF, lone CR), Chinese text, quoted
 * fields with commas and line breaks; middle, if set, is put at its middle. */
static const char *big_file(const char *middle, const char *tail)
{
	struct yd_buf b = YD_BUF_INIT;
	static const char *const ends[] = {"\n", "\r\n", "\n", "\r", "\n"};
	yd_buf_addstr(&b, "case_id,region,note,fine\n");
	for (long i = 0; b.len < (9u << 20); i++) {
		if (middle && b.len >= (9u << 19) - 1000 && b.len < (9u << 19)) {
			yd_buf_addstr(&b, middle);
			middle = NULL;
		}
		yd_buf_addf(&b, "C%06ld,浙江省/嘉兴市/海盐县,", i);
		if (i % 7 == 0)
			yd_buf_addf(&b, "\"说明, 第 %ld 行\n续\"\"引\"\"\"", i);
		else
			yd_buf_addf(&b, "备注%ld", i % 13);
		yd_buf_addf(&b, ",%ld%s", 100 + i % 977, ends[i % 5]);
	}
	yd_buf_addstr(&b, tail);
	const char *path = write_tmp(yd_buf_str(&b), b.len);
	yd_buf_release(&b);
	return path;
}

static void test_pieces(void)
{
	const char *path = big_file(NULL, "");
	check_pieces(path, 2, 2, 0, 0);
	check_pieces(path, 3, 2, 0, 0); /* 9 MB holds two 4 MB pieces at most */
	check_pieces(path, 1, 1, 0, 0);
	unlink(path);

	/* a quoted field of 2 MB of short lines over the middle: the split
	 * falls inside it, the later piece is reset, the first reads on */
	struct yd_buf q = YD_BUF_INIT;
	yd_buf_addstr(&q, "Q,r,\"");
	while (q.len < (2u << 20))
		yd_buf_addstr(&q, "a line inside quotes\n");
	yd_buf_addstr(&q, "\",1\n");
	path = big_file(yd_buf_str(&q), "");
	yd_buf_release(&q);
	check_pieces(path, 2, 1, 1, 0);
	unlink(path);

	/* an unterminated quote at the end, and a stop in the second piece:
	 * the same result and message as the whole read */
	path = big_file(NULL, "X,y,\"open\n");
	CHECK_INT(check_pieces(path, 2, 2, 0, 0), YD_EINPUT);
	CHECK_INT(check_pieces(path, 2, 2, 0, 150001), 7); /* line 150001 is in the second piece */
	unlink(path);

	/* 9 MB of random tokens (quotes, commas, every line end, CJK, spaces):
	 * whatever libcsv makes of them, the pieces make the same */
	static const char *const tok[] = {"a", "bc", ",", ",", "\"", "\"\"", "\n", "\r", "\r\n", "海", " ", "\t"};
	srand(5);
	all_resets = 0;
	for (int seed = 0; seed < 3; seed++) {
		struct yd_buf r = YD_BUF_INIT;
		int quotes = 2 * seed; /* the first file has no quote at all */
		while (r.len < (9u << 20)) {
			int t = rand() % 12;
			if (t == 4 || t == 5)
				t = rand() % 200 < quotes ? t : 0; /* quotes rare enough for long records */
			yd_buf_addstr(&r, tok[t]);
		}
		path = write_tmp(yd_buf_str(&r), r.len);
		yd_buf_release(&r);
		check_pieces(path, 2, -1, -1, 0);
		check_pieces(path, 4, -1, -1, 0);
		unlink(path);
	}
	CHECK(all_resets > 0); /* splits inside quotes happened, and were undone */

	/* not UTF-8: read whole, as GB18030 */
	struct yd_buf g = YD_BUF_INIT;
	while (g.len < (9u << 20))
		yd_buf_addstr(&g, "k,\xBA\xA3\n");
	path = write_tmp(yd_buf_str(&g), g.len);
	yd_buf_release(&g);
	check_pieces(path, 2, 1, 0, 0);
	unlink(path);
}

/* Rows as one string: fields ended by \x1f, rows by \x1e. */
static int flatten(void *data, const struct yd_csv_row *r, struct yd_error *err)
{
	(void)err;
	for (size_t i = 0; i < r->n; i++) {
		yd_buf_add(data, r->fields[i], r->lens[i]);
		yd_buf_addch(data, '\x1f');
	}
	yd_buf_addch(data, '\x1e');
	return 0;
}

static void ref_field(void *s, size_t len, void *data)
{
	yd_buf_add(data, s ? s : "", s ? len : 0);
	yd_buf_addch(data, '\x1f');
}

static void ref_row(int c, void *data)
{
	(void)c;
	yd_buf_addch(data, '\x1e');
}

/* Whole lines of plain and simply quoted fields are split by csvin
 * itself, not by libcsv (issue 22): on random lines of spaces, tabs, the
 * three delimiters, CJK text, the three line ends and fields quoted every
 * way (simply, doubled quotes, text after a closing quote, a quote inside
 * an unquoted field, over two lines: libcsv's lines among csvin's), the
 * rows must be libcsv's own, field for field. */
static void test_plain_lines_as_libcsv(void)
{
	static const char *const sym[] = {"a", "\xE4\xB8\xAD", " ", "\t", ",", ";", "bb", " x "};
	static const char *const quoted[] = {"\"1D000\"", "\"\"", "\" a D \"", " \"q\" ", "\"a\"\"b\"", "\"a\"b\"c\"",
					     "x\"y", "\"q,\r\n1\""};
	static const char *const ends[] = {"\n", "\r\n", "\r"};
	static const char delims[] = {',', '\t', ';'};
	unsigned seed = 22;
	for (int d = 0; d < 3; d++) {
		struct yd_buf text = YD_BUF_INIT, got = YD_BUF_INIT, want = YD_BUF_INIT;
		/* the header and twenty plain lines: they choose the delimiter */
		for (int k = 0; k < 21; k++) {
			yd_buf_addf(&text, "h%c%c", delims[d], delims[d]);
			yd_buf_addstr(&text, "h\n");
		}
		for (int line = 0; line < 6000; line++) {
			int nf = (int)(rand_r(&seed) % 7);
			for (int i = 0; i < nf; i++) {
				if (i)
					yd_buf_addch(&text, delims[d]);
				if (rand_r(&seed) % 6 == 0) { /* a quoted field, D its delimiter */
					for (const char *q = quoted[rand_r(&seed) % 8]; *q; q++)
						yd_buf_addch(&text, *q == 'D' ? delims[d] : *q);
					continue;
				}
				for (int k = (int)(rand_r(&seed) % 3); k > 0; k--)
					yd_buf_addstr(&text, sym[rand_r(&seed) % 8]);
			}
			yd_buf_addstr(&text, ends[rand_r(&seed) % 3]);
		}
		const char *path = write_tmp(text.s, text.len);
		struct yd_error err = {0};
		CHECK_INT(yd_csv_read(path, YD_ENC_UTF8, flatten, &got, NULL, &err), 0);
		struct csv_parser p;
		csv_init(&p, CSV_APPEND_NULL);
		csv_set_delim(&p, (unsigned char)delims[d]);
		csv_parse(&p, text.s, text.len, ref_field, ref_row, &want);
		csv_fini(&p, ref_field, ref_row, &want);
		csv_free(&p);
		CHECK(got.len > 20000);
		CHECK_INT((long)got.len, (long)want.len);
		CHECK(got.len == want.len && memcmp(got.s, want.s, got.len) == 0);
		unlink(path);
		yd_buf_release(&text);
		yd_buf_release(&got);
		yd_buf_release(&want);
	}
}

int main(void)
{
	RUN(test_lines_and_raw);
	RUN(test_encodings);
	RUN(test_unterminated);
	RUN(test_pieces);
	RUN(test_plain_lines_as_libcsv);
	return t_report("csvin");
}
