#define _DEFAULT_SOURCE 1 /* mkstemps */
#include "youdu/out.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "youdu/buf.h"
#include "youdu/error.h"

int yd_format_parse(const char *s, enum yd_format *f)
{
	static const char *const names[] = {"text", "table", "csv", "json", "xlsx"};
	for (int i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0) {
			*f = (enum yd_format)i;
			return 0;
		}
	return -1;
}

int yd_out_formula_like(const char *s)
{
	if (!strchr("=+-@\t\r", *s) || !*s)
		return 0;
	char *end;
	strtod(s, &end); /* -500 and +1.5 are numbers, not formulas */
	return end == s || *end != '\0';
}

void yd_out_csv(FILE *f, const char *s)
{
	if (yd_out_formula_like(s)) {
		fputc('"', f);
		fputc('\'', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
		return;
	}
	yd_out_csv_raw(f, s);
}

void yd_out_csv_raw(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void yd_buf_csv(struct yd_buf *b, const char *s, int raw)
{
	int guard = !raw && yd_out_formula_like(s);
	if (!guard && !strpbrk(s, ",\"\r\n")) {
		yd_buf_addstr(b, s);
		return;
	}
	yd_buf_addch(b, '"');
	if (guard)
		yd_buf_addch(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			yd_buf_addch(b, '"');
		yd_buf_addch(b, *s);
	}
	yd_buf_addch(b, '"');
}

size_t yd_out_control(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if ((*p < 0x20 && *p && *p != '\t' && *p != '\n') || *p == 0x7F)
		return 1;
	if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) /* U+0080-U+009F: CSI, OSC... */
		return 2;
	return 0;
}

void yd_out_text(FILE *f, const char *s, const char *indent)
{
	for (const char *p = s; *p; p++) {
		size_t n;
		if (*p == '\n' && indent) {
			fputc('\n', f);
			fputs(indent, f);
		} else if (*p == '\n') {
			fputs("\\x0a", f);
		} else if ((n = yd_out_control(p)) > 0) {
			for (size_t i = 0; i < n; i++)
				fprintf(f, "\\x%02x", (unsigned char)p[i]);
			p += n - 1;
		} else {
			fputc(*p, f);
		}
	}
}

void yd_buf_text(struct yd_buf *b, const char *s)
{
	for (const char *p = s; *p; p++) {
		size_t n = yd_out_control(p);
		if (!n) {
			yd_buf_addch(b, *p);
			continue;
		}
		for (size_t i = 0; i < n; i++)
			yd_buf_addf(b, "\\x%02x", (unsigned char)p[i]);
		p += n - 1;
	}
}

void yd_buf_markup(struct yd_buf *b, const char *s)
{
	for (const char *p = s; *p; p++) {
		size_t n = yd_out_control(p);
		if (*p == '\n' || *p == '\r')
			n = 1;
		if (!n) {
			yd_buf_addch(b, *p);
			continue;
		}
		yd_buf_addstr(b, "\xEF\xBF\xBD"); /* U+FFFD */
		p += n - 1;
	}
}

static int cp_width(uint32_t c)
{
	if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) || (c >= 0xFE00 && c <= 0xFE0F))
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
	    (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

int yd_out_width(const char *s)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		uint32_t c = *p;
		int len = c < 0x80 ? 1 : c >> 5 == 6 ? 2 : c >> 4 == 14 ? 3 : c >> 3 == 30 ? 4 : 1;
		c = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
		int k = 1;
		for (; k < len && (p[k] & 0xC0) == 0x80; k++)
			c = c << 6 | (p[k] & 0x3F);
		p += k;
		w += cp_width(c);
	}
	return w;
}

void yd_out_pad(FILE *f, const char *s, int width)
{
	fputs(s, f);
	for (int w = yd_out_width(s); w < width; w++)
		fputc(' ', f);
}

void yd_fmt_fen(char *buf, size_t n, int64_t fen)
{
	/* the digits from the right, without printf (every amount of serve's
	 * JSON answers and of the CSV exports passes here); cut at n as
	 * snprintf cuts */
	char tmp[32], *p = tmp + sizeof tmp;
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	*--p = (char)('0' + a % 10);
	*--p = (char)('0' + a / 10 % 10);
	*--p = '.';
	a /= 100;
	do {
		*--p = (char)('0' + a % 10);
		a /= 10;
	} while (a);
	if (fen < 0)
		*--p = '-';
	if (n == 0)
		return;
	size_t len = (size_t)(tmp + sizeof tmp - p), k = len < n - 1 ? len : n - 1;
	memcpy(buf, p, k);
	buf[k] = '\0';
}

void yd_fmt_yuan_digits(char *buf, size_t n, int negative, const char *yuan, unsigned fen)
{
	char out[96];
	size_t len = strlen(yuan), w = 0;
	if (negative)
		out[w++] = '-';
	for (size_t i = 0; i < len && w + 2 < sizeof out; i++) {
		if (i && (len - i) % 3 == 0)
			out[w++] = ',';
		out[w++] = yuan[i];
	}
	out[w] = '\0';
	if (fen % 100)
		snprintf(buf, n, "%s.%02u", out, fen % 100);
	else
		snprintf(buf, n, "%s", out);
}

void yd_fmt_yuan(char *buf, size_t n, int64_t fen)
{
	char digits[32];
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	snprintf(digits, sizeof digits, "%llu", (unsigned long long)(a / 100));
	yd_fmt_yuan_digits(buf, n, fen < 0, digits, (unsigned)(a % 100));
}

void yd_fmt_date(char *buf, size_t n, int32_t ymd)
{
	if (ymd <= 0)
		snprintf(buf, n, "%s", "");
	else if (ymd % 10000 == 0) /* known to the year */
		snprintf(buf, n, "%04d", (int)(ymd / 10000));
	else if (ymd % 100 == 0) /* known to the month */
		snprintf(buf, n, "%04d-%02d", (int)(ymd / 10000), (int)(ymd / 100 % 100));
	else
		snprintf(buf, n, "%04d-%02d-%02d", (int)(ymd / 10000), (int)(ymd / 100 % 100), (int)(ymd % 100));
}

void yd_fmt_num(char *buf, size_t n, double v, int decimals)
{
	if (!isfinite(v))
		snprintf(buf, n, "%s", "");
	else
		snprintf(buf, n, "%.*f", decimals, fabs(v) * pow(10, decimals) < 0.5 ? 0.0 : v); /* no "-0.00" */
}

int yd_out_path_check(const char *path, struct yd_error *err)
{
	char dir[4096];
	struct stat st;

	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return yd_error_set(err, YD_EUSAGE, "output file name holds a control character (0x%02x)", *p);
	if (!*path)
		return yd_error_set(err, YD_EUSAGE, "empty output file name");
	const char *slash = strrchr(path, '/');
	if (!slash)
		return 0;
	snprintf(dir, sizeof dir, "%.*s", (int)(slash - path) ? (int)(slash - path) : 1, path);
	if (stat(dir, &st) != 0)
		return yd_error_set(err, YD_EUSAGE, "%s: the folder %s does not exist", path, dir);
	if (!S_ISDIR(st.st_mode))
		return yd_error_set(err, YD_EUSAGE, "%s: %s is not a folder", path, dir);
	return 0;
}

int yd_out_temp(const char *path, char *tmp, size_t n, struct yd_error *err)
{
	int rc = yd_out_path_check(path, err);
	if (rc < 0)
		return rc;
	/* keep the extension: gnuplot and browsers go by it */
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
	size_t keep = dot && (!slash || dot > slash + 1) ? strlen(dot) : 0;
	if ((size_t)snprintf(tmp, n, "%.*s.tmpXXXXXX%s", (int)(strlen(path) - keep), path, path + strlen(path) - keep) >= n)
		return yd_error_set(err, YD_EUSAGE, "%s: output file name too long", path);
	int fd = mkstemps(tmp, (int)keep);
	if (fd < 0)
		return yd_error_set(err, YD_EIO, "%s: cannot create a temporary file: %s", path, strerror(errno));
	fchmod(fd, 0644); /* mkstemp makes 0600: an output is for others to read too */
	close(fd);
	return 0;
}

int yd_out_commit(const char *tmp, const char *path, struct yd_error *err)
{
	struct stat st;
	if (stat(tmp, &st) != 0 || st.st_size == 0) {
		unlink(tmp);
		return yd_error_set(err, YD_EIO, "%s: nothing was written (disk full?)", path);
	}
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		return yd_error_set(err, YD_EIO, "%s: %s", path, strerror(e));
	}
	return 0;
}

int yd_out_image_complete(const char *tmp, const char *name, struct yd_error *err)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
	const char *dot = strrchr(name, '.');
	int png = dot && strcmp(dot, ".png") == 0;
	unsigned char head[8], tail[64];
	struct stat st;
	int rc = 0;
	int fd = open(tmp, O_RDONLY);

	if (fd < 0)
		return yd_error_set(err, YD_EIO, "%s: %s", name, strerror(errno));
	if (fstat(fd, &st) != 0 || st.st_size == 0) {
		rc = yd_error_set(err, YD_EIO, "%s: nothing was written (disk full?)", name);
		goto out;
	}
	size_t nt = st.st_size < (off_t)sizeof tail ? (size_t)st.st_size : sizeof tail;
	if (pread(fd, tail, nt, st.st_size - (off_t)nt) != (ssize_t)nt) {
		rc = yd_error_set(err, YD_EIO, "%s: %s", name, strerror(errno));
		goto out;
	}
	if (png) {
		if (pread(fd, head, sizeof head, 0) != (ssize_t)sizeof head || memcmp(head, sig, sizeof sig) != 0 ||
		    nt < sizeof iend || memcmp(tail + nt - sizeof iend, iend, sizeof iend) != 0) {
			rc = yd_error_set(err, YD_EIO, "%s: the picture is incomplete: %lld bytes without the PNG end (disk full?)",
					  name, (long long)st.st_size);
			goto out;
		}
	} else {
		while (nt && (tail[nt - 1] == '\n' || tail[nt - 1] == '\r' || tail[nt - 1] == ' ' || tail[nt - 1] == '\t'))
			nt--;
		if (nt < 6 || memcmp(tail + nt - 6, "</svg>", 6) != 0) {
			rc = yd_error_set(err, YD_EIO, "%s: the picture is incomplete: %lld bytes without </svg> (disk full?)", name,
					  (long long)st.st_size);
			goto out;
		}
	}
	if (fsync(fd) != 0)
		rc = yd_error_set(err, YD_EIO, "%s: %s", name, strerror(errno));
out:
	close(fd);
	return rc;
}

int yd_out_write_file(const char *path, const void *data, size_t n, struct yd_error *err)
{
	char tmp[4200];
	int rc = yd_out_temp(path, tmp, sizeof tmp, err);
	if (rc < 0)
		return rc;
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		rc = yd_error_set(err, YD_EIO, "%s: %s", tmp, strerror(errno));
		unlink(tmp);
		return rc;
	}
	size_t w = n ? fwrite(data, 1, n, f) : 0;
	int bad = w != n || fflush(f) != 0 || fsync(fileno(f)) != 0;
	if (fclose(f) != 0 || bad) {
		unlink(tmp);
		return yd_error_set(err, YD_EIO, "%s: write failed (disk full?); the previous file is unchanged", path);
	}
	return yd_out_commit(tmp, path, err);
}

