/*
 * archive_load.c - libarchive, loaded (dlopen) the first time a module reads
 * or writes an archive rather than linked into every vigil program.
 *
 * Why: libarchive brings a dozen libraries with it (libxml2 and with it
 * ICU and libstdc++, nettle, lzma, zstd, lz4, bzip2, acl, ...), so merely
 * starting a program linked with it costs about 1.5 ms of loading and
 * relocation on the reference machine (`vigil --version`: 3.7-3.9 ms
 * linked, 2.2 ms not).  Only imports of compressed feeds, apt's compressed
 * package lists and Mender artifacts read or write archives; `vigil scan`
 * and most other commands never do, and should not pay for it on every run
 * (a scan's whole target is 100 ms).
 *
 * The build still finds libarchive with pkg-config for its headers; at run
 * time the library is the ABI-stable libarchive.so.13 every distribution
 * ships.  Each function is looked up once; a missing one is an error naming
 * it, never a crash later.
 */
#include "archive_load.h"
#include "vigil/error.h"

static vg_libarchive loaded;

/* Each member of vg_libarchive and the libarchive symbol it is loaded from. */
const vg_library_symbol vg_libarchive_symbols[] = {
#define FN(member) { "archive_" #member, offsetof(vg_libarchive, member) }
	FN(read_new), FN(read_support_filter_all), FN(read_support_filter_gzip),
	FN(read_support_filter_xz), FN(read_support_filter_zstd), FN(read_support_format_raw),
	FN(read_support_format_tar), FN(read_support_format_zip), FN(read_open),
	FN(read_open_filename), FN(read_open_memory), FN(read_next_header),
	FN(read_header_position), FN(read_data), FN(read_data_block), FN(read_free), FN(write_new),
	FN(write_set_format_pax_restricted), FN(write_add_filter_gzip), FN(write_add_filter_xz),
	FN(write_add_filter_zstd), FN(write_add_filter_none), FN(write_set_filter_option),
	FN(write_set_bytes_in_last_block), FN(write_open), FN(write_header), FN(write_data),
	FN(write_close), FN(write_free), FN(filter_code), FN(error_string), FN(set_error),
	FN(entry_new), FN(entry_free), FN(entry_pathname), FN(entry_hardlink), FN(entry_symlink),
	FN(entry_filetype), FN(entry_size), FN(entry_size_is_set), FN(entry_sparse_count),
	FN(entry_set_pathname), FN(entry_set_filetype), FN(entry_set_perm), FN(entry_set_size),
	FN(entry_set_mtime),
#undef FN
};
#define SYMBOL_COUNT (sizeof(vg_libarchive_symbols) / sizeof(vg_libarchive_symbols[0]))
const size_t vg_libarchive_symbol_count = SYMBOL_COUNT;

static vg_library library = {
	"libarchive.so.13", vg_libarchive_symbols, SYMBOL_COUNT, &loaded,
	"libarchive 3.3.3 or later", 0, "",
};

int vg_libarchive_load(const vg_libarchive **out)
{
	int rc = vg_library_open(&library);

	*out = rc == VG_OK ? &loaded : NULL;
	return rc;
}
