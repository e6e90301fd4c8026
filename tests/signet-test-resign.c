/* signet-test-resign.c: publish a role again with a chosen lifetime (test helper).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * notary cannot choose an expiry, Signet's TUF builder can. Usage:
 *
 *   signet-test-resign TRUST_DIR GUN ROLE LIFETIME_SECONDS
 *
 * Loads GUN from its notary server ($DOCKER_CONTENT_TRUST_SERVER, TLS from $DOCKER_CONFIG)
 * into TRUST_DIR, signs ROLE (a delegation or "targets") again with version + 1 and the
 * expiry now + LIFETIME_SECONDS using its key from TRUST_DIR/private, signs a new snapshot
 * with the snapshot key from there too, and publishes both. Passphrases come from
 * $NOTARY_DELEGATION_PASSPHRASE / $NOTARY_TARGETS_PASSPHRASE / $NOTARY_SNAPSHOT_PASSPHRASE,
 * as for the notary CLI.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <signet/signet.h>

#include "signet-crypto-private.h"
#include "signet-keystore-private.h"
#include "signet-remote-private.h"
#include "signet-repository-private.h"
#include "signet-tuf-private.h"

typedef struct
{
  GObject      *object;
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *w = user_data;

  w->object = object;
  w->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Wait *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return w->result;
}

static gboolean
key_sign (gpointer       key,
          const guint8  *msg,
          gsize          len,
          char         **method,
          GBytes       **sig,
          GError       **error)
{
  *sig = _signet_private_key_sign (key, msg, len, error);
  if (*sig == NULL)
    return FALSE;
  *method = g_strdup (_signet_private_key_get_method (key));
  return TRUE;
}

/* The first key of @role (keyids, public keys in @keys) whose private key is in the store. */
static SignetPrivateKey *
load_key (SignetKeystore *store,
          GHashTable     *keys,
          SignetTufRole  *role,
          const char     *passphrase_env,
          char          **keyid_out,
          GError        **error)
{
  const char *pass = g_getenv (passphrase_env);
  g_autoptr(SignetSecret) secret = signet_secret_new (pass != NULL ? pass : "", -1);

  for (guint i = 0; i < role->keyids->len; i++)
    {
      const char *keyid = g_ptr_array_index (role->keyids, i);
      SignetPublicKey *pub = g_hash_table_lookup (keys, keyid);
      g_autoptr(SignetKeyInfo) info = NULL;
      SignetPrivateKey *key;

      if (pub == NULL)
        continue;
      info = _signet_keystore_find (store, _signet_public_key_get_canonical_id (pub), NULL);
      if (info == NULL)
        continue;
      key = _signet_keystore_load (store, info->id, secret, error);
      if (key != NULL)
        *keyid_out = g_strdup (keyid);
      return key;
    }
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND, "No private key for %s", role->name);
  return NULL;
}

static GBytes *
sign_with (SignetTufMetadata *md,
           SignetPrivateKey  *key,
           const char        *keyid,
           GError           **error)
{
  g_autoptr(GPtrArray) signers = g_ptr_array_new_with_free_func (g_free);
  SignetTufSigner *signer = g_new0 (SignetTufSigner, 1);

  signer->keyid = keyid;
  signer->key = key;
  g_ptr_array_add (signers, signer);
  return _signet_tuf_metadata_sign (md, signers, key_sign, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetRemote) remote = NULL;
  g_autoptr(SignetRepository) repository = NULL;
  g_autoptr(SignetKeystore) store = NULL;
  g_autoptr(SignetTufMetadata) md = NULL;
  g_autoptr(SignetTufMetadata) snapshot = NULL;
  g_autoptr(SignetPrivateKey) role_key = NULL;
  g_autoptr(SignetPrivateKey) snapshot_key = NULL;
  g_autoptr(GBytes) role_bytes = NULL;
  g_autoptr(GBytes) snapshot_bytes = NULL;
  g_autoptr(GHashTable) files = NULL;
  g_autofree char *role_keyid = NULL;
  g_autofree char *snapshot_keyid = NULL;
  const char *trust_dir, *gun, *role;
  SignetTufRepo *tuf;
  SignetTufMetadata *root;
  SignetTufMetadata *parent = NULL;
  SignetTufRole *entry;
  gint64 lifetime, now;
  Wait w1 = { 0 }, w2 = { 0 };

  if (argc != 5)
    {
      fprintf (stderr, "usage: %s TRUST_DIR GUN ROLE LIFETIME_SECONDS\n", argv[0]);
      return 2;
    }
  trust_dir = argv[1];
  gun = argv[2];
  role = argv[3];
  lifetime = g_ascii_strtoll (argv[4], NULL, 10);
  now = g_get_real_time () / G_USEC_PER_SEC;

  remote = signet_remote_new (NULL, &error);
  if (remote == NULL)
    goto fail;
  signet_repository_load_async (remote, trust_dir, gun, SIGNET_REPOSITORY_LOAD_NONE, NULL, wait_cb, &w1);
  repository = signet_repository_load_finish (wait_result (&w1), &error);
  g_clear_object (&w1.result);
  if (repository == NULL)
    goto fail;

  tuf = _signet_repository_get_tuf_repo (repository);
  if (_signet_tuf_repo_get_targets (tuf, role) == NULL)
    {
      Wait w3 = { 0 };

      /* dropped because it expired: load it as it was ten minutes ago */
      g_clear_object (&repository);
      _signet_repository_load_at_async (remote, trust_dir, gun, SIGNET_REPOSITORY_LOAD_NONE,
                                        now - 600, NULL, wait_cb, &w3);
      repository = signet_repository_load_finish (wait_result (&w3), &error);
      g_clear_object (&w3.result);
      if (repository == NULL)
        goto fail;
      tuf = _signet_repository_get_tuf_repo (repository);
    }
  root = _signet_tuf_repo_get_root (tuf);
  if (_signet_tuf_repo_get_targets (tuf, role) == NULL)
    {
      g_set_error (&error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND, "%s has no loaded role %s", gun, role);
      goto fail;
    }
  store = _signet_keystore_new (trust_dir);

  if (g_str_equal (role, "targets"))
    role_key = load_key (store, root->keys, g_hash_table_lookup (root->roles, "targets"),
                         "NOTARY_TARGETS_PASSPHRASE", &role_keyid, &error);
  else
    {
      entry = _signet_tuf_repo_get_delegation (tuf, role, &parent);
      role_key = load_key (store, parent->keys, entry, "NOTARY_DELEGATION_PASSPHRASE",
                           &role_keyid, &error);
    }
  if (role_key == NULL)
    goto fail;
  snapshot_key = load_key (store, root->keys, g_hash_table_lookup (root->roles, "snapshot"),
                           "NOTARY_SNAPSHOT_PASSPHRASE", &snapshot_keyid, &error);
  if (snapshot_key == NULL)
    goto fail;

  md = _signet_tuf_metadata_copy (_signet_tuf_repo_get_targets (tuf, role));
  _signet_tuf_metadata_bump (md, now, lifetime);
  role_bytes = sign_with (md, role_key, role_keyid, &error);
  if (role_bytes == NULL)
    goto fail;

  snapshot = _signet_tuf_metadata_copy (_signet_tuf_repo_get_snapshot (tuf));
  _signet_tuf_metadata_set_meta_for (snapshot, role, role_bytes);
  _signet_tuf_metadata_bump (snapshot, now, SIGNET_TUF_LIFETIME_SNAPSHOT);
  snapshot_bytes = sign_with (snapshot, snapshot_key, snapshot_keyid, &error);
  if (snapshot_bytes == NULL)
    goto fail;

  files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_hash_table_insert (files, g_strdup (role), g_bytes_ref (role_bytes));
  g_hash_table_insert (files, g_strdup ("snapshot"), g_bytes_ref (snapshot_bytes));
  _signet_remote_trust_publish_async (remote, gun, files, NULL, wait_cb, &w2);
  if (!_signet_remote_trust_publish_finish (remote, wait_result (&w2), &error))
    {
      g_clear_object (&w2.result);
      goto fail;
    }
  g_clear_object (&w2.result);
  printf ("published %s of %s, version %" G_GINT64_FORMAT ", expires in %" G_GINT64_FORMAT " s\n",
          role, gun, md->version, lifetime);
  return 0;

fail:
  fprintf (stderr, "signet-test-resign: %s\n", error->message);
  return 1;
}
