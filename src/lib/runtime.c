/* SPDX-License-Identifier: MIT */
/* runtime.c -- backend-independent runtime: vtable dispatch, named-checkconf/-checkzone,
 * rndc verdicts and the `rndc dnssec -status` parser. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime_internal.h"
#include "sgn/err.h"
#include "sgn/proc.h"
#include "sgn/runtime.h"
#include "sgn/util.h"

#define CHECK_TOOL_TIMEOUT_MS 60000

sgn_runtime_t *sgn__runtime_new(const sgn_runtime_ops_t *ops, void *impl)
{
	sgn_runtime_t *rt = sgn_xcalloc(1, sizeof(*rt));
	rt->ops = ops;
	rt->impl = impl;
	return rt;
}

void sgn_runtime_free(sgn_runtime_t *rt)
{
	if (rt == NULL)
		return;
	rt->ops->destroy(rt->impl);
	free(rt);
}

int sgn_runtime_ensure(sgn_runtime_t *rt, const sgn_instance_spec_t *spec, bool *restarted)
{
	bool dummy = false;
	if (restarted == NULL)
		restarted = &dummy;
	*restarted = false;
	if (rt == NULL || spec == NULL || spec->id == NULL || spec->dir == NULL ||
	    spec->conf == NULL || spec->rndc_conf == NULL || spec->id[0] == '\0')
		return SGN_EINVAL;
	return rt->ops->ensure(rt->impl, spec, restarted);
}

sgn_runtime_state_t sgn_runtime_state(sgn_runtime_t *rt, const char *id)
{
	if (rt == NULL || id == NULL)
		return SGN_RUNTIME_STOPPED;
	return rt->ops->state(rt->impl, id);
}

pid_t sgn_runtime_pid(sgn_runtime_t *rt, const char *id)
{
	if (rt == NULL || id == NULL)
		return 0;
	return rt->ops->pid(rt->impl, id);
}

int sgn_runtime_stop(sgn_runtime_t *rt, const char *id)
{
	if (rt == NULL || id == NULL)
		return SGN_EINVAL;
	return rt->ops->stop(rt->impl, id);
}

size_t sgn_runtime_list(sgn_runtime_t *rt, const char ***ids)
{
	if (rt == NULL || ids == NULL)
		return 0;
	return rt->ops->list(rt->impl, ids);
}

/* Calls fn(line, len, arg) for each line (without its '\n'); stops when fn returns false. */
static void each_line(const char *text, bool (*fn)(const char *, size_t, void *), void *arg)
{
	const char *p = text;
	while (p != NULL && *p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (!fn(p, len, arg))
			return;
		p = nl != NULL ? nl + 1 : NULL;
	}
}

static bool mem_contains(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(s + i, needle, n) == 0)
			return true;
	return false;
}

static bool line_is_failure(const char *l, size_t len, void *arg)
{
	bool *failed = arg;
	/* "rndc: 'dnssec' failed: not found", "rndc: connect failed: ...",
	 * "Error executing checkds command: no matching key found" (exit 0). */
	if ((len >= 6 && memcmp(l, "rndc: ", 6) == 0) || mem_contains(l, len, "failed") ||
	    (len >= 15 && memcmp(l, "Error executing", 15) == 0)) {
		*failed = true;
		return false;
	}
	return true;
}

int sgn__runtime_rndc_verdict(int status, const char *text)
{
	bool failed = status != 0;
	if (!failed && text != NULL)
		each_line(text, line_is_failure, &failed);
	return failed ? SGN_EPROC : SGN_OK;
}

int sgn_runtime_rndc(sgn_runtime_t *rt, const char *id, const char *const args[], char **out)
{
	if (rt == NULL || id == NULL || args == NULL || args[0] == NULL)
		return SGN_EINVAL;
	char *text = NULL;
	int status = 0;
	int rc = rt->ops->rndc(rt->impl, id, args, SGN_RUNTIME_RNDC_TIMEOUT_MS, &text, &status);
	if (rc == SGN_OK)
		rc = sgn__runtime_rndc_verdict(status, text);
	if (out != NULL)
		*out = text;
	else
		free(text);
	return rc;
}

/* ---- named-checkconf / named-checkzone ---- */

typedef struct tool_msg {
	sgn_buf_t b;
	char file[512];
	int line;
} tool_msg_t;

/* Finds "PATH:N:" in a line (PATH starting after a space or at the line start). */
static void find_location(const char *l, size_t len, tool_msg_t *m)
{
	for (size_t i = 0; i < len; i++) {
		if (l[i] != ':' || i + 1 >= len || !isdigit((unsigned char)l[i + 1]))
			continue;
		size_t j = i + 1;
		while (j < len && isdigit((unsigned char)l[j]))
			j++;
		if (j >= len || l[j] != ':')
			continue;
		size_t start = i;
		while (start > 0 && l[start - 1] != ' ')
			start--;
		if (start == i || i - start >= sizeof(m->file))
			continue;
		memcpy(m->file, l + start, i - start);
		m->file[i - start] = '\0';
		m->line = atoi(l + i + 1);
		return;
	}
}

static bool keep_tool_line(const char *l, size_t len, void *arg)
{
	tool_msg_t *m = arg;
	while (len > 0 && isspace((unsigned char)*l)) {
		l++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)l[len - 1]))
		len--;
	/* Noise: "zone x/IN: loaded serial N" and the final "OK". */
	if (len == 0 || (len == 2 && memcmp(l, "OK", 2) == 0) ||
	    mem_contains(l, len, ": loaded serial "))
		return true;
	if (m->file[0] == '\0')
		find_location(l, len, m);
	if (m->b.len > 0)
		sgn_buf_puts(&m->b, "; ");
	sgn_buf_append(&m->b, l, len);
	return true;
}

/* Runs a checking tool; SGN_ECONFIG with its error lines in diag when it says no. */
static int run_check_tool(const char *const argv[], sgn_diag_t *diag)
{
	char *out = NULL;
	int status = 0;
	int rc = sgn_proc_run(argv, CHECK_TOOL_TIMEOUT_MS, &out, &status);
	if (rc != SGN_OK) {
		sgn_diag_msg(diag, "%s: %s", argv[0], sgn_strerror(rc));
		free(out);
		return rc == SGN_ETIMEOUT ? SGN_ETIMEOUT : SGN_EPROC;
	}
	if (status == 0) {
		free(out);
		return SGN_OK;
	}
	if (status == 127) {
		sgn_diag_msg(diag, "%s could not be run", argv[0]);
		free(out);
		return SGN_EPROC;
	}
	tool_msg_t m = {.line = 0};
	sgn_buf_init(&m.b);
	each_line(out != NULL ? out : "", keep_tool_line, &m);
	if (diag != NULL) {
		if (m.file[0] != '\0')
			sgn_diag_at(diag, m.file, m.line, NULL, NULL);
		/* %.*s trims to what fits in diag->message. */
		if (m.b.len > 0)
			sgn_diag_msg(diag, "%s: %.*s", argv[0], (int)(sizeof(diag->message) - 32),
				     m.b.data);
		else
			sgn_diag_msg(diag, "%s: exit status %d", argv[0], status);
	}
	sgn_buf_clear(&m.b);
	free(out);
	return SGN_ECONFIG;
}

int sgn_runtime_checkconf(const char *conf, sgn_diag_t *diag)
{
	if (conf == NULL)
		return SGN_EINVAL;
	const char *argv[] = {"named-checkconf", conf, NULL};
	return run_check_tool(argv, diag);
}

int sgn_runtime_checkzone(const char *zone, const char *file, sgn_diag_t *diag)
{
	if (zone == NULL || file == NULL)
		return SGN_EINVAL;
	/* -i local: never look up out-of-zone NS targets through the system resolver. */
	const char *argv[] = {"named-checkzone", "-i", "local", "-k", "fail", "-n", "fail",
			      zone, file, NULL};
	return run_check_tool(argv, diag);
}

/* ---- rndc dnssec -status ---- */

static const struct {
	const char *name;
	uint8_t number;
} algorithms[] = {
	{"RSAMD5", 1},		 {"DH", 2},		   {"DSA", 3},
	{"RSASHA1", 5},		 {"NSEC3DSA", 6},	   {"NSEC3RSASHA1", 7},
	{"RSASHA256", 8},	 {"RSASHA512", 10},	   {"ECCGOST", 12},
	{"ECDSAP256SHA256", 13}, {"ECDSAP384SHA384", 14}, {"ED25519", 15},
	{"ED448", 16},
};

static int algorithm_number(const char *s, uint8_t *out)
{
	for (size_t i = 0; i < sizeof(algorithms) / sizeof(algorithms[0]); i++) {
		if (strcmp(s, algorithms[i].name) == 0) {
			*out = algorithms[i].number;
			return SGN_OK;
		}
	}
	char *end = NULL;
	unsigned long n = strtoul(s, &end, 10);
	if (end == s || *end != '\0' || n == 0 || n > 255)
		return SGN_EPARSE;
	*out = (uint8_t)n;
	return SGN_OK;
}

/* "Mon Feb  1 16:20:47 2027" (ctime style, as named prints it; named runs in UTC). */
static int parse_ctime_utc(const char *s, long long *out)
{
	static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	char wday[8], mon[8];
	int mday, hh, mm, ss, year, consumed = 0;
	if (sscanf(s, "%7s %7s %d %d:%d:%d %d%n", wday, mon, &mday, &hh, &mm, &ss, &year,
		   &consumed) != 7)
		return SGN_EPARSE;
	while (isspace((unsigned char)s[consumed]))
		consumed++;
	if (s[consumed] != '\0')
		return SGN_EPARSE;
	int m = -1;
	for (int i = 0; i < 12; i++)
		if (strcmp(mon, months[i]) == 0)
			m = i;
	if (m < 0 || mday < 1 || mday > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 ||
	    ss > 60 || year < 1970 || year > 9999)
		return SGN_EPARSE;
	struct tm tm = {.tm_year = year - 1900, .tm_mon = m, .tm_mday = mday,
			.tm_hour = hh, .tm_min = mm, .tm_sec = ss};
	time_t t = timegm(&tm);
	if (t == (time_t)-1)
		return SGN_EPARSE;
	*out = (long long)t;
	return SGN_OK;
}

static bool valid_state(const char *s)
{
	return strcmp(s, "hidden") == 0 || strcmp(s, "rumoured") == 0 ||
	       strcmp(s, "omnipresent") == 0 || strcmp(s, "unretentive") == 0;
}

typedef struct status_ctx {
	sgn_rndc_dnssec_status_t st;
	sgn_rndc_key_status_t *key; /* key being read, or NULL */
	bool have_policy;
	int rc;
} status_ctx_t;

static bool starts(const char *s, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);
	if (strncmp(s, prefix, n) != 0)
		return false;
	*rest = s + n;
	while (**rest == ' ' || **rest == '\t')
		(*rest)++;
	return true;
}

static int parse_key_header(const char *rest, status_ctx_t *c)
{
	/* "19577 (ECDSAP256SHA256), CSK" */
	unsigned tag;
	char alg[32], role[8];
	int consumed = 0;
	if (sscanf(rest, "%u (%31[^)]), %7s%n", &tag, alg, role, &consumed) != 3 ||
	    rest[consumed] != '\0' || tag > 65535)
		return SGN_EPARSE;
	if (strcmp(role, "KSK") != 0 && strcmp(role, "ZSK") != 0 && strcmp(role, "CSK") != 0)
		return SGN_EPARSE;
	if (c->st.nkeys >= sizeof(c->st.keys) / sizeof(c->st.keys[0]))
		return SGN_EPARSE;
	sgn_rndc_key_status_t *k = &c->st.keys[c->st.nkeys++];
	memset(k, 0, sizeof(*k));
	k->tag = (uint16_t)tag;
	if (algorithm_number(alg, &k->algorithm) != SGN_OK)
		return SGN_EPARSE;
	memcpy(k->role, role, 4);
	c->key = k;
	return SGN_OK;
}

static int set_state(char *dst, size_t size, const char *v)
{
	if (!valid_state(v) || strlen(v) >= size)
		return SGN_EPARSE;
	strcpy(dst, v);
	return SGN_OK;
}

static int status_line(const char *l, status_ctx_t *c)
{
	const char *rest = NULL;
	if (starts(l, "dnssec-policy:", &rest)) {
		if (*rest == '\0' || strlen(rest) >= sizeof(c->st.policy))
			return SGN_EPARSE;
		strcpy(c->st.policy, rest);
		c->have_policy = true;
		return SGN_OK;
	}
	if (starts(l, "key:", &rest))
		return c->have_policy ? parse_key_header(rest, c) : SGN_EPARSE;
	sgn_rndc_key_status_t *k = c->key;
	if (k == NULL)
		return SGN_OK; /* "current time:" and anything else before the keys */
	if (starts(l, "- goal:", &rest))
		return set_state(k->goal, sizeof(k->goal), rest);
	if (starts(l, "- dnskey:", &rest))
		return set_state(k->dnskey, sizeof(k->dnskey), rest);
	if (starts(l, "- zone rrsig:", &rest))
		return set_state(k->zrrsig, sizeof(k->zrrsig), rest);
	if (starts(l, "- key rrsig:", &rest))
		return set_state(k->krrsig, sizeof(k->krrsig), rest);
	if (starts(l, "- ds:", &rest))
		return set_state(k->ds, sizeof(k->ds), rest);
	/* A due rollover counts as scheduled at the time it became due. */
	if (starts(l, "Next rollover scheduled on", &rest) ||
	    starts(l, "Rollover is due since", &rest))
		return parse_ctime_utc(rest, &k->next_rollover);
	/* "No rollover scheduled", "Key has been removed from the zone", "published: ..." */
	return SGN_OK;
}

static bool status_each(const char *l, size_t len, void *arg)
{
	status_ctx_t *c = arg;
	char line[512];
	while (len > 0 && isspace((unsigned char)*l)) {
		l++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)l[len - 1]))
		len--;
	if (len == 0)
		return true;
	if (len >= sizeof(line)) {
		c->rc = SGN_EPARSE;
		return false;
	}
	memcpy(line, l, len);
	line[len] = '\0';
	c->rc = status_line(line, c);
	return c->rc == SGN_OK;
}

int sgn_runtime_parse_dnssec_status(const char *text, sgn_rndc_dnssec_status_t *out)
{
	if (text == NULL || out == NULL)
		return SGN_EINVAL;
	status_ctx_t *c = sgn_xcalloc(1, sizeof(*c)); /* ~2 KiB: keep it off small stacks */
	c->rc = SGN_OK;
	each_line(text, status_each, c);
	int rc = c->rc;
	/* "Zone does not have dnssec-policy" or an rndc error: no policy line. */
	if (rc == SGN_OK && !c->have_policy)
		rc = SGN_EPARSE;
	if (rc == SGN_OK) {
		for (size_t i = 0; i < c->st.nkeys; i++) {
			long long t = c->st.keys[i].next_rollover;
			if (t != 0 && (c->st.next_rollover == 0 || t < c->st.next_rollover))
				c->st.next_rollover = t;
		}
		*out = c->st;
	}
	free(c);
	return rc;
}
