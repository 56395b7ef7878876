/* SPDX-License-Identifier: MIT */
/* controller.c -- the reconcile loop: render, check, load, supervise, verify, report. */
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "controller_internal.h"
#include "sgn/controller.h"
#include "sgn/dnssec.h"
#include "sgn/runtime.h"
#include "sgn/util.h"
#include "sgn/zonecheck.h"


static volatile sig_atomic_t stop_requested;

static bool port_free(uint16_t port, bool udp_too);

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

void sgn__controller_log(const char *fmt, ...)
{
	char ts[32];
	sgn_time_rfc3339(time(NULL), ts, sizeof(ts));
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s signet: ", ts);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static char *hash_of(const char *text)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *s = text; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return sgn_xasprintf("%016llx", (unsigned long long)h);
}

static bool file_equals(const char *path, const char *text)
{
	char *cur = NULL;
	bool same = sgn_file_read(path, &cur, NULL) == SGN_OK && strcmp(cur, text) == 0;
	free(cur);
	return same;
}

static void zone_error(ctl_t *ctl, const sgn_mzone_t *z, const char *reason, const char *msg)
{
	char *key = sgn_xasprintf("%s/%s", z->ns, z->name);
	json_object_set_new(ctl->errors, key, json_pack("{s:s,s:s}", "reason", reason, "message", msg));
	/* said once per distinct message, not on every pass of the loop */
	const char *last = json_string_value(json_object_get(ctl->logged, key));
	if (last == NULL || strcmp(last, msg) != 0) {
		sgn__controller_log("zone %s (%s/%s): %s", z->zone, z->ns, z->name, msg);
		json_object_set_new(ctl->logged, key, json_string(msg));
	}
	free(key);
}

/* A tool's message for people: the temporary file named as the zone file, each line once. */
static char *tool_message(const char *msg, const char *tmp, const char *name)
{
	sgn_buf_t b;
	sgn_buf_init(&b);
	char *copy = sgn_xstrdup(msg);
	for (char *save = NULL, *part = strtok_r(copy, ";", &save); part; part = strtok_r(NULL, ";", &save)) {
		while (*part == ' ')
			part++;
		sgn_buf_t p;
		sgn_buf_init(&p);
		for (const char *c = part; *c;) {
			if (strncmp(c, tmp, strlen(tmp)) == 0) {
				sgn_buf_puts(&p, name);
				c += strlen(tmp);
			} else {
				sgn_buf_append(&p, c++, 1);
			}
		}
		if (p.len && strstr(b.data, p.data) == NULL)
			sgn_buf_printf(&b, "%s%s", b.len ? "; " : "", p.data);
		sgn_buf_clear(&p);
	}
	free(copy);
	return sgn_buf_take(&b);
}

/* Writes a checked zone file; returns false (leaving the old file) if named-checkzone rejects it. */
static bool put_zone_file(ctl_t *ctl, const sgn_minst_t *in, const sgn_mzone_t *z)
{
	char *rel = sgn_render_zone_file(z);
	char *path = sgn_path_join(in->dir, rel);
	char *tmp = sgn_xasprintf("%s.new", path);
	bool ok = true;
	if (!file_equals(path, z->text)) {
		sgn_diag_t d;
		sgn_diag_clear(&d);
		ok = sgn_file_write_atomic(tmp, z->text, strlen(z->text), 0600) == SGN_OK &&
		     sgn_runtime_checkzone(z->zone, tmp, &d) == SGN_OK;
		if (ok) {
			ok = rename(tmp, path) == 0;
		} else {
			char *clean = tool_message(d.message, tmp, rel);
			char *msg = sgn_xasprintf("named-checkzone rejected the zone data; the previous data "
						  "stays in service: %s", clean);
			free(clean);
			zone_error(ctl, z, "ConfigRejected", msg);
			free(msg);
			unlink(tmp);
		}
	}
	bool have = sgn_file_exists(path);
	free(rel);
	free(path);
	free(tmp);
	return have;
}

static void prepare_dirs(const sgn_minst_t *in, const sgn_model_t *m, const sgn_mcluster_t *c)
{
	char *p = sgn_path_join(in->dir, "zones");
	sgn_mkdir_p(p, 0700);
	free(p);
	for (size_t i = 0; in->signer && i < c->nzones; i++) {
		const sgn_mzone_t *z = &m->zones[c->zones[i]];
		if (z->policy.kind == SGN_POLICY_NONE)
			continue;
		char *kd = sgn_render_key_dir(in, z);
		sgn_mkdir_p(kd, 0700);
		free(kd);
	}
}

/* Renders, checks and installs an instance's files; a rejected named.conf is never installed. */
static void install_files(ctl_t *ctl, const sgn_model_t *m, const sgn_mcluster_t *c,
			  const sgn_minst_t *in)
{
	prepare_dirs(in, m, c);
	bool *skip = sgn_xcalloc(c->nzones + 1, sizeof(bool));
	for (size_t i = 0; in->signer && i < c->nzones; i++) {
		const sgn_mzone_t *z = &m->zones[c->zones[i]];
		skip[i] = z->text == NULL || !put_zone_file(ctl, in, z);
		char why[1400] = "";
		if (!skip[i] && z->policy.kind != SGN_POLICY_NONE && z->keysrc.kind == SGN_KEYSRC_SECRET &&
		    !sgn__controller_sync_user_keys(ctl, in, z, why, sizeof(why)))
			skip[i] = true;
		if (why[0])
			zone_error(ctl, z, "KeysRejected", why);
		if (!skip[i] && z->policy.kind != SGN_POLICY_NONE && z->keysrc.kind == SGN_KEYSRC_AUTO &&
		    !sgn__controller_backup_ok(ctl, in, z, why, sizeof(why))) {
			skip[i] = true;
			zone_error(ctl, z, "KeyBackupUnusable", why);
		}
		if (!skip[i] && z->policy.kind != SGN_POLICY_NONE &&
		    !sgn__controller_keys_readable(in, z, why, sizeof(why))) {
			/* never publish a zone without a key it has: leave it out until fixed */
			skip[i] = true;
			zone_error(ctl, z, "KeyFileUnreadable", why);
		}
	}
	char *conf = sgn_render_named_conf(m, c, in, skip);
	char *cpath = sgn_path_join(in->dir, "named.conf");
	if (!file_equals(cpath, conf)) {
		char *tmp = sgn_xasprintf("%s.new", cpath);
		sgn_diag_t d;
		sgn_diag_clear(&d);
		if (sgn_file_write_atomic(tmp, conf, strlen(conf), 0600) == SGN_OK &&
		    sgn_runtime_checkconf(tmp, &d) == SGN_OK) {
			rename(tmp, cpath);
		} else {
			char *msg = sgn_xasprintf("named-checkconf rejected the configuration of %s; the "
						  "running configuration stays: %s", in->id, d.message);
			for (size_t i = 0; i < c->nzones; i++)
				zone_error(ctl, &m->zones[c->zones[i]], "ConfigRejected", msg);
			free(msg);
			unlink(tmp);
		}
		free(tmp);
	}
	char *rconf = sgn_render_rndc_conf(m, in);
	char *rpath = sgn_path_join(in->dir, "rndc.conf");
	if (!file_equals(rpath, rconf))
		sgn_file_write_atomic(rpath, rconf, strlen(rconf), 0600);
	free(rconf);
	free(rpath);
	free(conf);
	free(cpath);
	free(skip);
}

static json_t *loaded_of(ctl_t *ctl, const char *id)
{
	json_t *l = json_object_get(ctl->loaded, id);
	if (l == NULL) {
		l = json_pack("{s:s,s:{}}", "conf", "", "zones");
		json_object_set_new(ctl->loaded, id, l);
	}
	return l;
}

/* Snapshot of what an instance's files are now (named loads exactly these on start). */
static void remember_loaded(ctl_t *ctl, const sgn_model_t *m, const sgn_mcluster_t *c,
			    const sgn_minst_t *in)
{
	json_t *l = loaded_of(ctl, in->id);
	char *cpath = sgn_path_join(in->dir, "named.conf");
	char *text = NULL;
	if (sgn_file_read(cpath, &text, NULL) == SGN_OK) {
		char *h = hash_of(text);
		json_object_set_new(l, "conf", json_string(h));
		free(h);
	}
	free(text);
	free(cpath);
	json_t *zones = json_object_get(l, "zones");
	for (size_t i = 0; i < c->nzones; i++) {
		const sgn_mzone_t *z = &m->zones[c->zones[i]];
		char *rel = sgn_render_zone_file(z);
		char *path = sgn_path_join(in->dir, rel);
		char *zt = NULL;
		if (sgn_file_read(path, &zt, NULL) == SGN_OK) {
			char *h = hash_of(zt);
			json_object_set_new(zones, z->zone, json_string(h));
			free(h);
		}
		free(zt);
		free(rel);
		free(path);
	}
}

static void rndc_do(ctl_t *ctl, const sgn_minst_t *in, const char *a, const char *b)
{
	const char *args[] = {a, b, NULL};
	char *out = NULL;
	if (sgn_runtime_rndc(ctl->rt, in->id, args, &out) != SGN_OK)
		sgn__controller_log("%s: rndc %s %s failed: %s", in->id, a, b ? b : "", out ? out : "");
	free(out);
}

/* Tells a running named about changed files: reconfig for named.conf, reload per zone. */
static void sync_running(ctl_t *ctl, const sgn_model_t *m, const sgn_mcluster_t *c,
			 const sgn_minst_t *in)
{
	json_t *before = json_deep_copy(loaded_of(ctl, in->id));
	remember_loaded(ctl, m, c, in);
	json_t *after = loaded_of(ctl, in->id);
	if (!json_equal(json_object_get(before, "conf"), json_object_get(after, "conf"))) {
		sgn__controller_log("%s: configuration changed, rndc reconfig", in->id);
		rndc_do(ctl, in, "reconfig", NULL);
	}
	const char *zone;
	json_t *h;
	json_object_foreach(json_object_get(after, "zones"), zone, h) {
		json_t *old = json_object_get(json_object_get(before, "zones"), zone);
		if (in->signer && old != NULL && !json_equal(old, h)) {
			sgn__controller_log("%s: zone %s changed, rndc reload", in->id, zone);
			rndc_do(ctl, in, "reload", zone);
		}
	}
	json_decref(before);
}

static void run_instance(ctl_t *ctl, const sgn_model_t *m, const sgn_mcluster_t *c,
			 const sgn_minst_t *in)
{
	sgn_runtime_state_t st = sgn_runtime_state(ctl->rt, in->id);
	if (st == SGN_RUNTIME_STOPPED && in->signer)
		sgn__controller_restore_keys(ctl, m, c, in);
	install_files(ctl, m, c, in);
	char *conf = sgn_path_join(in->dir, "named.conf");
	char *rconf = sgn_path_join(in->dir, "rndc.conf");
	sgn_instance_spec_t spec = {.id = in->id, .dir = in->dir, .conf = conf, .rndc_conf = rconf,
				    .dns_port = in->dns_port, .rndc_port = in->rndc_port};
	if (st == SGN_RUNTIME_RUNNING) {
		sync_running(ctl, m, c, in);
		if (in->signer)
			sgn__controller_export_keys(ctl, m, c, in);
	} else if (st == SGN_RUNTIME_STOPPED && sgn_file_exists(conf) &&
		   sgn_runtime_pid(ctl->rt, in->id) == 0 &&
		   !(port_free(in->dns_port, true) && port_free(in->rndc_port, false))) {
		char *key = sgn_xasprintf("port#%s", in->id);
		if (json_object_get(ctl->logged, key) == NULL)
			sgn__controller_log("%s: port %u or %u on 127.0.0.1 is in use by another process: not starting named",
					    in->id, in->dns_port, in->rndc_port);
		json_object_set_new(ctl->logged, key, json_true());
		free(key);
	} else if (st == SGN_RUNTIME_STOPPED && sgn_file_exists(conf)) {
		bool restarted = false;
		if (sgn_runtime_ensure(ctl->rt, &spec, &restarted) == SGN_OK &&
		    sgn_runtime_pid(ctl->rt, in->id) != 0) {
			sgn__controller_log("%s: named %s on 127.0.0.1 port %u (pid %d)", in->id,
			       restarted ? "restarted" : "started", in->dns_port,
			       (int)sgn_runtime_pid(ctl->rt, in->id));
			remember_loaded(ctl, m, c, in);
		}
	}
	free(conf);
	free(rconf);
}

static bool model_has_instance(const sgn_model_t *m, const char *id)
{
	for (size_t i = 0; i < m->nclusters; i++)
		for (size_t k = 0; k < m->clusters[i].ninsts; k++)
			if (strcmp(m->clusters[i].insts[k].id, id) == 0)
				return true;
	return false;
}

/* Stops named instances whose cluster or replica is gone (their files stay, keys included). */
static void stop_orphans(ctl_t *ctl, const sgn_model_t *m)
{
	const char **ids = NULL;
	size_t n = sgn_runtime_list(ctl->rt, &ids);
	char **copy = sgn_xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		copy[i] = sgn_xstrdup(ids[i]);
	for (size_t i = 0; i < n; i++) {
		if (!model_has_instance(m, copy[i])) {
			sgn__controller_log("%s: no longer wanted, stopping named", copy[i]);
			sgn_runtime_stop(ctl->rt, copy[i]);
			json_object_del(ctl->loaded, copy[i]);
		}
		free(copy[i]);
	}
	free(copy);
}

static void reconcile(ctl_t *ctl)
{
	sgn_model_t m;
	unsigned long long gen = 0;
	sgn_store_lock(ctl->store, false);
	sgn_store_generation(ctl->store, &gen);
	int rc = sgn_model_build(ctl->store, ctl->base_port, &m);
	sgn_store_unlock(ctl->store);
	if (rc != SGN_OK)
		sgn__controller_log("could not build the model: %s", sgn_strerror(rc));
	json_object_clear(ctl->errors);
	for (size_t i = 0; i < m.nclusters; i++)
		for (size_t k = 0; k < m.clusters[i].ninsts; k++)
			run_instance(ctl, &m, &m.clusters[i], &m.clusters[i].insts[k]);
	stop_orphans(ctl, &m);
	/* Clusters first: once a zone reports Ready, a client may at once read the
	 * cluster's status for the instance ports (system tests do). */
	for (size_t i = 0; i < m.nclusters; i++)
		sgn__controller_report_cluster(ctl, &m.clusters[i]);
	for (size_t i = 0; i < m.nzones; i++)
		sgn__controller_report_zone(ctl, &m, &m.zones[i]);
	sgn_model_clear(&m);
	/* every status now reflects what was applied up to gen (`signet wait` waits for it) */
	if (gen != ctl->observed) {
		json_t *o = json_pack("{s:I}", "generation", (json_int_t)gen);
		if (sgn_store_put_state(ctl->store, "observed", o) == SGN_OK)
			ctl->observed = gen;
		json_decref(o);
	}
}

/*
 * One controller per state directory: two would restore key directories under
 * each other's named and restart each other's instances.
 */
static int lock_state(sgn_store_t *store, int *fd)
{
	char *p = sgn_path_join(sgn_store_dir(store), "run.lock");
	*fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	int rc = SGN_OK;
	if (*fd < 0) {
		rc = SGN_EIO;
	} else if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		sgn__controller_log("another `signet run` is already using the state directory %s", sgn_store_dir(store));
		close(*fd);
		*fd = -1;
		rc = SGN_EEXIST;
	}
	free(p);
	return rc;
}

/* Whether nothing listens on 127.0.0.1:port (TCP, and UDP for DNS). named
 * binds with SO_REUSEPORT by default, so a second named would share a busy
 * port silently and answer half the queries: check before starting it. */
static bool port_free(uint16_t port, bool udp_too)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int type = 0; type < (udp_too ? 2 : 1); type++) {
		int fd = socket(AF_INET, type == 0 ? SOCK_STREAM : SOCK_DGRAM, 0);
		if (fd < 0)
			return false;
		int one = 1;
		if (type == 0) /* a TCP port in TIME_WAIT is free; a listening one is not */
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		bool ok = bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
		close(fd);
		if (!ok)
			return false;
	}
	return true;
}

int sgn_controller_run(sgn_store_t *store, const sgn_controller_opts_t *opts)
{
	ctl_t ctl = {.store = store, .base_port = opts->dns_port ? opts->dns_port : 5353};
	int lockfd = -1;
	int lrc = lock_state(store, &lockfd);
	if (lrc != SGN_OK)
		return lrc;
	if (sgn_runtime_local_new(&ctl.rt) != SGN_OK)
		return SGN_EPROC;
	ctl.loaded = json_object();
	ctl.errors = json_object();
	ctl.rndc = json_object();
	ctl.logged = json_object();
	ctl.keyblock = json_object();
	ctl.userkeys = json_object();
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sgn__controller_log("controller started, state %s; new instances get ports from %u (assigned ports are kept)",
			    sgn_store_dir(store), ctl.base_port);
	while (!stop_requested) {
		reconcile(&ctl);
		for (int i = 0; i < 10 && !stop_requested; i++) {
			struct timespec ts = {0, 100 * 1000 * 1000};
			nanosleep(&ts, NULL);
		}
	}
	sgn__controller_log("stopping every named instance");
	sgn_runtime_free(ctl.rt);
	json_decref(ctl.loaded);
	json_decref(ctl.errors);
	json_decref(ctl.rndc);
	json_decref(ctl.logged);
	json_decref(ctl.keyblock);
	json_decref(ctl.userkeys);
	sgn__controller_log("stopped");
	close(lockfd);
	return SGN_OK;
}

int sgn_controller_render(sgn_store_t *store, const sgn_controller_opts_t *opts,
			  const char *outdir, sgn_diag_t *diag)
{
	sgn_model_t m;
	int rc = sgn_model_build(store, opts->dns_port ? opts->dns_port : 5353, &m);
	/* the rendered tree is self-contained: each config names its own directory */
	if (rc == SGN_OK && sgn_mkdir_p(outdir, 0700) != SGN_OK)
		rc = SGN_EIO;
	for (size_t i = 0; rc == SGN_OK && i < m.nclusters; i++) {
		sgn_mcluster_t *c = &m.clusters[i];
		for (size_t k = 0; k < c->ninsts; k++) {
			char *abs = realpath(outdir, NULL);
			free(c->insts[k].dir);
			c->insts[k].dir = sgn_xasprintf("%s/%s/%s/%s", abs ? abs : outdir, c->ns,
							c->name, c->insts[k].label);
			free(abs);
		}
	}
	for (size_t i = 0; rc == SGN_OK && i < m.nclusters; i++) {
		const sgn_mcluster_t *c = &m.clusters[i];
		for (size_t k = 0; rc == SGN_OK && k < c->ninsts; k++) {
			const sgn_minst_t *in = &c->insts[k];
			char *dir = sgn_xasprintf("%s/zones", in->dir);
			rc = sgn_mkdir_p(dir, 0700);
			prepare_dirs(in, &m, c);
			char *conf = sgn_render_named_conf(&m, c, in, NULL);
			char *cp = sgn_xasprintf("%s/../named.conf", dir);
			if (rc == SGN_OK)
				rc = sgn_file_write_atomic(cp, conf, strlen(conf), 0600);
			for (size_t z = 0; rc == SGN_OK && in->signer && z < c->nzones; z++) {
				const sgn_mzone_t *mz = &m.zones[c->zones[z]];
				char *rel = sgn_render_zone_file(mz);
				char *zp = sgn_xasprintf("%s/../%s", dir, rel);
				if (mz->text)
					rc = sgn_file_write_atomic(zp, mz->text, strlen(mz->text), 0600);
				free(rel);
				free(zp);
			}
			if (rc != SGN_OK) {
				sgn_diag_at(diag, cp, 0, NULL, NULL);
				sgn_diag_msg(diag, "cannot write: %s", sgn_strerror(rc));
			}
			free(conf);
			free(cp);
			free(dir);
		}
	}
	for (size_t i = 0; rc == SGN_OK && i < m.nzones; i++)
		if (m.zones[i].reason[0])
			fprintf(stderr, "warning: DNSZone %s/%s not rendered: %s\n", m.zones[i].ns,
				m.zones[i].name, m.zones[i].message);
	sgn_model_clear(&m);
	return rc;
}
