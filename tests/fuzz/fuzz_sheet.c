/* libFuzzer harness: the table reader as import meets files (.xlsx through
 * libzip and expat, .xls through libfreexl, text in any encoding, and the
 * refusal of what is no table), on arbitrary file contents.  Every row it
 * yields must be well formed: n fields, each NUL-terminated within its
 * length. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "youdu/sheet.h"

static int row(void *data, const struct yd_csv_row *r, struct yd_error *err)
{
	long *rows = data;
	(void)err;
	for (size_t i = 0; i < r->n; i++)
		if (strlen(r->fields[i]) > r->lens[i])
			abort();
	if (r->line < 1)
		abort();
	return ++*rows > 100000; /* enough of one input */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	char path[] = "/tmp/youdu-fuzz-sheet-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, n) != (ssize_t)n) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	struct yd_sheet_opts o = {YD_ENC_AUTO, NULL};
	struct yd_error err = {0};
	long rows = 0;
	yd_sheet_read(path, &o, row, &rows, NULL, &err);
	unlink(path);
	return 0;
}
