/* SPDX-License-Identifier: MIT */
/* runtime.h -- the instance runtime: start, supervise and stop named replicas; talk rndc.
 * One backend now (local child processes, runtime_local.c); a Kubernetes one can replace it. */
#ifndef SGN_RUNTIME_H
#define SGN_RUNTIME_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "sgn/err.h"

typedef struct sgn_runtime sgn_runtime_t;

/* What one named replica needs; strings are copied by sgn_runtime_ensure. */
typedef struct sgn_instance_spec {
	const char *id;         /* unique, e.g. "default/cluster-a/primary-0" */
	const char *dir;        /* instance directory (named's "directory"), exists */
	const char *conf;       /* named.conf path */
	const char *rndc_conf;  /* rndc.conf path (key + default-server/port) */
	uint16_t dns_port;
	uint16_t rndc_port;
} sgn_instance_spec_t;

typedef enum {
	SGN_RUNTIME_STOPPED = 0,
	SGN_RUNTIME_STARTING, /* process alive, rndc status not yet answering */
	SGN_RUNTIME_RUNNING,  /* rndc status answers */
} sgn_runtime_state_t;

/* Local backend: named processes as children of this process; named logs go to
 * <dir>/named.log of each instance. named runs with TZ=UTC so that the times in
 * `rndc dnssec -status` are UTC. */
int sgn_runtime_local_new(sgn_runtime_t **out);
/* Stops every instance still running, then frees. NULL is a no-op. */
void sgn_runtime_free(sgn_runtime_t *rt);

/*
 * Makes sure the instance runs: starts it if it has no process, restarts it if
 * its process died (*restarted = true; with a back-off of a few seconds
 * between restarts of a crashing named: 2 s, doubling up to 30 s; while the
 * back-off runs it returns SGN_OK with *restarted = false and the state stays
 * STOPPED). Does not wait for it to answer.
 * \retval SGN_OK, SGN_EPROC, SGN_EINVAL
 */
int sgn_runtime_ensure(sgn_runtime_t *rt, const sgn_instance_spec_t *spec, bool *restarted);

/* Current state; polls the process (waitpid WNOHANG) and, if alive, rndc status. */
sgn_runtime_state_t sgn_runtime_state(sgn_runtime_t *rt, const char *id);

/* Pid of the instance's named, or 0. */
pid_t sgn_runtime_pid(sgn_runtime_t *rt, const char *id);

/* Stops one instance (rndc stop, then SIGTERM, then SIGKILL after a grace period),
 * reaps it and forgets it. Unknown id is SGN_OK. */
int sgn_runtime_stop(sgn_runtime_t *rt, const char *id);

/* Ids of instances known to the runtime (borrowed until the next call). */
size_t sgn_runtime_list(sgn_runtime_t *rt, const char ***ids);

/*
 * Runs `rndc -c rndc_conf ARGS...` for the instance and returns its text (caller frees).
 * rndc can print a failure and still exit 0: this returns SGN_EPROC when the
 * exit status is non-zero OR the text says so ("rndc: '...' failed", "failed:" ...),
 * with the text in *out either way.
 * \retval SGN_OK, SGN_EPROC, SGN_ETIMEOUT (15 s), SGN_ENOTFOUND (unknown id)
 */
int sgn_runtime_rndc(sgn_runtime_t *rt, const char *id, const char *const args[], char **out);

/* Plain `named-checkconf CONF` (no -z); its error lines in diag->message, the first
 * "file:line" in diag->file/line. \retval SGN_OK, SGN_ECONFIG, SGN_EPROC */
int sgn_runtime_checkconf(const char *conf, sgn_diag_t *diag);
/* `named-checkzone -i local -k fail -n fail ZONE FILE`; as above ("loaded serial" and
 * "OK" lines dropped). \retval SGN_OK, SGN_ECONFIG, SGN_EPROC */
int sgn_runtime_checkzone(const char *zone, const char *file, sgn_diag_t *diag);

/* Parsed `rndc dnssec -status ZONE`. */
typedef struct sgn_rndc_key_status {
	uint16_t tag;
	uint8_t algorithm;
	char role[4];            /* "KSK", "ZSK", "CSK" */
	char goal[16];           /* goal state if printed, else "" */
	char dnskey[16], zrrsig[16], krrsig[16], ds[16]; /* hidden/rumoured/omnipresent/unretentive or "" */
	long long next_rollover; /* epoch seconds of this key's scheduled rollover, 0 if none */
} sgn_rndc_key_status_t;

typedef struct sgn_rndc_dnssec_status {
	char policy[128];
	long long next_rollover; /* earliest scheduled rollover over all keys, 0 if none */
	size_t nkeys;
	sgn_rndc_key_status_t keys[16];
} sgn_rndc_dnssec_status_t;

/* Parses the text printed by `rndc dnssec -status` (BIND 9.18; vectors in
 * tests/data/rndc/). "Rollover is due since T" counts as a rollover at T. Text
 * without a "dnssec-policy:" line ("Zone does not have dnssec-policy", rndc
 * errors) is SGN_EPARSE; *out is written only on success.
 * \retval SGN_OK, SGN_EPARSE */
int sgn_runtime_parse_dnssec_status(const char *text, sgn_rndc_dnssec_status_t *out);

#endif
