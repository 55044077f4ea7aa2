/* mix.h - region effects adjusted for case mix.  Within each violation x
 * tier g a case's x (ln fine, or ln fine/base) is modelled as
 *
 *   x_i = c_g + a_r + b_g . z_i + e_i
 *
 * c_g the group's usual level, a_r the region's effect (one per region,
 * across all its groups), z_i the case's mix: dummies of its party type and
 * of its year, and where bases are recorded a dummy for having one and
 * ln(base), each column centred on the group's mean so that the mix of the
 * group's average case is 0.  The three are estimated jointly by
 * backfitting: b_g by a Huber M-estimator (IRLS, scale the 10 %-winsorised
 * sd of the residuals) on x - a_r; c_g and a_r as trimmed means of what the
 * others leave; round after round until nothing moves.  So a town whose
 * cases are all enterprises is not harsh because enterprises are fined
 * more everywhere, and a town that is a large share of its groups does not
 * move their level (its a_r takes its bias out first).
 *
 * Arrays are borrowed; nothing here prints.  See docs/METHODS.md,
 * "Regions, disparity and trends". */
#ifndef YOUDU_MIX_H
#define YOUDU_MIX_H

#include <stddef.h>
#include <stdint.h>

/* Party types a case can have (enum yd_party: unknown, individual,
 * enterprise, sole trader); others count as unknown. */
#define YD_MIX_PARTIES 4

struct yd_mix_in {
	size_t n;               /* cases */
	const double *x;        /* ln fine or ln fine/base; NAN: not in the model */
	const uint32_t *group;  /* violation x tier, dense, < ngroups */
	const uint32_t *region; /* dense, < nregions */
	const int8_t *party;    /* enum yd_party */
	const int32_t *year;    /* decision year */
	const double *lnbase;   /* ln(base), NAN where none is recorded; NULL: no bases at all */
	uint32_t ngroups, nregions;
};

struct yd_mix_opts {
	double trim;   /* share trimmed at each end by the trimmed means (0.1) */
	double huber;  /* Huber's k, in units of the group's residual scale (1.345); INFINITY: least squares */
	int min_level; /* cases a party type, a year, or having a base needs in a group (and the
			  group without it) for a coefficient of its own (5) */
	int rounds;    /* backfitting rounds at most (200) */
	double tol;    /* done when no position and no a_r moved by more than this in a round (1e-7,
			  on the ln scale; 1e-5 moved a funnel limit of test 035 by 0.1 % and the
			  charts' sixth digits) */
};

#define YD_MIX_OPTS_DEFAULT {0.1, 1.345, 5, 200, 1e-7}

/* Fills pos[i] = x_i - c_g - b_g . z_i, the case's position against the
 * usual x of its group for a case of the group's average mix (NAN where x
 * is NAN), and, when effect is not NULL, effect[r] = a_r (NAN for a region
 * without cases), the trimmed mean of its cases' pos.  The a_r share one
 * free constant with the c_g: compare them with each other, not with 0.
 * Returns the rounds used.  Allocates its scratch. */
int yd_mix_positions(const struct yd_mix_in *in, const struct yd_mix_opts *o, double *pos, double *effect);

#endif
