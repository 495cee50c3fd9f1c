/*
 * commands.h - the entry points of the `vigil` commands, one per cmd_*.c.
 */
#ifndef VG_CLI_COMMANDS_H
#define VG_CLI_COMMANDS_H

int cmd_sbom(int argc, char **argv);
int cmd_sbom_convert(int argc, char **argv);
int cmd_sbom_generate(int argc, char **argv);

#endif
