/* test-docker-config.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "signet-docker-config-private.h"
#include "signet-error.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("signet-docker-config-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  rm_rf (f->dir);
  g_free (f->dir);
}

static void
write_config (Fixture    *f,
              const char *json)
{
  g_autofree char *path = g_build_filename (f->dir, "config.json", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
}

static SignetDockerConfig *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SignetDockerConfig *config = _signet_docker_config_load (f->dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static SignetCredentials *
get_creds (SignetDockerConfig  *config,
           const char          *registry,
           GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  _signet_docker_config_get_credentials_async (config, registry, NULL, on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return _signet_docker_config_get_credentials_finish (config, result, error);
}

/* "user:pa:ss" */
#define AUTH_B64 "dXNlcjpwYTpzcw=="

static void
test_auths (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SignetDockerConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  SignetCredentials *creds;

  write_config (f, "{\"auths\":{"
                "\"reg.lan:5000\":{\"auth\":\"" AUTH_B64 "\"},"
                "\"https://other.lan\":{\"auth\":\"" AUTH_B64 "\",\"identitytoken\":\"\"},"
                "\"https://index.docker.io/v1/\":{\"auth\":\"aHViOmh1YnB3\"},"
                "\"tok.lan\":{\"identitytoken\":\"refresh-me\"},"
                "\"empty.lan\":{}"
                "}}");
  config = load (f);

  creds = get_creds (config, "reg.lan:5000", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (creds->username, ==, "user");
  g_assert_cmpstr (creds->password, ==, "pa:ss");
  g_assert_null (creds->identity_token);
  _signet_credentials_free (creds);

  creds = get_creds (config, "other.lan", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (creds->username, ==, "user");
  g_assert_cmpstr (creds->server, ==, "https://other.lan");
  _signet_credentials_free (creds);

  creds = get_creds (config, "docker.io", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (creds->username, ==, "hub");
  g_assert_cmpstr (creds->password, ==, "hubpw");
  _signet_credentials_free (creds);

  creds = get_creds (config, "tok.lan", &error);
  g_assert_no_error (error);
  g_assert_null (creds->username);
  g_assert_cmpstr (creds->identity_token, ==, "refresh-me");
  _signet_credentials_free (creds);

  creds = get_creds (config, "empty.lan", &error);
  g_assert_no_error (error);
  g_assert_null (creds);

  /* reg.lan without the port is another registry */
  creds = get_creds (config, "reg.lan", &error);
  g_assert_no_error (error);
  g_assert_null (creds);
}

static void
test_auths_bad (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SignetDockerConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  SignetCredentials *creds;

  write_config (f, "{\"auths\":{"
                "\"bad.lan\":{\"auth\":\"dXNl*jpw\"},"
                "\"nocolon.lan\":{\"auth\":\"dXNlcg==\"},"
                "\"num.lan\":{\"auth\":5},"
                "\"good.lan\":{\"auth\":\"" AUTH_B64 "\"}"
                "}}");
  config = load (f);

  creds = get_creds (config, "bad.lan", &error);
  g_assert_null (creds);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "auths[“bad.lan”].auth is not valid base64"));
  g_assert_nonnull (strstr (error->message, "config.json"));
  g_clear_error (&error);

  creds = get_creds (config, "nocolon.lan", &error);
  g_assert_null (creds);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "user:password"));
  g_clear_error (&error);

  creds = get_creds (config, "num.lan", &error);
  g_assert_null (creds);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_clear_error (&error);

  /* A broken entry for one registry does not break the others. */
  creds = get_creds (config, "good.lan", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (creds->username, ==, "user");
  _signet_credentials_free (creds);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SignetDockerConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  write_config (f, "{\"auths\": [");
  config = _signet_docker_config_load (f->dir, &error);
  g_assert_null (config);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "config.json is not valid JSON"));
  g_clear_error (&error);

  write_config (f, "{\"credHelpers\": {\"x\": 1}}");
  config = _signet_docker_config_load (f->dir, &error);
  g_assert_null (config);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "credHelpers"));
  g_clear_error (&error);

  /* No file at all: an empty configuration, anonymous everywhere. */
  {
    g_autofree char *path = g_build_filename (f->dir, "config.json", NULL);
    SignetCredentials *creds;

    g_unlink (path);
    config = load (f);
    creds = get_creds (config, "reg.lan", &error);
    g_assert_no_error (error);
    g_assert_null (creds);
  }
}

/* A credential helper script in a private PATH. It records its stdin and answers by URL. */
static const char helper_script[] =
  "#!/bin/sh\n"
  "[ \"$1\" = get ] || { echo \"bad verb $1\" >&2; exit 3; }\n"
  "read -r url\n"
  "printf '%s' \"$url\" > \"$0.stdin\"\n"
  "case \"$url\" in\n"
  "  reg.lan:5000) printf '{\"ServerURL\":\"%s\",\"Username\":\"alice\",\"Secret\":\"s3cret\"}' \"$url\" ;;\n"
  "  https://index.docker.io/v1/) printf '{\"ServerURL\":\"%s\",\"Username\":\"<token>\",\"Secret\":\"idtok\"}' \"$url\" ;;\n"
  "  broken.lan) echo 'keyring locked' >&2; exit 1 ;;\n"
  "  garbage.lan) echo 'not json' ;;\n"
  "  *) echo 'credentials not found in native keychain'; exit 1 ;;\n"
  "esac\n";

static char *
install_helper (Fixture *f)
{
  g_autofree char *bindir = g_build_filename (f->dir, "bin", NULL);
  g_autofree char *script = g_build_filename (bindir, "docker-credential-signettest", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir (bindir, 0700);
  g_file_set_contents (script, helper_script, -1, &error);
  g_assert_no_error (error);
  g_chmod (script, 0700);
  path = g_strconcat (bindir, ":", g_getenv ("PATH"), NULL);
  g_setenv ("PATH", path, TRUE);
  return g_strconcat (script, ".stdin", NULL);
}

static void
test_helper (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SignetDockerConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *stdin_file = install_helper (f);
  g_autofree char *seen = NULL;
  SignetCredentials *creds;

  write_config (f, "{\"credsStore\":\"signettest\","
                "\"credHelpers\":{\"helped.lan\":\"nosuchhelper\"},"
                "\"auths\":{\"reg.lan:5000\":{}}}");
  config = load (f);
  g_assert_cmpstr (_signet_docker_config_get_helper_for (config, "reg.lan:5000"), ==, "signettest");
  g_assert_cmpstr (_signet_docker_config_get_helper_for (config, "helped.lan"), ==, "nosuchhelper");

  creds = get_creds (config, "reg.lan:5000", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (creds->username, ==, "alice");
  g_assert_cmpstr (creds->password, ==, "s3cret");
  g_assert_null (creds->identity_token);
  _signet_credentials_free (creds);
  g_file_get_contents (stdin_file, &seen, NULL, NULL);
  g_assert_cmpstr (seen, ==, "reg.lan:5000");
  g_clear_pointer (&seen, g_free);

  creds = get_creds (config, "docker.io", &error);
  g_assert_no_error (error);
  g_assert_null (creds->username);
  g_assert_cmpstr (creds->identity_token, ==, "idtok");
  _signet_credentials_free (creds);
  g_file_get_contents (stdin_file, &seen, NULL, NULL);
  g_assert_cmpstr (seen, ==, "https://index.docker.io/v1/");

  creds = get_creds (config, "unknown.lan", &error);
  g_assert_no_error (error);
  g_assert_null (creds);

  creds = get_creds (config, "broken.lan", &error);
  g_assert_null (creds);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "docker-credential-signettest"));
  g_assert_nonnull (strstr (error->message, "keyring locked"));
  g_clear_error (&error);

  creds = get_creds (config, "garbage.lan", &error);
  g_assert_null (creds);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_clear_error (&error);

  creds = get_creds (config, "helped.lan", &error);
  g_assert_null (creds);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "docker-credential-nosuchhelper"));
  g_clear_error (&error);

  g_setenv ("PATH", old_path, TRUE);
}

static void
test_trust_server (void)
{
  g_autoptr(GError) error = NULL;
  char *url;

  g_unsetenv ("DOCKER_CONTENT_TRUST_SERVER");
  url = _signet_trust_server_for_registry ("docker.io", NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "https://notary.docker.io");
  g_free (url);

  url = _signet_trust_server_for_registry ("reg.lan:5000", NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "https://reg.lan:5000");
  g_free (url);

  url = _signet_trust_server_for_registry ("reg.lan:5000", "https://notary.lan:4443/", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "https://notary.lan:4443");
  g_free (url);

  g_setenv ("DOCKER_CONTENT_TRUST_SERVER", "https://env.lan:4443", TRUE);
  url = _signet_trust_server_for_registry ("reg.lan:5000", "https://notary.lan:4443", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "https://env.lan:4443");
  g_free (url);

  /* Plain HTTP: only to loopback, only when asked. */
  g_setenv ("DOCKER_CONTENT_TRUST_SERVER", "http://127.0.0.1:4443", TRUE);
  url = _signet_trust_server_for_registry ("reg.lan", NULL, FALSE, &error);
  g_assert_null (url);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "DOCKER_CONTENT_TRUST_SERVER"));
  g_clear_error (&error);
  url = _signet_trust_server_for_registry ("reg.lan", NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:4443");
  g_free (url);

  g_setenv ("DOCKER_CONTENT_TRUST_SERVER", "http://notary.lan", TRUE);
  url = _signet_trust_server_for_registry ("reg.lan", NULL, TRUE, &error);
  g_assert_null (url);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_setenv ("DOCKER_CONTENT_TRUST_SERVER", "ftp://notary.lan", TRUE);
  url = _signet_trust_server_for_registry ("reg.lan", NULL, TRUE, &error);
  g_assert_null (url);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_unsetenv ("DOCKER_CONTENT_TRUST_SERVER");

  g_assert_true (_signet_host_is_loopback ("127.0.0.1"));
  g_assert_true (_signet_host_is_loopback ("127.1.2.3"));
  g_assert_true (_signet_host_is_loopback ("::1"));
  g_assert_true (_signet_host_is_loopback ("localhost"));
  g_assert_false (_signet_host_is_loopback ("10.0.0.1"));
  g_assert_false (_signet_host_is_loopback ("localhost.evil.com"));
}

static void
test_default_dirs (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *trust = NULL;

  g_setenv ("DOCKER_CONFIG", "/nonexistent/dc", TRUE);
  dir = _signet_docker_config_default_dir ();
  trust = _signet_docker_config_default_trust_dir ();
  g_assert_cmpstr (dir, ==, "/nonexistent/dc");
  g_assert_cmpstr (trust, ==, "/nonexistent/dc/trust");
  g_unsetenv ("DOCKER_CONFIG");
  g_clear_pointer (&dir, g_free);
  dir = _signet_docker_config_default_dir ();
  g_assert_true (g_str_has_suffix (dir, "/.docker"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/Signet/Unit/docker-config/auths", Fixture, NULL, fixture_setup, test_auths, fixture_teardown);
  g_test_add ("/Signet/Unit/docker-config/auths-bad", Fixture, NULL, fixture_setup, test_auths_bad, fixture_teardown);
  g_test_add ("/Signet/Unit/docker-config/malformed", Fixture, NULL, fixture_setup, test_malformed, fixture_teardown);
  g_test_add ("/Signet/Unit/docker-config/helper", Fixture, NULL, fixture_setup, test_helper, fixture_teardown);
  g_test_add_func ("/Signet/Unit/docker-config/trust-server", test_trust_server);
  g_test_add_func ("/Signet/Unit/docker-config/default-dirs", test_default_dirs);

  return g_test_run ();
}
