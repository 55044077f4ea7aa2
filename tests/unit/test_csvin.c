/* csvin: physical line numbers, raw text, quotes across lines, encodings. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "t.h"
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

int main(void)
{
	RUN(test_lines_and_raw);
	RUN(test_encodings);
	RUN(test_unterminated);
	return t_report("csvin");
}
