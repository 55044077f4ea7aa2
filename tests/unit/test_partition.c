/* partition: Hive escaping, the fields and keys, and the writer (members
 * appended when streams are closed, the folder put in place whole). */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "t.h"
#include "youdu/buf.h"
#include "youdu/error.h"
#include "youdu/partition.h"

static const char *escaped(const char *v)
{
	static char out[256];
	struct yd_buf b = YD_BUF_INIT;
	yd_part_escape(&b, v);
	snprintf(out, sizeof out, "%s", yd_buf_str(&b));
	yd_buf_release(&b);
	return out;
}

static void test_escape(void)
{
	CHECK_STR(escaped(""), "__HIVE_DEFAULT_PARTITION__");
	CHECK_STR(escaped("浙江省"), "浙江省");
	CHECK_STR(escaped("局A/B=C%D"), "局A%2FB%3DC%25D");
	CHECK_STR(escaped("a b\x01\x7f"), "a b%01%7F");
	CHECK_STR(escaped("\"#'*:?\\{[]^"), "%22%23%27%2A%3A%3F%5C%7B%5B%5D%5E");
	CHECK_STR(escaped(".."), ".."); /* never a folder of its own: "field=.." */
}

static void test_fields(void)
{
	enum yd_part_field f[YD_PART_MAX];
	struct yd_error err = {0};
	size_t n;

	CHECK_INT(yd_part_fields_parse("province,year", f, &n, &err), 0);
	CHECK_INT(n, 2);
	CHECK_INT(f[0], YD_PART_PROVINCE);
	CHECK_INT(f[1], YD_PART_YEAR);
	CHECK_INT(yd_part_fields_parse("verdict", f, &n, &err), 0);
	CHECK_STR(yd_part_field_column(f[0]), "verdict");
	CHECK(yd_part_field_column(YD_PART_PROVINCE) == NULL);
	CHECK_INT(yd_part_fields_parse("province,provnce", f, &n, &err), YD_EUSAGE);
	CHECK(strstr(err.msg, "unknown field 'provnce' (fields: province, city,") != NULL);
	CHECK_INT(yd_part_fields_parse("year,year", f, &n, &err), YD_EUSAGE);
	CHECK(strstr(err.msg, "field 'year' given twice") != NULL);
	CHECK_INT(yd_part_fields_parse("", f, &n, &err), YD_EUSAGE);
	CHECK_INT(yd_part_fields_parse("year,", f, &n, &err), YD_EUSAGE);
}

static void test_key(void)
{
	struct yd_case_row r = {"C1", "浙江省/嘉兴市/海盐县/武原街道", "局=1", "CG004", "t", 20240301, 0, 0, 100, -1, "CNY", -1};
	enum yd_part_field f[] = {YD_PART_PROVINCE, YD_PART_CITY, YD_PART_COUNTY, YD_PART_YEAR, YD_PART_AGENCY,
				  YD_PART_VERDICT};
	struct yd_buf b = YD_BUF_INIT;

	yd_part_key(&b, f, 6, &r);
	CHECK_STR(yd_buf_str(&b),
		  "province=浙江省/city=嘉兴市/county=海盐县/year=2024/agency=局%3D1/verdict=__HIVE_DEFAULT_PARTITION__");
	yd_buf_reset(&b);
	r.region = "浙江省";
	r.date = 20210000; /* known to the year */
	r.verdict = 4;     /* over_penalized */
	enum yd_part_field g[] = {YD_PART_CITY, YD_PART_YEAR, YD_PART_VERDICT};
	yd_part_key(&b, g, 3, &r);
	CHECK_STR(yd_buf_str(&b), "city=__HIVE_DEFAULT_PARTITION__/year=2021/verdict=over_penalized");
	yd_buf_release(&b);
}

/* The whole text of a gzip file, through all its members. */
static char *gz_slurp(const char *path)
{
	struct yd_buf b = YD_BUF_INIT;
	char chunk[4096];
	int n;
	gzFile gz = gzopen(path, "rb");
	if (!gz)
		return NULL;
	while ((n = gzread(gz, chunk, sizeof chunk)) > 0)
		yd_buf_add(&b, chunk, (size_t)n);
	gzclose(gz);
	return yd_buf_detach(&b);
}

/* gzip members in a file: each starts 1f 8b 08 after the previous ends;
 * counted by inflating member by member. */
static int gz_members(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char in[1 << 16], out[1 << 16];
	int members = 0;
	z_stream z;
	size_t have = 0;

	memset(&z, 0, sizeof z);
	if (!f || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return -1;
	for (;;) {
		if (z.avail_in == 0) {
			have = fread(in, 1, sizeof in, f);
			if (!have)
				break;
			z.next_in = in;
			z.avail_in = (uInt)have;
		}
		z.next_out = out;
		z.avail_out = sizeof out;
		int r = inflate(&z, Z_NO_FLUSH);
		if (r == Z_STREAM_END) {
			members++;
			inflateReset(&z);
		} else if (r != Z_OK)
			break;
	}
	inflateEnd(&z);
	fclose(f);
	return members;
}

/* Names in folder d that start with prefix. */
static int count_named(const char *d, const char *prefix)
{
	DIR *dir = opendir(d);
	struct dirent *e;
	int n = 0;
	while (dir && (e = readdir(dir)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	if (dir)
		closedir(dir);
	return n;
}

static void test_writer(void)
{
	char top[] = "/tmp/yd-part-testXXXXXX";
	char dir[128], path[256], row[64];
	struct yd_error err = {0};
	struct yd_part_stats st;
	struct yd_buf want[5] = {YD_BUF_INIT, YD_BUF_INIT, YD_BUF_INIT, YD_BUF_INIT, YD_BUF_INIT};
	/* two streams at once, 64 bytes held: closed and reopened all the time */
	struct yd_part_opts o = {2, 64, 6, 0};

	CHECK(mkdtemp(top) != NULL);
	snprintf(dir, sizeof dir, "%s/t", top);
	struct yd_part_writer *w = yd_part_open(dir, "a,b", &o, &err);
	FILE *f;
	CHECK(w != NULL);
	for (int i = 0; i < 5; i++)
		yd_buf_addstr(&want[i], "a,b\n");
	for (int i = 0; i < 300; i++) {
		char key[32];
		int k = (i * 7) % 5; /* interleaved */
		snprintf(key, sizeof key, "p=%d/q=x", k);
		int len = snprintf(row, sizeof row, "%d,\"r%d\"", i, k);
		CHECK_INT(yd_part_add(w, key, row, (size_t)len, &err), 0);
		yd_buf_addf(&want[k], "%s\n", row);
	}
	CHECK_INT(yd_part_commit(w, &st, &err), 0);
	CHECK_INT(st.partitions, 5);
	CHECK_INT(st.rows, 300);
	CHECK(st.members > 20);
	int members = 0;
	for (int k = 0; k < 5; k++) {
		snprintf(path, sizeof path, "%s/p=%d/q=x/part-0.csv.gz", dir, k);
		char *got = gz_slurp(path);
		CHECK_STR(got, yd_buf_str(&want[k]));
		free(got);
		members += gz_members(path);
		yd_buf_release(&want[k]);
	}
	CHECK_INT(members, st.members);
	CHECK_INT(count_named(top, "t.tmp"), 0);

	/* a folder with something in it is refused, then replaced with force */
	CHECK(yd_part_open(dir, "a,b", &o, &err) == NULL);
	CHECK_INT(err.code, YD_EUSAGE);
	CHECK(strstr(err.msg, "the folder is not empty (--force replaces it)") != NULL);
	o.force = 1;
	w = yd_part_open(dir, "c", &o, &err);
	CHECK(w != NULL);
	CHECK_INT(yd_part_add(w, "p=9", "1", 1, &err), 0);
	CHECK_INT(yd_part_commit(w, &st, &err), 0);
	snprintf(path, sizeof path, "%s/p=0", dir);
	CHECK(access(path, F_OK) != 0); /* the old table is gone */
	snprintf(path, sizeof path, "%s/p=9/part-0.csv.gz", dir);
	char *got = gz_slurp(path);
	CHECK_STR(got, "c\n1\n");
	free(got);
	CHECK_INT(count_named(top, "t."), 0);

	/* an abandoned table leaves nothing, the old one untouched */
	w = yd_part_open(dir, "c", &o, &err);
	CHECK_INT(yd_part_add(w, "p=8", "2", 1, &err), 0);
	yd_part_abort(w);
	CHECK_INT(count_named(top, "t"), 1);
	CHECK(access(path, F_OK) == 0);

	/* force replaces a partitioned table only, not any folder */
	snprintf(path, sizeof path, "%s/t/notes.txt", top);
	f = fopen(path, "w");
	fclose(f);
	CHECK(yd_part_open(dir, "c", &o, &err) == NULL);
	CHECK(strstr(err.msg, "it holds more than field=value folders") != NULL);
	unlink(path);

	/* a file where the folder would be is refused even with force */
	snprintf(path, sizeof path, "%s/f", top);
	f = fopen(path, "w");
	fclose(f);
	CHECK(yd_part_open(path, "c", &o, &err) == NULL);
	CHECK(strstr(err.msg, "exists and is not a folder") != NULL);
	unlink(path);

	snprintf(path, sizeof path, "rm -rf '%s'", top);
	CHECK_INT(system(path), 0);
}

int main(void)
{
	RUN(test_escape);
	RUN(test_fields);
	RUN(test_key);
	RUN(test_writer);
	return t_report("partition");
}
