/*
 * json_doc_internal.h - the knob of json_doc.c that tests and the fuzz
 * harness turn: documents of at least this many bytes are parsed in two
 * halves (256 KiB).  Lowered, small inputs take the split path too.
 */
#ifndef VG_JSON_DOC_INTERNAL_H
#define VG_JSON_DOC_INTERNAL_H

#include <stddef.h>

extern size_t vg_json_doc_split_min;

#endif
