#ifndef YOUDU_MONEY_H
#define YOUDU_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* How an amount is written in its own currency (issue 25.5): the ISO 4217 code
 * of the cases ("" or NULL is CNY) chooses the words, in Chinese (zh = 1) or
 * English.  CNY "1,000 元" / "1,000 yuan"; TWD "新臺幣 1,000 元" / "NT$1,000";
 * EUR "€1,000"; USD "US$1,000"; HKD "HK$1,000"; GBP "£1,000"; JPY "¥1,000 (JPY)";
 * any other code "1,000 CODE".  Amounts are never converted.  All functions
 * write into the caller's buffer and return it. */

/* An amount of fen. */
char *yd_money_fmt(char *buf, size_t n, const char *code, int zh, int64_t fen);
/* An amount already written as digits ("1,234.50"; report's wide sums). */
char *yd_money_wrap(char *buf, size_t n, const char *code, int zh, const char *digits);
/* A range lo-hi: "1,000–5,000 元", "新臺幣 1,000–5,000 元", "€1,000-€5,000". */
char *yd_money_range(char *buf, size_t n, const char *code, int zh, int64_t lo, int64_t hi);
/* The unit of an axis or a column: "元", "yuan", "新臺幣元", "NT$", "€", "CODE". */
char *yd_money_unit(char *buf, size_t n, const char *code, int zh);
/* 1 when a large sum is also written in 万元 / 亿元 (CNY, TWD). */
int yd_money_wan(const char *code);
/* The code itself, "CNY" for "" or NULL (static or the argument). */
const char *yd_money_code(const char *code);

#endif
