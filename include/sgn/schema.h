/* SPDX-License-Identifier: MIT */
/* schema.h -- resource kinds and their OpenAPI v3 schemas (bindy's CRDs plus signet's overlay). */
#ifndef SGN_SCHEMA_H
#define SGN_SCHEMA_H

#include <jansson.h>

#include "sgn/err.h"
#include "sgn/yaml.h"

typedef struct sgn_schema sgn_schema_t;

/* Loads the schemas compiled into the binary. \retval SGN_OK, SGN_EPARSE (a bug). */
int sgn_schema_load(sgn_schema_t **out);
void sgn_schema_free(sgn_schema_t *s);

/* Canonical kind ("DNSZone") for a name given the kubectl way: kind, singular,
 * plural or short name, any case. NULL if unknown. Borrowed. */
const char *sgn_schema_kind(const sgn_schema_t *s, const char *name);
/* apiVersion expected for a canonical kind. Borrowed. */
const char *sgn_schema_api_version(const sgn_schema_t *s, const char *kind);
/* "ARecord, ..., TXTRecord" for messages. Borrowed. */
const char *sgn_schema_kind_list(const sgn_schema_t *s);

/*
 * Validates value (the document's field `field`, e.g. "spec") against the
 * kind's schema for that field: types, unknown fields, required fields,
 * enums, patterns, minimum/maximum. The first error goes to diag with the
 * field path and the line from doc.
 * \retval SGN_OK, SGN_ESCHEMA
 */
int sgn_schema_validate(const sgn_schema_t *s, const char *kind, const char *field,
			const json_t *value, const sgn_yaml_doc_t *doc, sgn_diag_t *diag);

/* Top-level fields the kind's schema allows (for "unknown field" checks). */
const json_t *sgn_schema_root(const sgn_schema_t *s, const char *kind);

#endif
