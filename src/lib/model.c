/* SPDX-License-Identifier: MIT */
/* model.c -- resources in the store to the desired clusters, instances and zones. */
#include <arpa/inet.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model.h"
#include "sgn/duration.h"
#include "sgn/records.h"
#include "sgn/util.h"
#include "sgn/zonedata.h"

static const json_t *path_get(const json_t *v, const char *const *keys)
{
	for (; *keys && v; keys++)
		v = json_object_get(v, *keys);
	return v;
}

static const char *md(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(json_object_get(obj, "metadata"), key));
}

/* A fresh 256-bit secret, base64, for TSIG and rndc keys. */
static char *new_secret(void)
{
	unsigned char raw[32];
	unsigned char out[64];
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		abort(); /* no randomness: never fall back to a weak key */
	EVP_EncodeBlock(out, raw, sizeof(raw));
	OPENSSL_cleanse(raw, sizeof(raw));
	return sgn_xstrdup((char *)out);
}

/* Gets state[key], creating it with a new secret (persisted) if absent. */
static char *secret_for(sgn_store_t *store, json_t *secrets, const char *key, bool *dirty)
{
	const char *s = json_string_value(json_object_get(secrets, key));
	if (s != NULL)
		return sgn_xstrdup(s);
	char *n = new_secret();
	json_object_set_new(secrets, key, json_string(n));
	*dirty = true;
	(void)store;
	return n;
}

static bool port_used(const json_t *ports, long p)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)ports, k, v) {
		if (json_integer_value(json_object_get(v, "dns")) == p ||
		    json_integer_value(json_object_get(v, "rndc")) == p)
			return true;
	}
	return false;
}

static long free_port(const json_t *ports, long from)
{
	while (from < 65535 && port_used(ports, from))
		from++;
	return from;
}

/* Ports are assigned once per instance id and kept across restarts. */
static void assign_ports(json_t *ports, sgn_minst_t *in, uint16_t base, bool *dirty)
{
	json_t *e = json_object_get(ports, in->id);
	if (e == NULL) {
		e = json_object();
		json_object_set_new(ports, in->id, e);
		long dns = free_port(ports, base);
		json_object_set_new(e, "dns", json_integer(dns));
		long rndc = free_port(ports, (long)base + 1000 > 65000 ? base - 1000 : base + 1000);
		json_object_set_new(e, "rndc", json_integer(rndc));
		*dirty = true;
	}
	in->dns_port = (uint16_t)json_integer_value(json_object_get(e, "dns"));
	in->rndc_port = (uint16_t)json_integer_value(json_object_get(e, "rndc"));
}

static long replicas(const json_t *spec, const char *role, const char *alias, long dflt)
{
	const json_t *r = json_object_get(json_object_get(spec, role), "replicas");
	if (r == NULL && alias)
		r = json_object_get(json_object_get(spec, alias), "replicas");
	return json_is_integer(r) ? json_integer_value(r) : dflt;
}

static void add_inst(sgn_mcluster_t *c, const char *label, bool primary, const char *state_dir)
{
	c->insts = sgn_xrealloc(c->insts, (c->ninsts + 1) * sizeof(sgn_minst_t));
	sgn_minst_t *in = &c->insts[c->ninsts++];
	memset(in, 0, sizeof(*in));
	in->label = sgn_xstrdup(label);
	in->id = sgn_xasprintf("%s/%s/%s", c->ns, c->name, label);
	in->primary = primary;
	in->dir = sgn_xasprintf("%s/instances/%s/%s/%s", state_dir, c->ns, c->name, label);
}

/* Bind9Instance primaries first (so their signing override applies to the
 * signer), then the cluster's own replicas. The first primary signs. */
static void build_instances(sgn_mcluster_t *c, const json_t *cspec, const json_t *binsts,
			    const char *state_dir)
{
	size_t i;
	json_t *bi;
	for (int pass = 0; pass < 2; pass++) {
		const char *want = pass == 0 ? "primary" : "secondary";
		json_array_foreach(binsts, i, bi) {
			const json_t *spec = json_object_get(bi, "spec");
			const char *cref = json_string_value(json_object_get(spec, "clusterRef"));
			const char *role = json_string_value(json_object_get(spec, "role"));
			if (!cref || strcmp(cref, c->name) || strcmp(md(bi, "namespace"), c->ns) ||
			    !role || strcmp(role, want))
				continue;
			long n = replicas(bi, "spec", NULL, 1);
			for (long r = 0; r < n; r++) {
				char *label = sgn_xasprintf("%s-%ld", md(bi, "name"), r);
				add_inst(c, label, pass == 0, state_dir);
				free(label);
			}
		}
		long n = pass == 0 ? replicas(cspec, "primary", "primaries", 1)
				   : replicas(cspec, "secondary", NULL, 0);
		for (long r = 0; r < n; r++) {
			char *label = sgn_xasprintf("%s-%ld", want, r);
			add_inst(c, label, pass == 0, state_dir);
			free(label);
		}
	}
	for (size_t k = 0; k < c->ninsts; k++)
		if (c->insts[k].primary) {
			c->insts[k].signer = true;
			break;
		}
}

/* The signing block that applies to the signer: a Bind9Instance override or the cluster's. */
static const json_t *signer_signing(const json_t *cluster, const json_t *binsts, const sgn_mcluster_t *c)
{
	static const char *const cpath[] = {"spec", "global", "dnssec", "signing", NULL};
	static const char *const ipath[] = {"spec", "config", "dnssec", "signing", NULL};
	size_t i;
	json_t *bi;
	for (size_t k = 0; k < c->ninsts; k++) {
		if (!c->insts[k].signer)
			continue;
		json_array_foreach(binsts, i, bi) {
			char *prefix = sgn_xasprintf("%s-", md(bi, "name"));
			bool mine = strncmp(c->insts[k].label, prefix, strlen(prefix)) == 0 &&
				    strcmp(md(bi, "namespace"), c->ns) == 0;
			free(prefix);
			const json_t *s = path_get(bi, ipath);
			if (mine && s != NULL)
				return s;
		}
	}
	return path_get(cluster, cpath);
}

static const json_t *find_named(const json_t *arr, const char *ns, const char *name)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		if (strcmp(md(v, "namespace"), ns) == 0 && strcmp(md(v, "name"), name) == 0)
			return v;
	}
	return NULL;
}

static void zone_fail(sgn_mzone_t *z, const char *reason, const char *msg)
{
	snprintf(z->reason, sizeof(z->reason), "%s", reason);
	size_t n = strlen(msg);
	if (n >= sizeof(z->message))
		n = sizeof(z->message) - 1;
	memcpy(z->message, msg, n);
	z->message[n] = '\0';
}

static int policy_from_resource(const json_t *pol, sgn_policy_t *p, sgn_diag_t *d)
{
	int rc = sgn_policy_from_spec(json_object_get(pol, "spec"), "spec", p, d);
	if (rc == SGN_OK)
		sgn_policy_set_names(p, md(pol, "name"), "policy");
	return rc;
}

/* parentalAgents of the zone, else of the signing block that applies to it. */
static void set_parental_agents(sgn_mzone_t *z, const json_t *zspec, const json_t *signing)
{
	const json_t *list = json_object_get(zspec, "parentalAgents");
	if (!json_is_array(list))
		list = json_object_get(signing, "parentalAgents");
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a) {
		const char *addr = json_string_value(json_object_get(a, "address"));
		unsigned char buf[16];
		if (z->nagents == sizeof(z->agents) / sizeof(z->agents[0]) || addr == NULL ||
		    (inet_pton(AF_INET, addr, buf) != 1 && inet_pton(AF_INET6, addr, buf) != 1))
			continue; /* refused at apply time; never rendered unchecked */
		snprintf(z->agents[z->nagents].address, sizeof(z->agents[0].address), "%s", addr);
		z->agents[z->nagents++].port = (uint16_t)json_integer_value(json_object_get(a, "port"));
	}
}

/* zone dnssecPolicy -> signer instance -> cluster; see README "Policy resolution". */
static void resolve_policy(sgn_mzone_t *z, const json_t *zspec, const json_t *signing,
			   const json_t *policies, const char *cname)
{
	const char *want = json_string_value(json_object_get(zspec, "dnssecPolicy"));
	bool enabled = json_is_true(json_object_get(signing, "enabled"));
	const char *spol = json_string_value(json_object_get(signing, "policy"));
	if (spol == NULL)
		spol = "default";
	sgn_diag_t d;
	sgn_diag_clear(&d);
	memset(&z->policy, 0, sizeof(z->policy));
	if (want == NULL && !enabled) {
		z->policy.kind = SGN_POLICY_NONE;
		snprintf(z->policy.name, sizeof(z->policy.name), "none");
		return;
	}
	const char *name = want ? want : spol;
	if (strcmp(name, "none") == 0 || strcmp(name, "insecure") == 0) {
		/* insecure keeps BIND's default timings: parent DS TTL and delays (see unsign_gracefully) */
		sgn_policy_init_default(&z->policy);
		z->policy.nkeys = 0;
		sgn_policy_set_names(&z->policy, name, "builtin");
		return;
	}
	const json_t *res = find_named(policies, z->ns, name);
	if (res != NULL) {
		if (policy_from_resource(res, &z->policy, &d) != SGN_OK)
			zone_fail(z, "PolicyInvalid", d.message);
		return;
	}
	if (enabled && strcmp(name, spol) == 0) {
		if (sgn_policy_from_signing(signing, "signing", &z->policy, &d) != SGN_OK) {
			zone_fail(z, "PolicyInvalid", d.message);
			return;
		}
		char *prefix = sgn_xasprintf("signing-%s", cname);
		sgn_policy_set_names(&z->policy, name, prefix);
		free(prefix);
		return;
	}
	if (strcmp(name, "default") == 0) {
		sgn_policy_init_default(&z->policy);
		z->policy.kind = SGN_POLICY_BUILTIN;
		snprintf(z->policy.name, sizeof(z->policy.name), "default");
		return;
	}
	char msg[512];
	snprintf(msg, sizeof(msg), "DNSSECPolicy \"%s\" not found in namespace %s", name, z->ns);
	zone_fail(z, "PolicyNotFound", msg);
}

/*
 * User-supplied keys are used exactly as given: named must neither roll them on
 * its own schedule nor replace them, so their policy has unlimited lifetimes
 * (rendered under a name of its own). Kept (PV) keys live outside the instance.
 */
static void set_key_policy(sgn_mzone_t *z, const char *state_dir, const sgn_mcluster_t *c)
{
	if (z->keysrc.kind == SGN_KEYSRC_PV) {
		const char *zf = strcmp(z->zone, ".") == 0 ? "root" : z->zone;
		z->pv_dir = sgn_xasprintf("%s/volumes/%s/%s/keys/%s", state_dir, c->ns, c->name, zf);
	}
	if (z->keysrc.kind != SGN_KEYSRC_SECRET || z->policy.kind != SGN_POLICY_CUSTOM)
		return;
	for (size_t i = 0; i < z->policy.nkeys; i++)
		z->policy.keys[i].lifetime = SGN_DURATION_UNLIMITED;
	size_t n = strlen(z->policy.conf_name);
	snprintf(z->policy.conf_name + n, sizeof(z->policy.conf_name) - n, "-userkeys");
}

/*
 * The backup Secret of generated keys is named after the zone
 * (dnssec-keys-<zone>-generated). Two DNSZones of one namespace may serve the
 * same zone from two clusters, each with keys of its own: the first to claim
 * the name keeps it, later ones get the cluster in their name. The choice is
 * remembered, so a Secret never changes name under a zone (a rename would lose
 * the backup on the next restart).
 */
static void assign_key_secret(json_t *keysecrets, sgn_mzone_t *z, bool *dirty)
{
	if (z->keysrc.kind == SGN_KEYSRC_SECRET)
		return;
	char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
	const char *have = json_string_value(json_object_get(keysecrets, key));
	if (have == NULL) {
		bool taken = false;
		const char *k;
		json_t *v;
		size_t nslen = strlen(z->ns);
		json_object_foreach(keysecrets, k, v) {
			taken = taken || (strncmp(k, z->ns, nslen) == 0 && k[nslen] == '/' &&
					  strcmp(json_string_value(v), z->keysrc.secret_name) == 0);
		}
		char *name = taken ? sgn_xasprintf("%.*s-%s-generated",
						   (int)(strlen(z->keysrc.secret_name) - strlen("-generated")),
						   z->keysrc.secret_name, z->cluster)
				   : sgn_xstrdup(z->keysrc.secret_name);
		json_object_set_new(keysecrets, key, json_string(name));
		free(name);
		have = json_string_value(json_object_get(keysecrets, key));
		*dirty = true;
	}
	snprintf(z->keysrc.secret_name, sizeof(z->keysrc.secret_name), "%s", have);
	free(key);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static char *zone_name_of(const json_t *spec)
{
	char *zn = sgn_xstrdup(json_string_value(json_object_get(spec, "zoneName")));
	sgn_str_lower(zn);
	size_t n = strlen(zn);
	if (n > 1 && zn[n - 1] == '.')
		zn[n - 1] = '\0';
	return zn;
}

static void add_note(sgn_mzone_t *z, const char *note)
{
	char *n = z->note ? sgn_xasprintf("%s; %s", z->note, note) : sgn_xstrdup(note);
	free(z->note);
	z->note = n;
}

/*
 * A zone named can load needs apex NS records whose in-zone targets have
 * addresses. A DNSZone with only an SOA (roadmap example 3) gets what bindy
 * gives it in Kubernetes: NS = the SOA's primary server, and glue = the address
 * of the instances serving the zone, which in embedded mode is 127.0.0.1.
 */
static int complete_apex(sgn_mzone_t *z, sgn_zonedata_t *zd, sgn_diag_t *d)
{
	char **ns = sgn_zonedata_apex_ns(zd, false);
	int rc = SGN_OK;
	if (ns[0] == NULL) {
		char *mname = sgn_zonedata_soa_mname(zd);
		if (mname != NULL) {
			rc = sgn_zonedata_add(zd, "@", 0, "NS", mname, d);
			char *note = sgn_xasprintf("no NS records given: added NS %s (the SOA primary)", mname);
			add_note(z, note);
			free(note);
		}
		free(mname);
	}
	sgn_zonedata_names_free(ns);
	return rc;
}

/* Called after the records are in: glue for in-zone NS targets that have none. */
static int complete_glue(sgn_mzone_t *z, sgn_zonedata_t *zd, sgn_diag_t *d)
{
	char **bare = sgn_zonedata_apex_ns(zd, true);
	int rc = SGN_OK;
	for (size_t i = 0; rc == SGN_OK && bare[i]; i++) {
		rc = sgn_zonedata_add(zd, bare[i], 0, "A", "127.0.0.1", d);
		char *note = sgn_xasprintf("NS %s is inside the zone and has no address: added A 127.0.0.1, "
					   "the address signet's instances listen on", bare[i]);
		add_note(z, note);
		free(note);
	}
	sgn_zonedata_names_free(bare);
	return rc;
}

static int fill_zonedata(sgn_store_t *store, sgn_mzone_t *z, const json_t *zobj, uint32_t serial,
			 json_t *records, const json_t *extra, sgn_zonedata_t **out, sgn_diag_t *d)
{
	const json_t *spec = json_object_get(zobj, "spec");
	json_t *ttlv = json_object_get(spec, "ttl");
	uint32_t ttl = json_is_integer(ttlv) ? (uint32_t)json_integer_value(ttlv) : 3600;
	sgn_zonedata_t *zd = NULL;
	int rc = sgn_zonedata_new(&zd, z->zone, ttl);
	char *att = NULL;
	bool imported = false;
	if (rc == SGN_OK && sgn_store_attachment(store, "DNSZone", z->ns, z->name, &att) == SGN_OK) {
		char tmpl[] = "/tmp/signet-zone-XXXXXX";
		int fd = mkstemp(tmpl);
		if (fd >= 0) {
			FILE *f = fdopen(fd, "w");
			fputs(att, f);
			fclose(f);
			rc = sgn_zonedata_import(zd, tmpl, d);
			unlink(tmpl);
			/* the note names the manifest's file, not the temporary copy */
			sgn_zonedata_set_source(
			    zd, json_string_value(json_object_get(spec, "zoneFile")));
		}
		free(att);
		imported = true;
	}
	const json_t *soa = json_object_get(spec, "soaRecord");
	if (rc == SGN_OK && soa != NULL) {
		const char *mname = json_string_value(json_object_get(soa, "primaryNs"));
		const char *rname = json_string_value(json_object_get(soa, "adminEmail"));
#define U(k, dflt) (json_is_integer(json_object_get(soa, k)) ? (uint32_t)json_integer_value(json_object_get(soa, k)) : (dflt))
		rc = sgn_zonedata_set_soa(zd, mname, rname, serial, U("refresh", 3600), U("retry", 600),
					  U("expire", 604800), U("negativeTtl", 300), ttl, d);
#undef U
	}
	size_t i;
	json_t *ns;
	json_array_foreach(json_object_get(spec, "nameServers"), i, ns) {
		const char *h = json_string_value(json_object_get(ns, "hostname"));
		const char *v4 = json_string_value(json_object_get(ns, "ipv4Address"));
		const char *v6 = json_string_value(json_object_get(ns, "ipv6Address"));
		if (rc == SGN_OK && h)
			rc = sgn_zonedata_add(zd, "@", 0, "NS", h, d);
		/* glue only inside the zone; an address for an outside name is not ours to publish */
		if (rc == SGN_OK && h && v4 && sgn_zonedata_add(zd, h, 0, "A", v4, NULL) == SGN_EINVAL)
			rc = SGN_OK;
		if (rc == SGN_OK && h && v6 && sgn_zonedata_add(zd, h, 0, "AAAA", v6, NULL) == SGN_EINVAL)
			rc = SGN_OK;
	}
	json_array_foreach(records, i, ns) {
		const char *kind = json_string_value(json_object_get(ns, "kind"));
		if (rc != SGN_OK)
			break;
		rc = sgn_records_add(zd, kind, json_object_get(ns, "spec"), d);
		if (rc != SGN_OK) {
			char *msg = sgn_xasprintf("%s %s: %s", kind, md(ns, "name"), d->message);
			sgn_diag_msg(d, "%s", msg);
			free(msg);
		}
	}
	/*
	 * Delegations to child zones signet also serves: NS, glue, and the DS named
	 * asks for. What the parent's own data already says at the cut (a DS or NS
	 * RRset from its zoneFile or records) is the operator's, and wins.
	 */
	json_t *own = json_object();
	json_array_foreach(extra, i, ns) {
		const char *o = json_string_value(json_array_get(ns, 0));
		const char *t = json_string_value(json_array_get(ns, 1));
		char *k = sgn_xasprintf("%s %s", o, t);
		if (json_object_get(own, k) == NULL)
			json_object_set_new(own, k, json_boolean(sgn_zonedata_has(zd, o, t)));
		if (rc == SGN_OK && !json_is_true(json_object_get(own, k)))
			rc = sgn_zonedata_add(zd, o, 0, t, json_string_value(json_array_get(ns, 2)), d);
		free(k);
	}
	json_decref(own);
	if (rc == SGN_OK)
		rc = complete_apex(z, zd, d);
	if (rc == SGN_OK)
		rc = complete_glue(z, zd, d);
	if (rc == SGN_OK &&
	    (z->policy.kind == SGN_POLICY_BUILTIN || z->policy.kind == SGN_POLICY_CUSTOM) &&
	    z->policy.max_zone_ttl > 0 && z->policy.max_zone_ttl < UINT32_MAX &&
	    sgn_zonedata_cap_ttl(zd, (uint32_t)z->policy.max_zone_ttl) > 0)
		imported = true; /* report it */
	/* what the import dropped or changed comes first, then what signet added */
	const char *znote = sgn_zonedata_dropped_note(zd);
	if (imported && znote[0]) {
		char *n = z->note ? sgn_xasprintf("%s; %s", znote, z->note) : sgn_xstrdup(znote);
		free(z->note);
		z->note = n;
	}
	if (rc != SGN_OK) {
		sgn_zonedata_free(zd);
		return rc;
	}
	*out = zd;
	return SGN_OK;
}

/* Records selected by the zone's recordsFrom selectors, same namespace. */
static json_t *select_records(const sgn_mzone_t *z, const json_t *zspec, json_t *all)
{
	json_t *out = json_array();
	size_t i, j;
	json_t *r, *sel;
	json_array_foreach(all, i, r) {
		if (strcmp(md(r, "namespace"), z->ns) != 0)
			continue;
		const json_t *labels = json_object_get(json_object_get(r, "metadata"), "labels");
		json_array_foreach(json_object_get(zspec, "recordsFrom"), j, sel) {
			if (sgn_records_selector_matches(json_object_get(sel, "selector"), labels)) {
				json_array_append(out, r);
				break;
			}
		}
	}
	return out;
}

/*
 * A zone served unsigned after it was signed: named served the serials of its
 * inline-signed copy, which ran ahead of the raw zone's; the raw zone it now
 * serves must not go back behind them (RFC 1982), or secondaries elsewhere
 * would keep the signed copy.
 */
static uint32_t past_signed_serial(const sgn_mzone_t *z, const json_t *zobj, uint32_t serial)
{
	if (z->policy.kind != SGN_POLICY_NONE)
		return serial;
	size_t i;
	json_t *in;
	json_array_foreach(json_object_get(json_object_get(zobj, "status"), "instances"), i, in) {
		uint32_t s = (uint32_t)json_integer_value(json_object_get(in, "serial"));
		if (s != 0 && (int32_t)(s - serial) > 0)
			serial = s + 1;
	}
	return serial;
}

/* Renders the zone, choosing a serial that grows whenever the content changes. */
static void render_zone(sgn_store_t *store, sgn_mzone_t *z, const json_t *zobj, json_t *records,
			const json_t *extra, json_t *serials, bool *dirty)
{
	const json_t *soa = json_object_get(json_object_get(zobj, "spec"), "soaRecord");
	uint32_t want = (uint32_t)json_integer_value(json_object_get(soa, "serial"));
	sgn_diag_t d;
	sgn_diag_clear(&d);
	sgn_zonedata_t *zd = NULL;
	json_t *sel = select_records(z, json_object_get(zobj, "spec"), records);
	char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
	char *probe = NULL;
	if (fill_zonedata(store, z, zobj, 0, sel, extra, &zd, &d) != SGN_OK ||
	    sgn_zonedata_render(zd, &probe) != SGN_OK) {
		zone_fail(z, "InvalidZoneData", d.message[0] ? d.message : "zone has no SOA record");
		goto out;
	}
	/* an imported zone without soaRecord: its file's serial is the one asked for */
	if (soa == NULL)
		sgn_zonedata_soa_serial(zd, &want);
	char hash[32];
	snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)fnv1a(probe));
	json_t *e = json_object_get(serials, key);
	uint32_t serial = want;
	if (e != NULL) {
		uint32_t old = (uint32_t)json_integer_value(json_object_get(e, "serial"));
		bool same = strcmp(json_string_value(json_object_get(e, "hash")), hash) == 0;
		serial = same ? old : (want > old ? want : old + 1);
	}
	serial = past_signed_serial(z, zobj, serial);
	if (e == NULL || serial != (uint32_t)json_integer_value(json_object_get(e, "serial"))) {
		json_object_set_new(serials, key, json_pack("{s:s,s:I}", "hash", hash, "serial", (json_int_t)serial));
		*dirty = true;
	}
	sgn_zonedata_free(zd);
	zd = NULL;
	free(z->note);
	z->note = NULL;
	/*
	 * The serial grows whenever the content does, also for an imported file
	 * whose own serial stays put while signet changes what it adds (a child's
	 * DS): named's inline signing ignores a raw zone whose serial did not grow.
	 */
	if (fill_zonedata(store, z, zobj, serial, sel, extra, &zd, &d) == SGN_OK &&
	    (soa != NULL || sgn_zonedata_set_serial(zd, serial) == SGN_OK) &&
	    sgn_zonedata_render(zd, &z->text) == SGN_OK)
		z->serial = serial;
out:
	free(probe);
	free(key);
	json_decref(sel);
	sgn_zonedata_free(zd);
}

static sgn_mcluster_t *find_cluster(sgn_model_t *m, const char *ns, const char *name)
{
	for (size_t i = 0; i < m->nclusters; i++)
		if (strcmp(m->clusters[i].ns, ns) == 0 && strcmp(m->clusters[i].name, name) == 0)
			return &m->clusters[i];
	return NULL;
}

sgn_mcluster_t *sgn_model_zone_cluster(sgn_model_t *m, const sgn_mzone_t *z)
{
	return z->cluster ? find_cluster(m, z->ns, z->cluster) : NULL;
}

static json_t *list_records(sgn_store_t *store)
{
	static const char *kinds[] = {"ARecord", "AAAARecord", "CNAMERecord", "MXRecord",
				      "TXTRecord", "NSRecord", "SRVRecord", "CAARecord"};
	json_t *all = json_array();
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		json_t *l = NULL;
		if (sgn_store_list(store, kinds[i], NULL, &l) == SGN_OK)
			json_array_extend(all, l);
		json_decref(l);
	}
	return all;
}

/* signet's own state documents the model reads and updates (persisted when dirty). */
typedef struct model_state {
	json_t *serials, *keysecrets, *lastpolicy;
	bool serials_dirty, keysecrets_dirty, lastpolicy_dirty;
} model_state_t;

/*
 * A policy that cannot be resolved any more (a typo in dnssecPolicy, a deleted
 * DNSSECPolicy) must not take a signed zone out of service: the zone keeps the
 * last policy it was signed with, and its status says why (warn_reason).
 */
/*
 * Whether the zone (by its last verified status) is in the middle of a key
 * rollover: a key on its way out that is not gone yet, or a successor not yet
 * fully in. named does not support a new policy during a rollover.
 */
static bool rollover_running(const json_t *zobj, char *what, size_t len)
{
	const json_t *keys = json_object_get(json_object_get(json_object_get(zobj, "status"), "dnssec"), "keys");
	static const char *const st[] = {"dnskey", "zoneSignatures", "keySignatures", "ds"};
	size_t i;
	json_t *k;
	json_array_foreach(keys, i, k) {
		const char *goal = json_string_value(json_object_get(k, "goal"));
		const json_t *states = json_object_get(k, "states");
		const json_t *pred = json_object_get(k, "predecessor");
		bool leaving = goal && strcmp(goal, "hidden") == 0, arriving = pred != NULL && !json_is_null(pred);
		for (size_t j = 0; j < 4; j++) {
			const char *v = json_string_value(json_object_get(states, st[j]));
			if (v == NULL)
				continue;
			/* a KSK's DS and a ZSK's DS/key-signature states stay hidden: only real transitions count */
			if ((leaving && strcmp(v, "hidden") != 0) ||
			    (arriving && (strcmp(v, "rumoured") == 0 || strcmp(v, "unretentive") == 0))) {
				snprintf(what, len, "key %lld (%s) is %s", (long long)json_integer_value(json_object_get(k, "tag")),
					 json_string_value(json_object_get(k, "role")) ?: "?", leaving ? "being retired" : "being introduced");
				return true;
			}
		}
	}
	return false;
}

/* The policy last put in force for the zone (state "lastpolicy"); false if none is known. */
static bool saved_policy(const model_state_t *st, const sgn_mzone_t *z, sgn_policy_t *out)
{
	char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
	const char *saved = json_string_value(json_object_get(st->lastpolicy, key));
	free(key);
	char *raw = NULL;
	size_t len = 0;
	bool ok = saved != NULL && sgn_base64_decode(saved, &raw, &len) == SGN_OK && len == sizeof(*out);
	if (ok)
		memcpy(out, raw, sizeof(*out));
	free(raw);
	return ok;
}

/*
 * The insecure policy carries the timings of the policy the zone leaves (named
 * ignores them: its built-in `insecure` cannot be redefined, and 9.18 asserts
 * on a policy of one's own without keys); signet needs the parent's DS TTL and
 * propagation delay to know when the withdrawn DS has left resolvers' caches.
 */
static void insecure_like(sgn_policy_t *p, const sgn_policy_t *last)
{
	*p = *last;
	if (sgn_policy_is_insecure(last))
		return;
	p->nkeys = 0;
	sgn_policy_set_names(p, "insecure", "builtin");
}

/* Whether no resolver can hold a DS of the zone any more: every key's DS is
 * hidden, or was confirmed withdrawn longer ago than the parent's DS TTL plus
 * its propagation delay. Keys come from the zone's last verified status. */
static bool ds_gone_everywhere(const json_t *dn, const sgn_policy_t *p)
{
	const json_t *keys = json_object_get(dn, "keys");
	if (!json_is_true(json_object_get(dn, "signed")) || json_array_size(keys) == 0)
		return false;
	time_t now = time(NULL);
	size_t i;
	json_t *k;
	json_array_foreach(keys, i, k) {
		const char *ds = json_string_value(json_object_get(json_object_get(k, "states"), "ds"));
		const char *gone = json_string_value(json_object_get(k, "dsRemoved"));
		time_t at = 0;
		if (gone == NULL || !sgn_time_parse(gone, &at))
			at = 0;
		if (ds != NULL && strcmp(ds, "hidden") == 0)
			continue;
		if (at <= 0 || (uint64_t)(now - at) < p->parent_ds_ttl + p->parent_propagation_delay)
			return false;
	}
	return true;
}

/*
 * Turning signing off (policy none, or signing disabled) on a zone that is
 * signed must not make it bogus: a DS at the parent (or in resolvers' caches)
 * still points at signatures. The zone goes through BIND's `insecure` first:
 * named asks for the DS to be withdrawn (signet does it for an internal parent;
 * the operator or parental agents otherwise) and becomes `none` once no
 * resolver can hold the DS any more (DNSKEYs and signatures are then harmless)
 * or once named serves it unsigned under `insecure`.
 */
static void unsign_gracefully(sgn_mzone_t *z, const json_t *zobj, const model_state_t *st)
{
	sgn_policy_t last;
	bool none = z->policy.kind == SGN_POLICY_NONE;
	if (z->reason[0] || (!none && z->policy.kind != SGN_POLICY_INSECURE) || !saved_policy(st, z, &last) ||
	    last.kind == SGN_POLICY_NONE)
		return;
	const json_t *dn = json_object_get(json_object_get(zobj, "status"), "dnssec");
	const char *served = json_string_value(json_object_get(dn, "policy"));
	bool unsigned_now = !json_is_true(json_object_get(dn, "signed")) && served != NULL &&
			    strcmp(served, "insecure") == 0;
	if (none && sgn_policy_is_insecure(&last) && (unsigned_now || ds_gone_everywhere(dn, &last)))
		return; /* none is safe now */
	char want[64];
	snprintf(want, sizeof(want), "%s", z->policy.name);
	insecure_like(&z->policy, &last);
	if (!none)
		return;
	snprintf(z->warn_reason, sizeof(z->warn_reason), "Unsigning");
	snprintf(z->warn_message, sizeof(z->warn_message),
		 "policy %s asks for an unsigned zone: it goes through policy insecure first, until the DS is "
		 "withdrawn from the parent and its TTL (%llu s) and propagation delay (%llu s) have passed; "
		 "then it is served without DNSSEC", want, (unsigned long long)last.parent_ds_ttl,
		 (unsigned long long)last.parent_propagation_delay);
}

static void keep_last_policy(sgn_mzone_t *z, const json_t *zobj, model_state_t *st)
{
	char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
	const char *saved = json_string_value(json_object_get(st->lastpolicy, key));
	char *enc = z->reason[0] ? NULL : sgn_base64_encode(&z->policy, sizeof(z->policy));
	char what[200];
	sgn_policy_t last;
	/* leaving insecure (for none) is unsign_gracefully's call: its keys are all on their way out */
	if (enc != NULL && saved != NULL && strcmp(saved, enc) != 0 && saved_policy(st, z, &last) &&
	    !sgn_policy_is_insecure(&last) && rollover_running(zobj, what, sizeof(what))) {
		/* queued: applied by a later pass, once the rollover is over */
		snprintf(z->warn_message, sizeof(z->warn_message),
			 "the change to policy %s waits until the rollover in progress is over (%s): named does "
			 "not support a new policy during a rollover; %s stays in force until then",
			 z->policy.name, what, last.name);
		snprintf(z->warn_reason, sizeof(z->warn_reason), "PolicyChangePending");
		z->policy = last;
		free(enc);
		enc = NULL;
	}
	if (enc != NULL) {
		if (saved == NULL || strcmp(saved, enc) != 0) {
			json_object_set_new(st->lastpolicy, key, json_string(enc));
			st->lastpolicy_dirty = true;
		}
		free(enc);
	} else if (z->reason[0] && (strcmp(z->reason, "PolicyNotFound") == 0 || strcmp(z->reason, "PolicyInvalid") == 0) &&
		   saved_policy(st, z, &last)) {
		z->policy = last;
		snprintf(z->warn_reason, sizeof(z->warn_reason), "%s", z->reason);
		snprintf(z->warn_message, sizeof(z->warn_message),
			 "%.900s; the zone stays in service with its previous policy %s", z->message, z->policy.name);
		z->reason[0] = '\0';
	}
	free(key);
}

static void build_zone(sgn_store_t *store, sgn_model_t *m, const json_t *zobj, json_t *records,
		       json_t *clusters, json_t *binsts, model_state_t *st)
{
	const json_t *spec = json_object_get(zobj, "spec");
	m->zones = sgn_xrealloc(m->zones, (m->nzones + 1) * sizeof(sgn_mzone_t));
	sgn_mzone_t *z = &m->zones[m->nzones];
	memset(z, 0, sizeof(*z));
	z->ns = sgn_xstrdup(md(zobj, "namespace"));
	z->name = sgn_xstrdup(md(zobj, "name"));
	z->zone = zone_name_of(spec);
	const char *cref = json_string_value(json_object_get(spec, "clusterRef"));
	z->cluster = cref ? sgn_xstrdup(cref) : NULL;
	sgn_mcluster_t *c = cref ? find_cluster(m, z->ns, cref) : NULL;
	if (c == NULL) {
		char msg[512];
		snprintf(msg, sizeof(msg), "Bind9Cluster \"%s\" not found in namespace %s",
			 cref ? cref : "(no clusterRef)", z->ns);
		zone_fail(z, "ClusterNotFound", msg);
	} else {
		const json_t *cobj = find_named(clusters, c->ns, c->name);
		const json_t *signing = signer_signing(cobj, binsts, c);
		resolve_policy(z, spec, signing, m->policies, c->name);
		set_parental_agents(z, spec, signing);
		sgn_keysrc_resolve(signing, json_object_get(cobj, "spec"), z->ns, z->zone, &z->keysrc);
		set_key_policy(z, sgn_store_dir(store), c);
		unsign_gracefully(z, zobj, st);
		keep_last_policy(z, zobj, st);
		assign_key_secret(st->keysecrets, z, &st->keysecrets_dirty);
		for (size_t k = 0; k < c->nzones && !z->reason[0]; k++) {
			if (strcmp(m->zones[c->zones[k]].zone, z->zone) == 0) {
				char msg[512];
				snprintf(msg, sizeof(msg), "zone %s is already served by DNSZone %s in this cluster",
					 z->zone, m->zones[c->zones[k]].name);
				zone_fail(z, "DuplicateZone", msg);
			}
		}
		if (!z->reason[0])
		{
			char *dk = sgn_xasprintf("%s/%s", z->ns, z->zone);
			render_zone(store, z, zobj, records, json_object_get(m->delegations, dk), st->serials,
				    &st->serials_dirty);
			free(dk);
		}
		if (!z->reason[0]) {
			c->zones = sgn_xrealloc(c->zones, (c->nzones + 1) * sizeof(size_t));
			c->zones[c->nzones++] = m->nzones;
		}
	}
	m->nzones++;
}

/* Whether child is strictly below parent (both lower-case, no trailing dot; "." is the root). */
static bool below(const char *child, const char *parent)
{
	if (strcmp(child, parent) == 0)
		return false;
	if (strcmp(parent, ".") == 0)
		return true;
	size_t lc = strlen(child), lp = strlen(parent);
	return lc > lp && child[lc - lp - 1] == '.' && strcmp(child + lc - lp, parent) == 0;
}

static char *absolute(const char *zone)
{
	return strcmp(zone, ".") == 0 ? sgn_xstrdup(".") : sgn_xasprintf("%s.", zone);
}

/* The closest zone among `zones` (same namespace) that encloses zone, or NULL. */
static const json_t *enclosing(const json_t *zones, const char *ns, const char *zone, char **pname)
{
	const json_t *best = NULL;
	size_t bestlen = 0, i;
	json_t *p;
	json_array_foreach(zones, i, p) {
		if (strcmp(md(p, "namespace"), ns) != 0)
			continue;
		char *pz = zone_name_of(json_object_get(p, "spec"));
		size_t l = strcmp(pz, ".") == 0 ? 0 : strlen(pz) + 1;
		if (below(zone, pz) && (best == NULL || l > bestlen)) {
			best = p;
			bestlen = l;
			free(*pname);
			*pname = pz;
		} else {
			free(pz);
		}
	}
	return best;
}

static void add_rr(json_t *list, const char *owner, const char *type, const char *rdata)
{
	json_array_append_new(list, json_pack("[s,s,s]", owner, type, rdata));
}

/* NS (and glue below the cut) for a child, from its nameServers or its SOA primary. */
static void delegation_ns(json_t *list, const char *cabs, const json_t *cspec, const char *child,
			  char **file_ns)
{
	const json_t *nss = json_object_get(cspec, "nameServers");
	size_t i;
	json_t *ns;
	bool any = false;
	json_array_foreach(nss, i, ns) {
		const char *h = json_string_value(json_object_get(ns, "hostname"));
		if (h == NULL)
			continue;
		any = true;
		add_rr(list, cabs, "NS", h);
		char *hl = sgn_xstrdup(h);
		sgn_str_lower(hl);
		if (hl[strlen(hl) - 1] == '.')
			hl[strlen(hl) - 1] = '\0';
		if (below(hl, child) || strcmp(hl, child) == 0) {
			const char *v4 = json_string_value(json_object_get(ns, "ipv4Address"));
			const char *v6 = json_string_value(json_object_get(ns, "ipv6Address"));
			if (v4 || !v6)
				add_rr(list, h, "A", v4 ? v4 : "127.0.0.1");
			if (v6)
				add_rr(list, h, "AAAA", v6);
		}
		free(hl);
	}
	const char *mname = json_string_value(json_object_get(json_object_get(cspec, "soaRecord"), "primaryNs"));
	for (size_t k = 0; !any && file_ns != NULL && file_ns[k] != NULL; k++) {
		add_rr(list, cabs, "NS", file_ns[k]);
		char *fl = sgn_xstrdup(file_ns[k]);
		sgn_str_lower(fl);
		if (fl[strlen(fl) - 1] == '.')
			fl[strlen(fl) - 1] = '\0';
		if (below(fl, child) || strcmp(fl, child) == 0)
			add_rr(list, file_ns[k], "A", "127.0.0.1");
		free(fl);
		mname = NULL;
	}
	if (!any && mname != NULL) {
		add_rr(list, cabs, "NS", mname);
		char *ml = sgn_xstrdup(mname);
		sgn_str_lower(ml);
		if (ml[strlen(ml) - 1] == '.')
			ml[strlen(ml) - 1] = '\0';
		if (below(ml, child) || strcmp(ml, child) == 0)
			add_rr(list, mname, "A", "127.0.0.1");
		free(ml);
	}
}

/*
 * The DS RRset a parent signet serves must hold for a child it also serves:
 * the DS of every child KSK whose DS named wants at the parent (ds state
 * rumoured or omnipresent, read from the child's verified status). A KSK on its
 * way out (unretentive) leaves only when named says so; a new one enters when
 * named says its DNSKEY has propagated.
 */
const char *sgn_model_condition_reason(const json_t *obj, const char *type)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(json_object_get(obj, "status"), "conditions"), i, c) {
		const char *t = json_string_value(json_object_get(c, "type"));
		if (t != NULL && strcmp(t, type) == 0)
			return json_string_value(json_object_get(c, "reason"));
	}
	return NULL;
}

/* "owner DS rdata" records of the keys whose DS named wants at the parent. */
static json_t *ds_of_keys(const json_t *keys)
{
	json_t *rrs = json_array();
	size_t i;
	json_t *k;
	json_array_foreach(keys, i, k) {
		const char *ds = json_string_value(json_object_get(json_object_get(k, "states"), "ds"));
		const char *rec = json_string_value(json_object_get(k, "dsRecord"));
		if (rec == NULL || ds == NULL || (strcmp(ds, "rumoured") != 0 && strcmp(ds, "omnipresent") != 0))
			continue;
		char owner[300], digest[200], rdata[260];
		unsigned tag, alg, dt;
		if (sscanf(rec, "%299s IN DS %u %u %u %199s", owner, &tag, &alg, &dt, digest) != 5)
			continue;
		snprintf(rdata, sizeof(rdata), "%u %u %u %s", tag, alg, dt, digest);
		json_array_append_new(rrs, json_pack("[s,s]", owner, rdata));
	}
	return rrs;
}

/*
 * The child's DS RRset in its parent: from the key states of its last verified
 * status. Between two verifications (a replica catching up, named re-signing)
 * the status has no keys; the DS used last stays then (state "delegationds"),
 * since a parent without it for a moment makes resolvers cache the child as
 * insecure. Only a child verified as served unsigned loses it.
 */
static void delegation_ds(json_t *list, const json_t *cobj, json_t *last)
{
	const json_t *keys = json_object_get(json_object_get(json_object_get(cobj, "status"), "dnssec"), "keys");
	const char *reason = sgn_model_condition_reason(cobj, "Ready");
	char *key = sgn_xasprintf("%s/%s", md(cobj, "namespace"), md(cobj, "name"));
	json_t *rrs = NULL;
	if (json_is_array(keys)) {
		rrs = ds_of_keys(keys);
		json_object_set(last, key, rrs);
	} else if (reason != NULL && (strcmp(reason, "Served") == 0 || strcmp(reason, "Unsigned") == 0)) {
		json_object_del(last, key);
	} else {
		rrs = json_incref(json_object_get(last, key));
	}
	size_t i;
	json_t *rr;
	json_array_foreach(rrs, i, rr)
		add_rr(list, json_string_value(json_array_get(rr, 0)), "DS", json_string_value(json_array_get(rr, 1)));
	json_decref(rrs);
	free(key);
}

/* Apex NS names of a child imported from a zoneFile (NULL if none); caller frees. */
static char **child_file_ns(sgn_store_t *store, const json_t *c, const char *child)
{
	char *att = NULL;
	if (sgn_store_attachment(store, "DNSZone", md(c, "namespace"), md(c, "name"), &att) != SGN_OK)
		return NULL;
	char **out = NULL;
	char tmpl[] = "/tmp/signet-ns-XXXXXX";
	int fd = mkstemp(tmpl);
	sgn_zonedata_t *zd = NULL;
	if (fd >= 0) {
		FILE *f = fdopen(fd, "w");
		fputs(att, f);
		fclose(f);
		if (sgn_zonedata_new(&zd, child, 3600) == SGN_OK && sgn_zonedata_import(zd, tmpl, NULL) == SGN_OK)
			out = sgn_zonedata_apex_ns(zd, false);
		unlink(tmpl);
	}
	sgn_zonedata_free(zd);
	free(att);
	return out;
}

/* Delegations of every child zone into the closest parent zone signet serves. */
static json_t *build_delegations(sgn_store_t *store, const json_t *zones, json_t *last)
{
	json_t *out = json_object();
	size_t i;
	json_t *c;
	json_array_foreach(zones, i, c) {
		char *child = zone_name_of(json_object_get(c, "spec"));
		char *pname = NULL;
		if (enclosing(zones, md(c, "namespace"), child, &pname) != NULL) {
			char *key = sgn_xasprintf("%s/%s", md(c, "namespace"), pname);
			json_t *list = json_object_get(out, key);
			if (list == NULL)
				json_object_set_new(out, key, list = json_array());
			char *cabs = absolute(child);
			char **file_ns = json_object_get(json_object_get(c, "spec"), "nameServers") == NULL
						 ? child_file_ns(store, c, child)
						 : NULL;
			delegation_ns(list, cabs, json_object_get(c, "spec"), child, file_ns);
			sgn_zonedata_names_free(file_ns);
			delegation_ds(list, c, last);
			free(cabs);
			free(key);
		}
		free(pname);
		free(child);
	}
	return out;
}

static void link_parents(sgn_model_t *m);

static json_t *state_obj(sgn_store_t *store, const char *name)
{
	json_t *v = NULL;
	if (sgn_store_get_state(store, name, &v) != SGN_OK || !json_is_object(v)) {
		json_decref(v);
		v = json_object();
	}
	return v;
}

int sgn_model_build(sgn_store_t *store, uint16_t base_port, sgn_model_t *m)
{
	memset(m, 0, sizeof(*m));
	json_t *clusters = NULL, *binsts = NULL, *zones = NULL;
	sgn_store_list(store, "Bind9Cluster", NULL, &clusters);
	sgn_store_list(store, "Bind9Instance", NULL, &binsts);
	sgn_store_list(store, "DNSZone", NULL, &zones);
	sgn_store_list(store, "DNSSECPolicy", NULL, &m->policies);
	json_t *records = list_records(store);
	json_t *ports = state_obj(store, "ports");
	json_t *secrets = state_obj(store, "secrets");
	model_state_t st = {.serials = state_obj(store, "serials"),
			    .keysecrets = state_obj(store, "keysecrets"),
			    .lastpolicy = state_obj(store, "lastpolicy")};
	bool pdirty = false, kdirty = false;
	m->rndc_secret = secret_for(store, secrets, "rndc", &kdirty);
	size_t i;
	json_t *co;
	json_array_foreach(clusters, i, co) {
		m->clusters = sgn_xrealloc(m->clusters, (m->nclusters + 1) * sizeof(sgn_mcluster_t));
		sgn_mcluster_t *c = &m->clusters[m->nclusters++];
		memset(c, 0, sizeof(*c));
		c->ns = sgn_xstrdup(md(co, "namespace"));
		c->name = sgn_xstrdup(md(co, "name"));
		static const char *const vpath[] = {"spec", "global", "dnssec", "validation", NULL};
		c->validation = json_is_true(path_get(co, vpath));
		char *key = sgn_xasprintf("xfr:%s/%s", c->ns, c->name);
		c->xfr_secret = secret_for(store, secrets, key, &kdirty);
		free(key);
		build_instances(c, json_object_get(co, "spec"), binsts, sgn_store_dir(store));
		for (size_t k = 0; k < c->ninsts; k++)
			assign_ports(ports, &c->insts[k], base_port, &pdirty);
	}
	json_t *lastds = state_obj(store, "delegationds"), *lastds0 = json_deep_copy(lastds);
	m->delegations = build_delegations(store, zones, lastds);
	json_array_foreach(zones, i, co)
		build_zone(store, m, co, records, clusters, binsts, &st);
	link_parents(m);
	int rc = SGN_OK;
	if (pdirty)
		rc = sgn_store_put_state(store, "ports", ports);
	if (st.serials_dirty && rc == SGN_OK)
		rc = sgn_store_put_state(store, "serials", st.serials);
	if (kdirty && rc == SGN_OK)
		rc = sgn_store_put_state(store, "secrets", secrets);
	if (st.keysecrets_dirty && rc == SGN_OK)
		rc = sgn_store_put_state(store, "keysecrets", st.keysecrets);
	if (st.lastpolicy_dirty && rc == SGN_OK)
		rc = sgn_store_put_state(store, "lastpolicy", st.lastpolicy);
	if (!json_equal(lastds, lastds0) && rc == SGN_OK)
		rc = sgn_store_put_state(store, "delegationds", lastds);
	json_decref(lastds);
	json_decref(lastds0);
	json_decref(st.keysecrets);
	json_decref(st.lastpolicy);
	json_decref(ports);
	json_decref(st.serials);
	json_decref(secrets);
	json_decref(records);
	json_decref(clusters);
	json_decref(binsts);
	json_decref(zones);
	return rc;
}

/* Each zone's parent among the zones served (same namespace, closest enclosing). */
static void link_parents(sgn_model_t *m)
{
	for (size_t i = 0; i < m->nzones; i++) {
		sgn_mzone_t *z = &m->zones[i];
		size_t bestlen = 0;
		z->parent = -1;
		for (size_t k = 0; k < m->nzones; k++) {
			const sgn_mzone_t *p = &m->zones[k];
			size_t l = strcmp(p->zone, ".") == 0 ? 0 : strlen(p->zone) + 1;
			if (strcmp(p->ns, z->ns) == 0 && p->text != NULL && below(z->zone, p->zone) &&
			    (z->parent < 0 || l > bestlen)) {
				z->parent = (long)k;
				bestlen = l;
			}
		}
	}
}

void sgn_model_clear(sgn_model_t *m)
{
	for (size_t i = 0; i < m->nclusters; i++) {
		sgn_mcluster_t *c = &m->clusters[i];
		for (size_t k = 0; k < c->ninsts; k++) {
			free(c->insts[k].id);
			free(c->insts[k].label);
			free(c->insts[k].dir);
		}
		free(c->insts);
		free(c->zones);
		free(c->ns);
		free(c->name);
		if (c->xfr_secret)
			sgn_secure_free(c->xfr_secret, strlen(c->xfr_secret));
	}
	for (size_t i = 0; i < m->nzones; i++) {
		sgn_mzone_t *z = &m->zones[i];
		free(z->ns);
		free(z->name);
		free(z->zone);
		free(z->cluster);
		free(z->text);
		free(z->note);
		free(z->pv_dir);
	}
	free(m->clusters);
	free(m->zones);
	if (m->rndc_secret)
		sgn_secure_free(m->rndc_secret, strlen(m->rndc_secret));
	json_decref(m->policies);
	json_decref(m->delegations);
	memset(m, 0, sizeof(*m));
}
