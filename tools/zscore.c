/* zscore.c - the benchmark's "same robust-z job", done with youdu's library:
 * read a cases CSV (youdu's reader and normalisers), group by violation code
 * and region, and count the cases with |z| > 3.5, z = (ln fine - median) /
 * (1.4826 MAD) within their group (groups with MAD 0 flag nothing; fines of
 * 0 are left out).  tools/zscore_pandas.py does the same in pandas.
 * The file is read in pieces on THREADS threads (yd_csv_read_parts; 1 reads
 * it whole with yd_csv_read), each piece into its own job, merged after.
 * usage: yd-zscore CASES.csv [THREADS]   prints "rows R groups G flagged F" */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/csvin.h"
#include "youdu/record.h"
#include "youdu/stats.h"
#include "youdu/strmap.h"

struct job {
	const char *path;
	struct yd_header h;
	int have_header;
	struct yd_strmap groups; /* "code\x1fregion" -> group number */
	uint32_t ngroups;
	uint32_t *group;
	double *x;
	size_t n, cap;
};

static int row(void *data, const struct yd_csv_row *r, struct yd_error *err)
{
	struct job *j = data;
	struct yd_record rec;
	char why[256], key[1024];
	int64_t id;

	if (!j->have_header) {
		j->have_header = 1;
		return yd_header_init(&j->h, r, NULL, YD_REQUIRED_CASE, j->path, err);
	}
	if (yd_record_parse(&j->h, r, YD_REQUIRED_CASE, &rec, why, sizeof why) < 0 || rec.fine <= 0)
		return 0;
	size_t a = strlen(rec.vcode), b = strlen(rec.region);
	if (a + b + 2 > sizeof key)
		return 0;
	memcpy(key, rec.vcode, a);
	key[a] = '\x1f';
	memcpy(key + a + 1, rec.region, b + 1);
	if (!yd_strmap_get(&j->groups, key, &id)) {
		id = j->ngroups++;
		yd_strmap_put(&j->groups, key, id);
	}
	if (j->n == j->cap) {
		j->cap = j->cap ? 2 * j->cap : 1 << 16;
		j->group = yd_xrealloc(j->group, j->cap * sizeof *j->group);
		j->x = yd_xrealloc(j->x, j->cap * sizeof *j->x);
	}
	j->group[j->n] = (uint32_t)id;
	j->x[j->n++] = log((double)rec.fine / 100.0);
	return 0;
}

/* Groups [g0, g1) of the values v grouped by start: sort each, count
 * |z| > 3.5.  work is scratch for the values (shared: groups are apart). */
struct groups {
	double *v;
	const size_t *start;
	double *work;
	uint32_t g0, g1;
	size_t flagged;
};

static void *flag_groups(void *arg)
{
	struct groups *G = arg;
	for (uint32_t g = G->g0; g < G->g1; g++) {
		double *a = G->v + G->start[g];
		size_t m = G->start[g + 1] - G->start[g];
		yd_stats_sort(a, m);
		double med = yd_stats_median(a, m), s = YD_MAD_SCALE * yd_stats_mad(a, m, G->work + G->start[g]);
		if (s <= 0)
			continue;
		for (size_t k = 0; k < m; k++)
			G->flagged += fabs(a[k] - med) / s > 3.5;
	}
	return NULL;
}

static void job_release(void *data)
{
	struct job *j = data;
	free(j->group);
	free(j->x);
	yd_strmap_release(&j->groups);
	yd_header_release(&j->h);
	const char *path = j->path;
	memset(j, 0, sizeof *j);
	j->path = path;
}

/* Appends piece b's values to a, with b's group numbers mapped to a's. */
static void merge(struct job *a, struct job *b)
{
	uint32_t *to = malloc(((size_t)b->ngroups + 1) * sizeof *to);
	for (size_t s = 0; s < b->groups.cap; s++) {
		int64_t id;
		const char *key = b->groups.keys[s];
		if (!key)
			continue;
		if (!yd_strmap_get(&a->groups, key, &id)) {
			id = a->ngroups++;
			yd_strmap_put(&a->groups, key, id);
		}
		to[b->groups.values[s]] = (uint32_t)id;
	}
	a->group = yd_xrealloc(a->group, (a->n + b->n + 1) * sizeof *a->group);
	a->x = yd_xrealloc(a->x, (a->n + b->n + 1) * sizeof *a->x);
	for (size_t i = 0; i < b->n; i++) {
		a->group[a->n + i] = to[b->group[i]];
		a->x[a->n + i] = b->x[i];
	}
	a->n += b->n;
	a->cap = a->n;
	free(to);
}

int main(int argc, char **argv)
{
	struct job jobs[YD_CSV_MAX_PARTS], *jp[YD_CSV_MAX_PARTS];
	struct yd_error err = {0};
	int threads = argc == 3 ? atoi(argv[2]) : 1, used = 1, rc;

	if (argc < 2 || argc > 3 || threads < 1 || threads > YD_CSV_MAX_PARTS) {
		fputs("usage: yd-zscore CASES.csv [THREADS]\n", stderr);
		return 2;
	}
	memset(jobs, 0, sizeof jobs);
	for (int k = 0; k < YD_CSV_MAX_PARTS; k++) {
		jobs[k].path = argv[1];
		jp[k] = &jobs[k];
	}
	if (threads == 1)
		rc = yd_csv_read(argv[1], YD_ENC_AUTO, row, &jobs[0], NULL, &err);
	else
		rc = yd_csv_read_parts(argv[1], threads, row, job_release, (void *const *)jp, &used, &err);
	if (rc < 0) {
		fprintf(stderr, "yd-zscore: %s\n", err.msg);
		return 2;
	}
	struct job j = jobs[0];
	for (int k = 1; k < used; k++) {
		merge(&j, &jobs[k]);
		job_release(&jobs[k]);
	}
	/* group the values: counting sort by group, then sort each group */
	size_t *start = calloc((size_t)j.ngroups + 1, sizeof *start), flagged = 0;
	double *v = malloc((j.n + 1) * sizeof *v), *work = malloc((j.n + 1) * sizeof *work);
	for (size_t i = 0; i < j.n; i++)
		start[j.group[i] + 1]++;
	for (uint32_t g = 0; g < j.ngroups; g++)
		start[g + 1] += start[g];
	size_t *fill = malloc(((size_t)j.ngroups + 1) * sizeof *fill);
	memcpy(fill, start, ((size_t)j.ngroups + 1) * sizeof *fill);
	for (size_t i = 0; i < j.n; i++)
		v[fill[j.group[i]]++] = j.x[i];
	/* the groups in two halves of the values, one on a second thread */
	uint32_t mid = 0;
	while (mid < j.ngroups && start[mid] < j.n / 2)
		mid++;
	struct groups halves[2] = {{v, start, work, 0, mid, 0}, {v, start, work, mid, j.ngroups, 0}};
	pthread_t t;
	int threaded = threads > 1 && pthread_create(&t, NULL, flag_groups, &halves[1]) == 0;
	flag_groups(&halves[0]);
	if (threaded)
		pthread_join(t, NULL);
	else
		flag_groups(&halves[1]);
	flagged = halves[0].flagged + halves[1].flagged;
	printf("rows %zu groups %u flagged %zu\n", j.n, j.ngroups, flagged);
	free(start);
	free(fill);
	free(v);
	free(work);
	free(j.group);
	free(j.x);
	yd_strmap_release(&j.groups);
	yd_header_release(&j.h);
	return 0;
}
