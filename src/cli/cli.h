/*
 * cli.h - what every `vigil` command shares: exit codes, error reporting,
 * sub-command dispatch, output files and the progress bar.
 *
 * Each command lives in its own cmd_<name>.c and exports one entry point
 * `int cmd_<name>(int argc, char **argv)` (argv[0] is the command's name).
 * It returns an exit code from the table below, which is documented in
 * vigil(1) and is stable.
 */
#ifndef VG_CLI_H
#define VG_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cli_exit {
	CLI_EXIT_OK = 0,       /* success */
	CLI_EXIT_FAIL = 1,     /* a check or gate the user asked for failed */
	CLI_EXIT_USAGE = 2,    /* wrong options or arguments */
	CLI_EXIT_INPUT = 3,    /* bad input: malformed, unsupported or over a limit */
	CLI_EXIT_IO = 4,       /* a file, directory or network resource failed */
	CLI_EXIT_VERIFY = 5,   /* a signature, hash or policy verification failed */
	CLI_EXIT_INTERNAL = 6  /* out of memory, database or internal error */
};

typedef struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} cli_command;

/*
 * Run the command named by argv[1] from `commands` (a NULL-terminated table).
 * `prog` is the full name used in messages ("vigil sbom").  With no command,
 * "help" or --help, prints the command list and `description`.
 */
int cli_dispatch(const char *prog, const char *description, const cli_command *commands,
		 int argc, char **argv);

/* The exit code for a libvigil status. */
int cli_exit_code(int status);

/* Print "vigil: <last libvigil error>" to stderr; return its exit code. */
int cli_fail(int status);

/*
 * End the process with `code` now, leaving what the command built to the
 * kernel, which takes a process's memory back at once: freeing a
 * 10,000-component scan's SBOM and findings piece by piece took 4.5 ms.
 * The sanitizer build (VG_SANITIZE) returns instead and the caller frees as
 * usual, so that LeakSanitizer still checks every free function.
 */
void cli_exit_without_freeing(int code);

/* Print "<prog>: <message>" and a --help hint to stderr; return CLI_EXIT_USAGE. */
int cli_usage_error(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* True when stdout / stderr is a terminal (colour, progress bars). */
bool cli_stdout_is_tty(void);
bool cli_stderr_is_tty(void);

/* A vg_progress_fn that draws a one-line bar on stderr when it is a terminal. */
void cli_progress_bar(void *ctx, uint64_t done, uint64_t total, const char *label);


/* Open the vulnerability database at `path`, or the default one when NULL
 * (vg_vulndb_default_path); on failure prints why and returns an exit code. */
struct vg_vulndb;
int cli_open_vulndb(const char *path, int mode, struct vg_vulndb **db);

#endif
