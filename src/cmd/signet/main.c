/* SPDX-License-Identifier: MIT */
/* main.c -- signet: global options, then a command table; the commands live in commands.c. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "sgn/manifest.h"

static const struct {
	const char *name;
	cli_cmd_fn fn;
	const char *usage;
} commands[] = {
	{"apply", cmd_apply, "apply -f PATH...          validate manifests (file, dir or -) and store them, all or nothing"},
	{"delete", cmd_delete, "delete (-f PATH | KIND NAME...)  delete resources"},
	{"get", cmd_get, "get KIND [NAME] [-o wide|yaml|json|name] [-A]  show resources"},
	{"wait", cmd_wait, "wait KIND/NAME --for=condition=TYPE [--timeout=30s]  wait for a condition"},
	{"run", cmd_run, "run [--dns-port N]        run the controller (default port 5353)"},
	{"ds", cmd_ds, "ds ZONE                   print the DS records of a signed zone"},
	{"ds-published", cmd_ds_published, "ds-published ZONE [--key TAG]  the parent now has the DS of the served KSK(s)"},
	{"ds-withdrawn", cmd_ds_withdrawn, "ds-withdrawn ZONE [--key TAG]  the parent no longer has the DS of a retiring KSK"},
	{"rollover", cmd_rollover, "rollover ZONE --ksk|--zsk|--csk [--at TIME] [--force]  start a key rollover now or at a time"},
	{"audit", cmd_audit, "audit [-o json]           the key audit log (restored, exported, generated, ...)"},
	{"render", cmd_render, "render [--out DIR]        write the configuration run would use (./signet-render)"},
};

static int usage(FILE *f)
{
	fprintf(f, "usage: signet [--state DIR] [-n NS | -A] [-o FORMAT] COMMAND ...\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %s\n", commands[i].usage);
	fprintf(f, "\nGlobal options (also accepted after the command):\n"
		   "  --state DIR          state directory (default $SIGNET_STATE, else ./.signet)\n"
		   "  -n, --namespace NS   namespace (default \"default\")\n"
		   "  -A, --all-namespaces every namespace (get, ds)\n"
		   "  -o, --output FORMAT  wide, yaml, json or name (get)\n"
		   "Exit status: 0 ok, 1 operation failed, 2 bad input or usage.\n");
	return CLI_USAGE;
}

int main(int argc, char **argv)
{
	cli_t c = {.state_dir = getenv("SIGNET_STATE"), .ns = "default"};
	if (c.state_dir == NULL || c.state_dir[0] == '\0')
		c.state_dir = ".signet";
	char **rest = calloc((size_t)argc + 1, sizeof(char *));
	if (rest == NULL)
		return CLI_FAILED;
	int nrest = 0;
	bool dashdash = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		int m;
		if (dashdash || a[0] != '-' || strcmp(a, "-") == 0) {
			rest[nrest++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			dashdash = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			free(rest);
			usage(stdout);
			return CLI_OK;
		} else if (strcmp(a, "-A") == 0 || strcmp(a, "--all-namespaces") == 0) {
			c.all_ns = true;
		} else if ((m = cli_opt_value(argc, argv, &i, "-n", "--namespace", &v)) != 0) {
			if (m < 0 || v[0] == '\0')
				goto missing;
			if (sgn_manifest_check_name(v, 63) != SGN_OK || strchr(v, '.') != NULL) {
				fprintf(stderr, "error: invalid namespace \"%.80s\": lower-case letters, digits and '-', "
						"at most 63\n", v);
				free(rest);
				return CLI_USAGE;
			}
			c.ns = v;
		} else if ((m = cli_opt_value(argc, argv, &i, "-o", "--output", &v)) != 0) {
			if (m < 0)
				goto missing;
			c.output = v;
		} else if ((m = cli_opt_value(argc, argv, &i, NULL, "--state", &v)) != 0) {
			if (m < 0 || v[0] == '\0')
				goto missing;
			c.state_dir = v;
		} else {
			rest[nrest++] = argv[i]; /* the command's own option */
		}
		continue;
	missing:
		fprintf(stderr, "error: option %s needs a value\n", a);
		free(rest);
		return CLI_USAGE;
	}
	int rc = CLI_USAGE;
	if (nrest == 0 || rest[0][0] == '-') {
		if (nrest > 0)
			fprintf(stderr, "error: unknown option %s\n", rest[0]);
		usage(stderr);
		goto done;
	}
	if (c.output != NULL && strcmp(c.output, "wide") != 0 && strcmp(c.output, "yaml") != 0 &&
	    strcmp(c.output, "json") != 0 && strcmp(c.output, "name") != 0) {
		fprintf(stderr, "error: unknown output format \"%s\"; valid: wide, yaml, json, name\n",
			c.output);
		goto done;
	}
	size_t k;
	for (k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (strcmp(rest[0], commands[k].name) == 0)
			break;
	if (k == sizeof(commands) / sizeof(commands[0])) {
		fprintf(stderr, "error: unknown command \"%s\"\n", rest[0]);
		usage(stderr);
		goto done;
	}
	c.argc = nrest - 1;
	c.argv = rest + 1;
	rc = commands[k].fn(&c);
done:
	free(rest);
	return rc;
}
