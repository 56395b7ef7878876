/* SPDX-License-Identifier: MIT */
/* controller_keys.c -- key custody in the reconcile loop: restore keys before
 * named starts, bring in a user's keys after checking them, export what named
 * generated, and write every key operation to the audit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "controller_internal.h"
#include "sgn/audit.h"
#include "sgn/dnssec.h"
#include "sgn/keyfile.h"
#include "sgn/keysource.h"
#include "sgn/util.h"

#define ACTOR "signet run"

/* Role and algorithm of a key of the set, from named's .state or the DNSKEY flags. */
static void key_facts(const sgn_keyset_t *ks, uint16_t tag, const char **role, uint8_t *alg)
{
	*role = NULL;
	*alg = 0;
	char suffix[16];
	for (size_t i = 0; i < ks->n; i++) {
		const char *nm = ks->names[i];
		snprintf(suffix, sizeof(suffix), "+%05u.state", tag);
		if (sgn_str_has_suffix(nm, suffix)) {
			bool ksk = strstr(ks->data[i], "KSK: yes") != NULL;
			bool zsk = strstr(ks->data[i], "ZSK: yes") != NULL;
			*role = ksk && zsk ? "CSK" : ksk ? "KSK" : "ZSK";
		}
		snprintf(suffix, sizeof(suffix), "+%05u.key", tag);
		if (sgn_str_has_suffix(nm, suffix)) {
			const char *plus = strstr(nm, ".+");
			if (plus)
				*alg = (uint8_t)atoi(plus + 2);
			if (*role == NULL)
				*role = strstr(ks->data[i], "DNSKEY 257 ") || strstr(ks->data[i], "DNSKEY\t257 ")
						? "KSK"
						: "ZSK";
		}
	}
}

static void audit_keys(ctl_t *ctl, const sgn_mzone_t *z, const sgn_keyset_t *ks,
		       const uint16_t *tags, size_t n, const char *action, const char *msg)
{
	for (size_t i = 0; i < n; i++) {
		const char *role;
		uint8_t alg;
		key_facts(ks, tags[i], &role, &alg);
		sgn_audit_event_t ev = {.zone = z->zone, .tag = tags[i], .role = role, .algorithm = alg,
					.action = action, .source = sgn_keysrc_reason(z->keysrc.kind),
					.actor = ACTOR, .message = msg};
		sgn_audit_append(sgn_store_dir(ctl->store), &ev);
	}
}

static void audit_zone(ctl_t *ctl, const sgn_mzone_t *z, const char *action, const char *msg)
{
	sgn_audit_event_t ev = {.zone = z->zone, .tag = -1, .action = action,
				.source = sgn_keysrc_reason(z->keysrc.kind), .actor = ACTOR,
				.message = msg};
	sgn_audit_append(sgn_store_dir(ctl->store), &ev);
}

static bool signs(const sgn_mzone_t *z)
{
	return z->text != NULL && !z->reason[0] && z->policy.kind != SGN_POLICY_NONE;
}

/*
 * With its keys gone, named's inline-signing state for the zone (the signed
 * copy and its journals) holds DNSKEYs and signatures it can no longer
 * maintain: a new pod would not have it either, so named starts the zone
 * over and signs it with the keys it generates.
 */
static void forget_signed_zone(const sgn_minst_t *in, const sgn_mzone_t *z)
{
	static const char *const ext[] = {".signed", ".signed.jnl", ".jnl", ".jbk", ".signed.jbk"};
	char *rel = sgn_render_zone_file(z);
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		char *p = sgn_xasprintf("%s/%s%s", in->dir, rel, ext[i]);
		unlink(p);
		free(p);
	}
	free(rel);
}

/* Whether every .key of the set has its .private and every .private its .key. */
static bool keyset_complete(const sgn_keyset_t *ks, char *why, size_t whylen)
{
	size_t pairs = 0;
	for (size_t i = 0; i < ks->n; i++) {
		const char *nm = ks->names[i];
		if (sgn_str_has_suffix(nm, ".state"))
			continue;
		size_t len = strlen(nm);
		size_t ext = sgn_str_has_suffix(nm, ".key") ? 4 : 8;
		uint16_t tag = (uint16_t)atoi(nm + len - ext - 5);
		if (!sgn_keyset_has(ks, tag)) {
			snprintf(why, whylen, "%s has no matching %s", nm, ext == 4 ? ".private" : ".key");
			return false;
		}
		pairs++;
	}
	if (pairs == 0 && ks->n > 0) {
		snprintf(why, whylen, "it holds key state but no .key/.private pair");
		return false;
	}
	return true;
}

/*
 * One zone's restore. No Secret, or a Secret without key files for the zone:
 * no backup, named generates new keys (reported as DSUpdateRequired). A
 * Secret that holds key files that cannot all be restored is a backup all the
 * same: the key directory is left empty and false is returned, so the zone is
 * kept out of named rather than re-keyed over its backup.
 */
static bool restore_zone(ctl_t *ctl, const sgn_minst_t *in, const sgn_mzone_t *z, char *why,
			 size_t whylen)
{
	char *kd = sgn_render_key_dir(in, z);
	sgn_keyset_t ks = {0};
	sgn_diag_t d;
	sgn_diag_clear(&d);
	char bad[600] = "";
	bool ok = true;
	int rc = sgn_keyset_from_secret(ctl->store, z->keysrc.secret_ns, z->keysrc.secret_name,
					z->zone, &ks, &d);
	if (rc != SGN_OK && rc != SGN_ENOTFOUND)
		snprintf(bad, sizeof(bad), "%.500s", d.message[0] ? d.message : sgn_strerror(rc));
	else if (rc == SGN_OK && ks.n > 0 && !keyset_complete(&ks, bad, sizeof(bad)))
		;
	else if (rc == SGN_OK && ks.n > 0 && (rc = sgn_keyset_to_dir(&ks, kd, z->zone, true)) != SGN_OK)
		snprintf(bad, sizeof(bad), "cannot write the key files into %.400s: %s", kd, sgn_strerror(rc));
	if (bad[0] == '\0' && ks.n > 0) {
		uint16_t tags[32];
		size_t n = sgn_keyset_tags(&ks, tags, 32);
		char *msg = sgn_xasprintf("from Secret %s/%s into %s", z->keysrc.secret_ns,
					  z->keysrc.secret_name, kd);
		audit_keys(ctl, z, &ks, tags, n, "restored", msg);
		sgn__controller_log("zone %s: %zu key(s) restored %s", z->zone, n, msg);
		free(msg);
	} else {
		sgn_keyset_t none = {0};
		sgn_keyset_to_dir(&none, kd, z->zone, true);
		forget_signed_zone(in, z);
		char *msg = bad[0] ? sgn_xasprintf("backup Secret %s/%s cannot be restored (%s): the zone is "
						   "kept out of named so that it does not generate keys over "
						   "the backup; fix the Secret, or delete it to start over with new keys",
						   z->keysrc.secret_ns, z->keysrc.secret_name, bad)
				   : sgn_xasprintf("no backup in Secret %s/%s: named will generate new keys",
						   z->keysrc.secret_ns, z->keysrc.secret_name);
		char *key = sgn_xasprintf("%s/%s#restore", z->ns, z->name);
		const char *last = json_string_value(json_object_get(ctl->logged, key));
		if (last == NULL || strcmp(last, msg) != 0) {
			audit_zone(ctl, z, bad[0] ? "restore-failed" : "restore-missing", msg);
			sgn__controller_log("zone %s: %s", z->zone, msg);
			json_object_set_new(ctl->logged, key, json_string(msg));
		}
		free(key);
		ok = bad[0] == '\0';
		snprintf(why, whylen, "%s", msg);
		free(msg);
	}
	sgn_keyset_clear(&ks);
	free(kd);
	return ok;
}

/*
 * A named start is a pod start: an auto-generated key directory is an emptyDir,
 * wiped, then refilled from the backup Secret before named loads the zone.
 */
void sgn__controller_restore_keys(ctl_t *ctl, const sgn_model_t *m, const sgn_mcluster_t *c,
				  const sgn_minst_t *in)
{
	for (size_t i = 0; i < c->nzones; i++) {
		const sgn_mzone_t *z = &m->zones[c->zones[i]];
		if (!signs(z) || z->keysrc.kind != SGN_KEYSRC_AUTO)
			continue;
		char why[1024];
		char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
		if (restore_zone(ctl, in, z, why, sizeof(why)))
			json_object_del(ctl->keyblock, key);
		else
			json_object_set_new(ctl->keyblock, key, json_string(why));
		free(key);
	}
}

bool sgn__controller_backup_ok(ctl_t *ctl, const sgn_minst_t *in, const sgn_mzone_t *z, char *why,
			       size_t whylen)
{
	char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
	bool ok = json_object_get(ctl->keyblock, key) == NULL;
	/* the zone is not in named: try again, the Secret may have been fixed */
	if (!ok && restore_zone(ctl, in, z, why, whylen)) {
		json_object_del(ctl->keyblock, key);
		ok = true;
	}
	free(key);
	return ok;
}

/* The user keys named retired, by zone (state "retiredkeys": "ns/name" -> [tags]). */
static json_t *retired_of(ctl_t *ctl, const sgn_mzone_t *z, json_t **all)
{
	*all = NULL;
	if (sgn_store_get_state(ctl->store, "retiredkeys", all) != SGN_OK || !json_is_object(*all)) {
		json_decref(*all);
		*all = json_object();
	}
	char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
	json_t *tags = json_object_get(*all, key);
	if (tags == NULL)
		json_object_set_new(*all, key, tags = json_array());
	free(key);
	return tags;
}

static bool tag_in(const json_t *tags, uint16_t tag)
{
	size_t i;
	json_t *t;
	json_array_foreach(tags, i, t)
		if (json_integer_value(t) == tag)
			return true;
	return false;
}

/* The tag in a key file name "K<zone>.+AAA+TTTTT.<ext>", or -1. */
static int name_tag(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot == NULL || dot - name < 6 || dot[-6] != '+')
		return -1;
	return atoi(dot - 5);
}

/* Remembers the keys of the zone named has set out to remove (GoalState hidden
 * and a Retired or Removed time in their .state), before it purges their files:
 * they never come back. An unused successor also has GoalState hidden (named
 * writes a .state for every key it sees) but no such time. */
static void note_retired(ctl_t *ctl, const sgn_keyset_t *cur, json_t *all, json_t *ret)
{
	bool dirty = false;
	for (size_t i = 0; i < cur->n; i++) {
		int tag = name_tag(cur->names[i]);
		if (tag < 0 || !sgn_str_has_suffix(cur->names[i], ".state") ||
		    strstr(cur->data[i], "GoalState: hidden") == NULL || tag_in(ret, (uint16_t)tag) ||
		    (strstr(cur->data[i], "\nRetired:") == NULL && strstr(cur->data[i], "\nRemoved:") == NULL))
			continue;
		json_array_append_new(ret, json_integer(tag));
		dirty = true;
	}
	if (dirty)
		sgn_store_put_state(ctl->store, "retiredkeys", all);
}

/* Copies a checked key set into the key directory, file by file, only what changed. */
static void import_user_keys(ctl_t *ctl, const sgn_mzone_t *z, const sgn_keyset_t *ks,
			     const char *kd)
{
	sgn_keyset_t cur = {0};
	sgn_keyset_from_dir(kd, z->zone, &cur, NULL);
	json_t *all;
	json_t *gone = retired_of(ctl, z, &all);
	note_retired(ctl, &cur, all, gone);
	uint16_t fresh[32] = {0};
	size_t nf = 0;
	sgn_keyset_t add = {0};
	for (size_t i = 0; i < ks->n; i++) {
		bool state = sgn_str_has_suffix(ks->names[i], ".state");
		bool same = false, present = false;
		for (size_t k = 0; k < cur.n; k++) {
			if (strcmp(cur.names[k], ks->names[i]) == 0) {
				present = true;
				/* named rewrites timing metadata into the files it uses: only
				 * another key under the same name replaces what is there */
				same = sgn_keyfile_same_key(ks->names[i], cur.data[k], cur.len[k],
							    ks->data[i], ks->len[i]);
			}
		}
		/* named owns a .state once it has one: only a missing one is seeded. A key
		 * named retired stays out even when its files are gone (purged): copied back,
		 * its old times would put it in service again. */
		int tag = name_tag(ks->names[i]);
		if (same || (state && present) || (tag >= 0 && !present && tag_in(gone, (uint16_t)tag)))
			continue;
		add.names = sgn_xrealloc(add.names, (add.n + 1) * sizeof(char *));
		add.data = sgn_xrealloc(add.data, (add.n + 1) * sizeof(char *));
		add.len = sgn_xrealloc(add.len, (add.n + 1) * sizeof(size_t));
		add.names[add.n] = sgn_xstrdup(ks->names[i]);
		add.data[add.n] = sgn_xstrndup(ks->data[i], ks->len[i]);
		add.len[add.n++] = ks->len[i];
		/* a key new to the directory (its .key was not there) */
		if (!present && tag >= 0 && sgn_str_has_suffix(ks->names[i], ".key") && nf < 32)
			fresh[nf++] = (uint16_t)tag;
	}
	if (add.n > 0 && sgn_keyset_to_dir(&add, kd, z->zone, false) == SGN_OK) {
		char *msg = sgn_xasprintf("from Secret %s/%s", z->keysrc.secret_ns, z->keysrc.secret_name);
		audit_keys(ctl, z, ks, fresh, nf, "imported", msg);
		if (nf > 0)
			sgn__controller_log("zone %s: %zu key(s) imported %s", z->zone, nf, msg);
		free(msg);
	}
	sgn_keyset_clear(&add);
	sgn_keyset_clear(&cur);
	json_decref(all);
}

/* One audit line per distinct rejection, not one per pass of the reconcile loop;
 * a good set in between forgets it, so the same rejection later is audited again. */
static void reject_once(ctl_t *ctl, const sgn_mzone_t *z, const char *msg)
{
	char *key = sgn_xasprintf("%s/%s#keys", z->ns, z->name);
	const char *last = json_string_value(json_object_get(ctl->logged, key));
	if (last == NULL || strcmp(last, msg) != 0) {
		audit_zone(ctl, z, "rejected", msg);
		json_object_set_new(ctl->logged, key, json_string(msg));
	}
	free(key);
}

static void accepted(ctl_t *ctl, const sgn_mzone_t *z)
{
	char *key = sgn_xasprintf("%s/%s#keys", z->ns, z->name);
	json_object_del(ctl->logged, key);
	free(key);
}

/* The checked keys of a good user set, for the status (standby keys) of this pass. */
static void remember_user_keys(ctl_t *ctl, const sgn_mzone_t *z, const sgn_keyfile_key_t *keys, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:i,s:i,s:i,s:b,s:b}", "tag", keys[i].tag, "algorithm",
						     keys[i].algorithm, "flags", keys[i].flags, "unused", keys[i].unused,
						     "hasState", keys[i].has_state));
	char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
	json_object_set_new(ctl->userkeys, key, arr);
	free(key);
}

/*
 * User-supplied keys: checked as a whole before named sees any of them. A set
 * that fails leaves the key directory as it was (a zone already signed keeps
 * its keys); a zone that never had a good set is not configured at all, since
 * named would otherwise generate keys of its own.
 * \return whether the zone can be configured.
 */
bool sgn__controller_sync_user_keys(ctl_t *ctl, const sgn_minst_t *in, const sgn_mzone_t *z,
				    char *why, size_t whylen)
{
	char *kd = sgn_render_key_dir(in, z);
	sgn_keyset_t ks = {0}, cur = {0};
	sgn_diag_t d;
	sgn_diag_clear(&d);
	int rc = sgn_keyset_from_secret(ctl->store, z->keysrc.secret_ns, z->keysrc.secret_name,
					z->zone, &ks, &d);
	if (rc == SGN_ENOTFOUND)
		snprintf(d.message, sizeof(d.message), "Secret %s/%s not found", z->keysrc.secret_ns,
			 z->keysrc.secret_name);
	if (rc == SGN_OK) {
		sgn_keyfile_in_t *files = sgn_xcalloc(ks.n + 1, sizeof(*files));
		for (size_t i = 0; i < ks.n; i++)
			files[i] = (sgn_keyfile_in_t){ks.names[i], ks.data[i], ks.len[i]};
		size_t nout = 0;
		sgn_keyfile_key_t keys[32];
		rc = sgn_keyfile_check(files, ks.n, z->zone, &z->policy, keys, 32, &nout, NULL, &d);
		if (rc == SGN_OK)
			remember_user_keys(ctl, z, keys, nout < 32 ? nout : 32);
		if (rc == SGN_OK && nout == 0) {
			snprintf(d.message, sizeof(d.message), "Secret %s/%s holds no key files for %s",
				 z->keysrc.secret_ns, z->keysrc.secret_name, z->zone);
			rc = SGN_EKEY;
		}
		free(files);
	}
	if (rc == SGN_OK) {
		import_user_keys(ctl, z, &ks, kd);
		accepted(ctl, z);
	} else {
		char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
		json_object_del(ctl->userkeys, key);
		free(key);
	}
	sgn_keyset_from_dir(kd, z->zone, &cur, NULL);
	bool usable = sgn_keyset_tags(&cur, (uint16_t[32]){0}, 32) > 0;
	if (rc != SGN_OK) {
		snprintf(why, whylen, "user-supplied keys rejected (%s)%s: %s",
			 z->keysrc.secret_name, usable ? "; the keys in service stay" : "", d.message);
		reject_once(ctl, z, why);
	}
	sgn_keyset_clear(&ks);
	sgn_keyset_clear(&cur);
	free(kd);
	return usable;
}

/* Backs up what named generated; new key tags are audited as generated and exported. */
void sgn__controller_export_keys(ctl_t *ctl, const sgn_model_t *m, const sgn_mcluster_t *c,
				 const sgn_minst_t *in)
{
	for (size_t i = 0; i < c->nzones; i++) {
		const sgn_mzone_t *z = &m->zones[c->zones[i]];
		if (!signs(z) || !z->keysrc.export_secret || z->keysrc.kind == SGN_KEYSRC_SECRET)
			continue;
		char *kd = sgn_render_key_dir(in, z);
		sgn_keyset_t ks = {0}, old = {0};
		sgn_diag_t d;
		sgn_diag_clear(&d);
		if (sgn_keyset_from_dir(kd, z->zone, &ks, &d) != SGN_OK) {
			char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
			json_object_set_new(ctl->errors, key, json_pack("{s:s,s:s}", "reason", "KeyFileUnreadable", "message", d.message));
			free(key);
		} else if (ks.n > 0) {
			sgn_keyset_from_secret(ctl->store, z->keysrc.secret_ns, z->keysrc.secret_name,
					       z->zone, &old, NULL);
			bool changed = false;
			if (sgn_keyset_export(ctl->store, &z->keysrc, &ks, z->zone, in->label, &changed) == SGN_OK &&
			    changed) {
				uint16_t tags[32] = {0}, fresh[32] = {0};
				size_t n = sgn_keyset_tags(&ks, tags, 32), nf = 0;
				for (size_t k = 0; k < n; k++)
					if (!sgn_keyset_has(&old, tags[k]))
						fresh[nf++] = tags[k];
				char *msg = sgn_xasprintf("to Secret %s/%s", z->keysrc.secret_ns, z->keysrc.secret_name);
				audit_keys(ctl, z, &ks, fresh, nf, "generated", "seen in the key directory");
				audit_keys(ctl, z, &ks, fresh, nf, "exported", msg);
				if (nf > 0)
					sgn__controller_log("zone %s: %zu new key(s) exported %s", z->zone, nf, msg);
				free(msg);
			}
		}
		sgn_keyset_clear(&ks);
		sgn_keyset_clear(&old);
		free(kd);
	}
}

bool sgn__controller_keys_readable(const sgn_minst_t *in, const sgn_mzone_t *z, char *why, size_t whylen)
{
	char *kd = sgn_render_key_dir(in, z);
	sgn_keyset_t ks = {0};
	sgn_diag_t d;
	sgn_diag_clear(&d);
	bool ok = sgn_keyset_from_dir(kd, z->zone, &ks, &d) == SGN_OK;
	if (!ok)
		snprintf(why, whylen, "%s; the zone is not served until every key file can be read",
			 d.message[0] ? d.message : "cannot read the key directory");
	sgn_keyset_clear(&ks);
	free(kd);
	return ok;
}

/* "KSK", "ZSK" or "CSK": what named would make of a key of the policy with these flags. */
static const char *policy_role(const sgn_policy_t *p, uint8_t alg, uint16_t flags)
{
	if (flags != 257)
		return "ZSK";
	for (size_t i = 0; i < p->nkeys && i < SGN_POLICY_MAX_KEYS; i++)
		if (p->keys[i].algorithm == alg && p->keys[i].role == SGN_ROLE_CSK)
			return "CSK";
	return "KSK";
}

static bool rndc_has(const sgn_rndc_dnssec_status_t *r, uint16_t tag)
{
	for (size_t i = 0; r != NULL && i < r->nkeys; i++)
		if (r->keys[i].tag == tag)
			return true;
	return false;
}

json_t *sgn__controller_user_standby(ctl_t *ctl, const sgn_mzone_t *z, const sgn_rndc_dnssec_status_t *r)
{
	json_t *out = json_array();
	if (z->keysrc.kind != SGN_KEYSRC_SECRET)
		return out;
	char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
	const json_t *keys = json_object_get(ctl->userkeys, key);
	free(key);
	json_t *all;
	const json_t *gone = retired_of(ctl, z, &all);
	size_t i;
	json_t *k;
	json_array_foreach(keys, i, k) {
		uint16_t tag = (uint16_t)json_integer_value(json_object_get(k, "tag"));
		uint8_t alg = (uint8_t)json_integer_value(json_object_get(k, "algorithm"));
		bool unused = json_is_true(json_object_get(k, "unused"));
		if (rndc_has(r, tag) || tag_in(gone, tag))
			continue;
		const char *role = policy_role(&z->policy, alg, (uint16_t)json_integer_value(json_object_get(k, "flags")));
		const char *an = sgn_dnssec_alg_name(alg);
		char note[300];
		if (unused)
			snprintf(note, sizeof(note), "named takes it as the next %s at `signet rollover %s --%s`",
				 role, z->zone, strcmp(role, "KSK") == 0 ? "ksk" : strcmp(role, "ZSK") == 0 ? "zsk" : "csk");
		else
			snprintf(note, sizeof(note), "%s: named does not take it as a successor (make successor keys "
						     "with `dnssec-keygen -G`, which sets no times)",
				 json_is_true(json_object_get(k, "hasState")) ? "it came with a .state"
									      : "it has Publish/Activate times");
		json_array_append_new(out, json_pack("{s:i,s:s,s:s,s:b,s:s}", "tag", tag, "role", role, "algorithm",
						     an ? an : "unknown", "successor", unused, "note", note));
	}
	json_decref(all);
	return out;
}
