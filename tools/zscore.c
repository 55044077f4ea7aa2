/* zscore.c - the benchmark's "same robust-z job", done with youdu's library:
 * read a cases CSV with youdu's reader, normalise the three columns the job
 * uses (violation code, region, fine) with youdu's normalisers, as the other
 * tools read only those, group by violation code and region, and count the
 * cases with |z| > 3.5, z = (ln fine - median) / (1.4826 MAD) within their
 * group (groups with MAD 0 flag nothing; fines of 0, rows with a missing or
 * invalid code, region or fine, and rows with the wrong number of fields are
 * left out).  tools/zscore_pandas.py does the same in pandas.
 * The file is read in pieces on THREADS threads (yd_csv_read_parts; 1 reads
 * it whole with yd_csv_read), each piece into its own job, merged after.
 * usage: yd-zscore CASES.csv [THREADS]   prints "rows R groups G flagged F" */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/csvin.h"
#include "youdu/parse.h"
#include "youdu/record.h"
#include "youdu/stats.h"
#include "youdu/strmap.h"
#include "youdu/text.h"

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
	char key[1024], region[512];
	int64_t id, fine;

	if (!j->have_header) {
		j->have_header = 1;
		return yd_header_init(&j->h, r, NULL, YD_REQUIRED_CASE, j->path, err);
	}
	if (r->n != j->h.ncols)
		return 0;
	char *code = r->fields[j->h.col[YD_F_VCODE]];
	size_t a = yd_text_fold(code);
	if (!a || yd_parse_region(r->fields[j->h.col[YD_F_REGION]], region, sizeof region, NULL) < 0 ||
	    yd_parse_amount(r->fields[j->h.col[YD_F_FINE]], &fine, NULL) < 0 || fine <= 0)
		return 0;
	size_t b = strlen(region);
	if (a + b + 2 > sizeof key)
		return 0;
	memcpy(key, code, a);
	key[a] = '\x1f';
	memcpy(key + a + 1, region, b + 1);
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
	j->x[j->n++] = log((double)fine / 100.0);
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

/* Renumbers piece b's groups as piece a's, adding the ones a lacks. */
static void renumber(struct job *a, struct job *b)
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
	for (size_t i = 0; i < b->n; i++)
		b->group[i] = to[b->group[i]];
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
	struct job *j = &jobs[0];
	size_t n = j->n;
	for (int k = 1; k < used; k++) {
		renumber(j, &jobs[k]);
		n += jobs[k].n;
	}
	/* group the values of every piece: counting sort by group */
	uint32_t ng = j->ngroups;
	size_t *start = calloc((size_t)ng + 1, sizeof *start), flagged = 0;
	double *v = malloc((n + 1) * sizeof *v), *work = malloc((n + 1) * sizeof *work);
	for (int k = 0; k < used; k++)
		for (size_t i = 0; i < jobs[k].n; i++)
			start[jobs[k].group[i] + 1]++;
	for (uint32_t g = 0; g < ng; g++)
		start[g + 1] += start[g];
	size_t *fill = malloc(((size_t)ng + 1) * sizeof *fill);
	memcpy(fill, start, ((size_t)ng + 1) * sizeof *fill);
	for (int k = 0; k < used; k++)
		for (size_t i = 0; i < jobs[k].n; i++)
			v[fill[jobs[k].group[i]]++] = jobs[k].x[i];
	/* the groups in two halves of the values, one on a second thread */
	uint32_t mid = 0;
	while (mid < ng && start[mid] < n / 2)
		mid++;
	struct groups halves[2] = {{v, start, work, 0, mid, 0}, {v, start, work, mid, ng, 0}};
	pthread_t t;
	int threaded = threads > 1 && pthread_create(&t, NULL, flag_groups, &halves[1]) == 0;
	flag_groups(&halves[0]);
	if (threaded)
		pthread_join(t, NULL);
	else
		flag_groups(&halves[1]);
	flagged = halves[0].flagged + halves[1].flagged;
	printf("rows %zu groups %u flagged %zu\n", n, ng, flagged);
	free(start);
	free(fill);
	free(v);
	free(work);
	for (int k = 0; k < used; k++)
		job_release(&jobs[k]);
	return 0;
}
