/* test-backup.c: the backup API, async paths and state file.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "signet-backup-private.h"
#include "signet-cosign-private.h"
#include "signet-error.h"

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_async_roundtrip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("signet-backup-XXXXXX", NULL);
  g_autofree char *trust = g_build_filename (dir, "trust", NULL);
  g_autofree char *trust2 = g_build_filename (dir, "trust2", NULL);
  g_autofree char *to = g_build_filename (dir, "backups", NULL);
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autofree char *archive = NULL;
  g_autofree char *state = NULL;
  g_autofree char *state_text = NULL;
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (trust);
  g_autoptr(SignetKeystore) ks2 = _signet_keystore_new (trust2);
  g_autoptr(SignetSecret) pass = signet_secret_new ("pw-12345", -1);
  g_autoptr(SignetBackup) backup = NULL;
  g_autoptr(GPtrArray) restored = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cmd = NULL;
  GAsyncResult *result = NULL;
  GPtrArray *entries;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
      g_assert_true (_signet_keystore_add (ks, key, i == 0 ? "root" : "targets", "example.com/b", pass, &error));
    }

  _signet_backup_create_async (ks, to, 0, NULL, async_cb, &result);
  archive = _signet_backup_create_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (g_str_has_prefix (archive, to));

  state = _signet_backup_state_path ();
  g_assert_true (g_str_has_prefix (state, data_home));
  g_assert_true (g_file_get_contents (state, &state_text, NULL, NULL));
  g_assert_nonnull (strstr (state_text, archive));

  _signet_backup_read_async (archive, NULL, async_cb, &result);
  backup = _signet_backup_read_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  entries = _signet_backup_get_entries (backup);
  g_assert_cmpuint (entries->len, ==, 3);
  for (guint i = 0; i < entries->len; i++)
    {
      SignetBackupEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *want = g_strdup_printf ("private/%s.key", e->id);

      g_assert_cmpstr (e->path, ==, want);
      g_assert_true (e->encrypted);
      if (g_str_equal (e->role, "targets"))
        g_assert_cmpstr (e->gun, ==, "example.com/b");
      else
        g_assert_null (e->gun);
    }

  _signet_backup_restore_async (backup, ks2, NULL, async_cb, &result);
  g_assert_true (_signet_backup_restore_finish (wait_result (&result), &restored, &conflicts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (restored->len, ==, 3);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_clear_object (&result);

  /* a conflict */
  {
    SignetBackupEntry *e = g_ptr_array_index (entries, 0);
    g_autofree char *path = g_build_filename (trust2, e->path, NULL);

    g_assert_true (g_file_set_contents (path, "changed", -1, NULL));
    g_clear_pointer (&restored, g_ptr_array_unref);
    g_clear_pointer (&conflicts, g_ptr_array_unref);
    _signet_backup_restore_async (backup, ks2, NULL, async_cb, &result);
    g_assert_false (_signet_backup_restore_finish (wait_result (&result), &restored, &conflicts, &error));
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_CONFLICT);
    g_assert_cmpuint (conflicts->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (conflicts, 0), ==, path);
    g_clear_object (&result);
  }

  /* an empty key store is not backed up */
  {
    g_autofree char *empty = g_build_filename (dir, "empty", NULL);
    g_autoptr(SignetKeystore) ks3 = _signet_keystore_new (empty);
    g_autoptr(GError) e2 = NULL;

    g_assert_null (_signet_backup_create (ks3, to, 0, &e2));
    g_assert_error (e2, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND);
  }

  /* not an archive */
  {
    g_autofree char *junk = g_build_filename (dir, "junk.tar", NULL);
    g_autoptr(GError) e2 = NULL;

    g_assert_true (g_file_set_contents (junk, "not a tar file at all", -1, NULL));
    g_assert_null (_signet_backup_read (junk, &e2));
    g_assert_error (e2, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  }

  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

typedef struct
{
  GThread    *main_thread;
  const char *answer;
  guint       calls;
  gboolean    wrong_thread;
} Prompt;

static void
prompt_cb (SignetPassphraseRequest *request,
           gpointer                 user_data)
{
  Prompt *p = user_data;
  g_autoptr(SignetSecret) pass = signet_secret_new (p->answer, -1);

  p->calls++;
  if (g_thread_self () != p->main_thread)
    p->wrong_thread = TRUE;
  _signet_passphrase_request_reply (request, pass, FALSE);
}

/* The keys of an archive are proven in a thread; the prompts come to the main thread. */
static void
test_verify_async (void)
{
  g_autofree char *dir = g_dir_make_tmp ("signet-backup-XXXXXX", NULL);
  g_autofree char *trust = g_build_filename (dir, "trust", NULL);
  g_autofree char *to = g_build_filename (dir, "backups", NULL);
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autofree char *archive = NULL;
  g_autofree char *cmd = NULL;
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (trust);
  g_autoptr(SignetSecret) pass = signet_secret_new ("right-passphrase", -1);
  g_autoptr(SignetBackup) backup = NULL;
  g_autoptr(SignetPassphraseChain) chain = _signet_passphrase_chain_new ();
  g_autoptr(GError) error = NULL;
  Prompt p = { g_thread_self (), "right-passphrase", 0, FALSE };
  GAsyncResult *result = NULL;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_unsetenv ("NOTARY_TARGETS_PASSPHRASE");
  g_unsetenv ("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
      g_assert_true (_signet_keystore_add (ks, key, "targets", "example.com/v", pass, &error));
    }
  archive = _signet_backup_create (ks, to, 0, &error);
  g_assert_no_error (error);
  backup = _signet_backup_read (archive, &error);
  g_assert_no_error (error);

  _signet_passphrase_chain_set_use_keyring (chain, FALSE);
  _signet_passphrase_chain_set_max_attempts (chain, 1);
  _signet_passphrase_chain_set_prompt (chain, prompt_cb, &p, NULL);
  _signet_backup_verify_keys_async (backup, chain, NULL, async_cb, &result);
  g_assert_true (_signet_backup_verify_keys_finish (wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (p.calls, ==, 2);
  g_assert_false (p.wrong_thread);

  /* a wrong passphrase fails the verification */
  p.answer = "wrong";
  _signet_backup_verify_keys_async (backup, chain, NULL, async_cb, &result);
  g_assert_false (_signet_backup_verify_keys_finish (wait_result (&result), &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE);
  g_clear_object (&result);
  g_assert_false (p.wrong_thread);

  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

typedef struct
{
  GCancellable            *cancellable;
  SignetPassphraseRequest *pending;
  gboolean                 had_cancellable;
} CancelPrompt;

static void
cancel_prompt_cb (SignetPassphraseRequest *request,
                  gpointer                 user_data)
{
  CancelPrompt *c = user_data;

  /* The user closes the dialog: the caller cancels; the prompt answers later. */
  c->had_cancellable = _signet_passphrase_request_get_cancellable (request) == c->cancellable;
  c->pending = request;
  g_cancellable_cancel (c->cancellable);
}

/* Cancelling while a prompt is open ends the verification without waiting for it. */
static void
test_verify_async_cancel (void)
{
  g_autofree char *dir = g_dir_make_tmp ("signet-backup-XXXXXX", NULL);
  g_autofree char *trust = g_build_filename (dir, "trust", NULL);
  g_autofree char *to = g_build_filename (dir, "backups", NULL);
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autofree char *archive = NULL;
  g_autofree char *cmd = NULL;
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (trust);
  g_autoptr(SignetSecret) pass = signet_secret_new ("cancel-passphrase", -1);
  g_autoptr(SignetBackup) backup = NULL;
  g_autoptr(SignetPassphraseChain) chain = _signet_passphrase_chain_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autoptr(GError) error = NULL;
  CancelPrompt c = { cancellable, NULL, FALSE };
  GAsyncResult *result = NULL;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_unsetenv ("NOTARY_TARGETS_PASSPHRASE");
  g_unsetenv ("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE");
  g_assert_true (_signet_keystore_add (ks, key, "targets", "example.com/x", pass, &error));
  archive = _signet_backup_create (ks, to, 0, &error);
  g_assert_no_error (error);
  backup = _signet_backup_read (archive, &error);
  g_assert_no_error (error);

  _signet_passphrase_chain_set_use_keyring (chain, FALSE);
  _signet_passphrase_chain_set_prompt (chain, cancel_prompt_cb, &c, NULL);
  _signet_backup_verify_keys_async (backup, chain, cancellable, async_cb, &result);
  g_assert_false (_signet_backup_verify_keys_finish (wait_result (&result), &error));
  g_assert_true (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_CANCELLED) ||
                 g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_object (&result);
  g_clear_error (&error);
  g_assert_true (c.had_cancellable);
  g_assert_nonnull (c.pending);
  /* the late answer is dropped */
  _signet_passphrase_request_reply (c.pending, pass, FALSE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* an already cancelled verification does not prompt at all */
  c.pending = NULL;
  _signet_backup_verify_keys_async (backup, chain, cancellable, async_cb, &result);
  g_assert_false (_signet_backup_verify_keys_finish (wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  g_assert_null (c.pending);

  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

static SignetBackupEntry *
find_entry (GPtrArray  *entries,
            const char *kind,
            const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    {
      SignetBackupEntry *e = g_ptr_array_index (entries, i);

      if (g_str_equal (e->kind, kind) && (name == NULL || g_strcmp0 (e->name, name) == 0))
        return e;
    }
  return NULL;
}

/* Cosign keys (private/cosign/<name>.pem) go into the archive with kind "cosign", their
 * name and SHA-256; they are verified with COSIGN_PASSWORD and restored without
 * overwriting a different file. Archives without them stay version 1. */
static void
test_cosign_keys (void)
{
  g_autofree char *dir = g_dir_make_tmp ("signet-backup-XXXXXX", NULL);
  g_autofree char *trust = g_build_filename (dir, "trust", NULL);
  g_autofree char *trust2 = g_build_filename (dir, "trust2", NULL);
  g_autofree char *only_notary = g_build_filename (dir, "only-notary", NULL);
  g_autofree char *to = g_build_filename (dir, "backups", NULL);
  g_autofree char *to_v1 = g_build_filename (dir, "backups-v1", NULL);
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autofree char *archive = NULL;
  g_autofree char *archive_v1 = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *cmd = NULL;
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (trust);
  g_autoptr(SignetKeystore) ks2 = _signet_keystore_new (trust2);
  g_autoptr(SignetKeystore) ks_v1 = _signet_keystore_new (only_notary);
  g_autoptr(SignetSecret) pass = signet_secret_new ("notary passphrase", -1);
  g_autoptr(SignetSecret) cosign_pass = signet_secret_new ("cosign passphrase", -1);
  g_autoptr(SignetBackup) backup = NULL;
  g_autoptr(SignetPassphraseChain) chain = _signet_passphrase_chain_new ();
  g_autoptr(GPtrArray) restored = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  GPtrArray *entries;
  SignetBackupEntry *e;
  gsize len;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("NOTARY_TARGETS_PASSPHRASE", "notary passphrase", TRUE);
  g_unsetenv ("COSIGN_PASSWORD");
  g_assert_true (_signet_keystore_add (ks, key, "targets", "example.com/c", pass, &error));
  g_assert_no_error (error);
  g_assert_true (_signet_cosign_store_generate (trust, "release", cosign_pass, &error));
  g_assert_no_error (error);
  g_assert_true (_signet_cosign_store_generate (trust, "ci", cosign_pass, &error));
  g_assert_no_error (error);

  archive = _signet_backup_create (ks, to, 0, &error);
  g_assert_no_error (error);
  /* the manifest is the first member: its text starts after the first 512-byte header */
  g_assert_true (g_file_get_contents (archive, &bytes, &len, NULL) && len > 1024);
  g_assert_nonnull (strstr (bytes + 512, "\"version\" : 2"));
  g_assert_nonnull (strstr (bytes + 512, "\"kind\" : \"cosign\""));

  backup = _signet_backup_read (archive, &error);
  g_assert_no_error (error);
  entries = _signet_backup_get_entries (backup);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_nonnull (find_entry (entries, SIGNET_BACKUP_KIND_NOTARY, NULL));
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "ci" : "release";
      g_autofree char *path = _signet_cosign_private_path (trust, name);
      g_autofree char *data = NULL;
      g_autofree char *sum = NULL;
      g_autofree char *want_path = g_strdup_printf ("private/cosign/%s.pem", name);
      gsize data_len;

      e = find_entry (entries, SIGNET_BACKUP_KIND_COSIGN, name);
      g_assert_nonnull (e);
      g_assert_cmpstr (e->path, ==, want_path);
      g_assert_true (g_file_get_contents (path, &data, &data_len, NULL));
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) data, data_len);
      g_assert_cmpstr (e->sha256, ==, sum);
      g_assert_cmpuint (e->size, ==, data_len);
      g_assert_true (e->encrypted);
    }

  /* verify: the right COSIGN_PASSWORD, a wrong one, none at all */
  _signet_passphrase_chain_set_use_keyring (chain, FALSE);
  g_setenv ("COSIGN_PASSWORD", "cosign passphrase", TRUE);
  g_assert_true (_signet_backup_verify_keys (backup, chain, &error));
  g_assert_no_error (error);
  g_setenv ("COSIGN_PASSWORD", "not the cosign passphrase", TRUE);
  g_assert_false (_signet_backup_verify_keys (backup, chain, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE);
  g_assert_nonnull (strstr (error->message, "cosign key “ci”"));
  g_assert_nonnull (strstr (error->message, "COSIGN_PASSWORD"));
  g_clear_error (&error);
  g_unsetenv ("COSIGN_PASSWORD");
  g_assert_false (_signet_backup_verify_keys (backup, chain, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE);
  g_assert_nonnull (strstr (error->message, "no passphrase"));
  g_clear_error (&error);
  /* a chain without the environment does not read COSIGN_PASSWORD */
  g_setenv ("COSIGN_PASSWORD", "cosign passphrase", TRUE);
  _signet_passphrase_chain_set_use_env (chain, FALSE);
  g_assert_false (_signet_backup_verify_keys (backup, chain, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE);
  g_clear_error (&error);
  g_unsetenv ("COSIGN_PASSWORD");

  /* restore: written byte for byte, 0600; a different existing file is a conflict */
  g_assert_true (_signet_backup_restore (backup, ks2, restored, conflicts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (restored->len, ==, 3);
  {
    g_autofree char *a = _signet_cosign_private_path (trust, "release");
    g_autofree char *b = _signet_cosign_private_path (trust2, "release");
    g_autofree char *da = NULL;
    g_autofree char *db = NULL;
    gsize la, lb;
    GStatBuf st;
    EVP_PKEY *pkey;

    g_assert_true (g_file_get_contents (a, &da, &la, NULL));
    g_assert_true (g_file_get_contents (b, &db, &lb, NULL));
    g_assert_cmpmem (da, la, db, lb);
    g_assert_cmpint (g_stat (b, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    pkey = _signet_cosign_store_load (trust2, "release", cosign_pass, &error);
    g_assert_no_error (error);
    g_assert_nonnull (pkey);
    EVP_PKEY_free (pkey);

    g_assert_true (g_file_set_contents (b, "a different key", -1, NULL));
    g_ptr_array_set_size (restored, 0);
    g_assert_false (_signet_backup_restore (backup, ks2, restored, conflicts, &error));
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_CONFLICT);
    g_clear_error (&error);
    g_assert_cmpuint (restored->len, ==, 0);
    g_assert_cmpuint (conflicts->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (conflicts, 0), ==, b);
    g_clear_pointer (&db, g_free);
    g_assert_true (g_file_get_contents (b, &db, NULL, NULL));
    g_assert_cmpstr (db, ==, "a different key");
  }

  /* only cosign keys: still a backup */
  {
    g_autofree char *cosign_only = g_build_filename (dir, "cosign-only", NULL);
    g_autoptr(SignetKeystore) ks3 = _signet_keystore_new (cosign_only);
    g_autofree char *a3 = NULL;
    g_autoptr(SignetBackup) b3 = NULL;

    g_assert_true (_signet_cosign_store_generate (cosign_only, "solo", cosign_pass, &error));
    a3 = _signet_backup_create (ks3, to, 0, &error);
    g_assert_no_error (error);
    b3 = _signet_backup_read (a3, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (_signet_backup_get_entries (b3)->len, ==, 1);
  }

  /* something in private/cosign that is not a cosign key stops the backup */
  {
    g_autofree char *junk = g_build_filename (trust, "private", "cosign", "junk.pem", NULL);
    g_autoptr(GError) e2 = NULL;

    g_assert_true (g_file_set_contents (junk, "-----BEGIN PRIVATE KEY-----\n", -1, NULL));
    g_assert_null (_signet_backup_create (ks, to, 0, &e2));
    g_assert_error (e2, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
    g_assert_nonnull (strstr (e2->message, "junk.pem"));
    g_unlink (junk);
  }

  /* without cosign keys the archive stays version 1, as older Signet reads it */
  {
    g_autoptr(SignetPrivateKey) k1 = _signet_private_key_generate (NULL);
    g_autofree char *v1 = NULL;

    g_assert_true (_signet_keystore_add (ks_v1, k1, "root", NULL, pass, &error));
    archive_v1 = _signet_backup_create (ks_v1, to_v1, 0, &error);
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (archive_v1, &v1, &len, NULL));
    g_assert_nonnull (strstr (v1 + 512, "\"version\" : 1"));
    g_assert_null (strstr (v1 + 512, "\"kind\""));
  }

  g_unsetenv ("NOTARY_TARGETS_PASSPHRASE");
  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

/* Backups made in quick succession (within one second: the name's stamp is the same) are
 * all kept, none overwritten, and --keep removes the oldest first. */
static void
test_same_second (void)
{
  g_autofree char *dir = g_dir_make_tmp ("signet-backup-XXXXXX", NULL);
  g_autofree char *trust = g_build_filename (dir, "trust", NULL);
  g_autofree char *to = g_build_filename (dir, "backups", NULL);
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (trust);
  g_autoptr(SignetSecret) pass = signet_secret_new ("right-passphrase", -1);
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autoptr(GPtrArray) archives = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *cmd = NULL;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_assert_true (_signet_keystore_add (ks, key, "targets", "example.com/s", pass, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      char *archive = _signet_backup_create (ks, to, 3, &error);

      g_assert_no_error (error);
      g_assert_true (g_file_test (archive, G_FILE_TEST_IS_REGULAR));
      for (guint j = 0; j < archives->len; j++)
        g_assert_cmpstr (archive, !=, g_ptr_array_index (archives, j));
      g_ptr_array_add (archives, archive);
    }
  /* --keep 3: the first one made is the one removed */
  g_assert_false (g_file_test (g_ptr_array_index (archives, 0), G_FILE_TEST_EXISTS));
  for (guint j = 1; j < archives->len; j++)
    g_assert_true (g_file_test (g_ptr_array_index (archives, j), G_FILE_TEST_EXISTS));

  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Signet/Unit/backup/async-roundtrip", test_async_roundtrip);
  g_test_add_func ("/Signet/Unit/backup/verify-async", test_verify_async);
  g_test_add_func ("/Signet/Unit/backup/cosign-keys", test_cosign_keys);
  g_test_add_func ("/Signet/Unit/backup/same-second", test_same_second);
  g_test_add_func ("/Signet/Unit/backup/verify-async-cancel", test_verify_async_cancel);

  return g_test_run ();
}
