/* libFuzzer harness: the CSV reader (encodings, quotes, line ends) and the
 * header and row normalisation, on arbitrary file contents. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "youdu/csvin.h"
#include "youdu/record.h"

struct state {
	struct yd_header h;
	int have_header;
};

static int row(void *data, const struct yd_csv_row *r, struct yd_error *err)
{
	struct state *s = data;
	struct yd_record rec;
	char why[256];
	if (!s->have_header) {
		if (yd_header_init(&s->h, r, NULL, YD_REQUIRED_CASE, "fuzz.csv", err) < 0)
			return YD_EINPUT;
		s->have_header = 1;
		return 0;
	}
	if (yd_record_parse(&s->h, r, YD_REQUIRED_CASE, &rec, why, sizeof why) == 0 && rec.fine < 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	char path[] = "/tmp/youdu-fuzz-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, n) != (ssize_t)n) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	for (int enc = YD_ENC_AUTO; enc <= YD_ENC_GB18030; enc++) {
		struct state s;
		struct yd_error err = {0};
		memset(&s, 0, sizeof s);
		yd_csv_read(path, (enum yd_encoding)enc, row, &s, NULL, &err);
		yd_header_release(&s.h);
	}
	unlink(path);
	return 0;
}
