/*
 * commands.h - the entry points of the `vigil` commands, one per cmd_*.c.
 */
#ifndef VG_CLI_COMMANDS_H
#define VG_CLI_COMMANDS_H

int cmd_version(int argc, char **argv);

#endif
