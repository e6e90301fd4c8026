/* test-json.c: strict parsing, canonical JSON and notary file bytes.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-error.h"
#include "signet-json-private.h"

#define NOTARY_FIXTURES \
  "/usr/share/gocode/src/github.com/theupdateframework/notary/fixtures/compatibility"

static JsonNode *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = _signet_json_parse ((const guint8 *) text, strlen (text), "test", &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
assert_bytes_eq (GBytes     *bytes,
                 const char *expected)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *got = g_strndup (data, len);

  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpuint (len, ==, strlen (expected));
}

static void
assert_canonical (const char *input,
                  const char *expected)
{
  g_autoptr(JsonNode) node = parse_ok (input);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = _signet_json_canonical (node, &error);

  g_assert_no_error (error);
  assert_bytes_eq (bytes, expected);
}

static void
assert_escaped (const char *input,
                const char *expected)
{
  g_autoptr(JsonNode) node = parse_ok (input);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = _signet_json_canonical_escaped (node, &error);

  g_assert_no_error (error);
  assert_bytes_eq (bytes, expected);
}

static void
assert_parse_fails (const char *input,
                    gssize      len,
                    const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = _signet_json_parse ((const guint8 *) input, len < 0 ? strlen (input) : (gsize) len,
                             "doc.json", &error);
  if (node != NULL)
    g_error ("parsed invalid JSON: %s", input);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_assert_true (g_str_has_prefix (error->message, "doc.json: "));
  if (strstr (error->message, fragment) == NULL)
    g_error ("error '%s' does not contain '%s'", error->message, fragment);
}

static void
test_canonical_sorting (void)
{
  assert_canonical ("{ \"b\" : 1, \"a\" : { \"z\": [3, 1, {\"y\":true,\"x\":null}], \"B\": false } }",
                    "{\"a\":{\"B\":false,\"z\":[3,1,{\"x\":null,\"y\":true}]},\"b\":1}");
  /* raw byte order: upper case before lower case, "a" before "aa", ASCII before UTF-8 */
  assert_canonical ("{\"é\":1,\"aa\":2,\"a\":3,\"Z\":4,\"_\":5}",
                    "{\"Z\":4,\"_\":5,\"a\":3,\"aa\":2,\"é\":1}");
  assert_canonical ("[]", "[]");
  assert_canonical ("{}", "{}");
  assert_canonical ("  \"top\"\n", "\"top\"");
}

static void
test_canonical_strings (void)
{
  /* Only " and \ are escaped; everything else raw, control characters included. */
  assert_canonical ("{\"v3<\\u00e9>&\":\"a\\\"b\\\\c\\/d\"}",
                    "{\"v3<é>&\":\"a\\\"b\\\\c/d\"}");
  assert_canonical ("[\"line1\\nline2\\t\\r\\u0001\\u2028\\u007f\"]",
                    "[\"line1\nline2\t\r\001\xe2\x80\xa8\x7f\"]");
  assert_canonical ("[\"\\ud83d\\ude00\"]", "[\"\xf0\x9f\x98\x80\"]");
}

static void
test_escaped_strings (void)
{
  assert_escaped ("{\"targets\":{\"v3<é>&\":{\"length\":6}}}",
                  "{\"targets\":{\"v3\\u003cé\\u003e\\u0026\":{\"length\":6}}}");
  assert_escaped ("[\"a\\nb\\rc\\td\\u0001e\\u001fg\\u007f/\\\"\\\\\"]",
                  "[\"a\\nb\\rc\\td\\u0001e\\u001fg\x7f/\\\"\\\\\"]");
  assert_escaped ("[\"\\u2028x\\u2029\\u2027\"]", "[\"\\u2028x\\u2029\xe2\x80\xa7\"]");
  assert_escaped ("[\"\\b\\f\"]", "[\"\\u0008\\u000c\"]");
}

static void
test_integers (void)
{
  assert_canonical ("[0, -0, -1, 42, 1e3, 1E+2, 1.0, -2.5e1, 10e-1]",
                    "[0,0,-1,42,1000,100,1,-25,1]");
  assert_canonical ("[9007199254740992, -9007199254740992, 1234567890123]",
                    "[9007199254740992,-9007199254740992,1234567890123]");
  assert_canonical ("[9.007199254740992e15]", "[9007199254740992]");
}

static void
test_non_integers (void)
{
  const char *bad[] = { "1.5", "[1,{\"a\":0.1}]", "-0.5", "1e-1", "9.007199254740994e15", "1e300" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = parse_ok (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = _signet_json_canonical (node, &error);

      g_assert_null (bytes);
      g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
      g_clear_error (&error);
      bytes = _signet_json_canonical_escaped (node, &error);
      g_assert_null (bytes);
      g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
    }

  {
    g_autoptr(JsonNode) node = json_node_init_int (json_node_alloc (), G_MAXINT64);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = _signet_json_canonical (node, &error);

    g_assert_null (bytes);
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  }
}

static void
test_parse_errors (void)
{
  assert_parse_fails ("{\n  \"a\": 1,\n  \"b\": x\n}", -1, "line 3, column 8");
  assert_parse_fails ("{\"a\":1,}", -1, "line 1, column 8");
  assert_parse_fails ("[1,]", -1, "unexpected ']'");
  assert_parse_fails ("[/*c*/1]", -1, "unexpected '/'");
  assert_parse_fails ("['a']", -1, "unexpected");
  assert_parse_fails ("[0x10]", -1, "expected ',' or ']'");
  assert_parse_fails ("[01]", -1, "leading zero");
  assert_parse_fails ("[.5]", -1, "unexpected '.'");
  assert_parse_fails ("[+1]", -1, "unexpected '+'");
  assert_parse_fails ("[1.]", -1, "no digit after");
  assert_parse_fails ("[1e]", -1, "exponent");
  assert_parse_fails ("[1e999]", -1, "out of range");
  assert_parse_fails ("[9007199254740993]", -1, "beyond 2^53");
  assert_parse_fails ("[-18446744073709551617]", -1, "beyond 2^53");
  assert_parse_fails ("{\"a\":1,\"a\":2}", -1, "duplicate member \"a\"");
  assert_parse_fails ("[\"a\nb\"]", -1, "control character 0x0a");
  assert_parse_fails ("[\"\\ud800\"]", -1, "lone high surrogate");
  assert_parse_fails ("[\"\\udc00\"]", -1, "lone low surrogate");
  assert_parse_fails ("[\"a\\u0000b\"]", -1, "\\u0000");
  assert_parse_fails ("[\"\\x\"]", -1, "invalid escape");
  assert_parse_fails ("[\"\xc3\x28\"]", -1, "invalid UTF-8");
  assert_parse_fails ("[\"\xc0\xaf\"]", -1, "invalid UTF-8");      /* overlong */
  assert_parse_fails ("[\"\xed\xa0\x80\"]", -1, "invalid UTF-8");  /* encoded surrogate */
  assert_parse_fails ("[\"abc", -1, "unterminated string");
  assert_parse_fails ("[1] [2]", -1, "trailing data");
  assert_parse_fails ("", 0, "unexpected end");
  assert_parse_fails ("   ", -1, "unexpected end");
  assert_parse_fails ("\xef\xbb\xbf{}", -1, "byte 0xef");
  assert_parse_fails ("[tru]", -1, "expected true");
  assert_parse_fails ("[1\0]", 4, "line 1, column 3: expected ',' or ']'");
  assert_parse_fails ("\0", 1, "byte 0x00");
  assert_parse_fails ("{\"a\" 1}", -1, "expected ':'");
  assert_parse_fails ("{1:1}", -1, "member name");

  /* column counts characters, not bytes */
  assert_parse_fails ("[\"é\", x]", -1, "line 1, column 7");

  /* nesting bomb */
  {
    g_autoptr(GString) deep = g_string_new (NULL);

    for (guint i = 0; i < 100000; i++)
      g_string_append_c (deep, '[');
    assert_parse_fails (deep->str, -1, "nesting deeper");
  }
}

static void
test_parse_values (void)
{
  g_autoptr(JsonNode) node = parse_ok ("{\"s\":\"v3<\\u00e9>&\\n\",\"i\":-7,\"b\":false,\"n\":null,"
                                       "\"d\":1e3,\"a\":[true]}");
  JsonObject *object = json_node_get_object (node);

  g_assert_cmpstr (json_object_get_string_member (object, "s"), ==, "v3<é>&\n");
  g_assert_cmpint (json_object_get_int_member (object, "i"), ==, -7);
  g_assert_false (json_object_get_boolean_member (object, "b"));
  g_assert_true (json_object_get_null_member (object, "n"));
  g_assert_cmpfloat (json_object_get_double_member (object, "d"), ==, 1000.0);
  g_assert_true (json_array_get_boolean_element (json_object_get_array_member (object, "a"), 0));
}

static void
test_too_large (void)
{
  g_autoptr(GError) error = NULL;
  guint8 *big = g_malloc (SIGNET_JSON_MAX_SIZE + 1);
  JsonNode *node;

  big[0] = '[';
  node = _signet_json_parse (big, SIGNET_JSON_MAX_SIZE + 1, "huge.json", &error);
  g_assert_null (node);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "huge.json: "));
  g_free (big);
}

static void
test_file_bytes (void)
{
  g_autoptr(JsonNode) node = parse_ok ("{\"version\":3,\"_type\":\"Targets\","
                                       "\"targets\":{\"v3<é>&\":{\"length\":6}}}");
  g_autoptr(GPtrArray) sigs = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_signature_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = _signet_json_file_bytes (node, sigs, &error);
  g_assert_no_error (error);
  assert_bytes_eq (bytes, "{\"signed\":{\"_type\":\"Targets\",\"targets\":{\"v3\\u003cé\\u003e\\u0026\":"
                          "{\"length\":6}},\"version\":3},\"signatures\":[]}");
  g_clear_pointer (&bytes, g_bytes_unref);

  g_ptr_array_add (sigs, _signet_signature_new ("aa", "ecdsa", "QUJD"));
  g_ptr_array_add (sigs, _signet_signature_new ("bb", "rsapss", "REVG"));
  bytes = _signet_json_file_bytes (node, sigs, &error);
  g_assert_no_error (error);
  assert_bytes_eq (bytes, "{\"signed\":{\"_type\":\"Targets\",\"targets\":{\"v3\\u003cé\\u003e\\u0026\":"
                          "{\"length\":6}},\"version\":3},\"signatures\":["
                          "{\"keyid\":\"aa\",\"method\":\"ecdsa\",\"sig\":\"QUJD\"},"
                          "{\"keyid\":\"bb\",\"method\":\"rsapss\",\"sig\":\"REVG\"}]}");
  g_clear_pointer (&bytes, g_bytes_unref);

  /* A non-integral number anywhere fails the whole file. */
  {
    g_autoptr(JsonNode) bad = parse_ok ("{\"x\":[0.5]}");

    bytes = _signet_json_file_bytes (bad, sigs, &error);
    g_assert_null (bytes);
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  }
}

static void
collect_json_files (const char *dir,
                    GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_json_files (path, out);
      else if (g_str_has_suffix (name, ".json") && strstr (path, "/metadata/") != NULL)
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
}

static void
round_trip_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) sigs = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_signature_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) escaped = NULL;
  g_autoptr(GBytes) expected = NULL;
  JsonObject *object;
  JsonArray *array;

  g_test_message ("fixture %s", path);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  root = _signet_json_parse ((const guint8 *) contents, len, path, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  array = json_object_get_array_member (object, "signatures");
  g_assert_cmpuint (json_array_get_length (array), >=, 1);
  for (guint j = 0; j < json_array_get_length (array); j++)
    {
      JsonObject *s = json_array_get_object_element (array, j);

      g_ptr_array_add (sigs, _signet_signature_new (json_object_get_string_member (s, "keyid"),
                                                    json_object_get_string_member (s, "method"),
                                                    json_object_get_string_member (s, "sig")));
    }

  bytes = _signet_json_file_bytes (json_object_get_member (object, "signed"), sigs, &error);
  g_assert_no_error (error);
  expected = g_bytes_new_static (contents, len);
  g_assert_true (g_bytes_equal (bytes, expected));

  /* The escaped canonical form of "signed" is the file's "signed" text. */
  escaped = _signet_json_canonical_escaped (json_object_get_member (object, "signed"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, strlen ("{\"signed\":") + g_bytes_get_size (escaped));
  g_assert_true (memcmp (contents + strlen ("{\"signed\":"), g_bytes_get_data (escaped, NULL),
                         g_bytes_get_size (escaped)) == 0);
}

static void
test_fixture_round_trip (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  collect_json_files (NOTARY_FIXTURES, files);
  /* notary0.1: 4 base roles; notary0.3: 4 base roles + targets/releases */
  g_assert_cmpuint (files->len, ==, 9);

  for (guint i = 0; i < files->len; i++)
    round_trip_file (g_ptr_array_index (files, i));
}

/* Files written by notary 0.7 in tests/fixtures/notary07 (see its README.md). */
static void
test_notary07_round_trip (void)
{
  const char *names[] = { "1.root.json", "root.json", "targets.json", "snapshot.json",
                          "timestamp.json" };
  g_autofree char *targets_path = g_test_build_filename (G_TEST_DIST, "fixtures", "notary07",
                                                        "targets.json", NULL);
  g_autofree char *targets = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) canonical = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "notary07",
                                                     names[i], NULL);

      round_trip_file (path);
    }

  /* The data covers the escapes: the file has \u003c…, the canonical (signed) form raw <é>&. */
  g_assert_true (g_file_get_contents (targets_path, &targets, NULL, NULL));
  g_assert_nonnull (strstr (targets, "\"v3\\u003cé\\u003e\\u0026\":"));
  g_assert_nonnull (strstr (targets, "\"custom\":{\"a\":\"x\",\"b\":[1,2]}"));
  root = _signet_json_parse ((const guint8 *) targets, strlen (targets), targets_path, &error);
  g_assert_no_error (error);
  canonical = _signet_json_canonical (json_object_get_member (json_node_get_object (root), "signed"),
                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (canonical, NULL), g_bytes_get_size (canonical),
                                  "\"v3<é>&\":"));
}

/* The scan must never call text canonical that the canonical writer would write otherwise
 * (that would let a signature over a non-canonical spelling pass, which notary refuses). */
static void
test_is_canonical (void)
{
  static const char *yes[] = {
    "{}", "[]", "0", "-1", "123456789012345", "\"\"", "true", "null",
    "{\"a\":1,\"b\":[1,2,{\"c\":null}]}",
    "{\"_type\":\"Targets\",\"v3<\xc3\xa9>&\":\"x\\\"y\\\\\"}",
    "{\"A\":1,\"a\":2}", "{\"a\":1,\"ab\":2}",
  };
  static const char *no[] = {
    "", " {}", "{} ", "{ }", "{\"b\":1,\"a\":2}", "{\"a\":1,\"a\":2}", "{\"ab\":1,\"a\":2}",
    "1.0", "1e3", "-0", "01", "1234567890123456", "\"\\u0041\"", "\"\\n\"", "\"\\/\"",
    "{\"a\\\"\":1}", "[1,]", "{\"a\":1,}", "tru", "[1 ,2]", "{\"a\" :1}", "\"\x01\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GBytes) canon = NULL;

      g_test_message ("canonical: %s", yes[i]);
      g_assert_true (_signet_json_is_canonical ((const guint8 *) yes[i], strlen (yes[i])));
      node = _signet_json_parse ((const guint8 *) yes[i], strlen (yes[i]), "test", &error);
      g_assert_no_error (error);
      canon = _signet_json_canonical (node, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (canon, NULL), g_bytes_get_size (canon), yes[i], strlen (yes[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    {
      g_test_message ("not canonical: %s", no[i]);
      g_assert_false (_signet_json_is_canonical ((const guint8 *) no[i], strlen (no[i])));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Signet/Unit/json/canonical-sorting", test_canonical_sorting);
  g_test_add_func ("/Signet/Unit/json/canonical-strings", test_canonical_strings);
  g_test_add_func ("/Signet/Unit/json/escaped-strings", test_escaped_strings);
  g_test_add_func ("/Signet/Unit/json/integers", test_integers);
  g_test_add_func ("/Signet/Unit/json/non-integers", test_non_integers);
  g_test_add_func ("/Signet/Unit/json/parse-errors", test_parse_errors);
  g_test_add_func ("/Signet/Unit/json/parse-values", test_parse_values);
  g_test_add_func ("/Signet/Unit/json/too-large", test_too_large);
  g_test_add_func ("/Signet/Unit/json/file-bytes", test_file_bytes);
  g_test_add_func ("/Signet/Unit/json/is-canonical", test_is_canonical);
  g_test_add_func ("/Signet/Unit/json/fixture-round-trip", test_fixture_round_trip);
  g_test_add_func ("/Signet/Unit/json/notary07-round-trip", test_notary07_round_trip);

  return g_test_run ();
}
