/* SPDX-License-Identifier: MIT */
/* policy.h -- DNSSEC signing policies: built from resources, checked like named checks them,
 * rendered as a dnssec-policy statement. */
#ifndef SGN_POLICY_H
#define SGN_POLICY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "sgn/err.h"
#include "sgn/util.h"

typedef enum { SGN_ROLE_KSK = 1, SGN_ROLE_ZSK = 2, SGN_ROLE_CSK = 3 } sgn_role_t;

typedef enum {
	SGN_POLICY_CUSTOM = 0, /* rendered by signet under conf_name */
	SGN_POLICY_NONE,       /* unsigned */
	SGN_POLICY_INSECURE,   /* BIND's graceful unsigning */
	SGN_POLICY_BUILTIN,    /* BIND's built-in "default" */
} sgn_policy_kind_t;

typedef struct sgn_policy_key {
	sgn_role_t role;
	uint64_t lifetime; /* seconds, SGN_DURATION_UNLIMITED */
	uint8_t algorithm;
	unsigned bits;     /* 0 = algorithm default */
} sgn_policy_key_t;

#define SGN_POLICY_MAX_KEYS 8

typedef struct sgn_policy {
	sgn_policy_kind_t kind;
	char name[64];       /* user-visible */
	char conf_name[160]; /* name in named.conf; never a name named reserves */
	size_t nkeys;
	sgn_policy_key_t keys[SGN_POLICY_MAX_KEYS];
	bool keys_listed;    /* from keys[] (errors name keys[i].lifetime), not the shorthand */
	uint64_t dnskey_ttl, max_zone_ttl, sig_validity, sig_validity_dnskey, sig_refresh,
		sig_jitter, zone_propagation_delay, parent_ds_ttl, parent_propagation_delay,
		publish_safety, retire_safety, purge_keys;
	bool nsec3;
	unsigned nsec3_iterations;
	bool nsec3_optout;
	unsigned nsec3_salt_length;
} sgn_policy_t;

/* BIND's built-in default policy values (named -C), one CSK ECDSAP256SHA256. */
void sgn_policy_init_default(sgn_policy_t *p);

/*
 * From a Bind9Cluster/Bind9Instance `signing` object (algorithm, kskLifetime,
 * zskLifetime, nsec3, nsec3Iterations, nsec3Salt): a KSK+ZSK policy.
 * On error diag->field is the field path below `path` and diag->message the reason.
 */
int sgn_policy_from_signing(const json_t *signing, const char *path, sgn_policy_t *p,
			    sgn_diag_t *diag);

/* From a DNSSECPolicy spec (every knob). Same error convention; path is e.g. "spec". */
int sgn_policy_from_spec(const json_t *spec, const char *path, sgn_policy_t *p, sgn_diag_t *diag);

/* The checks named makes at load: roles per algorithm, refresh <= 90% validity,
 * lifetimes longer than a rollover, NSEC3 limits. */
int sgn_policy_check(const sgn_policy_t *p, const char *path, sgn_diag_t *diag);

/* Sets conf_name from a prefix and the user name: "<prefix>-<name>". */
void sgn_policy_set_names(sgn_policy_t *p, const char *name, const char *prefix);

/* Whether the policy unsigns (BIND's insecure). named 9.18 cannot take a policy
 * of its own without keys (it asserts at load: kaspconf.c INSIST keylist not empty). */
bool sgn_policy_is_insecure(const sgn_policy_t *p);

/* The name a zone statement uses: conf_name, or "none"/"insecure"/"default". */
const char *sgn_policy_ref(const sgn_policy_t *p);

/* Appends `dnssec-policy "conf_name" { ... };` (custom policies only). */
void sgn_policy_render(const sgn_policy_t *p, sgn_buf_t *out);

/* A short description: "ECDSAP256SHA256 KSK 365d + ZSK 90d, NSEC3". */
void sgn_policy_describe(const sgn_policy_t *p, char *buf, size_t len);

#endif
