/*
 * fuzz_vulndb_import.c - feed arbitrary bytes to the feed importers through
 * the public import entry point, against a fresh in-memory database.
 * The first byte picks the file name's extension only for variety; the
 * format is detected from the content, as in real use.
 */
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/vulndb.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	vg_vulndb *db;
	vg_import_report report;

	snprintf(path, sizeof(path), "/tmp/vg-fuzz-import-%d", (int)getpid());
	if (vg_file_write_atomic(path, data, size) != VG_OK)
		return 0;
	if (vg_vulndb_open(":memory:", VG_VULNDB_WRITE, &db) == VG_OK) {
		vg_vulndb_import(db, path, NULL, &report);
		vg_import_report_free(&report);
		vg_vulndb_close(db);
	}
	unlink(path);
	return 0;
}
