/* peers.h - the one home of the comparable-case rule (同案同罚).
 *
 * Which cases are compared with peers at all, which peers are comparable
 * (same violation and tier, party class, region at a level), the order in
 * which a too small group is widened, and what a group's fines look like
 * (their spread and the levels they pile on).  analyze, check, regions and
 * disparity all take these rules from here, so a change of method is made
 * once.  See docs/METHODS.md, rule 3. */
#ifndef YOUDU_PEERS_H
#define YOUDU_PEERS_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/judge.h"
#include "youdu/parse.h"

/* Party class used by peer groups: 0 unknown, 1 individual, 2 enterprise
 * (sole traders included). */
int yd_party_class(enum yd_party p);

/* Region path of the peer group at a level for a case's region path,
 * into buf ("" for YD_LEVEL_ALL); YD_LEVEL_PARENT drops the last part. */
void yd_region_at_level(const char *path, enum yd_level level, char *buf, size_t n);

/* 1 when a case of this tier is compared with peers: 减轻 and 不予处罚
 * cases never are (they are not ordinary decisions). */
int yd_peers_ordinary(enum yd_tier t);

/* 1 when the peer comparison decides the verdict of a case whose legal
 * check gave l: legal and in its band, or legality not checkable because
 * the violation is not in the catalogue. */
int yd_peers_decide(const struct yd_legal *l);

/* The widening order: the first step with at least min_peers other cases
 * is the case's peer group. */
struct yd_peer_step {
	enum yd_level level;
	int by_party; /* 1: the same party class only */
};
#define YD_PEER_STEPS 6
extern const struct yd_peer_step yd_peer_steps[YD_PEER_STEPS];

/* 1 when a group of n other cases with raw leave-one-out MAD mad is the
 * peer group at this level: at least min_peers cases, and when the fines
 * have no spread to speak of (1.4826 MAD < min_scale: most of them on one
 * amount) at least min_heaped, so that the spread around the heap can be
 * seen; the last level (all regions) takes what there is. */
int yd_peers_enough(long n, double mad, enum yd_level level, const struct yd_thresholds *t);

/* A level: an amount (x value) that many of a group's fines share. */
struct yd_level_amount {
	double x;
	long count;
};
#define YD_PEER_LEVELS 3

/* The levels of sorted xs[0..n): amounts held by at least max(3, 10 % of
 * n) cases, most held first (ties: smaller amount first), at most
 * YD_PEER_LEVELS.  Returns how many. */
int yd_peers_levels(const double *xs, size_t n, struct yd_level_amount *out);

/* Peers of a case at x among the sorted group xs[0..n), the case itself
 * (self = 1) left out: how many lie at or above x, at or below x. */
void yd_peers_beyond(const double *xs, size_t n, double x, int self, long *above, long *below);

#endif
