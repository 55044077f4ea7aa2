#include "youdu/out.h"

#include "youdu/buf.h"

#include <math.h>
#include <string.h>

int yd_format_parse(const char *s, enum yd_format *f)
{
	static const char *const names[] = {"text", "table", "csv", "json"};
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*f = (enum yd_format)i;
			return 0;
		}
	return -1;
}

void yd_out_csv(FILE *f, const char *s)
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

void yd_out_json(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void yd_fmt_fen(char *buf, size_t n, int64_t fen)
{
	const char *sign = fen < 0 ? "-" : "";
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	snprintf(buf, n, "%s%llu.%02llu", sign, (unsigned long long)(a / 100), (unsigned long long)(a % 100));
}

void yd_fmt_yuan(char *buf, size_t n, int64_t fen)
{
	char digits[32], out[48];
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	size_t len, w = 0;

	snprintf(digits, sizeof digits, "%llu", (unsigned long long)(a / 100));
	len = strlen(digits);
	if (fen < 0)
		out[w++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[w++] = ',';
		out[w++] = digits[i];
	}
	out[w] = '\0';
	if (a % 100)
		snprintf(buf, n, "%s.%02llu", out, (unsigned long long)(a % 100));
	else
		snprintf(buf, n, "%s", out);
}

void yd_fmt_date(char *buf, size_t n, int32_t ymd)
{
	if (ymd <= 0)
		snprintf(buf, n, "%s", "");
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

void yd_buf_json(struct yd_buf *b, const char *s)
{
	yd_buf_addch(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': yd_buf_addstr(b, "\\\""); break;
		case '\\': yd_buf_addstr(b, "\\\\"); break;
		case '\n': yd_buf_addstr(b, "\\n"); break;
		case '\r': yd_buf_addstr(b, "\\r"); break;
		case '\t': yd_buf_addstr(b, "\\t"); break;
		default:
			if (*p < 0x20)
				yd_buf_addf(b, "\\u%04x", *p);
			else
				yd_buf_addch(b, (char)*p);
		}
	}
	yd_buf_addch(b, '"');
}
