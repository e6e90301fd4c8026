/* test-keystore-faults.c: a process killed (SIGKILL) at many points while writing keys,
 * re-encrypting them or restoring a backup leaves every key readable and none lost.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "signet-backup-private.h"
#include "signet-error.h"
#include "signet-keystore-private.h"

#define ROUNDS 40

static void
rm_rf (const char *path)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", path);
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
kill_child (GPid pid)
{
  int status;

  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
}

/* path -> SHA-256 of contents already decrypted and checked (saves KDF work) */
static GHashTable *verified;

/* Every key file parses, decrypts with one of the passphrases and is the key its name
 * says; returns the IDs. */
static GHashTable *
check_all_readable (SignetKeystore *ks)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(SignetSecret) p = signet_secret_new ("pass-ppp", -1);
  g_autoptr(SignetSecret) q = signet_secret_new ("pass-qqq", -1);
  g_autoptr(GError) error = NULL;
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  list = _signet_keystore_list (ks, warnings, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("unreadable: %s", (char *) g_ptr_array_index (warnings, i));
  g_assert_cmpuint (warnings->len, ==, 0);

  for (guint i = 0; i < list->len; i++)
    {
      SignetKeyInfo *info = g_ptr_array_index (list, i);
      g_autoptr(SignetPrivateKey) key = NULL;
      g_autofree char *data = NULL;
      g_autofree char *sum = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (info->path, &data, &len, NULL));
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) data, len);
      g_hash_table_add (ids, g_strdup (info->id));
      if (g_strcmp0 (g_hash_table_lookup (verified, info->path), sum) == 0)
        continue;
      g_hash_table_insert (verified, g_strdup (info->path), g_strdup (sum));

      key = _signet_keystore_load (ks, info->id, p, NULL);
      if (key == NULL)
        key = _signet_keystore_load (ks, info->id, q, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (_signet_private_key_get_id (key), ==, info->id);
    }
  return ids;
}

static void
writer_child (const char *dir,
              int         fd)
{
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (dir);
  g_autoptr(SignetSecret) p = signet_secret_new ("pass-ppp", -1);
  g_autoptr(SignetSecret) q = signet_secret_new ("pass-qqq", -1);
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func (g_free);

  for (guint n = 0;; n++)
    {
      g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
      g_autofree char *line = NULL;

      if (!_signet_keystore_add (ks, key, "targets", "example.com/faults", p, NULL))
        _exit (2);
      line = g_strdup_printf ("%s\n", _signet_private_key_get_id (key));
      if (write (fd, line, strlen (line)) != (ssize_t) strlen (line))
        _exit (3);
      g_ptr_array_add (mine, g_strdup (_signet_private_key_get_id (key)));

      /* and re-encrypt an earlier one in place (rename over it) */
      {
        const char *id = g_ptr_array_index (mine, n / 2);
        SignetSecret *from = (n % 2) ? q : p;
        SignetSecret *to = (n % 2) ? p : q;

        if (!_signet_keystore_change_passphrase (ks, id, from, to, NULL)
            && !_signet_keystore_change_passphrase (ks, id, to, from, NULL))
          _exit (4);
      }
    }
}

static void
test_kill_during_writes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("signet-faults-XXXXXX", NULL);
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (dir);
  g_autoptr(GHashTable) confirmed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint max_delay_us;

  /* Spread the kills over about six write cycles of this machine (and build). */
  {
    g_autofree char *scratch = g_dir_make_tmp ("signet-faults-t-XXXXXX", NULL);
    g_autoptr(SignetKeystore) t = _signet_keystore_new (scratch);
    g_autoptr(SignetPrivateKey) key = NULL;
    g_autoptr(SignetSecret) p = signet_secret_new ("pass-ppp", -1);
    g_autoptr(SignetSecret) q = signet_secret_new ("pass-qqq", -1);
    gint64 t0 = g_get_monotonic_time ();

    key = _signet_private_key_generate (NULL);
    g_assert_true (_signet_keystore_add (t, key, "targets", "example.com/faults", p, NULL));
    g_assert_true (_signet_keystore_change_passphrase (t, _signet_private_key_get_id (key), p, q, NULL));
    max_delay_us = CLAMP ((g_get_monotonic_time () - t0) * 6, 20000, 2000000);
    rm_rf (scratch);
  }

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GHashTable) present = NULL;
      g_autoptr(GString) buf = g_string_new (NULL);
      GHashTableIter iter;
      gpointer id;
      int fds[2];
      pid_t pid;
      char chunk[4096];
      ssize_t r;
      guint delay = g_test_rand_int_range (0, max_delay_us);

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          writer_child (dir, fds[1]);
          _exit (0);
        }
      close (fds[1]);
      g_usleep (delay);
      kill_child (pid);

      while ((r = read (fds[0], chunk, sizeof chunk)) > 0)
        g_string_append_len (buf, chunk, r);
      close (fds[0]);
      {
        g_auto(GStrv) lines = g_strsplit (buf->str, "\n", -1);

        for (guint i = 0; lines[i] != NULL; i++)
          if (strlen (lines[i]) == 64)
            g_hash_table_add (confirmed, g_strdup (lines[i]));
      }

      present = check_all_readable (ks);
      g_hash_table_iter_init (&iter, confirmed);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        {
          if (!g_hash_table_contains (present, id))
            g_error ("round %u: key %s was reported written and is lost", round, (char *) id);
        }
    }
  g_test_message ("%u keys written across %u killed writers, all readable", g_hash_table_size (confirmed), ROUNDS);
  g_assert_cmpuint (g_hash_table_size (confirmed), >, 0);
  rm_rf (dir);
}

static void
test_kill_during_restore (void)
{
  g_autofree char *src = g_dir_make_tmp ("signet-faults-src-XXXXXX", NULL);
  g_autofree char *backups = g_build_filename (src, "backups", NULL);
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (src);
  g_autoptr(SignetSecret) p = signet_secret_new ("pass-ppp", -1);
  g_autoptr(SignetBackup) backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *old_data_home = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_autofree char *data_home = g_build_filename (src, "data", NULL);
  GPtrArray *entries;
  gint64 t0, full_us;

  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
      g_assert_true (_signet_keystore_add (ks, key, "root", NULL, p, &error));
    }
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  archive = _signet_backup_create (ks, backups, 0, &error);
  g_assert_no_error (error);
  backup = _signet_backup_read (archive, &error);
  g_assert_no_error (error);
  entries = _signet_backup_get_entries (backup);

  /* how long a whole restore takes, to kill at points spread over it */
  {
    g_autofree char *scratch = g_dir_make_tmp ("signet-faults-t-XXXXXX", NULL);
    g_autoptr(SignetKeystore) t = _signet_keystore_new (scratch);

    t0 = g_get_monotonic_time ();
    g_assert_true (_signet_backup_restore (backup, t, NULL, NULL, &error));
    full_us = MAX (g_get_monotonic_time () - t0, 1000);
    rm_rf (scratch);
  }

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *dst = g_dir_make_tmp ("signet-faults-dst-XXXXXX", NULL);
      g_autoptr(SignetKeystore) target = _signet_keystore_new (dst);
      g_autoptr(GHashTable) present = NULL;
      g_autoptr(GPtrArray) restored = g_ptr_array_new_with_free_func (g_free);
      guint delay = g_test_rand_int_range (0, (gint32) MIN (full_us * 3 / 2, G_MAXINT32));
      pid_t pid;

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          _signet_backup_restore (backup, target, NULL, NULL, NULL);
          _exit (0);
        }
      g_usleep (delay);
      kill_child (pid);

      /* what is there is complete and correct */
      present = check_all_readable (target);
      for (guint i = 0; i < entries->len; i++)
        {
          SignetBackupEntry *e = g_ptr_array_index (entries, i);
          g_autofree char *path = g_build_filename (dst, e->path, NULL);
          g_autofree char *sum = NULL;
          g_autofree char *data = NULL;
          gsize len;

          if (!g_file_get_contents (path, &data, &len, NULL))
            continue;
          sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) data, len);
          g_assert_cmpstr (sum, ==, e->sha256);
        }

      /* and running it again completes it, with no conflicts */
      g_assert_true (_signet_backup_restore (backup, target, restored, NULL, &error));
      g_assert_no_error (error);
      g_clear_pointer (&present, g_hash_table_unref);
      present = check_all_readable (target);
      g_assert_cmpuint (g_hash_table_size (present), ==, entries->len);
      rm_rf (dst);
    }

  if (old_data_home)
    g_setenv ("XDG_DATA_HOME", old_data_home, TRUE);
  else
    g_unsetenv ("XDG_DATA_HOME");
  rm_rf (src);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  verified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_test_add_func ("/Signet/Unit/keystore-faults/kill-during-writes", test_kill_during_writes);
  g_test_add_func ("/Signet/Unit/keystore-faults/kill-during-restore", test_kill_during_restore);

  return g_test_run ();
}
