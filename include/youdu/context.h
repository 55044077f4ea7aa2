/* context.h - a decision's own context (issue 20): the penalty provision
 * its 处罚依据 text says the fine was imposed under, and the peer factors
 * declared on import (vehicle class, company size band...).  Decisions are
 * compared only with decisions of the same context (docs/METHODS.md,
 * rule 3).  Pure functions.
 *
 * A context is one string: the provisions (normalised, sorted, joined by
 * "、"), then for every factor "；NAME=VALUE" in name order.  "" is no
 * context; "；车种=机车" a factor without a provision.  Folded input never
 * holds "；" (yd_text_fold makes it ';'), so the parts can be told apart. */
#ifndef YOUDU_CONTEXT_H
#define YOUDU_CONTEXT_H

#include <stddef.h>

#define YD_CONTEXT_MAX 1024 /* bytes of a context, NUL included */
#define YD_CONTEXT_SEP "；"  /* between the provision part and each factor */

/* The penalty provisions a 处罚依据 text names, normalised, sorted, without
 * repeats and joined by "、", into out[n] ("" when none is read).  Read:
 * the citations after 并依/並依/依据/依據/依照/爰依 (plain 依 when none of
 * those is there; at the start of the text when it has no 依 at all, as a
 * column holding only the provision) up to 处罚/裁处/處罰/裁處/规定/規定/罚/罰: "NAME第N条(之M)
 * (第M项)(第K款)", several joined by 及/暨/、/和/与/或; a bare "第N条" takes
 * the law of the citation before it, 同法/本法/该法/同条例 the law named last
 * earlier in the text (违反…).  A citation of a 裁罚准则/基准 (the discretion
 * table) and its 附表 项次 are read over and left out: the provision is the
 * law's.  A clause about 环境讲习 is not a fine and is skipped.  Numbers
 * are folded to Arabic digits (第五十三條 = 第53条) and 條/項 to 条/项, so
 * one provision written two ways is one.  Returns the number of
 * provisions. */
int yd_context_provisions(const char *basis, char *out, size_t n);

/* One declared factor of a case: its name (from --map factor:NAME) and
 * value (the cell, folded). */
struct yd_context_factor {
	const char *name, *value;
};

/* Builds the context of a case from its provision part (may be "") and
 * factors (any order; sorted by name here) into out[n].  Returns 0, or -1
 * when it does not fit (out is then ""). */
int yd_context_build(const char *provisions, const struct yd_context_factor *f, size_t nf, char *out, size_t n);

/* The provision part of a context (before the first YD_CONTEXT_SEP), into
 * out[n]; and a pointer to its factors part (after that separator, "" when
 * none), borrowed from ctx. */
const char *yd_context_split(const char *ctx, char *out, size_t n);

/* The context a case's peers are keyed by (issue 25.5): its context,
 * marked with its currency when that is not CNY ("EUR:" before the
 * provision part, so that dropping the factors keeps it), into out[n].
 * A fine in euros is never the peer of one in yuan.  No context read on
 * import starts with ASCII (a provision starts with a law's name, factors
 * with YD_CONTEXT_SEP), so a marked one is never a case's own.  Returns 0,
 * or -1 when it does not fit (out is then ""). */
int yd_context_peer_key(const char *ctx, const char *currency, char *out, size_t n);

#endif
