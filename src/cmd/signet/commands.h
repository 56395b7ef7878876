/* SPDX-License-Identifier: MIT */
/* commands.h -- the signet subcommands; main.c parses global options and dispatches here. */
#ifndef SGN_CMD_COMMANDS_H
#define SGN_CMD_COMMANDS_H

#include <stdbool.h>

/* Exit codes of every command. */
enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

/* Global options (accepted anywhere on the command line) and the command's own
 * arguments, global options removed. All strings borrowed from argv/environ. */
typedef struct cli {
	const char *state_dir; /* --state, $SIGNET_STATE, ./.signet */
	const char *ns;        /* -n/--namespace, "default" */
	bool all_ns;           /* -A/--all-namespaces */
	const char *output;    /* -o/--output: NULL (table), wide, yaml, json, name */
	int argc;              /* arguments after the command name */
	char **argv;
} cli_t;

/* Matches "--long VALUE", "--long=VALUE", "-s VALUE" and "-sVALUE" (s may be NULL) at
 * argv[*i]; advances *i past a separate value. 1 matched, 0 not this option, -1 value missing. */
int cli_opt_value(int argc, char **argv, int *i, const char *s, const char *l, const char **val);

typedef int (*cli_cmd_fn)(const cli_t *c);

int cmd_apply(const cli_t *c);
int cmd_delete(const cli_t *c);
int cmd_get(const cli_t *c);
int cmd_wait(const cli_t *c);
int cmd_run(const cli_t *c);
int cmd_ds(const cli_t *c);
int cmd_render(const cli_t *c);
int cmd_ds_published(const cli_t *c);
int cmd_ds_withdrawn(const cli_t *c);
int cmd_rollover(const cli_t *c);
int cmd_audit(const cli_t *c);

#endif
