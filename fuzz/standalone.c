/*
 * standalone.c - replay inputs through a fuzz harness without libFuzzer.
 *
 * Usage: fuzz_NAME FILE|DIR...   Every regular file named (or found directly in
 * a named directory) is passed once to LLVMFuzzerTestOneInput().  Used by CTest
 * to keep the seed corpus and past crashers as regression tests in every build.
 */
#include "vigil/error.h"
#include "vigil/file.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	char *data;
	size_t len;

	if (vg_file_read(path, 0, &data, &len) != VG_OK) {
		fprintf(stderr, "%s\n", vg_error_message());
		return 1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	return 0;
}

static int run_dir(const char *dir, int *count)
{
	struct dirent *e;
	char path[4096];
	struct stat st;
	DIR *d = opendir(dir);
	int failures = 0;

	if (!d) {
		fprintf(stderr, "%s: cannot open directory\n", dir);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			failures += run_file(path);
			(*count)++;
		}
	}
	closedir(d);
	return failures;
}

int main(int argc, char **argv)
{
	struct stat st;
	int i, failures = 0, count = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "%s: no such file or directory\n", argv[i]);
			return 1;
		}
		if (S_ISDIR(st.st_mode)) {
			failures += run_dir(argv[i], &count);
		} else {
			failures += run_file(argv[i]);
			count++;
		}
	}
	printf("replayed %d inputs\n", count);
	return failures ? 1 : 0;
}
