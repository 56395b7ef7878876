/* SPDX-License-Identifier: MIT */
/* yaml.h -- YAML text to JSON values (jansson) that remember their source lines, and back. */
#ifndef SGN_YAML_H
#define SGN_YAML_H

#include <jansson.h>
#include <stddef.h>

#include "sgn/err.h"
#include "sgn/util.h"

/*
 * One YAML document. `lines` maps field paths ("spec.soaRecord.serial",
 * "spec.nameServers[0].hostname", "" for the document itself) to 1-based
 * source lines. Both values are owned by the document.
 */
typedef struct sgn_yaml_doc {
	json_t *value;
	json_t *lines;
	int line; /* first line of the document */
} sgn_yaml_doc_t;

/*
 * Parses every document of text. Scalars follow the Kubernetes (YAML 1.2 core)
 * rules: quoted -> string; plain true/false, null/~/empty, integers, floats
 * typed; everything else a string. Duplicate keys, aliases, tags other than
 * the standard ones and non-scalar keys are errors. Empty documents are skipped.
 * \param[out] docs  array of *ndocs documents; free with sgn_yaml_docs_free.
 * \retval SGN_OK, SGN_EPARSE (diag: file:line and the parser's reason)
 */
int sgn_yaml_parse(const char *text, size_t len, const char *filename, sgn_yaml_doc_t **docs,
		   size_t *ndocs, sgn_diag_t *diag);
void sgn_yaml_docs_free(sgn_yaml_doc_t *docs, size_t ndocs);

/* Line of a field path, or of the nearest enclosing path that has one; 0 if none. */
int sgn_yaml_line(const sgn_yaml_doc_t *doc, const char *path);

/* Appends value as a YAML block document to out (strings quoted where needed). */
void sgn_yaml_emit(const json_t *value, sgn_buf_t *out);

#endif
