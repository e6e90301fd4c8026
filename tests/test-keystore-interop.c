/* test-keystore-interop.c: key files against the real notary and docker clients.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys Signet writes are listed, re-encrypted (which decrypts them) and exported by
 * `notary`; keys `notary key generate`, `notary init` (against a loopback notary-server
 * this test starts and stops by PID) and `docker trust key generate` make load and sign
 * in Signet.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "signet-error.h"
#include "signet-keystore-private.h"

#define GUN "example.com/app"

static char **
test_env (const char *extra_name,
          const char *extra_value)
{
  char **env = g_get_environ ();

  env = g_environ_setenv (env, "NOTARY_ROOT_PASSPHRASE", "root-pass", TRUE);
  env = g_environ_setenv (env, "NOTARY_TARGETS_PASSPHRASE", "targets-pass", TRUE);
  env = g_environ_setenv (env, "NOTARY_SNAPSHOT_PASSPHRASE", "snapshot-pass", TRUE);
  env = g_environ_setenv (env, "NOTARY_DELEGATION_PASSPHRASE", "delegation-pass", TRUE);
  if (extra_name != NULL)
    env = g_environ_setenv (env, extra_name, extra_value, TRUE);
  return env;
}

static char *
run (const char * const *argv,
     char              **env)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s%s", argv[0], out, err);
  return out;
}

static gboolean
have (const char *prog)
{
  g_autofree char *path = g_find_program_in_path (prog);
  return path != NULL;
}

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("signet-keys-interop-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
rm_rf (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };
  g_free (run (argv, NULL));
}

static void
assert_signs (SignetPrivateKey *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sig = NULL;
  const guint8 msg[] = "interop";

  sig = _signet_private_key_sign (key, msg, sizeof msg - 1, &error);
  g_assert_no_error (error);
  g_assert_true (_signet_public_key_verify (_signet_private_key_get_public (key),
                                            _signet_private_key_get_method (key), msg, sizeof msg - 1,
                                            g_bytes_get_data (sig, NULL), g_bytes_get_size (sig), &error));
  g_assert_no_error (error);
}

/* Keys written by Signet: `notary key list` shows them, `notary key passwd` decrypts and
 * re-encrypts them, and Signet reads what notary wrote back. */
static void
test_signet_keys_in_notary (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (dir);
  g_autoptr(SignetPrivateKey) root = _signet_private_key_generate (NULL);
  g_autoptr(SignetPrivateKey) targets = _signet_private_key_generate (NULL);
  g_autoptr(SignetPrivateKey) deleg = NULL;
  g_autoptr(SignetSecret) root_pass = signet_secret_new ("root-pass", -1);
  g_autoptr(SignetSecret) targets_pass = signet_secret_new ("targets-pass", -1);
  g_autoptr(SignetSecret) deleg_pass = signet_secret_new ("delegation-pass", -1);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = test_env (NULL, NULL);
  g_autofree char *out = NULL;
  g_autofree char *line = NULL;
  EVP_PKEY *ed;

  if (!have ("notary"))
    {
      g_test_skip ("notary is not installed");
      return;
    }

  ed = EVP_PKEY_Q_keygen (NULL, NULL, "ED25519");
  deleg = _signet_private_key_new_from_evp (ed, &error);
  EVP_PKEY_free (ed);
  g_assert_no_error (error);

  g_assert_true (_signet_keystore_add (ks, root, "root", NULL, root_pass, &error));
  g_assert_true (_signet_keystore_add (ks, targets, "targets", GUN, targets_pass, &error));
  g_assert_true (_signet_keystore_add (ks, deleg, "targets/releases", NULL, deleg_pass, &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { "notary", "-d", dir, "key", "list", NULL };
    out = run (argv, env);
  }
  g_test_message ("%s", out);
  line = g_strdup_printf ("root %s", _signet_private_key_get_id (root));
  {
    g_autoptr(GRegex) re = g_regex_new ("  +", 0, 0, NULL);
    g_autofree char *squeezed = g_regex_replace_literal (re, out, -1, 0, " ", 0, NULL);
    g_autofree char *t = g_strdup_printf ("targets %s %s", GUN, _signet_private_key_get_id (targets));
    g_autofree char *d = g_strdup_printf ("targets/releases %s", _signet_private_key_get_id (deleg));

    g_assert_nonnull (strstr (squeezed, line));
    g_assert_nonnull (strstr (squeezed, t));
    g_assert_nonnull (strstr (squeezed, d));
  }

  /* notary decrypts each key with our passphrase and writes it back (same passphrase:
   * the env retriever answers the new-passphrase question too). */
  {
    const char *ids[] = { _signet_private_key_get_id (root), _signet_private_key_get_id (targets),
                          _signet_private_key_get_id (deleg) };
    SignetSecret *passes[] = { root_pass, targets_pass, deleg_pass };

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_autofree char *path = g_strdup_printf ("%s/private/%s.key", dir, ids[i]);
        g_autofree char *before = NULL, *after = NULL, *o = NULL;
        g_autoptr(SignetPrivateKey) back = NULL;
        const char *argv[] = { "notary", "-d", dir, "key", "passwd", ids[i], NULL };

        g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
        o = run (argv, env);
        g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
        g_assert_cmpstr (before, !=, after); /* re-encrypted with a new salt by notary */
        back = _signet_keystore_load (ks, ids[i], passes[i], &error);
        g_assert_no_error (error);
        assert_signs (back);
      }
  }

  rm_rf (dir);
}

/* notary key export of Signet's keys imports into notary unchanged, and Signet imports
 * notary's export. */
static void
test_export_import_with_notary (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *dir2 = make_tmpdir ();
  g_autofree char *dir3 = make_tmpdir ();
  g_autofree char *exported_path = g_build_filename (dir2, "export.pem", NULL);
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (dir);
  g_autoptr(SignetKeystore) ks3 = _signet_keystore_new (dir3);
  g_autoptr(SignetPrivateKey) root = _signet_private_key_generate (NULL);
  g_autoptr(SignetPrivateKey) snap = _signet_private_key_generate (NULL);
  g_autoptr(SignetSecret) pass = signet_secret_new ("root-pass", -1);
  g_autoptr(SignetSecret) spass = signet_secret_new ("snapshot-pass", -1);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = test_env (NULL, NULL);
  g_auto(GStrv) ids = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *imported_dir = g_build_filename (dir2, "trust", NULL);

  if (!have ("notary"))
    {
      g_test_skip ("notary is not installed");
      return;
    }

  g_assert_true (_signet_keystore_add (ks, root, "root", NULL, pass, &error));
  g_assert_true (_signet_keystore_add (ks, snap, "snapshot", GUN, spass, &error));
  g_assert_no_error (error);

  /* notary's export of our store equals ours */
  {
    const char *argv[] = { "notary", "-d", dir, "key", "export", "-o", exported_path, NULL };
    g_free (run (argv, env));
  }
  g_assert_true (g_file_get_contents (exported_path, &theirs, NULL, NULL));
  ours = _signet_keystore_export (ks, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ours, ==, theirs);

  /* notary imports our export byte for byte */
  {
    g_autofree char *ours_path = g_build_filename (dir2, "ours.pem", NULL);
    const char *argv[] = { "notary", "-d", imported_dir, "key", "import", ours_path, NULL };

    g_assert_true (g_file_set_contents (ours_path, ours, -1, NULL));
    g_free (run (argv, env));
  }
  for (guint i = 0; i < 2; i++)
    {
      const char *id = _signet_private_key_get_id (i == 0 ? root : snap);
      g_autofree char *a = g_strdup_printf ("%s/private/%s.key", dir, id);
      g_autofree char *b = g_strdup_printf ("%s/private/%s.key", imported_dir, id);
      g_autofree char *ca = NULL, *cb = NULL;

      g_assert_true (g_file_get_contents (a, &ca, NULL, NULL));
      g_assert_true (g_file_get_contents (b, &cb, NULL, NULL));
      g_assert_cmpstr (ca, ==, cb);
    }

  /* Signet imports notary's export */
  ids = _signet_keystore_import (ks3, theirs, strlen (theirs), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  {
    g_autoptr(SignetKeyInfo) info = _signet_keystore_find (ks3, _signet_private_key_get_id (snap), &error);
    g_autoptr(SignetPrivateKey) back = _signet_keystore_load (ks3, info->id, spass, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (info->gun, ==, GUN);
    g_assert_cmpstr (info->role, ==, "snapshot");
  }

  rm_rf (dir);
  rm_rf (dir2);
  rm_rf (dir3);
}

static void
test_notary_generate (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (dir);
  g_autoptr(SignetSecret) pass = signet_secret_new ("root-pass", -1);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = test_env (NULL, NULL);
  g_autofree char *out = NULL;
  SignetKeyInfo *info;

  if (!have ("notary"))
    {
      g_test_skip ("notary is not installed");
      return;
    }
  {
    const char *argv[] = { "notary", "-d", dir, "key", "generate", "ecdsa", NULL };
    out = run (argv, env);
  }
  list = _signet_keystore_list (ks, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpstr (info->role, ==, "root");
  g_assert_nonnull (strstr (out, info->id));
  {
    g_autoptr(SignetPrivateKey) key = _signet_keystore_load (ks, info->id, pass, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (_signet_private_key_get_id (key), ==, info->id);
    assert_signs (key);
  }
  rm_rf (dir);
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
wait_for_port (guint16 port)
{
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

      if (conn != NULL)
        return TRUE;
      g_usleep (100 * 1000);
    }
  return FALSE;
}

/* notary init against a loopback notary-server: root, targets and snapshot keys. */
static void
test_notary_init (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *config = g_build_filename (dir, "server.json", NULL);
  g_autofree char *trust = g_build_filename (dir, "trust", NULL);
  g_autofree char *config_json = NULL;
  g_autofree char *server = NULL;
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (trust);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = test_env (NULL, NULL);
  const char *server_argv[] = { "notary-server", "-config", config, NULL };
  guint16 port;
  GPid pid;
  guint seen = 0;

  if (!have ("notary") || !have ("notary-server"))
    {
      g_test_skip ("notary or notary-server is not installed");
      return;
    }

  port = free_port ();
  config_json = g_strdup_printf ("{\"server\":{\"http_addr\":\"127.0.0.1:%u\"},\"trust_service\":{\"type\":\"local\"},"
                                 "\"storage\":{\"backend\":\"memory\"},\"logging\":{\"level\":\"error\"}}", port);
  g_assert_true (g_file_set_contents (config, config_json, -1, NULL));
  g_spawn_async (NULL, (char **) server_argv, NULL,
                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for_port (port));

  server = g_strdup_printf ("http://127.0.0.1:%u", port);
  {
    const char *argv[] = { "notary", "-s", server, "-d", trust, "init", GUN, "-p", NULL };
    g_free (run (argv, env));
  }

  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);

  list = _signet_keystore_list (ks, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  for (guint i = 0; i < list->len; i++)
    {
      SignetKeyInfo *info = g_ptr_array_index (list, i);
      g_autofree char *var = g_strdup_printf ("NOTARY_%s_PASSPHRASE", info->role);
      g_autofree char *upper = g_ascii_strup (var, -1);
      g_autoptr(SignetSecret) pass = signet_secret_new (g_environ_getenv (env, upper), -1);
      g_autoptr(SignetPrivateKey) key = _signet_keystore_load (ks, info->id, pass, &error);

      g_assert_no_error (error);
      assert_signs (key);
      if (g_str_equal (info->role, "root"))
        {
          g_assert_null (info->gun);
          seen |= 1;
        }
      else
        {
          g_assert_cmpstr (info->gun, ==, GUN);
          seen |= g_str_equal (info->role, "targets") ? 2 : 4;
        }
    }
  g_assert_cmpuint (seen, ==, 7);
  rm_rf (dir);
}

/* docker trust key generate NAME (no daemon needed) */
static void
test_docker_generate (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *trust = g_build_filename (dir, "trust", NULL);
  g_autofree char *pub_path = g_build_filename (dir, "alice.pub", NULL);
  g_autofree char *pub = NULL;
  g_autofree char *ours = NULL;
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (trust);
  g_autoptr(SignetSecret) pass = signet_secret_new ("repo-pass", -1);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPrivateKey) key = NULL;
  g_auto(GStrv) env = test_env ("DOCKER_CONFIG", dir);
  const char *argv[] = { "docker", "trust", "key", "generate", "alice", "--dir", dir, NULL };
  SignetKeyInfo *info;

  if (!have ("docker"))
    {
      g_test_skip ("docker is not installed");
      return;
    }
  env = g_environ_setenv (env, "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "repo-pass", TRUE);
  g_free (run (argv, env));

  list = _signet_keystore_list (ks, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpstr (info->role, ==, "alice");
  g_assert_null (info->gun);
  key = _signet_keystore_load (ks, info->id, pass, &error);
  g_assert_no_error (error);
  assert_signs (key);

  g_assert_true (g_file_get_contents (pub_path, &pub, NULL, NULL));
  ours = _signet_private_key_public_pem (key, "alice");
  g_assert_cmpstr (ours, ==, pub);
  rm_rf (dir);
}

/* docker trust key load takes Signet's export (encrypted, with its path header) */
static void
test_docker_load (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *trust = g_build_filename (dir, "signet-trust", NULL);
  g_autofree char *export_path = g_build_filename (dir, "export.pem", NULL);
  g_autofree char *docker_config = g_build_filename (dir, "docker", NULL);
  g_autofree char *exported = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs_path = NULL;
  g_autofree char *ours_path = NULL;
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (trust);
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autoptr(SignetSecret) pass = signet_secret_new ("repo-pass", -1);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = test_env ("DOCKER_CONFIG", docker_config);
  const char *argv[] = { "docker", "trust", "key", "load", export_path, "--name", "erin", NULL };
  const char *id;

  if (!have ("docker"))
    {
      g_test_skip ("docker is not installed");
      return;
    }
  env = g_environ_setenv (env, "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "repo-pass", TRUE);
  id = _signet_private_key_get_id (key);
  g_assert_true (_signet_keystore_add (ks, key, "erin", NULL, pass, &error));
  exported = _signet_keystore_export (ks, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (_signet_file_write_atomic (export_path, exported, strlen (exported), 0600, FALSE, &error));
  g_free (run (argv, env));

  theirs_path = g_strdup_printf ("%s/trust/private/%s.key", docker_config, id);
  ours_path = g_strdup_printf ("%s/private/%s.key", trust, id);
  g_assert_true (g_file_get_contents (theirs_path, &theirs, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (ours_path, &ours, NULL, NULL));
  g_assert_cmpstr (theirs, ==, ours);
  rm_rf (dir);
}

/* Legacy layouts: Signet's migration writes the same files notary's does. */
static void
test_legacy_migration (void)
{
  const char *base = "/usr/share/gocode/src/github.com/theupdateframework/notary/fixtures/compatibility";
  const char *versions[] = { "notary0.1", "notary0.3" };
  g_auto(GStrv) env = test_env (NULL, NULL);

  if (!have ("notary") || !g_file_test (base, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("notary or its compatibility fixtures are not installed");
      return;
    }

  for (guint v = 0; v < G_N_ELEMENTS (versions); v++)
    {
      g_autofree char *src = g_build_filename (base, versions[v], NULL);
      g_autofree char *ours = make_tmpdir ();
      g_autofree char *theirs = make_tmpdir ();
      g_autofree char *ours_private = g_build_filename (ours, "private", NULL);
      g_autofree char *theirs_private = g_build_filename (theirs, "private", NULL);
      g_autoptr(SignetKeystore) ks = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) d = NULL;
      const char *name;
      guint compared = 0;
      gint moved;

      {
        const char *cp1[] = { "cp", "-a", src, ours, NULL };
        const char *cp2[] = { "cp", "-a", src, theirs, NULL };
        g_free (run (cp1, NULL));
        g_free (run (cp2, NULL));
      }
      /* cp -a SRC DIR puts it in DIR/notary0.x */
      g_free (ours_private);
      g_free (theirs_private);
      ours_private = g_build_filename (ours, versions[v], "private", NULL);
      theirs_private = g_build_filename (theirs, versions[v], "private", NULL);
      {
        g_autofree char *trust = g_build_filename (theirs, versions[v], NULL);
        const char *argv[] = { "notary", "-d", trust, "key", "list", NULL };
        g_free (run (argv, env));
      }
      {
        g_autofree char *trust = g_build_filename (ours, versions[v], NULL);
        ks = _signet_keystore_new (trust);
      }
      moved = _signet_keystore_migrate_legacy (ks, &error);
      g_assert_no_error (error);
      g_assert_cmpint (moved, >=, 3);

      d = g_dir_open (theirs_private, 0, NULL);
      g_assert_nonnull (d);
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *a = g_build_filename (theirs_private, name, NULL);
          g_autofree char *b = g_build_filename (ours_private, name, NULL);
          g_autofree char *ca = NULL, *cb = NULL;

          if (!g_str_has_suffix (name, ".key"))
            continue;
          g_assert_true (g_file_get_contents (a, &ca, NULL, NULL));
          g_assert_true (g_file_get_contents (b, &cb, NULL, &error));
          g_assert_no_error (error);
          g_assert_cmpstr (ca, ==, cb);
          compared++;
        }
      g_assert_cmpint (compared, ==, moved);
      {
        g_autofree char *root_keys = g_build_filename (ours_private, "root_keys", NULL);
        g_autofree char *tuf_keys = g_build_filename (ours_private, "tuf_keys", NULL);
        g_assert_false (g_file_test (root_keys, G_FILE_TEST_EXISTS));
        g_assert_false (g_file_test (tuf_keys, G_FILE_TEST_EXISTS));
      }
      rm_rf (ours);
      rm_rf (theirs);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Signet/Interop/keystore/signet-keys-in-notary", test_signet_keys_in_notary);
  g_test_add_func ("/Signet/Interop/keystore/export-import", test_export_import_with_notary);
  g_test_add_func ("/Signet/Interop/keystore/notary-generate", test_notary_generate);
  g_test_add_func ("/Signet/Interop/keystore/notary-init", test_notary_init);
  g_test_add_func ("/Signet/Interop/keystore/docker-generate", test_docker_generate);
  g_test_add_func ("/Signet/Interop/keystore/docker-load", test_docker_load);
  g_test_add_func ("/Signet/Interop/keystore/legacy-migration", test_legacy_migration);

  return g_test_run ();
}
