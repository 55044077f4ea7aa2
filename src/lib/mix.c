#include "youdu/mix.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/buf.h"
#include "youdu/funnel.h"

/* A group's mix columns (1 + p coefficients, the intercept first): the
 * column of each party type and each year (0: the reference, no column of
 * its own), of having a base and of ln(base) less centre (0: none).  Rows
 * are sparse, at most five non-zero values, so one IRLS pass costs a few
 * operations a case. */
struct gcols {
	size_t p;        /* columns besides the intercept */
	size_t party[YD_MIX_PARTIES];
	size_t *year;    /* ny entries, into a shared array */
	size_t has_base, ln_base;
	double centre;   /* mean ln(base) of the cases with one */
	double mean_fit; /* sum over the columns of coefficient x the group's mean of the column */
	double scale;    /* of the residuals, for Huber's k */
};

/* Years further back than this before the last are one level: a stray
 * 1900 must not make a thousand columns. */
#define YEARS_BACK 20

static int party_of(const struct yd_mix_in *in, size_t i)
{
	return in->party[i] >= 0 && in->party[i] < YD_MIX_PARTIES ? in->party[i] : 0;
}

/* Case i's year level, 0 for y0 and earlier. */
static size_t year_of(const struct yd_mix_in *in, int32_t y0, size_t i)
{
	return in->year[i] > y0 ? (size_t)(in->year[i] - y0) : 0;
}

/* Case i's row: its non-zero columns into col[], values into val[]; returns how many. */
static size_t row(const struct yd_mix_in *in, const struct gcols *g, int32_t y0, size_t i, size_t *col, double *val)
{
	size_t k = 0;
	col[k] = 0, val[k++] = 1;
	size_t pc = g->party[party_of(in, i)], yc = g->year[year_of(in, y0, i)];
	if (pc)
		col[k] = pc, val[k++] = 1;
	if (yc)
		col[k] = yc, val[k++] = 1;
	if (in->lnbase && !isnan(in->lnbase[i])) {
		if (g->has_base)
			col[k] = g->has_base, val[k++] = 1;
		if (g->ln_base)
			col[k] = g->ln_base, val[k++] = in->lnbase[i] - g->centre;
	}
	return k;
}

/* The mix columns of a group (cases idx[0..gn)).  For party and year,
 * every level but the most common one that has min_level cases, and
 * min_level without it; for bases, a dummy when min_level cases have one
 * and min_level do not, and ln(base) when min_level cases have one and it
 * varies.  Levels without a column count as the reference.  cnt: scratch
 * of YD_MIX_PARTIES + ny. */
static void group_cols(const struct yd_mix_in *in, const uint32_t *idx, size_t gn, int min_level, int32_t y0,
		       int32_t ny, size_t *cnt, struct gcols *g)
{
	size_t nb = 0, need = (size_t)min_level;
	double sb = 0, sb2 = 0;
	memset(cnt, 0, (size_t)(YD_MIX_PARTIES + ny) * sizeof *cnt);
	for (size_t k = 0; k < gn; k++) {
		size_t i = idx[k];
		cnt[party_of(in, i)]++;
		cnt[YD_MIX_PARTIES + year_of(in, y0, i)]++;
		if (in->lnbase && !isnan(in->lnbase[i])) {
			nb++;
			sb += in->lnbase[i];
			sb2 += in->lnbase[i] * in->lnbase[i];
		}
	}
	g->p = 0;
	for (int f = 0; f < 2; f++) {
		size_t from = f ? YD_MIX_PARTIES : 0, levels = f ? (size_t)ny : YD_MIX_PARTIES, ref = from;
		size_t *out = f ? g->year : g->party;
		for (size_t l = from; l < from + levels; l++)
			if (cnt[l] > cnt[ref])
				ref = l;
		for (size_t l = from; l < from + levels; l++)
			out[l - from] = l != ref && cnt[l] >= need && gn - cnt[l] >= need ? ++g->p : 0;
	}
	g->has_base = nb >= need && gn - nb >= need ? ++g->p : 0;
	g->ln_base = 0;
	g->centre = nb ? sb / (double)nb : 0;
	if (nb >= need && sb2 / (double)nb - g->centre * g->centre > 1e-12 * (1 + g->centre * g->centre))
		g->ln_base = ++g->p;
	g->mean_fit = 0;
}

/* Scratch for one weighted least-squares solve of at most q coefficients. */
struct wls {
	gsl_matrix *a, *v;
	gsl_vector *s, *work, *b, *x;
	double *acc; /* the normal equations as they are summed: q x q, then q */
};

static void wls_init(struct wls *w, size_t q)
{
	w->a = gsl_matrix_alloc(q, q);
	w->v = gsl_matrix_alloc(q, q);
	w->s = gsl_vector_alloc(q);
	w->work = gsl_vector_alloc(q);
	w->b = gsl_vector_alloc(q);
	w->x = gsl_vector_alloc(q);
	w->acc = yd_xmalloc((q * q + q) * sizeof *w->acc);
}

static void wls_release(struct wls *w)
{
	gsl_matrix_free(w->a);
	gsl_matrix_free(w->v);
	gsl_vector_free(w->s);
	gsl_vector_free(w->work);
	gsl_vector_free(w->b);
	gsl_vector_free(w->x);
	free(w->acc);
}

/* Up to iters Huber IRLS steps of u[k] (case idx[k]) on the group's
 * columns: beta[0..p] in and out (the start and the estimate), residual
 * scale s (0: least squares).  Singular values below 1e-10 of the largest
 * are dropped, so collinear columns (a year whose cases all have a base)
 * give the minimum-norm solution. */
static void huber_fit(const struct yd_mix_in *in, const struct gcols *g, int32_t y0, const uint32_t *idx, size_t gn,
		      const double *u, double k, double s, int iters, double *beta, struct wls *w)
{
	size_t q = g->p + 1, col[5];
	double val[5];
	gsl_matrix_view A = gsl_matrix_submatrix(w->a, 0, 0, q, q), V = gsl_matrix_submatrix(w->v, 0, 0, q, q);
	gsl_vector_view S = gsl_vector_subvector(w->s, 0, q), W = gsl_vector_subvector(w->work, 0, q),
			B = gsl_vector_subvector(w->b, 0, q), X = gsl_vector_subvector(w->x, 0, q);
	double ks = isinf(k) ? INFINITY : k * s;
	double *a = w->acc, *bv = w->acc + q * q;
	for (int it = 0; it < iters; it++) {
		memset(a, 0, (q * q + q) * sizeof *a);
		for (size_t j = 0; j < gn; j++) {
			size_t nz = row(in, g, y0, idx[j], col, val);
			double r = u[j];
			for (size_t c = 0; c < nz; c++)
				r -= val[c] * beta[col[c]];
			double wt = ks > 0 && fabs(r) > ks ? ks / fabs(r) : 1;
			for (size_t x = 0; x < nz; x++) {
				double wa = wt * val[x];
				bv[col[x]] += wa * u[j];
				for (size_t y = 0; y < nz; y++)
					a[col[x] * q + col[y]] += wa * val[y];
			}
		}
		for (size_t x = 0; x < q; x++) {
			gsl_vector_set(&B.vector, x, bv[x]);
			for (size_t y = 0; y < q; y++)
				gsl_matrix_set(&A.matrix, x, y, a[x * q + y]);
		}
		if (gsl_linalg_SV_decomp(&A.matrix, &V.matrix, &S.vector, &W.vector) != 0)
			return; /* keep the start */
		double smax = gsl_vector_get(&S.vector, 0);
		for (size_t c = 0; c < q; c++)
			if (gsl_vector_get(&S.vector, c) <= 1e-10 * smax)
				gsl_vector_set(&S.vector, c, 0);
		if (gsl_linalg_SV_solve(&A.matrix, &V.matrix, &S.vector, &B.vector, &X.vector) != 0)
			return;
		double change = 0;
		for (size_t c = 0; c < q; c++) {
			double v = gsl_vector_get(&X.vector, c);
			change = fmax(change, fabs(v - beta[c]));
			beta[c] = v;
		}
		if (isinf(ks) || change < 1e-12)
			break;
	}
}

int yd_mix_positions(const struct yd_mix_in *in, const struct yd_mix_opts *o, double *pos, double *effect)
{
	size_t n = in->n, ng = in->ngroups, nr = in->nregions;
	int32_t y0 = INT32_MAX, y1 = INT32_MIN;
	for (size_t i = 0; i < n; i++)
		if (!isnan(in->x[i])) {
			y0 = in->year[i] < y0 ? in->year[i] : y0;
			y1 = in->year[i] > y1 ? in->year[i] : y1;
		}
	if (y0 > y1)
		y0 = y1 = 0;
	if (y0 < y1 - YEARS_BACK)
		y0 = y1 - YEARS_BACK;
	int32_t ny = y1 - y0 + 1;

	/* cases by group and by region */
	size_t *goff = yd_xcalloc(ng + 2, sizeof *goff), *roff = yd_xcalloc(nr + 2, sizeof *roff);
	for (size_t i = 0; i < n; i++)
		if (!isnan(in->x[i])) {
			goff[in->group[i] + 2]++;
			roff[in->region[i] + 2]++;
		}
	for (size_t g = 2; g < ng + 2; g++)
		goff[g] += goff[g - 1];
	for (size_t r = 2; r < nr + 2; r++)
		roff[r] += roff[r - 1];
	size_t m = goff[ng + 1];
	uint32_t *gidx = yd_xmalloc((m + 1) * sizeof *gidx), *ridx = yd_xmalloc((m + 1) * sizeof *ridx);
	for (size_t i = 0; i < n; i++)
		if (!isnan(in->x[i])) {
			gidx[goff[in->group[i] + 1]++] = (uint32_t)i;
			ridx[roff[in->region[i] + 1]++] = (uint32_t)i;
		}
	/* now group g holds gidx[goff[g] .. goff[g + 1]), region r ridx[roff[r] ..] */

	/* each group's columns: at most the party types, the years and two */
	size_t qmax = YD_MIX_PARTIES + (size_t)ny + 3;
	struct gcols *gc = yd_xcalloc(ng + 1, sizeof *gc);
	size_t *years = yd_xcalloc(ng * (size_t)ny + 1, sizeof *years), *cnt = yd_xmalloc(qmax * sizeof *cnt);
	double *beta = yd_xcalloc(ng * qmax + 1, sizeof *beta);
	for (size_t g = 0; g < ng; g++) {
		size_t gn = goff[g + 1] - goff[g];
		gc[g].year = years + g * (size_t)ny;
		if (gn)
			group_cols(in, gidx + goff[g], gn, o->min_level, y0, ny, cnt, &gc[g]);
		if (gn < gc[g].p + 1 + (size_t)o->min_level)
			gc[g].p = 0; /* too few cases to tell the mix from noise: no adjustment */
	}

	double *a = yd_xcalloc(nr + 1, sizeof *a), *c = yd_xcalloc(ng + 1, sizeof *c), *na = yd_xmalloc((nr + 1) * sizeof *na);
	double *mx = yd_xcalloc(n + 1, sizeof *mx), *buf = yd_xmalloc((m + 1) * sizeof *buf),
	       *u = yd_xmalloc((m + 1) * sizeof *u);
	size_t col[5];
	double val[5];
	struct wls w;
	wls_init(&w, qmax);
	for (size_t i = 0; i < n; i++)
		pos[i] = NAN;
	int round = 0;
	while (round < o->rounds) {
		round++;
		double change = 0;
		for (size_t g = 0; g < ng; g++) {
			const uint32_t *idx = gidx + goff[g];
			size_t gn = goff[g + 1] - goff[g];
			if (!gn)
				continue;
			for (size_t k = 0; k < gn; k++)
				u[k] = in->x[idx[k]] - a[in->region[idx[k]]];
			if (gc[g].p) {
				double *b = beta + g * qmax;
				/* the start: the last round's slopes, and in the first
				 * rounds the level of what they leave and the scale, the
				 * winsorised sd around it (then both settle: the rounds
				 * after keep them, a third of a round's work) */
				if (round <= 3) {
					for (size_t k = 0; k < gn; k++)
						buf[k] = u[k] - mx[idx[k]];
					b[0] = yd_funnel_trimmed_mean_any(buf, gn, o->trim) - gc[g].mean_fit;
					for (size_t k = 0; k < gn; k++)
						buf[k] = u[k] - mx[idx[k]] - b[0] - gc[g].mean_fit;
					gc[g].scale = sqrt(yd_funnel_winsorized_ss_any(buf, gn, o->trim) / (double)(gn - 1));
				}
				double s = gc[g].scale;
				/* a few steps a round: the rounds carry on the iteration */
				huber_fit(in, &gc[g], y0, idx, gn, u, o->huber, s, 3, b, &w);
				/* the mix relative to the group's average case: the
				 * fitted slopes' part less its mean over the group */
				double mean = 0;
				for (size_t k = 0; k < gn; k++) {
					size_t nz = row(in, &gc[g], y0, idx[k], col, val);
					double v = 0;
					for (size_t j = 1; j < nz; j++)
						v += val[j] * b[col[j]];
					mx[idx[k]] = v;
					mean += v;
				}
				mean /= (double)gn;
				gc[g].mean_fit = mean;
				for (size_t k = 0; k < gn; k++)
					mx[idx[k]] -= mean;
			}
			for (size_t k = 0; k < gn; k++)
				buf[k] = u[k] - mx[idx[k]];
			c[g] = yd_funnel_trimmed_mean_any(buf, gn, o->trim);
		}
		/* the regions' effects, their mean pinned at 0: trimmed means
		 * are not additive, and without a pin the constant the a_r
		 * share with the c_g drifts a little every round */
		double sum = 0;
		size_t nne = 0;
		for (size_t r = 0; r < nr; r++) {
			const uint32_t *idx = ridx + roff[r];
			size_t rn = roff[r + 1] - roff[r];
			if (!rn)
				continue;
			for (size_t k = 0; k < rn; k++)
				buf[k] = in->x[idx[k]] - c[in->group[idx[k]]] - mx[idx[k]];
			na[r] = yd_funnel_trimmed_mean_any(buf, rn, o->trim);
			sum += na[r];
			nne++;
		}
		for (size_t r = 0; r < nr; r++)
			if (roff[r + 1] > roff[r]) {
				double v = na[r] - sum / (double)nne;
				change = fmax(change, fabs(v - a[r]));
				a[r] = v;
			}
		for (size_t k = 0; k < m; k++) {
			size_t i = gidx[k];
			double v = in->x[i] - c[in->group[i]] - mx[i];
			change = fmax(change, isnan(pos[i]) ? INFINITY : fabs(v - pos[i]));
			pos[i] = v;
		}
		if (change < 1e-7)
			break;
	}
	if (effect) /* the last round's trimmed means of pos, before the pin */
		for (size_t r = 0; r < nr; r++)
			effect[r] = roff[r + 1] > roff[r] ? na[r] : NAN;
	wls_release(&w);
	free(goff);
	free(roff);
	free(gidx);
	free(ridx);
	free(gc);
	free(years);
	free(cnt);
	free(beta);
	free(a);
	free(c);
	free(na);
	free(mx);
	free(buf);
	free(u);
	return round;
}
