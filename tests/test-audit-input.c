/* test-audit-input.c: reference lists, Compose interpolation and Compose files.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-audit-private.h"
#include "signet-error.h"

static GHashTable *
make_env (const char *first_name,
          ...)
{
  GHashTable *env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_hash_table_insert (env, g_strdup (name), g_strdup (value));
      name = va_arg (args, const char *);
    }
  va_end (args);

  return env;
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "compose", name, NULL);
}

static GBytes *
read_fixture (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("\"%s\" does not contain \"%s\"", haystack ? haystack : "(null)", needle);
}

static gboolean
notes_contain (GPtrArray  *notes,
               const char *needle)
{
  for (guint i = 0; i < notes->len; i++)
    if (strstr (g_ptr_array_index (notes, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

/* "service=reference" for each image, joined by " ", for one-line comparisons. */
static char *
images_str (GPtrArray *images)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < images->len; i++)
    {
      SignetAuditInput *input = g_ptr_array_index (images, i);

      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append_printf (s, "%s=%s", input->service ? input->service : "-",
                              input->reference);
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
parse_fixture (const char  *name,
               GHashTable  *env,
               GPtrArray  **images,
               GPtrArray  **notes,
               GError     **error)
{
  g_autoptr(GBytes) bytes = read_fixture (name);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  return _signet_audit_parse_compose (name, data, len, env, images, notes, error);
}

static char *
parse_fixture_ok (const char  *name,
                  GHashTable  *env,
                  GPtrArray  **notes_out)
{
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  parse_fixture (name, env, &images, &notes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (images);
  g_assert_nonnull (notes);
  if (notes_out != NULL)
    *notes_out = g_steal_pointer (&notes);

  return images_str (images);
}

static void
assert_fixture_fails (const char *name,
                      GHashTable *env,
                      gint        code,
                      const char *fragment)
{
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (parse_fixture (name, env, &images, &notes, &error));
  g_assert_error (error, SIGNET_ERROR, code);
  g_assert_null (images);
  g_assert_null (notes);
  assert_contains (error->message, name);
  assert_contains (error->message, fragment);
}

/* ------------------------------------------------------------------------------------ */

static char *
interp (const char *text,
        GHashTable *env)
{
  g_autoptr(GError) error = NULL;
  char *result = _signet_audit_interpolate ("f.yaml:1:1", text, env, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
assert_interp (GHashTable *env,
               const char *text,
               const char *expected)
{
  g_autofree char *got = interp (text, env);

  if (g_strcmp0 (got, expected) != 0)
    g_error ("interpolating \"%s\": got \"%s\", expected \"%s\"", text, got, expected);
}

static void
test_interpolate_operators (void)
{
  /* Each operator with the variable set, set but empty, and unset. */
  g_autoptr(GHashTable) set = make_env ("V", "val", NULL);
  g_autoptr(GHashTable) empty = make_env ("V", "", NULL);
  g_autoptr(GHashTable) unset = make_env ("OTHER", "x", NULL);
  static const struct {
    const char *text;
    const char *if_set;
    const char *if_empty;
    const char *if_unset;
  } cases[] = {
    { "$V",           "val", "",    ""    },
    { "${V}",         "val", "",    ""    },
    { "${V:-def}",    "val", "def", "def" },
    { "${V-def}",     "val", "",    "def" },
    { "${V:+alt}",    "alt", "",    ""    },
    { "${V+alt}",     "alt", "alt", ""    },
    { "${V:-}",       "val", "",    ""    },
    { "a${V}b",       "avalb", "ab", "ab" },
    { "$V.x",         "val.x", ".x", ".x" },
    { "$V-x",         "val-x", "-x", "-x" },
    { "${V:-a-b:c}",  "val", "a-b:c", "a-b:c" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      assert_interp (set, cases[i].text, cases[i].if_set);
      assert_interp (empty, cases[i].text, cases[i].if_empty);
      assert_interp (unset, cases[i].text, cases[i].if_unset);
    }
}

static void
test_interpolate_required (void)
{
  g_autoptr(GHashTable) set = make_env ("V", "val", NULL);
  g_autoptr(GHashTable) empty = make_env ("V", "", NULL);
  g_autoptr(GHashTable) unset = make_env (NULL, NULL);
  g_autoptr(GError) error = NULL;
  char *r;

  assert_interp (set, "${V:?msg}", "val");
  assert_interp (set, "${V?msg}", "val");
  assert_interp (empty, "${V?msg}", "");

  r = _signet_audit_interpolate ("f.yaml:3:12", "${V:?please set V}", empty, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "f.yaml:3:12: required variable V is empty: please set V");
  g_clear_error (&error);

  r = _signet_audit_interpolate ("f.yaml:3:12", "${V:?please set V}", unset, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "f.yaml:3:12: required variable V is not set: please set V");
  g_clear_error (&error);

  r = _signet_audit_interpolate ("f.yaml:3:12", "x${V?}", unset, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "f.yaml:3:12: required variable V is not set");
  g_clear_error (&error);

  /* The message is interpolated too. */
  {
    g_autoptr(GHashTable) env = make_env ("WHO", "ops", NULL);

    r = _signet_audit_interpolate ("f", "${V:?ask $WHO}", env, NULL, &error);
    g_assert_null (r);
    assert_contains (error->message, "required variable V is not set: ask ops");
    g_clear_error (&error);
  }
}

static void
test_interpolate_nested (void)
{
  g_autoptr(GHashTable) env = make_env ("FOO", "foo", "EMPTY", "", NULL);
  g_autoptr(GError) error = NULL;
  char *r;

  assert_interp (env, "${UNSET:-${FOO}}", "foo");
  assert_interp (env, "${UNSET:-${EMPTY:-deep}}", "deep");
  assert_interp (env, "${UNSET:-${ALSO_UNSET:-${FOO}-x}}/y", "foo-x/y");
  assert_interp (env, "${FOO:-${UNSET}}", "foo");
  assert_interp (env, "${FOO:+[${FOO}]}", "[foo]");
  assert_interp (env, "${UNSET-$FOO}", "foo");
  assert_interp (env, "${UNSET:-a}${FOO}${UNSET:-b}", "afoob");

  /* As Compose does, the word is evaluated even when not used. */
  r = _signet_audit_interpolate ("f", "${FOO:-${UNSET:?needed}}", env, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  assert_contains (error->message, "required variable UNSET is not set: needed");
}

static void
test_interpolate_dollar (void)
{
  g_autoptr(GHashTable) env = make_env ("V", "val", NULL);

  assert_interp (env, "$$", "$");
  assert_interp (env, "$$V", "$V");
  assert_interp (env, "$${V}", "${V}");
  assert_interp (env, "$$$V", "$val");
  assert_interp (env, "a$$$$b", "a$$b");
  assert_interp (env, "${V:-$$x}", "val");
  assert_interp (env, "${UNSET:-$$x}", "$x");
  /* A '$' that starts no expression is kept. */
  assert_interp (env, "price: 5$", "price: 5$");
  assert_interp (env, "$1 $- $.", "$1 $- $.");
  assert_interp (env, "no dollar", "no dollar");
}

static void
test_interpolate_invalid (void)
{
  g_autoptr(GHashTable) env = make_env ("V", "val", NULL);
  static const struct {
    const char *text;
    const char *fragment;
  } cases[] = {
    { "${V",          "without its closing" },
    { "x${V:-${W}",   "without its closing" },
    { "${}",          "must start with a letter" },
    { "${1V}",        "must start with a letter" },
    { "${V/a/b}",     "Compose supports only" },
    { "${V:}",        "Compose supports only" },
    { "${V:x}",       "Compose supports only" },
    { "${V#pre}",     "Compose supports only" },
    { "${V:-${}}",    "must start with a letter" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      char *r = _signet_audit_interpolate ("f.yaml:2:5", cases[i].text, env, NULL, &error);

      if (r != NULL)
        g_error ("\"%s\" interpolated to \"%s\"", cases[i].text, r);
      g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
      g_assert_true (g_str_has_prefix (error->message, "f.yaml:2:5: "));
      assert_contains (error->message, cases[i].fragment);
    }
}

static void
test_interpolate_unset_note (void)
{
  g_autoptr(GHashTable) env = make_env ("SET", "1", NULL);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *r = NULL;

  r = _signet_audit_interpolate ("c.yaml:4:12", "$MISSING ${MISSING} ${ALSO:-x} ${SET}",
                                 env, notes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r, ==, "  x 1");
  /* One note per variable, none for a variable with a default. */
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (notes, 0), ==,
                   "c.yaml:4:12: variable MISSING is not set; using an empty string");
}

static void
test_interpolate_deep (void)
{
  g_autoptr(GHashTable) env = make_env (NULL, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *r;

  for (guint i = 0; i < 200; i++)
    g_string_append (text, "${A:-");
  g_string_append (text, "x");
  for (guint i = 0; i < 200; i++)
    g_string_append_c (text, '}');

  r = _signet_audit_interpolate ("f", text->str, env, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  assert_contains (error->message, "nested more than");
}

/* ------------------------------------------------------------------------------------ */

static void
test_compose_basic (void)
{
  g_autoptr(GHashTable) env = make_env (NULL, NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *s = NULL;
  SignetAuditInput *web;

  g_assert_true (parse_fixture ("basic.yaml", env, &images, &notes, &error));
  g_assert_no_error (error);
  s = images_str (images);
  g_assert_cmpstr (s, ==,
                   "web=registry.lan:5000/shop/web:1.4 "
                   "api=registry.lan:5000/shop/api:2.0 "
                   "db=postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef "
                   "cache=redis:7");
  web = g_ptr_array_index (images, 0);
  g_assert_cmpstr (web->origin, ==, "basic.yaml:6:12");
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (notes, 0), ==,
                   "service builder is built locally (build:), not pulled");
}

static void
test_compose_interpolation (void)
{
  g_autoptr(GHashTable) set = make_env ("REGISTRY", "reg.lan:5000", "TAG", "1.4",
                                        "FALLBACK", "fb.lan", NULL);
  g_autoptr(GHashTable) empty = make_env ("REGISTRY", "", "TAG", "", "FALLBACK", "", NULL);
  g_autoptr(GHashTable) unset = make_env ("FALLBACK", "fb.lan", NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *s_set = parse_fixture_ok ("interpolation.yaml", set, NULL);
  g_autofree char *s_empty = NULL;
  g_autofree char *s_unset = NULL;

  g_assert_cmpstr (s_set, ==,
                   "plain=reg.lan:5000/app:1.4 "
                   "braced=reg.lan:5000/app:1.4 "
                   "soft-default=registry.lan/app:1.4 "
                   "hard-default=registry.lan/app:1.4 "
                   "soft-alt=registry.lan/app-tagged "
                   "hard-alt=registry.lan/app-tagged "
                   "nested=reg.lan:5000/library/app:1 "
                   "escaped=registry.lan/app:${TAG}");

  s_empty = parse_fixture_ok ("interpolation.yaml", empty, NULL);
  g_assert_cmpstr (s_empty, ==,
                   "plain=/app: "
                   "braced=/app: "
                   "soft-default=registry.lan/app:stable "
                   "hard-default=registry.lan/app: "
                   "soft-alt=registry.lan/app "
                   "hard-alt=registry.lan/app-tagged "
                   "nested=docker.io/library/app:1 "
                   "escaped=registry.lan/app:${TAG}");

  s_unset = parse_fixture_ok ("interpolation.yaml", unset, &notes);
  g_assert_cmpstr (s_unset, ==,
                   "plain=/app: "
                   "braced=/app: "
                   "soft-default=registry.lan/app:stable "
                   "hard-default=registry.lan/app:stable "
                   "soft-alt=registry.lan/app "
                   "hard-alt=registry.lan/app "
                   "nested=fb.lan/library/app:1 "
                   "escaped=registry.lan/app:${TAG}");
  g_assert_true (notes_contain (notes,
                                "interpolation.yaml:3:12: variable REGISTRY is not set; "
                                "using an empty string"));
  g_assert_true (notes_contain (notes, "interpolation.yaml:3:12: variable TAG is not set"));
}

static void
test_compose_required (void)
{
  g_autoptr(GHashTable) set = make_env ("TAG", "2.1", NULL);
  g_autoptr(GHashTable) empty = make_env ("TAG", "", NULL);
  g_autoptr(GHashTable) unset = make_env (NULL, NULL);
  g_autofree char *s = parse_fixture_ok ("required.yaml", set, NULL);
  g_autofree char *s2 = NULL;

  g_assert_cmpstr (s, ==, "app=registry.lan/app:2.1");
  assert_fixture_fails ("required.yaml", empty, SIGNET_ERROR_INVALID_ARGUMENT,
                        "required.yaml:5:12: required variable TAG is empty: "
                        "set TAG to the release to deploy");
  assert_fixture_fails ("required.yaml", unset, SIGNET_ERROR_INVALID_ARGUMENT,
                        "required variable TAG is not set");

  /* ${VAR?err} accepts an empty value. */
  s2 = parse_fixture_ok ("required-unset.yaml", empty, NULL);
  g_assert_cmpstr (s2, ==, "app=registry.lan/app:");
  assert_fixture_fails ("required-unset.yaml", unset, SIGNET_ERROR_INVALID_ARGUMENT,
                        "required-unset.yaml:3:12: required variable TAG is not set: "
                        "TAG must be set");
}

static void
test_compose_anchors (void)
{
  g_autoptr(GHashTable) env = make_env (NULL, NULL);
  g_autofree char *s = parse_fixture_ok ("anchors.yaml", env, NULL);

  g_assert_cmpstr (s, ==,
                   "first=registry.lan:5000/base:1 "
                   "second=registry.lan:5000/second:2 "
                   "third=registry.lan:5000/base:1 "
                   "fourth=registry.lan:5000/fourth-merged:4 "
                   "fifth=registry.lan:5000");
}

static void
test_compose_alias_bomb (void)
{
  /* Merge keys and aliases nested 40 levels, each level merging the one below twice: a
   * walk that does not share nodes would never end. */
  g_autoptr(GHashTable) env = make_env (NULL, NULL);
  g_autoptr(GString) yaml = g_string_new ("x-0: &a0 {image: \"registry.lan/deep:1\"}\n");
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *s = NULL;

  for (guint i = 1; i <= 40; i++)
    g_string_append_printf (yaml, "x-%u: &a%u {<<: [*a%u, *a%u], k%u: [*a%u, *a%u]}\n",
                            i, i, i - 1, i - 1, i, i - 1, i - 1);
  g_string_append (yaml, "services:\n  deep:\n    <<: *a40\n    x: *a40\n");

  g_assert_true (_signet_audit_parse_compose ("bomb.yaml", (const guint8 *) yaml->str,
                                              yaml->len, env, &images, &notes, &error));
  g_assert_no_error (error);
  s = images_str (images);
  g_assert_cmpstr (s, ==, "deep=registry.lan/deep:1");
}

static void
test_compose_bad_yaml (void)
{
  g_autoptr(GHashTable) env = make_env (NULL, NULL);

  assert_fixture_fails ("bad-yaml.yaml", env, SIGNET_ERROR_MALFORMED, "bad-yaml.yaml:4:");
  assert_fixture_fails ("bad-yaml.yaml", env, SIGNET_ERROR_MALFORMED, "invalid YAML");
  assert_fixture_fails ("bad-alias.yaml", env, SIGNET_ERROR_MALFORMED,
                        "bad-alias.yaml:2:8: invalid YAML: alias *nowhere");
  assert_fixture_fails ("duplicate-key.yaml", env, SIGNET_ERROR_MALFORMED,
                        "duplicate-key.yaml:4:5: mapping key \"image\" already defined");
  assert_fixture_fails ("bad-template.yaml", env, SIGNET_ERROR_MALFORMED,
                        "bad-template.yaml:3:12: invalid interpolation \"${TAG/1/2}\"");
}

static void
test_compose_structure (void)
{
  g_autoptr(GHashTable) env = make_env (NULL, NULL);
  static const struct {
    const char *yaml;
    const char *fragment;
  } cases[] = {
    { "",                                   "x.yaml: the Compose file is empty" },
    { "# only a comment\n",                 "x.yaml: the Compose file is empty" },
    { "---\n",                              "x.yaml: the Compose file is empty" },
    { "- a\n- b\n",                         "x.yaml:1:1: a Compose file is a mapping" },
    { "just a string\n",                    "x.yaml:1:1: a Compose file is a mapping" },
    { "services: web\n",                    "x.yaml:1:11: services: must be a mapping" },
    { "services:\n  web: nginx\n",          "x.yaml:2:8: service web must be a mapping" },
    { "services:\n  web:\n",                "x.yaml:2:3: service web has an empty definition" },
    { "services:\n  web:\n    image: [a]\n", "x.yaml:3:12: image of service web must be a string" },
    { "services:\n  ? [a]\n  : {image: b}\n", "x.yaml:2:5: a sequence as a mapping key" },
    { "services:\n  web:\n    <<: 3\n",     "x.yaml:3:9: a merge key (<<) takes a mapping" },
    { "services:\n  web:\n    build: .\n    image: ''\n", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) images = NULL;
      g_autoptr(GPtrArray) notes = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok = _signet_audit_parse_compose ("x.yaml", (const guint8 *) cases[i].yaml,
                                                 strlen (cases[i].yaml), env, &images, &notes,
                                                 &error);

      if (cases[i].fragment == NULL)
        {
          /* An empty image with build: is built locally. */
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpuint (images->len, ==, 0);
          g_assert_true (notes_contain (notes, "service web is built locally"));
          continue;
        }
      if (ok)
        g_error ("accepted: %s", cases[i].yaml);
      g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
      assert_contains (error->message, cases[i].fragment);
    }

  assert_fixture_fails ("no-services.yaml", env, SIGNET_ERROR_MALFORMED,
                        "no-services.yaml: no services: section");
  assert_fixture_fails ("services-list.yaml", env, SIGNET_ERROR_MALFORMED,
                        "services-list.yaml:2:3: services: must be a mapping");
  assert_fixture_fails ("empty-image.yaml", env, SIGNET_ERROR_MALFORMED,
                        "empty-image.yaml:3:12: the image of service web is empty");
}

static void
test_compose_include (void)
{
  g_autoptr(GHashTable) env = make_env (NULL, NULL);
  const char *yaml = "include:\n  - other.yaml\n";
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (_signet_audit_parse_compose ("inc.yaml", (const guint8 *) yaml, strlen (yaml),
                                              env, &images, &notes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (images->len, ==, 0);
  g_assert_true (notes_contain (notes, "inc.yaml: include: is not followed"));
}

static void
test_compose_too_large (void)
{
  g_autoptr(GHashTable) env = make_env (NULL, NULL);
  gsize len = SIGNET_AUDIT_MAX_INPUT_SIZE + 1;
  g_autofree guint8 *data = g_malloc (len);
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  memset (data, '#', len);
  g_assert_false (_signet_audit_parse_compose ("big.yaml", data, len, env, &images, &notes,
                                               &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE);
  assert_contains (error->message, "big.yaml: ");
  g_clear_error (&error);

  /* Exactly the limit is read (and here is only a comment). */
  g_assert_false (_signet_audit_parse_compose ("big.yaml", data, len - 1, env, &images, &notes,
                                               &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  assert_contains (error->message, "the Compose file is empty");
}

static void
test_compose_merge_files (void)
{
  g_autoptr(GHashTable) env = make_env (NULL, NULL);
  g_autoptr(SignetAuditCompose) compose = _signet_audit_compose_new (env);
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = fixture_path ("base.yaml");
  g_autofree char *override = fixture_path ("override.yaml");
  g_autofree char *s = NULL;
  SignetAuditInput *web;

  g_assert_true (_signet_audit_compose_add_file (compose, base, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (_signet_audit_compose_add_file (compose, override, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (_signet_audit_compose_finish (compose, &images, &notes, &error));
  g_assert_no_error (error);

  s = images_str (images);
  /* web overridden, worker gained an image (so is pulled), db kept, api reset to build
   * only, extra added. */
  g_assert_cmpstr (s, ==,
                   "web=registry.lan/web:2 worker=registry.lan/worker:2 db=postgres:15 "
                   "extra=registry.lan/extra:1");
  web = g_ptr_array_index (images, 0);
  assert_contains (web->origin, "override.yaml:3:12");
  g_assert_true (notes_contain (notes, "service api is built locally (build:), not pulled"));
  g_assert_false (notes_contain (notes, "service worker is built locally"));
}

static void
test_compose_multi_document (void)
{
  g_autoptr(GHashTable) env = make_env (NULL, NULL);
  g_autofree char *s = parse_fixture_ok ("multi-doc.yaml", env, NULL);

  g_assert_cmpstr (s, ==, "web=registry.lan/web:2 db=postgres:15");
}

static void
test_compose_extends (void)
{
  g_autoptr(GHashTable) env = make_env (NULL, NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *s = parse_fixture_ok ("extends.yaml", env, &notes);

  g_assert_cmpstr (s, ==,
                   "base=registry.lan/base:1 child=registry.lan/base:1 "
                   "grandchild=registry.lan/base:1 own-image=registry.lan/own:1");
  g_assert_true (notes_contain (notes, "service remote extends web in common.yaml, which is "
                                "not read"));
  g_assert_false (notes_contain (notes, "service remote has neither"));

  assert_fixture_fails ("extends-loop.yaml", env, SIGNET_ERROR_MALFORMED, "extends itself");
}

static void
test_compose_dollar (void)
{
  g_autoptr(GHashTable) env = make_env ("HOME", "/root", NULL);
  g_autofree char *s = parse_fixture_ok ("dollar.yaml", env, NULL);

  g_assert_cmpstr (s, ==,
                   "price=registry.lan/app:$5 literal=registry.lan/app:v1$ "
                   "shell=registry.lan/shell:1");
}

static void
test_compose_pull_policy (void)
{
  g_autoptr(GHashTable) env = make_env (NULL, NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *s = parse_fixture_ok ("pull-policy.yaml", env, &notes);

  /* pull_policy: build without build: cannot be built, so it is audited. */
  g_assert_cmpstr (s, ==, "always=registry.lan/always:1 missing-build=registry.lan/nobuild:1");
  g_assert_true (notes_contain (notes, "service dev is built locally (pull_policy: build)"));
  g_assert_true (notes_contain (notes, "service local is never pulled (pull_policy: never)"));
}

static void
test_compose_dotenv (void)
{
  g_autofree char *path = fixture_path ("dotenv/compose.yaml");
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = read_fixture ("dotenv/compose.yaml");
  g_autofree char *s = NULL;
  g_autofree char *s2 = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  /* env NULL: the .env beside the file, overridden by the process environment. */
  g_unsetenv ("REGISTRY");
  g_unsetenv ("DB_IMAGE");
  g_setenv ("TAG", "from-process", TRUE);
  g_assert_true (_signet_audit_parse_compose (path, data, len, NULL, &images, &notes, &error));
  g_assert_no_error (error);
  s = images_str (images);
  g_assert_cmpstr (s, ==,
                   "web=registry.lan:5000/web:from-process db=postgres:${NOT_EXPANDED}");
  g_clear_pointer (&images, g_ptr_array_unref);
  g_clear_pointer (&notes, g_ptr_array_unref);

  g_unsetenv ("TAG");
  g_assert_true (_signet_audit_parse_compose (path, data, len, NULL, &images, &notes, &error));
  g_assert_no_error (error);
  s2 = images_str (images);
  g_assert_cmpstr (s2, ==, "web=registry.lan:5000/web:1.4 db=postgres:${NOT_EXPANDED}");
}

static void
test_dotenv (void)
{
  const char *text =
    "# comment\n"
    "\n"
    "A=plain value  # trailing comment\n"
    "export B=\"double \\\"q\\\" ${A}\\n\"\n"
    "C='single ${A} # not a comment'\n"
    "D=${A:-x}-${UNSET:-dflt}-${FROM_ENV}\n"
    "E=a#b\n"
    "F=\n"
    "G=\"multi\n"
    "line\"\n"
    "H=after\n";
  g_autoptr(GHashTable) env = make_env ("FROM_ENV", "env", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) result = _signet_audit_parse_dotenv (".env", (const guint8 *) text,
                                                             strlen (text), env, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (result, "A"), ==, "plain value");
  g_assert_cmpstr (g_hash_table_lookup (result, "B"), ==, "double \"q\" plain value\n");
  g_assert_cmpstr (g_hash_table_lookup (result, "C"), ==, "single ${A} # not a comment");
  g_assert_cmpstr (g_hash_table_lookup (result, "D"), ==, "plain value-dflt-env");
  g_assert_cmpstr (g_hash_table_lookup (result, "E"), ==, "a#b");
  g_assert_cmpstr (g_hash_table_lookup (result, "F"), ==, "");
  g_assert_cmpstr (g_hash_table_lookup (result, "G"), ==, "multi\nline");
  g_assert_cmpstr (g_hash_table_lookup (result, "H"), ==, "after");
  g_assert_cmpuint (g_hash_table_size (result), ==, 8);
}

static void
test_dotenv_invalid (void)
{
  static const struct {
    const char *text;
    const char *fragment;
  } cases[] = {
    { "A=1\nJUSTNAME\n",   ".env:2: expected '=' after JUSTNAME" },
    { "A=1\n=value\n",     ".env:2: expected NAME=VALUE" },
    { "A=\"open\nB=2\n",   ".env:1: the value of A has no closing \"" },
    { "A='x' y\n",         ".env:1: unexpected text after the quoted value of A" },
    { "A=${B:?need B}\n",  ".env:1: required variable B is not set: need B" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) result = _signet_audit_parse_dotenv (".env",
                                                                 (const guint8 *) cases[i].text,
                                                                 strlen (cases[i].text), NULL,
                                                                 &error);

      g_assert_null (result);
      g_assert_nonnull (error);
      assert_contains (error->message, cases[i].fragment);
    }
}

/* ------------------------------------------------------------------------------------ */

static void
test_ref_list (void)
{
  g_autoptr(GBytes) bytes = read_fixture ("refs.txt");
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_audit_input_free);
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  SignetAuditInput *input;

  g_assert_true (_signet_audit_parse_ref_list ("refs.txt", data, len, images, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (images->len, ==, 3);
  input = g_ptr_array_index (images, 0);
  g_assert_cmpstr (input->reference, ==, "registry.lan/web:1");
  g_assert_cmpstr (input->origin, ==, "refs.txt:3");
  g_assert_null (input->service);
  input = g_ptr_array_index (images, 1);
  g_assert_cmpstr (input->reference, ==,
                   "registry.lan/db@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_assert_cmpstr (input->origin, ==, "refs.txt:4");
  input = g_ptr_array_index (images, 2);
  g_assert_cmpstr (input->reference, ==, "busybox");
  g_assert_cmpstr (input->origin, ==, "refs.txt:5");
}

static void
test_ref_list_invalid (void)
{
  static const struct {
    const char *text;
    gsize       len;
    gint        code;
    const char *fragment;
  } cases[] = {
    { "a\nb c\n",       6, SIGNET_ERROR_MALFORMED, "refs.txt:2: one image reference per line, found \"b c\"" },
    { "a\n\0b\n",       5, SIGNET_ERROR_MALFORMED, "refs.txt: contains NUL bytes" },
    { "a\nb\n\xff\n",   6, SIGNET_ERROR_MALFORMED, "refs.txt:3: not valid UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_audit_input_free);
      g_autoptr(GError) error = NULL;

      g_assert_false (_signet_audit_parse_ref_list ("refs.txt", (const guint8 *) cases[i].text,
                                                    cases[i].len, images, &error));
      g_assert_error (error, SIGNET_ERROR, cases[i].code);
      assert_contains (error->message, cases[i].fragment);
    }
}

static void
test_ref_list_empty (void)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_audit_input_free);
  g_autoptr(GError) error = NULL;
  const char *text = "# nothing\n\n   \n#x y z\n";

  g_assert_true (_signet_audit_parse_ref_list ("e.txt", (const guint8 *) text, strlen (text),
                                               images, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (images->len, ==, 0);
}

static void
test_load_inputs (void)
{
  g_autoptr(GHashTable) env = make_env (NULL, NULL);
  g_autofree char *base = fixture_path ("base.yaml");
  g_autofree char *override = fixture_path ("override.yaml");
  g_autofree char *refs = fixture_path ("refs.txt");
  const char *compose_files[] = { base, override, NULL };
  const char *ref_files[] = { refs, NULL };
  const char *references[] = { "registry.lan/web:2", " alpine:3.19 ", NULL };
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  g_autofree char *s = NULL;
  SignetAuditInput *last;

  inputs = _signet_audit_load_inputs (compose_files, ref_files, references, env, &notes, NULL,
                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (inputs);
  s = images_str (inputs);
  /* registry.lan/web:2 appears in override.yaml and as an argument: once. */
  g_assert_cmpstr (s, ==,
                   "web=registry.lan/web:2 worker=registry.lan/worker:2 db=postgres:15 "
                   "extra=registry.lan/extra:1 -=registry.lan/web:1 "
                   "-=registry.lan/db@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef "
                   "-=busybox -=alpine:3.19");
  last = g_ptr_array_index (inputs, inputs->len - 1);
  g_assert_cmpstr (last->origin, ==, "argument 2");
  g_assert_true (notes_contain (notes, "service api is built locally"));
}

static void
test_load_inputs_errors (void)
{
  g_autoptr(GHashTable) env = make_env (NULL, NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  const char *missing[] = { "/nonexistent/compose.yaml", NULL };
  const char *empty_arg[] = { "  ", NULL };

  inputs = _signet_audit_load_inputs (missing, NULL, NULL, env, &notes, NULL, &error);
  g_assert_null (inputs);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  assert_contains (error->message, "/nonexistent/compose.yaml: ");
  g_clear_error (&error);

  inputs = _signet_audit_load_inputs (NULL, missing, NULL, env, &notes, NULL, &error);
  g_assert_null (inputs);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  inputs = _signet_audit_load_inputs (NULL, NULL, empty_arg, env, &notes, NULL, &error);
  g_assert_null (inputs);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  assert_contains (error->message, "argument 1: empty image reference");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Signet/Unit/audit-input/interpolate/operators", test_interpolate_operators);
  g_test_add_func ("/Signet/Unit/audit-input/interpolate/required", test_interpolate_required);
  g_test_add_func ("/Signet/Unit/audit-input/interpolate/nested", test_interpolate_nested);
  g_test_add_func ("/Signet/Unit/audit-input/interpolate/dollar", test_interpolate_dollar);
  g_test_add_func ("/Signet/Unit/audit-input/interpolate/invalid", test_interpolate_invalid);
  g_test_add_func ("/Signet/Unit/audit-input/interpolate/unset-note", test_interpolate_unset_note);
  g_test_add_func ("/Signet/Unit/audit-input/interpolate/deep", test_interpolate_deep);
  g_test_add_func ("/Signet/Unit/audit-input/compose/basic", test_compose_basic);
  g_test_add_func ("/Signet/Unit/audit-input/compose/interpolation", test_compose_interpolation);
  g_test_add_func ("/Signet/Unit/audit-input/compose/required", test_compose_required);
  g_test_add_func ("/Signet/Unit/audit-input/compose/anchors", test_compose_anchors);
  g_test_add_func ("/Signet/Unit/audit-input/compose/alias-bomb", test_compose_alias_bomb);
  g_test_add_func ("/Signet/Unit/audit-input/compose/bad-yaml", test_compose_bad_yaml);
  g_test_add_func ("/Signet/Unit/audit-input/compose/structure", test_compose_structure);
  g_test_add_func ("/Signet/Unit/audit-input/compose/include", test_compose_include);
  g_test_add_func ("/Signet/Unit/audit-input/compose/too-large", test_compose_too_large);
  g_test_add_func ("/Signet/Unit/audit-input/compose/merge-files", test_compose_merge_files);
  g_test_add_func ("/Signet/Unit/audit-input/compose/multi-document", test_compose_multi_document);
  g_test_add_func ("/Signet/Unit/audit-input/compose/extends", test_compose_extends);
  g_test_add_func ("/Signet/Unit/audit-input/compose/dollar", test_compose_dollar);
  g_test_add_func ("/Signet/Unit/audit-input/compose/pull-policy", test_compose_pull_policy);
  g_test_add_func ("/Signet/Unit/audit-input/compose/dotenv", test_compose_dotenv);
  g_test_add_func ("/Signet/Unit/audit-input/dotenv/parse", test_dotenv);
  g_test_add_func ("/Signet/Unit/audit-input/dotenv/invalid", test_dotenv_invalid);
  g_test_add_func ("/Signet/Unit/audit-input/ref-list/parse", test_ref_list);
  g_test_add_func ("/Signet/Unit/audit-input/ref-list/invalid", test_ref_list_invalid);
  g_test_add_func ("/Signet/Unit/audit-input/ref-list/empty", test_ref_list_empty);
  g_test_add_func ("/Signet/Unit/audit-input/load-inputs", test_load_inputs);
  g_test_add_func ("/Signet/Unit/audit-input/load-inputs/errors", test_load_inputs_errors);

  return g_test_run ();
}
