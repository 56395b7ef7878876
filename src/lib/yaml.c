/* SPDX-License-Identifier: MIT */
/* yaml.c -- libyaml events to jansson values with a field-path -> line map. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "sgn/yaml.h"

/* Resources nest a dozen levels at most; a hostile file must not exhaust the stack. */
#define SGN_YAML_MAX_DEPTH 64

typedef struct parser {
	yaml_parser_t p;
	int depth;
	const char *file;
	sgn_diag_t *diag;
	json_t *lines;
} parser_t;

static int fail_at(parser_t *ps, int line, const char *path, const char *fmt, const char *arg)
{
	sgn_diag_at(ps->diag, ps->file, line, NULL, path && path[0] ? path : NULL);
	sgn_diag_msg(ps->diag, fmt, arg);
	return SGN_EPARSE;
}

static int next_event(parser_t *ps, yaml_event_t *ev)
{
	if (yaml_parser_parse(&ps->p, ev))
		return SGN_OK;
	int line = (int)ps->p.problem_mark.line + 1;
	sgn_diag_at(ps->diag, ps->file, line, NULL, NULL);
	sgn_diag_msg(ps->diag, "YAML syntax error: %s%s%s",
		     ps->p.problem ? ps->p.problem : "unknown problem",
		     ps->p.context ? " " : "", ps->p.context ? ps->p.context : "");
	return SGN_EPARSE;
}

static bool is_int(const char *s)
{
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (*p == '\0')
		return false;
	if (p[0] == '0' && p[1] != '\0')
		return false; /* 0755 style: keep as string, YAML 1.2 core says octal needs 0o */
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}

static bool is_float(const char *s)
{
	if (!strpbrk(s, ".eE") || !isdigit((unsigned char)s[strspn(s, "+-.")]))
		return false;
	char *end = NULL;
	errno = 0;
	strtod(s, &end);
	return errno == 0 && end && *end == '\0';
}

static json_t *plain_scalar(const char *s)
{
	if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0)
		return json_true();
	if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0)
		return json_false();
	if (s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0)
		return json_null();
	if (is_int(s)) {
		errno = 0;
		long long v = strtoll(s, NULL, 10);
		if (errno == 0)
			return json_integer(v);
	}
	if (is_float(s))
		return json_real(strtod(s, NULL));
	return json_string(s);
}

static json_t *scalar_value(parser_t *ps, yaml_event_t *ev, const char *path, int *rc)
{
	const char *tag = (const char *)ev->data.scalar.tag;
	const char *text = (const char *)ev->data.scalar.value;
	if (strlen(text) != ev->data.scalar.length) {
		*rc = fail_at(ps, (int)ev->start_mark.line + 1, path, "%s",
			      "NUL character in a YAML scalar");
		return NULL;
	}
	if (tag != NULL && strcmp(tag, YAML_STR_TAG) != 0 && strcmp(tag, "!") != 0) {
		*rc = fail_at(ps, (int)ev->start_mark.line + 1, path,
			      "unsupported YAML tag %s", tag);
		return NULL;
	}
	if (tag != NULL || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return json_string(text);
	json_t *v = plain_scalar(text);
	if (v == NULL)
		*rc = fail_at(ps, (int)ev->start_mark.line + 1, path, "%s",
			      "scalar is not valid UTF-8");
	return v;
}

static int parse_node(parser_t *ps, yaml_event_t *ev, const char *path, json_t **out);

static void note_line(parser_t *ps, const char *path, const yaml_event_t *ev)
{
	json_object_set_new(ps->lines, path, json_integer((json_int_t)ev->start_mark.line + 1));
}

static int parse_mapping(parser_t *ps, const char *path, json_t **out)
{
	json_t *obj = json_object();
	int rc = SGN_OK;
	for (;;) {
		yaml_event_t kev;
		if ((rc = next_event(ps, &kev)) != SGN_OK)
			break;
		if (kev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&kev);
			break;
		}
		if (kev.type != YAML_SCALAR_EVENT) {
			rc = fail_at(ps, (int)kev.start_mark.line + 1, path, "%s",
				     "mapping keys must be plain strings");
			yaml_event_delete(&kev);
			break;
		}
		const char *key = (const char *)kev.data.scalar.value;
		if (strlen(key) != kev.data.scalar.length) {
			rc = fail_at(ps, (int)kev.start_mark.line + 1, path, "%s",
				     "NUL character in a YAML mapping key");
			yaml_event_delete(&kev);
			break;
		}
		char *child = path[0] ? sgn_xasprintf("%s.%s", path, key) : sgn_xstrdup(key);
		if (json_object_get(obj, key) != NULL)
			rc = fail_at(ps, (int)kev.start_mark.line + 1, child,
				     "duplicate key \"%s\"", key);
		note_line(ps, child, &kev);
		yaml_event_t vev;
		json_t *val = NULL;
		if (rc == SGN_OK && (rc = next_event(ps, &vev)) == SGN_OK) {
			rc = parse_node(ps, &vev, child, &val);
			yaml_event_delete(&vev);
		}
		if (rc == SGN_OK)
			json_object_set_new(obj, key, val);
		free(child);
		yaml_event_delete(&kev);
		if (rc != SGN_OK)
			break;
	}
	if (rc != SGN_OK) {
		json_decref(obj);
		return rc;
	}
	*out = obj;
	return SGN_OK;
}

static int parse_sequence(parser_t *ps, const char *path, json_t **out)
{
	json_t *arr = json_array();
	int rc = SGN_OK;
	for (size_t i = 0;; i++) {
		yaml_event_t ev;
		if ((rc = next_event(ps, &ev)) != SGN_OK)
			break;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		char *child = sgn_xasprintf("%s[%zu]", path, i);
		note_line(ps, child, &ev);
		json_t *val = NULL;
		rc = parse_node(ps, &ev, child, &val);
		free(child);
		yaml_event_delete(&ev);
		if (rc != SGN_OK)
			break;
		json_array_append_new(arr, val);
	}
	if (rc != SGN_OK) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return SGN_OK;
}

/* Only the standard tags of the node's own type; !!python/..., !!set etc. are refused. */
static int check_collection_tag(parser_t *ps, const yaml_event_t *ev, const char *path,
				const char *tag, const char *std)
{
	if (tag == NULL || strcmp(tag, std) == 0 || strcmp(tag, "!") == 0)
		return SGN_OK;
	return fail_at(ps, (int)ev->start_mark.line + 1, path, "unsupported YAML tag %s", tag);
}

static int parse_collection(parser_t *ps, yaml_event_t *ev, const char *path, json_t **out)
{
	bool map = ev->type == YAML_MAPPING_START_EVENT;
	const char *tag = (const char *)(map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag);
	int rc = check_collection_tag(ps, ev, path, tag, map ? YAML_MAP_TAG : YAML_SEQ_TAG);
	if (rc != SGN_OK)
		return rc;
	if (ps->depth >= SGN_YAML_MAX_DEPTH) {
		sgn_diag_at(ps->diag, ps->file, (int)ev->start_mark.line + 1, NULL, NULL);
		sgn_diag_msg(ps->diag, "YAML nesting deeper than %d levels", SGN_YAML_MAX_DEPTH);
		return SGN_EPARSE;
	}
	ps->depth++;
	rc = map ? parse_mapping(ps, path, out) : parse_sequence(ps, path, out);
	ps->depth--;
	return rc;
}

static int parse_node(parser_t *ps, yaml_event_t *ev, const char *path, json_t **out)
{
	int rc = SGN_OK;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		*out = scalar_value(ps, ev, path, &rc);
		return *out ? SGN_OK : rc;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		return parse_collection(ps, ev, path, out);
	case YAML_ALIAS_EVENT:
		return fail_at(ps, (int)ev->start_mark.line + 1, path, "%s",
			       "YAML aliases (*name) are not supported");
	default:
		return fail_at(ps, (int)ev->start_mark.line + 1, path, "%s",
			       "unexpected YAML structure");
	}
}

static void push_doc(sgn_yaml_doc_t **docs, size_t *n, json_t *v, json_t *lines, int line)
{
	*docs = sgn_xrealloc(*docs, (*n + 1) * sizeof(**docs));
	(*docs)[*n] = (sgn_yaml_doc_t){.value = v, .lines = lines, .line = line};
	(*n)++;
}

int sgn_yaml_parse(const char *text, size_t len, const char *filename, sgn_yaml_doc_t **docs,
		   size_t *ndocs, sgn_diag_t *diag)
{
	parser_t ps = {.file = filename, .diag = diag};
	yaml_parser_initialize(&ps.p);
	yaml_parser_set_input_string(&ps.p, (const unsigned char *)text, len);
	sgn_yaml_doc_t *out = NULL;
	size_t n = 0;
	int rc = SGN_OK;
	for (;;) {
		yaml_event_t ev;
		if ((rc = next_event(&ps, &ev)) != SGN_OK)
			break;
		yaml_event_type_t type = ev.type;
		int line = (int)ev.start_mark.line + 1;
		if (type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		yaml_event_delete(&ev);
		if (type != YAML_DOCUMENT_START_EVENT)
			continue;
		yaml_event_t root;
		if ((rc = next_event(&ps, &root)) != SGN_OK)
			break;
		ps.lines = json_object();
		json_object_set_new(ps.lines, "", json_integer(line));
		json_t *v = NULL;
		rc = parse_node(&ps, &root, "", &v);
		yaml_event_delete(&root);
		if (rc != SGN_OK) {
			json_decref(ps.lines);
			break;
		}
		yaml_event_t end;
		if ((rc = next_event(&ps, &end)) != SGN_OK) {
			json_decref(v);
			json_decref(ps.lines);
			break;
		}
		yaml_event_delete(&end);
		if (json_is_null(v)) {
			json_decref(v);
			json_decref(ps.lines);
			continue;
		}
		push_doc(&out, &n, v, ps.lines, line);
	}
	yaml_parser_delete(&ps.p);
	if (rc != SGN_OK) {
		sgn_yaml_docs_free(out, n);
		return rc;
	}
	*docs = out;
	*ndocs = n;
	return SGN_OK;
}

void sgn_yaml_docs_free(sgn_yaml_doc_t *docs, size_t ndocs)
{
	for (size_t i = 0; i < ndocs; i++) {
		json_decref(docs[i].value);
		json_decref(docs[i].lines);
	}
	free(docs);
}

int sgn_yaml_line(const sgn_yaml_doc_t *doc, const char *path)
{
	char *p = sgn_xstrdup(path);
	int line = 0;
	for (;;) {
		json_t *l = json_object_get(doc->lines, p);
		if (l != NULL) {
			line = (int)json_integer_value(l);
			break;
		}
		char *cut = strrchr(p, '.');
		char *br = strrchr(p, '[');
		if (br != NULL && (cut == NULL || br > cut))
			cut = br;
		if (cut == NULL) {
			line = p[0] ? doc->line : 0;
			if (p[0] == '\0')
				break;
			p[0] = '\0';
			continue;
		}
		*cut = '\0';
	}
	free(p);
	return line;
}

/* ---- emitter ---- */

static bool needs_quotes(const char *s)
{
	if (s[0] == '\0' || isspace((unsigned char)s[0]) ||
	    isspace((unsigned char)s[strlen(s) - 1]))
		return true;
	if (strpbrk(s, ":#{}[],&*!|>'\"%@`\n\t\\") != NULL || s[0] == '-' || s[0] == '?')
		return true;
	json_t *v = plain_scalar(s);
	bool typed = !json_is_string(v);
	json_decref(v);
	return typed;
}

static void emit_string(const char *s, sgn_buf_t *out)
{
	if (!needs_quotes(s)) {
		sgn_buf_puts(out, s);
		return;
	}
	/* JSON string syntax is valid YAML double-quoted syntax. */
	json_t *js = json_string(s);
	char *q = js ? json_dumps(js, JSON_ENCODE_ANY) : NULL;
	json_decref(js);
	sgn_buf_puts(out, q ? q : "\"\"");
	free(q);
}

static void indent(sgn_buf_t *out, int depth)
{
	for (int i = 0; i < depth; i++)
		sgn_buf_puts(out, "  ");
}

static void emit_scalar(const json_t *v, sgn_buf_t *out)
{
	if (json_is_string(v))
		emit_string(json_string_value(v), out);
	else if (json_is_null(v))
		sgn_buf_puts(out, "null");
	else {
		char *s = json_dumps(v, JSON_ENCODE_ANY);
		sgn_buf_puts(out, s);
		free(s);
	}
}

static bool is_empty_container(const json_t *v)
{
	return (json_is_object(v) && json_object_size(v) == 0) ||
	       (json_is_array(v) && json_array_size(v) == 0);
}

static void emit_value(const json_t *v, sgn_buf_t *out, int depth);

static void emit_child(const json_t *v, sgn_buf_t *out, int depth)
{
	if (is_empty_container(v)) {
		sgn_buf_puts(out, json_is_object(v) ? " {}\n" : " []\n");
	} else if (json_is_object(v) || json_is_array(v)) {
		sgn_buf_puts(out, "\n");
		emit_value(v, out, depth);
	} else {
		sgn_buf_puts(out, " ");
		emit_scalar(v, out);
		sgn_buf_puts(out, "\n");
	}
}

static void emit_value(const json_t *v, sgn_buf_t *out, int depth)
{
	const char *key;
	json_t *child;
	size_t i;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, child) {
			indent(out, depth);
			emit_string(key, out);
			sgn_buf_puts(out, ":");
			emit_child(child, out, depth + 1);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child) {
			indent(out, depth);
			sgn_buf_puts(out, "-");
			emit_child(child, out, depth + 1);
		}
	} else {
		indent(out, depth);
		emit_scalar(v, out);
		sgn_buf_puts(out, "\n");
	}
}

void sgn_yaml_emit(const json_t *value, sgn_buf_t *out)
{
	emit_value(value, out, 0);
}
