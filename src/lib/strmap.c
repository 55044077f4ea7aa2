#include "youdu/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "youdu/error.h"

uint64_t yd_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static size_t find_slot(char *const *keys, size_t cap, const char *key)
{
	size_t i = (size_t)yd_hash(key, strlen(key)) & (cap - 1);
	while (keys[i] && strcmp(keys[i], key) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

int yd_strmap_get(const struct yd_strmap *m, const char *key, int64_t *value)
{
	if (!m->cap)
		return 0;
	size_t i = find_slot(m->keys, m->cap, key);
	if (!m->keys[i])
		return 0;
	*value = m->values[i];
	return 1;
}

static void rehash(struct yd_strmap *m, size_t cap)
{
	char **keys = yd_xcalloc(cap, sizeof *keys);
	int64_t *values = yd_xcalloc(cap, sizeof *values);
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = find_slot(keys, cap, m->keys[i]);
		keys[j] = m->keys[i];
		values[j] = m->values[i];
	}
	free(m->keys);
	free(m->values);
	m->keys = keys;
	m->values = values;
	m->cap = cap;
}

void yd_strmap_put(struct yd_strmap *m, const char *key, int64_t value)
{
	if ((m->n + 1) * 2 > m->cap)
		rehash(m, m->cap ? m->cap * 2 : 64);
	size_t i = find_slot(m->keys, m->cap, key);
	if (!m->keys[i]) {
		m->keys[i] = yd_xstrdup(key);
		m->n++;
	}
	m->values[i] = value;
}

void yd_strmap_release(struct yd_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->values);
	m->keys = NULL;
	m->values = NULL;
	m->cap = m->n = 0;
}
