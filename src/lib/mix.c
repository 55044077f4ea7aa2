#include "youdu/mix.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/buf.h"

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

/* The mix columns of a group (its cases' party type x ny + year level in
 * lev[0..gn), their ln(base) or NAN in lb, NULL: none).  For party and year,
 * every level but the most common one that has min_level cases, and
 * min_level without it; for bases, a dummy when min_level cases have one
 * and min_level do not, and ln(base) when min_level cases have one and it
 * varies.  Levels without a column count as the reference.  cnt: scratch
 * of YD_MIX_PARTIES + ny. */
static void group_cols(const uint16_t *lev, const double *lb, size_t gn, int min_level, int32_t ny, size_t *cnt,
		       struct gcols *g)
{
	size_t nb = 0, need = (size_t)min_level;
	double sb = 0, sb2 = 0;
	memset(cnt, 0, (size_t)(YD_MIX_PARTIES + ny) * sizeof *cnt);
	for (size_t k = 0; k < gn; k++) {
		cnt[lev[k] / (size_t)ny]++;
		cnt[YD_MIX_PARTIES + lev[k] % (size_t)ny]++;
		if (lb && !isnan(lb[k])) {
			nb++;
			sb += lb[k];
			sb2 += lb[k] * lb[k];
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

/* A group's cases with one pattern of levels (party type, year, having a
 * base): the same mix columns, so the same fitted mix but for ln(base).
 * A group's cases are stored cell after cell, so an IRLS pass sums a few
 * weights per case into the cell and the normal equations are summed
 * over the cells, not the cases. */
struct cell {
	size_t off, n;   /* the group's cases off .. off + n */
	size_t col[4];   /* the columns with value 1: the intercept first */
	size_t ncol;
	int ln;          /* the cases have ln(base) less centre in the ln_base column */
	double lsum;     /* the sum of their ln(base) less centre */
};

/* Scratch for one weighted least-squares solve of at most q coefficients. */
struct wls {
	gsl_matrix *a, *v;
	gsl_vector *s, *work, *b, *x;
	double *acc; /* the normal equations as they are summed: q x q, then q */
	double *l;   /* their Cholesky factor, q x q, then the solution */
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
	w->l = yd_xmalloc((q * q + q) * sizeof *w->l);
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
	free(w->l);
}

/* Solves a x = b (a q x q, symmetric) by the Cholesky factor l of a, into
 * x (l: q x q scratch, y: q).  -1 unless a is positive definite with
 * 1 / trace(a^-1) > 1e-10 trace(a): as the first is at most a's smallest
 * eigenvalue and the second at least 1e-10 of its largest, the SVD of a
 * would keep every singular value, and this is its solution but for
 * rounding; otherwise the caller takes the SVD. */
static int chol_solve(const double *a, const double *b, size_t q, double *l, double *x)
{
	for (size_t j = 0; j < q; j++) {
		double d = a[j * q + j];
		for (size_t k = 0; k < j; k++)
			d -= l[j * q + k] * l[j * q + k];
		if (!(d > 0))
			return -1;
		double ljj = sqrt(d);
		l[j * q + j] = ljj;
		for (size_t i = j + 1; i < q; i++) {
			double v = a[i * q + j];
			for (size_t k = 0; k < j; k++)
				v -= l[i * q + k] * l[j * q + k];
			l[i * q + j] = v / ljj;
		}
	}
	/* trace(a^-1) = the sum of squares of l^-1, column by column (into x) */
	double tr = 0, tri = 0;
	for (size_t j = 0; j < q; j++) {
		tr += a[j * q + j];
		for (size_t i = j; i < q; i++) {
			double v = i == j ? 1 : 0;
			for (size_t k = j; k < i; k++)
				v -= l[i * q + k] * x[k];
			x[i] = v / l[i * q + i];
			tri += x[i] * x[i];
		}
	}
	if (!(1 / tri > 1e-10 * tr))
		return -1;
	for (size_t i = 0; i < q; i++) { /* l y = b */
		double v = b[i];
		for (size_t k = 0; k < i; k++)
			v -= l[i * q + k] * x[k];
		x[i] = v / l[i * q + i];
	}
	for (size_t i = q; i-- > 0;) { /* l' x = y */
		double v = x[i];
		for (size_t k = i + 1; k < q; k++)
			v -= l[k * q + i] * x[k];
		x[i] = v / l[i * q + i];
	}
	return 0;
}

/* The fitted value of a cell's cases without ln(base), intercept included
 * when from is 0, left out when 1. */
static double cell_fit(const struct cell *c, const double *beta, size_t from)
{
	double f = 0;
	for (size_t j = from; j < c->ncol; j++)
		f += beta[c->col[j]];
	return f;
}

/* Up to iters Huber IRLS steps of u[0..) (the group's cases, cell after
 * cell; lc their ln(base) less centre) on the group's columns: beta[0..p]
 * in and out (the start and the estimate), residual scale s (0: least
 * squares).  Singular values below 1e-10 of the largest are dropped, so
 * collinear columns (a year whose cases all have a base) give the
 * minimum-norm solution. */
static void huber_fit(const struct gcols *g, const struct cell *cells, size_t nc, const double *u, const double *lc,
		      double k, double s, int iters, double *beta, struct wls *w)
{
	size_t q = g->p + 1, ln = g->ln_base;
	gsl_matrix_view A = gsl_matrix_submatrix(w->a, 0, 0, q, q), V = gsl_matrix_submatrix(w->v, 0, 0, q, q);
	gsl_vector_view S = gsl_vector_subvector(w->s, 0, q), W = gsl_vector_subvector(w->work, 0, q),
			B = gsl_vector_subvector(w->b, 0, q), X = gsl_vector_subvector(w->x, 0, q);
	double ks = isinf(k) ? INFINITY : k * s;
	double *a = w->acc, *bv = w->acc + q * q;
	for (int it = 0; it < iters; it++) {
		memset(a, 0, (q * q + q) * sizeof *a);
		double bl = ln ? beta[ln] : 0;
		for (size_t ci = 0; ci < nc; ci++) {
			const struct cell *c = &cells[ci];
			const double *uc = u + c->off, *lcc = lc + c->off;
			double f = cell_fit(c, beta, 0), s0 = 0, t0 = 0, s1 = 0, s2 = 0, t1 = 0;
			if (c->ln)
				for (size_t j = 0; j < c->n; j++) {
					double l = lcc[j], r = fabs(uc[j] - f - bl * l);
					double wt = ks > 0 && r > ks ? ks / r : 1, wl = wt * l;
					s0 += wt;
					t0 += wt * uc[j];
					s1 += wl;
					s2 += wl * l;
					t1 += wl * uc[j];
				}
			else
				for (size_t j = 0; j < c->n; j++) {
					double r = fabs(uc[j] - f);
					double wt = ks > 0 && r > ks ? ks / r : 1;
					s0 += wt;
					t0 += wt * uc[j];
				}
			for (size_t x = 0; x < c->ncol; x++) {
				bv[c->col[x]] += t0;
				for (size_t y = 0; y < c->ncol; y++)
					a[c->col[x] * q + c->col[y]] += s0;
				if (c->ln) {
					a[c->col[x] * q + ln] += s1;
					a[ln * q + c->col[x]] += s1;
				}
			}
			if (c->ln) {
				a[ln * q + ln] += s2;
				bv[ln] += t1;
			}
		}
		double *sol = w->l + q * q;
		if (chol_solve(a, bv, q, w->l, sol) != 0) {
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
			for (size_t c = 0; c < q; c++)
				sol[c] = gsl_vector_get(&X.vector, c);
		}
		double change = 0;
		for (size_t c = 0; c < q; c++) {
			double v = sol[c];
			change = fmax(change, fabs(v - beta[c]));
			beta[c] = v;
		}
		if (isinf(ks) || change < 1e-12)
			break;
	}
}

/* Values cut from each end by a trimmed mean (as funnel.c). */
static size_t cut(size_t n, double trim)
{
	size_t g = (size_t)floor((double)n * trim);
	return 2 * g >= n ? (n - 1) / 2 : g;
}

#define SWAP(x, y) do { double t_ = (x); (x) = (y); (y) = t_; } while (0)

/* Reorders a[0..n) so that a[k] is the value of rank k, none before it
 * greater and none after it less (Hoare's selection, the median of three
 * as pivot). */
static void select_k(double *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (hi > lo + 1) {
		size_t mid = lo + (hi - lo) / 2;
		SWAP(a[mid], a[lo + 1]);
		if (a[lo] > a[hi])
			SWAP(a[lo], a[hi]);
		if (a[lo + 1] > a[hi])
			SWAP(a[lo + 1], a[hi]);
		if (a[lo] > a[lo + 1])
			SWAP(a[lo], a[lo + 1]);
		size_t i = lo + 1, j = hi;
		double piv = a[lo + 1];
		for (;;) {
			do
				i++;
			while (a[i] < piv);
			do
				j--;
			while (a[j] > piv);
			if (j < i)
				break;
			SWAP(a[i], a[j]);
		}
		a[lo + 1] = a[j];
		a[j] = piv;
		if (j >= k)
			hi = j - 1;
		if (j <= k)
			lo = i;
	}
	if (hi == lo + 1 && a[hi] < a[lo])
		SWAP(a[lo], a[hi]);
}

/* A trimmed mean's cuts (the values of rank g and n - 1 - g) the last
 * time, to look for the new ones near them. */
struct tcut {
	double lo, hi;
	int known;
};

/* Scratch of a trimmed mean: two arrays of the largest n. */
struct tscratch {
	double *lo, *hi;
};

/* The trimmed mean of a[0..n) (cut(n, trim) values off each end), equal
 * to yd_funnel_trimmed_mean of the sorted values but for the order of the
 * sum; with ss, also the sum of squares of yd_funnel_winsorized_ss.
 * Reorders a.  When no value has moved by more than delta since the cuts
 * in *tc were found, the new cuts lie within delta of them: one pass sums
 * the values between the two windows and keeps those inside them, and
 * only those are selected from; when they do not hold the ranks wanted
 * (rounding), every value is (two selections). */
static double tmean(double *a, size_t n, double trim, struct tcut *tc, double delta, double *ss, struct tscratch *ts)
{
	if (n == 0)
		return NAN;
	size_t g = cut(n, trim);
	if (g == 0 && !ss) {
		double s = 0;
		for (size_t i = 0; i < n; i++)
			s += a[i];
		return s / (double)n;
	}
	delta = delta * (1 + 1e-9) + 1e-12; /* for rounding */
	if (tc->known && n >= 64 && n > 2 * g + 1 && 4 * delta < tc->hi - tc->lo) {
		double lo = tc->lo, hi = tc->hi, l1 = lo - delta, h2 = hi + delta, sm = 0, sq = 0;
		double mid = (lo + hi) / 2, half = (hi - lo) / 2 - delta; /* between the windows: |v - mid| < half */
		size_t below = 0, above = 0, nl = 0, nh = 0;
		double *wl = ts->lo, *wh = ts->hi;
		for (size_t i = 0; i < n; i++) {
			double v = a[i];
			below += v < l1;
			above += v > h2;
			int in = fabs(v - mid) < half;
			sm += in ? v : 0;
			if (ss)
				sq += in ? (v - lo) * (v - lo) : 0;
			wl[nl] = v;
			nl += fabs(v - lo) <= delta;
			wh[nh] = v;
			nh += fabs(v - hi) <= delta;
		}
		if (below <= g && g < below + nl && above <= g && g < above + nh) {
			size_t jl = g - below, jh = nh + above - 1 - g;
			select_k(wl, nl, jl);
			select_k(wh, nh, jh);
			for (size_t i = jl; i < nl; i++)
				sm += wl[i], sq += (wl[i] - lo) * (wl[i] - lo);
			for (size_t i = 0; i <= jh; i++)
				sm += wh[i], sq += (wh[i] - lo) * (wh[i] - lo);
			double nlo = wl[jl], nhi = wh[jh];
			if (ss) {
				/* the winsorised values about lo: sq over the ranks g..n-1-g,
				 * g of nlo and g of nhi; less n (mean - lo)^2 */
				double mw = (sm + (double)g * (nlo + nhi)) / (double)n - lo;
				*ss = sq + (double)g * ((nlo - lo) * (nlo - lo) + (nhi - lo) * (nhi - lo)) - (double)n * mw * mw;
			}
			tc->lo = nlo;
			tc->hi = nhi;
			return sm / (double)(n - 2 * g);
		}
	}
	size_t top = n - 1 - g;
	select_k(a, n, g);
	if (top > g)
		select_k(a + g + 1, n - g - 1, top - g - 1);
	double s = 0, lo = a[g], hi = a[top];
	for (size_t i = g; i <= top; i++)
		s += a[i];
	tc->lo = lo;
	tc->hi = hi;
	tc->known = 1;
	double mean = s / (double)(top - g + 1);
	if (ss) {
		/* the winsorised values: g of lo, a[g..top], g of hi */
		double mw = (s + (double)g * (lo + hi)) / (double)n, v = 0;
		for (size_t i = g; i <= top; i++)
			v += (a[i] - mw) * (a[i] - mw);
		*ss = v + (double)g * ((lo - mw) * (lo - mw) + (hi - mw) * (hi - mw));
	}
	return mean;
}

/* v[k] moved to v[to[k]], k < n, through scratch (n of it). */
static void permute_u32(uint32_t *v, const uint32_t *to, size_t n, uint32_t *scratch)
{
	for (size_t k = 0; k < n; k++)
		scratch[to[k]] = v[k];
	memcpy(v, scratch, n * sizeof *v);
}

static void permute_dbl(double *v, const uint32_t *to, size_t n, double *scratch)
{
	for (size_t k = 0; k < n; k++)
		scratch[to[k]] = v[k];
	memcpy(v, scratch, n * sizeof *v);
}

/* Group g's cases (gn of them, from idx, rgg, xgg, lcg on, lev their
 * party and year level) sorted cell after cell: a counting sort by party
 * type, year and having a base, stable; each cell and its columns written
 * to out.  kc: nkey + 1 counts; tmp, sorted, dtmp: gn each.  Returns how
 * many cells. */
static size_t group_cells(const struct yd_mix_in *in, const struct gcols *gc, size_t nkey, int32_t ny, size_t gn,
			  const uint16_t *lev, uint32_t *idx, uint32_t *rgg, double *xgg, double *lcg, size_t *kc,
			  uint32_t *tmp, uint32_t *sorted, double *dtmp, struct cell *out)
{
	size_t nout = 0;
	memset(kc, 0, (nkey + 1) * sizeof *kc);
	for (size_t k = 0; k < gn; k++) {
		size_t hb = in->lnbase && !isnan(lcg[k]);
		tmp[k] = (uint32_t)(((size_t)lev[k] << 1) | hb);
		kc[tmp[k] + 1]++;
	}
	for (size_t key = 0; key < nkey; key++) {
		size_t kn = kc[key + 1];
		kc[key + 1] += kc[key];
		if (!kn)
			continue;
		struct cell *c = &out[nout++];
		size_t hb = key & 1, pl = (key >> 1) / (size_t)ny, yl = (key >> 1) % (size_t)ny;
		c->off = kc[key];
		c->n = kn;
		c->ncol = 0;
		c->col[c->ncol++] = 0;
		if (gc->party[pl])
			c->col[c->ncol++] = gc->party[pl];
		if (gc->year[yl])
			c->col[c->ncol++] = gc->year[yl];
		if (hb && gc->has_base)
			c->col[c->ncol++] = gc->has_base;
		c->ln = hb && gc->ln_base;
		c->lsum = 0;
	}
	/* kc[key] is now where key's cases start */
	/* tmp[k]: where case k goes; then each array follows */
	for (size_t k = 0; k < gn; k++)
		tmp[k] = (uint32_t)kc[tmp[k]]++;
	permute_u32(idx, tmp, gn, sorted);
	permute_u32(rgg, tmp, gn, sorted);
	permute_dbl(xgg, tmp, gn, dtmp);
	permute_dbl(lcg, tmp, gn, dtmp);
	return nout;
}

/* The years of the cases, the last YEARS_BACK + 1 at most: their number,
 * and the first in *y0. */
static int32_t year_span(const struct yd_mix_in *in, int32_t *y0)
{
	int32_t lo = INT32_MAX, hi = INT32_MIN;
	for (size_t i = 0; i < in->n; i++)
		if (!isnan(in->x[i])) {
			lo = in->year[i] < lo ? in->year[i] : lo;
			hi = in->year[i] > hi ? in->year[i] : hi;
		}
	if (lo > hi)
		lo = hi = 0;
	if (lo < hi - YEARS_BACK)
		lo = hi - YEARS_BACK;
	*y0 = lo;
	return hi - lo + 1;
}

/* What the rounds of yd_mix_positions work on: the cases in group order,
 * the fits and the scratch, all made before the first round. */
struct mix_rounds {
	const struct yd_mix_opts *o;
	const size_t *goff, *coff;    /* group g's cases, its cells */
	const double *xg, *lc;        /* x and centred ln(base), in group order */
	const uint32_t *rg;           /* the region of each */
	const struct cell *cells;
	struct gcols *gc;
	double *beta, *q, *u, *buf;   /* slopes (qmax a group); positions; scratch */
	double *a, *c, *rmove;        /* region and group effects; how far each region's positions moved */
	size_t qmax;
	struct tcut *gcut;
	struct tscratch *ts;
	struct wls *w;
	double amove;                 /* the most any a_r moved in the last round */
};

/* One round for group g: its mix, its level c_g and its cases' positions;
 * *change: the most a position moved. */
static void group_round(struct mix_rounds *mr, size_t g, int round, double *change)
{
	const struct yd_mix_opts *o = mr->o;
	const size_t *goff = mr->goff, *coff = mr->coff;
	const double *xg = mr->xg, *lc = mr->lc, amove = mr->amove;
	const uint32_t *rg = mr->rg;
	const struct cell *cells = mr->cells;
	struct gcols *gc = mr->gc;
	double *beta = mr->beta, *q = mr->q, *u = mr->u, *buf = mr->buf, *a = mr->a, *c = mr->c, *rmove = mr->rmove;
	size_t qmax = mr->qmax;
	struct tcut *gcut = mr->gcut;
	struct tscratch *ts = mr->ts;
	size_t off = goff[g], gn = goff[g + 1] - goff[g];
	if (!gn)
		return;
	const double *x = xg + off;
	const uint32_t *reg = rg + off;
	double *qg = q + off;
	/* u: what the mix is fitted to; then x less the mix */
	for (size_t k = 0; k < gn; k++)
		u[k] = x[k] - a[reg[k]];
	if (gc[g].p) {
		double *b = beta + g * qmax;
		const struct cell *gcl = cells + coff[g];
		size_t nc = coff[g + 1] - coff[g];
		/* the start: the last round's slopes, and in the first
		 * rounds the level of what they leave and the scale, the
		 * winsorised sd around it (then both settle: the rounds
		 * after keep them, a third of a round's work) */
		if (round <= 3) {
			for (size_t k = 0; k < gn; k++) /* u less the last round's mix */
				buf[k] = round == 1 ? u[k] : qg[k] + c[g] - a[reg[k]];
			/* the last round's c_g's values but for the a_r */
			double ss, tm = tmean(buf, gn, o->trim, &gcut[g], amove, &ss, ts);
			b[0] = tm - gc[g].mean_fit;
			gc[g].scale = sqrt(ss / (double)(gn - 1));
		}
		double s = gc[g].scale;
		/* a few steps a round: the rounds carry on the iteration */
		huber_fit(&gc[g], gcl, nc, u, lc + off, o->huber, s, 3, b, mr->w);
		/* the mix relative to the group's average case: the
		 * fitted slopes' part less its mean over the group */
		double bl = gc[g].ln_base ? b[gc[g].ln_base] : 0, mean = 0, dmx = 0;
		for (size_t ci = 0; ci < nc; ci++)
			mean += (double)gcl[ci].n * cell_fit(&gcl[ci], b, 1) + (gcl[ci].ln ? bl * gcl[ci].lsum : 0);
		mean /= (double)gn;
		gc[g].mean_fit = mean;
		for (size_t ci = 0; ci < nc; ci++) {
			const struct cell *cl = &gcl[ci];
			double f = cell_fit(cl, b, 1) - mean;
			for (size_t k = cl->off; k < cl->off + cl->n; k++) {
				double p = x[k] - (cl->ln ? f + bl * lc[off + k] : f);
				/* x less the last round's mix: qg + c_g */
				double d = fabs(p - (round == 1 ? x[k] : qg[k] + c[g]));
				dmx = d > dmx ? d : dmx;
				u[k] = p;
				buf[k] = p - a[reg[k]];
			}
		}
		/* the same values as the first rounds' start but for the mix */
		c[g] = tmean(buf, gn, o->trim, &gcut[g], round <= 3 ? dmx : dmx + amove, NULL, ts);
	} else {
		for (size_t k = 0; k < gn; k++) {
			u[k] = x[k];
			buf[k] = x[k] - a[reg[k]];
		}
		c[g] = tmean(buf, gn, o->trim, &gcut[g], amove, NULL, ts);
	}
	/* the positions */
	for (size_t k = 0; k < gn; k++) {
		double v = u[k] - c[g], d = fabs(v - qg[k]);
		*change = d > *change ? d : *change;
		rmove[reg[k]] = d > rmove[reg[k]] ? d : rmove[reg[k]];
		qg[k] = v;
	}
	if (round == 1)
		*change = INFINITY;
}

/* The regions' effects a_r, their mean pinned at 0: trimmed means are not
 * additive, and without a pin the constant the a_r share with the c_g
 * drifts a little every round.  na[r]: the trimmed means before the pin.
 * Returns the most any a_r moved. */
static double region_round(struct mix_rounds *mr, size_t nr, const size_t *roff, const uint32_t *rp, double *na,
			   struct tcut *rcut)
{
	double sum = 0, amove = 0, *a = mr->a, *buf = mr->buf;
	size_t nne = 0;
	for (size_t r = 0; r < nr; r++) {
		const uint32_t *idx = rp + roff[r];
		size_t rn = roff[r + 1] - roff[r];
		if (!rn)
			continue;
		for (size_t k = 0; k < rn; k++)
			buf[k] = mr->q[idx[k]];
		na[r] = tmean(buf, rn, mr->o->trim, &rcut[r], mr->rmove[r], NULL, mr->ts);
		sum += na[r];
		nne++;
	}
	for (size_t r = 0; r < nr; r++)
		if (roff[r + 1] > roff[r]) {
			double v = na[r] - sum / (double)nne;
			amove = fmax(amove, fabs(v - a[r]));
			a[r] = v;
		}
	return amove;
}

int yd_mix_positions(const struct yd_mix_in *in, const struct yd_mix_opts *o, double *pos, double *effect)
{
	size_t n = in->n, ng = in->ngroups, nr = in->nregions;
	int32_t y0, ny = year_span(in, &y0);

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
	/* the cases in group order, read in one pass: index, x, region,
	 * ln(base) and party type x ny + year level */
	uint32_t *gidx = yd_xmalloc((m + 1) * sizeof *gidx), *rg = yd_xmalloc((m + 1) * sizeof *rg),
		 *rp = yd_xmalloc((m + 1) * sizeof *rp);
	double *xg = yd_xmalloc((m + 1) * sizeof *xg), *lc = yd_xcalloc(m + 1, sizeof *lc);
	uint16_t *lev = yd_xmalloc((m + 1) * sizeof *lev);
	for (size_t i = 0; i < n; i++)
		if (!isnan(in->x[i])) {
			size_t k = goff[in->group[i] + 1]++;
			gidx[k] = (uint32_t)i;
			xg[k] = in->x[i];
			rg[k] = in->region[i];
			if (in->lnbase)
				lc[k] = in->lnbase[i];
			lev[k] = (uint16_t)((size_t)party_of(in, i) * (size_t)ny + year_of(in, y0, i));
		}
	/* now group g holds goff[g] .. goff[g + 1]), and region r will hold
	 * roff[r] .. roff[r + 1] of rp */

	/* each group's columns: at most the party types, the years and two */
	size_t qmax = YD_MIX_PARTIES + (size_t)ny + 3, nkey = YD_MIX_PARTIES * (size_t)ny * 2, gmax = 0, rmax = 0;
	struct gcols *gc = yd_xcalloc(ng + 1, sizeof *gc);
	size_t *years = yd_xcalloc(ng * (size_t)ny + 1, sizeof *years), *cnt = yd_xmalloc((qmax + nkey + 1) * sizeof *cnt);
	double *beta = yd_xcalloc(ng * qmax + 1, sizeof *beta);
	for (size_t g = 0; g < ng; g++) {
		size_t gn = goff[g + 1] - goff[g];
		gmax = gn > gmax ? gn : gmax;
		gc[g].year = years + g * (size_t)ny;
		if (gn)
			group_cols(lev + goff[g], in->lnbase ? lc + goff[g] : NULL, gn, o->min_level, ny, cnt, &gc[g]);
		if (gn < gc[g].p + 1 + (size_t)o->min_level)
			gc[g].p = 0; /* too few cases to tell the mix from noise: no adjustment */
	}

	/* the cases of a group with columns cell after cell (a counting sort
	 * by party type, year and having a base, stable), and each cell's
	 * columns */
	size_t *coff = yd_xcalloc(ng + 1, sizeof *coff), ncells = 0;
	struct cell *cells = yd_xmalloc((ng * nkey + 1) * sizeof *cells);
	uint32_t *tmp = yd_xmalloc((gmax + 1) * sizeof *tmp), *sorted = yd_xmalloc((gmax + 1) * sizeof *sorted);
	double *dtmp = yd_xmalloc((gmax + 1) * sizeof *dtmp);
	for (size_t g = 0; g < ng; g++) {
		coff[g] = ncells;
		if (gc[g].p)
			ncells += group_cells(in, &gc[g], nkey, ny, goff[g + 1] - goff[g], lev + goff[g], gidx + goff[g],
					      rg + goff[g], xg + goff[g], lc + goff[g], cnt, tmp, sorted, dtmp, cells + ncells);
	}
	coff[ng] = ncells;
	free(lev);
	free(tmp);
	free(sorted);
	free(dtmp);

	/* for the regions, where each of their cases is in that order */
	for (size_t k = 0; k < m; k++)
		rp[roff[rg[k] + 1]++] = (uint32_t)k;
	for (size_t r = 0; r < nr; r++)
		rmax = roff[r + 1] - roff[r] > rmax ? roff[r + 1] - roff[r] : rmax;
	for (size_t g = 0; g < ng; g++)
		for (size_t ci = coff[g]; ci < coff[g + 1]; ci++) {
			struct cell *c = &cells[ci];
			if (!c->ln)
				continue;
			for (size_t k = goff[g] + c->off; k < goff[g] + c->off + c->n; k++) {
				lc[k] -= gc[g].centre; /* was ln(base) */
				c->lsum += lc[k];
			}
		}

	double *a = yd_xcalloc(nr + 1, sizeof *a), *c = yd_xcalloc(ng + 1, sizeof *c), *na = yd_xmalloc((nr + 1) * sizeof *na);
	size_t bmax = gmax > rmax ? gmax : rmax;
	double *q = yd_xcalloc(m + 1, sizeof *q), *buf = yd_xmalloc((bmax + 1) * sizeof *buf),
	       *u = yd_xmalloc((gmax + 1) * sizeof *u);
	struct tscratch ts = {yd_xmalloc((bmax + 1) * sizeof *ts.lo), yd_xmalloc((bmax + 1) * sizeof *ts.hi)};
	struct tcut *gcut = yd_xcalloc(ng + 1, sizeof *gcut), *rcut = yd_xcalloc(nr + 1, sizeof *rcut);
	struct wls w;
	wls_init(&w, qmax);
	/* A trimmed mean's cuts are looked for within how far its values
	 * moved since it was last taken (tmean): amove, the most any a_r
	 * moved in the last round; dmx, the most a case's mix moved in its
	 * group this round; rmove[r], the most a position of region r moved. */
	double *rmove = yd_xcalloc(nr + 1, sizeof *rmove), amove = INFINITY;
	int round = 0;
	struct mix_rounds mr = {o, goff, coff, xg, lc, rg, cells, gc, beta, q, u, buf, a, c, rmove, qmax, gcut, &ts, &w, 0};
	while (round < o->rounds) {
		round++;
		double change = 0;
		memset(rmove, 0, nr * sizeof *rmove);
		mr.amove = amove;
		for (size_t g = 0; g < ng; g++)
			group_round(&mr, g, round, &change);
		amove = region_round(&mr, nr, roff, rp, na, rcut);
		change = fmax(change, amove);
		if (change < o->tol)
			break;
	}
	for (size_t i = 0; i < n; i++)
		pos[i] = NAN;
	for (size_t k = 0; k < m; k++)
		pos[gidx[k]] = q[k];
	if (effect) /* the last round's trimmed means of pos, before the pin */
		for (size_t r = 0; r < nr; r++)
			effect[r] = roff[r + 1] > roff[r] ? na[r] : NAN;
	wls_release(&w);
	free(goff);
	free(roff);
	free(gidx);
	free(gc);
	free(years);
	free(cnt);
	free(beta);
	free(coff);
	free(cells);
	free(xg);
	free(lc);
	free(rg);
	free(rp);
	free(a);
	free(c);
	free(na);
	free(q);
	free(buf);
	free(u);
	free(ts.lo);
	free(ts.hi);
	free(gcut);
	free(rcut);
	free(rmove);
	return round;
}
