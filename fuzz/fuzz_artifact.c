/*
 * fuzz_artifact.c - the whole artifact reader (vg_artifact_read) on the input
 * bytes, with a sink that hashes nothing and a small header limit.
 */
#include "vigil/artifact.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct mem {
	const uint8_t *p;
	size_t len, pos;
} mem;

static int mem_read(void *ctx, void *buf, size_t cap, size_t *got)
{
	mem *m = ctx;
	size_t n = m->len - m->pos < cap ? m->len - m->pos : cap;

	memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	*got = n;
	return 0;
}

static int sink_write(void *ctx, const void *data, size_t len)
{
	(void)ctx, (void)data, (void)len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mem m = { data, size, 0 };
	vg_artifact_source src = { mem_read, &m, size };
	vg_artifact_sink sink = { NULL, sink_write, NULL, NULL };
	vg_artifact_policy pol = { 0 };
	vg_artifact_info *info = NULL;

	pol.max_header = 1024 * 1024;
	pol.device_type = "fuzz";
	if (vg_artifact_read(&src, &pol, &sink, &info) == 0)
		vg_artifact_info_free(info);
	return 0;
}
