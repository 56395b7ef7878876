/* SPDX-License-Identifier: MIT */
#include "sgn_test.h"
#include <stdio.h>
#include <string.h>

#include "sgn/err.h"
#include "sgn/util.h"
#include "sgn/yaml.h"

static sgn_yaml_doc_t *parse_ok(const char *text, size_t *n)
{
	sgn_yaml_doc_t *docs = NULL;
	sgn_diag_t d;
	sgn_diag_clear(&d);
	int rc = sgn_yaml_parse(text, strlen(text), "t.yaml", &docs, n, &d);
	if (rc != SGN_OK)
		fail_msg("parse failed: %s\n%s", d.message, text);
	return docs;
}

static void test_yaml_parse_scalar_typing(void **state)
{
	(void)state;
	static const struct {
		const char *yaml; /* value of key v */
		const char *json; /* expected, as JSON */
	} cases[] = {
		{"true", "true"},	  {"True", "true"},	      {"FALSE", "false"},
		{"false", "false"},	  {"null", "null"},	      {"~", "null"},
		{"", "null"},		  {"42", "42"},		      {"-7", "-7"},
		{"+3", "3"},		  {"0", "0"},		      {"1.5", "1.5"},
		{"-2.5e3", "-2500.0"},	  {"\"42\"", "\"42\""},	      {"'true'", "\"true\""},
		{"\"null\"", "\"null\""}, {"0755", "\"0755\""},	      {"'0755'", "\"0755\""},
		{"yes", "\"yes\""},	  {"no", "\"no\""},	      {"on", "\"on\""},
		{"abc", "\"abc\""},	  {"1h", "\"1h\""},	      {"P90D", "\"P90D\""},
		{"0x10", "\"0x10\""},	  {"!!str 5", "\"5\""},	      {"10.0.0.1", "\"10.0.0.1\""},
		{"\"a\\tb\"", "\"a\\tb\""}, {"[]", "[]"},	      {"{}", "{}"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = sgn_xasprintf("v: %s\n", cases[i].yaml);
		size_t n = 0;
		sgn_yaml_doc_t *docs = parse_ok(text, &n);
		assert_int_equal(n, 1);
		json_t *want = json_loads(cases[i].json, JSON_DECODE_ANY, NULL);
		assert_non_null(want);
		json_t *got = json_object_get(docs[0].value, "v");
		if (!json_equal(got, want)) {
			char *g = json_dumps(got, JSON_ENCODE_ANY);
			fail_msg("%s: got %s want %s", cases[i].yaml, g, cases[i].json);
		}
		json_decref(want);
		sgn_yaml_docs_free(docs, n);
		free(text);
	}
}

static void test_yaml_parse_multi_docs_skips_empty(void **state)
{
	(void)state;
	const char *text = "---\n"
			   "a: 1\n"
			   "---\n"
			   "---\n"
			   "# only a comment\n"
			   "---\n"
			   "b: 2\n"
			   "...\n"
			   "---\n"
			   "- x\n";
	size_t n = 0;
	sgn_yaml_doc_t *docs = parse_ok(text, &n);
	assert_int_equal(n, 3);
	assert_int_equal(json_integer_value(json_object_get(docs[0].value, "a")), 1);
	assert_int_equal(json_integer_value(json_object_get(docs[1].value, "b")), 2);
	assert_true(json_is_array(docs[2].value));
	assert_int_equal(docs[0].line, 1);
	assert_int_equal(docs[1].line, 6);
	assert_int_equal(sgn_yaml_line(&docs[1], "b"), 7);
	sgn_yaml_docs_free(docs, n);

	docs = parse_ok("", &n);
	assert_int_equal(n, 0);
	sgn_yaml_docs_free(docs, n);
	docs = parse_ok("---\n...\n# nothing\n", &n);
	assert_int_equal(n, 0);
	sgn_yaml_docs_free(docs, n);
}

static void test_yaml_line_paths_and_parent_fallback(void **state)
{
	(void)state;
	const char *text = "kind: X\n"	     /* 1 */
			   "spec:\n"	     /* 2 */
			   "  a:\n"	     /* 3 */
			   "    b: 1\n"	     /* 4 */
			   "    c: 2\n"	     /* 5 */
			   "x:\n"	     /* 6 */
			   "  - y: 0\n"	     /* 7 */
			   "  - y: 1\n"	     /* 8 */
			   "  - z: 9\n"	     /* 9 */
			   "    y: 2\n"	     /* 10 */
			   "  - [p, q]\n";   /* 11 */
	size_t n = 0;
	sgn_yaml_doc_t *docs = parse_ok(text, &n);
	assert_int_equal(n, 1);
	static const struct {
		const char *path;
		int line;
	} cases[] = {
		{"", 1},	     {"kind", 1},	    {"spec", 2},	  {"spec.a", 3},
		{"spec.a.b", 4},     {"spec.a.c", 5},	    {"x", 6},		  {"x[0]", 7},
		{"x[0].y", 7},	     {"x[2]", 9},	    {"x[2].y", 10},	  {"x[2].z", 9},
		{"x[3][1]", 11},
		/* absent paths fall back to the nearest parent that has a line */
		{"spec.a.missing", 3}, {"spec.a.b.deeper", 4}, {"x[2].nope", 9},
		{"x[7].y", 6},	     {"nothere", 1},	    {"nothere.at.all", 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = sgn_yaml_line(&docs[0], cases[i].path);
		if (got != cases[i].line)
			fail_msg("%s: line %d want %d", cases[i].path, got, cases[i].line);
	}
	sgn_yaml_docs_free(docs, n);
}

static void test_yaml_parse_errors_name_the_line(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int line;
		const char *msg;
	} cases[] = {
		{"a: 1\nb: 2\na: 3\n", 3, "duplicate key \"a\""},
		{"spec:\n  x: 1\n  y: 2\n  x: 3\n", 4, "duplicate key \"x\""},
		{"a: &anchor 1\nb: *anchor\n", 2, "aliases"},
		{"a: 1\nb: [1, 2\nc: 3\n", 0, "YAML syntax error"},
		{"a: 1\n  b: 2\n", 2, "YAML syntax error"},
		{"a: !!binary aGk=\n", 1, "unsupported YAML tag"},
		{"? [a]\n: 1\n", 1, "mapping keys"},
		{"ok: 1\n---\na: 1\na: 2\n", 4, "duplicate key"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sgn_yaml_doc_t *docs = (sgn_yaml_doc_t *)1;
		size_t n = 99;
		sgn_diag_t d;
		sgn_diag_clear(&d);
		int rc = sgn_yaml_parse(cases[i].text, strlen(cases[i].text), "f.yaml", &docs, &n, &d);
		if (rc != SGN_EPARSE)
			fail_msg("case %zu: rc %d", i, rc);
		if (strstr(d.message, cases[i].msg) == NULL)
			fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, d.message, cases[i].msg);
		if (cases[i].line > 0 && d.line != cases[i].line)
			fail_msg("case %zu: line %d want %d", i, d.line, cases[i].line);
		if (cases[i].line == 0 && d.line < 2)
			fail_msg("case %zu: line %d, want the line of the error", i, d.line);
		assert_string_equal(d.file, "f.yaml");
	}
}

static void test_yaml_parse_nul_in_scalar_rejected(void **state)
{
	(void)state;
	const char text[] = "a: \"x\\0y\"\n";
	sgn_yaml_doc_t *docs = NULL;
	size_t n = 0;
	sgn_diag_t d;
	sgn_diag_clear(&d);
	assert_int_equal(sgn_yaml_parse(text, sizeof(text) - 1, NULL, &docs, &n, &d), SGN_EPARSE);
	assert_non_null(strstr(d.message, "NUL"));
}

static void test_yaml_emit_round_trip(void **state)
{
	(void)state;
	static const char *values[] = {
		"{\"a\": \"42\", \"b\": \"true\", \"c\": \"null\", \"d\": \"~\", \"e\": \"1.5\", "
		"\"f\": \"0755\", \"g\": \"\", \"h\": \"False\", \"i\": \"-3\", \"j\": \"1e5\"}",
		"{\"colon\": \"a: b\", \"hash\": \"x # y\", \"q\": \"say \\\"hi\\\" and 'yo'\", "
		"\"nl\": \"line1\\nline2\\n\", \"tab\": \"a\\tb\", \"bs\": \"c:\\\\dir\", "
		"\"lead\": \" padded \", \"dash\": \"- item\", \"star\": \"*x\", \"amp\": \"&y\", "
		"\"brace\": \"{x}\", \"pct\": \"%z\", \"q2\": \"?\", \"utf\": \"\\u00e9t\\u00e9\"}",
		"{\"n\": 1, \"f\": 2.5, \"t\": true, \"no\": false, \"z\": null, \"neg\": -12}",
		"{\"eo\": {}, \"ea\": [], \"nest\": {\"eo\": {}, \"ea\": []}, \"arr\": [{}, [], 1]}",
		"{\"items\": [{\"name\": \"a\", \"labels\": {\"k\": \"v\"}, \"list\": [1, \"2\"]}, "
		"{\"name\": \"b\", \"sub\": [{\"x\": [[1, 2], [\"3\"]]}]}]}",
		"{\"true\": 1, \"42\": \"k\", \"a b\": \"c\", \"k:v\": 2, \"\": 3}",
		"[[1, [2, [3]]], {\"a\": [{\"b\": [{}]}]}]",
		"{\"spec\": {\"zoneName\": \"example.com\", \"ttl\": 3600, \"text\": [\"v=spf1 -all\"]}}",
	};
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		json_error_t err;
		json_t *v = json_loads(values[i], 0, &err);
		if (v == NULL)
			fail_msg("case %zu: bad JSON: %s", i, err.text);
		sgn_buf_t b;
		sgn_buf_init(&b);
		sgn_yaml_emit(v, &b);
		char *text = sgn_buf_take(&b);
		sgn_yaml_doc_t *docs = NULL;
		size_t n = 0;
		sgn_diag_t d;
		sgn_diag_clear(&d);
		int rc = sgn_yaml_parse(text, strlen(text), NULL, &docs, &n, &d);
		if (rc != SGN_OK || n != 1)
			fail_msg("case %zu: reparse rc %d n %zu: %s\n%s", i, rc, n, d.message, text);
		if (!json_equal(docs[0].value, v)) {
			char *g = json_dumps(docs[0].value, JSON_SORT_KEYS);
			fail_msg("case %zu: round trip differs\nemitted:\n%s\ngot: %s\nwant: %s", i,
				 text, g, values[i]);
		}
		sgn_yaml_docs_free(docs, n);
		free(text);
		json_decref(v);
	}
}

int main(void);
static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_yaml_parse_scalar_typing),
	cmocka_unit_test(test_yaml_parse_multi_docs_skips_empty),
	cmocka_unit_test(test_yaml_line_paths_and_parent_fallback),
	cmocka_unit_test(test_yaml_parse_errors_name_the_line),
	cmocka_unit_test(test_yaml_parse_nul_in_scalar_rejected),
	cmocka_unit_test(test_yaml_emit_round_trip),
};
SGN_TEST_MAIN(tests)
