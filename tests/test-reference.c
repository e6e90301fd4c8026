/* test-reference.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-error.h"
#include "signet-reference.h"

typedef struct
{
  const char *text;
  const char *registry;
  const char *repository;
  const char *tag;
  const char *digest;
  const char *gun;
} Good;

#define D64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const Good good[] = {
  { "alpine", "docker.io", "library/alpine", NULL, NULL, "docker.io/library/alpine" },
  { "alpine:3", "docker.io", "library/alpine", "3", NULL, "docker.io/library/alpine" },
  { "library/alpine:latest", "docker.io", "library/alpine", "latest", NULL, "docker.io/library/alpine" },
  { "docker.io/alpine", "docker.io", "library/alpine", NULL, NULL, "docker.io/library/alpine" },
  { "index.docker.io/alpine", "docker.io", "library/alpine", NULL, NULL, "docker.io/library/alpine" },
  { "user/app", "docker.io", "user/app", NULL, NULL, "docker.io/user/app" },
  { "127.0.0.1:5000/demo/web:1.0", "127.0.0.1:5000", "demo/web", "1.0", NULL, "127.0.0.1:5000/demo/web" },
  { "localhost/app", "localhost", "app", NULL, NULL, "localhost/app" },
  { "localhost:5000/app:v_1.2-rc", "localhost:5000", "app", "v_1.2-rc", NULL, "localhost:5000/app" },
  { "Registry/app", "Registry", "app", NULL, NULL, "Registry/app" },
  { "host.example/name@sha256:" D64, "host.example", "name", NULL, "sha256:" D64, "host.example/name" },
  { "host.example/a/b:t@sha256:" D64, "host.example", "a/b", "t", "sha256:" D64, "host.example/a/b" },
  { "reg.lan/a__b/c-d/e.f--g", "reg.lan", "a__b/c-d/e.f--g", NULL, NULL, "reg.lan/a__b/c-d/e.f--g" },
};

static void
test_good (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetReference) ref = signet_reference_parse (good[i].text, &error);

      g_test_message ("%s", good[i].text);
      g_assert_no_error (error);
      g_assert_nonnull (ref);
      g_assert_cmpstr (signet_reference_get_registry (ref), ==, good[i].registry);
      g_assert_cmpstr (signet_reference_get_repository (ref), ==, good[i].repository);
      g_assert_cmpstr (signet_reference_get_tag (ref), ==, good[i].tag);
      g_assert_cmpstr (signet_reference_get_digest (ref), ==, good[i].digest);
      g_assert_cmpstr (signet_reference_get_gun (ref), ==, good[i].gun);
      g_assert_true (signet_gun_validate (good[i].gun, -1, &error));
      g_assert_no_error (error);
    }
}

static void
test_hub (void)
{
  g_autoptr(SignetReference) hub = signet_reference_parse ("alpine", NULL);
  g_autoptr(SignetReference) other = signet_reference_parse ("127.0.0.1:5000/x", NULL);
  g_autofree char *s = NULL;

  g_assert_true (signet_reference_is_docker_hub (hub));
  g_assert_cmpstr (signet_reference_get_api_host (hub), ==, "registry-1.docker.io");
  g_assert_false (signet_reference_is_docker_hub (other));
  g_assert_cmpstr (signet_reference_get_api_host (other), ==, "127.0.0.1:5000");
  s = signet_reference_to_string (hub);
  g_assert_cmpstr (s, ==, "docker.io/library/alpine");
}

typedef struct
{
  const char *text;
  int         code;
  const char *fragment;
} Bad;

static const Bad bad[] = {
  { "", SIGNET_ERROR_INVALID_ARGUMENT, "empty" },
  { "Alpine", SIGNET_ERROR_INVALID_ARGUMENT, "lower-case" },
  { "docker.io/User/app", SIGNET_ERROR_INVALID_ARGUMENT, "lower-case" },
  { "reg.lan/../etc", SIGNET_ERROR_UNSAFE_PATH, "“..”" },
  { "reg.lan/a/./b", SIGNET_ERROR_UNSAFE_PATH, "“.”" },
  { "../x", SIGNET_ERROR_UNSAFE_PATH, "“..”" },
  { "/etc/passwd", SIGNET_ERROR_UNSAFE_PATH, "absolute" },
  { "reg.lan//x", SIGNET_ERROR_UNSAFE_PATH, "empty path component" },
  { "reg.lan/x/", SIGNET_ERROR_UNSAFE_PATH, "empty path component" },
  { "reg.lan\\x", SIGNET_ERROR_UNSAFE_PATH, "backslash" },
  { "alpine:", SIGNET_ERROR_INVALID_ARGUMENT, "Invalid tag" },
  { "alpine:.x", SIGNET_ERROR_INVALID_ARGUMENT, "Invalid tag" },
  { "alpine@sha256:abc", SIGNET_ERROR_INVALID_ARGUMENT, "Invalid digest" },
  { "alpine@sha256:" "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
    SIGNET_ERROR_INVALID_ARGUMENT, "Invalid digest" },
  { "alpine@md5:0123", SIGNET_ERROR_INVALID_ARGUMENT, "Unsupported digest" },
  { D64, SIGNET_ERROR_INVALID_ARGUMENT, "image ID" },
  { "reg.lan/a..b", SIGNET_ERROR_INVALID_ARGUMENT, "component" },
  { "reg.lan/-a", SIGNET_ERROR_INVALID_ARGUMENT, "component" },
  { "reg.lan/a___b", SIGNET_ERROR_INVALID_ARGUMENT, "component" },
  { "-reg.lan/a", SIGNET_ERROR_INVALID_ARGUMENT, "registry" },
  { "reg.lan:abc/a", SIGNET_ERROR_INVALID_ARGUMENT, "registry" },
  { "a b", SIGNET_ERROR_INVALID_ARGUMENT, "component" },
};

static void
test_bad (void)
{
  g_autofree char *longname = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetReference) ref = signet_reference_parse (bad[i].text, &error);

      g_test_message ("%s", bad[i].text);
      g_assert_null (ref);
      g_assert_error (error, SIGNET_ERROR, bad[i].code);
      g_assert_nonnull (strstr (error->message, bad[i].fragment));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SignetReference) ref = NULL;
    GString *s = g_string_new ("reg.lan/");

    for (guint i = 0; i < 250; i++)
      g_string_append_c (s, 'a');
    longname = g_string_free (s, FALSE);
    ref = signet_reference_parse (longname, &error);
    g_assert_null (ref);
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "255"));
  }
}

static void
test_gun_validate (void)
{
  static const char nul_gun[] = "reg.lan/a\0/../../x";
  g_autoptr(GError) error = NULL;

  g_assert_false (signet_gun_validate (nul_gun, sizeof nul_gun - 1, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH);
  g_assert_nonnull (strstr (error->message, "NUL"));
  g_clear_error (&error);

  g_assert_false (signet_gun_validate ("reg.lan/../x", -1, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH);
  g_clear_error (&error);

  g_assert_false (signet_gun_validate ("", -1, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH);
  g_clear_error (&error);

  g_assert_false (signet_gun_validate ("/abs/x", -1, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH);
  g_clear_error (&error);

  g_assert_false (signet_gun_validate ("reg.lan/x/", -1, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH);
  g_clear_error (&error);

  g_assert_false (signet_gun_validate ("reg.lan/UP", -1, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (signet_gun_validate ("example.com/app", -1, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Signet/Unit/reference/good", test_good);
  g_test_add_func ("/Signet/Unit/reference/hub", test_hub);
  g_test_add_func ("/Signet/Unit/reference/bad", test_bad);
  g_test_add_func ("/Signet/Unit/reference/gun-validate", test_gun_validate);

  return g_test_run ();
}
