/* signet-ops.c: the publish pipeline of every signing operation.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   load + verify (repository) -> prefetch (manifests, server keys) -> [worker thread:
 *   new keys, change a copy of the metadata, unlock the keys, sign the changed roles and
 *   the snapshot when it is local] -> POST (multipart) -> load + verify the result and
 *   check the server holds exactly what was published -> delete replaced keys.
 *
 * A 400 from the server with the trust data moved on the server in the meantime starts
 * again from the new state, once. Facts: notary-v1.md §7-§11.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "signet-backup-private.h"
#include "signet-error.h"
#include "signet-ops-private.h"
#include "signet-remote-private.h"
#include "signet-repository-private.h"

struct _SignetOps
{
  GObject                parent_instance;
  SignetRemote          *remote;
  char                  *trust_dir;
  SignetKeystore        *keystore;
  SignetPassphraseChain *chain;
  GMutex                 chain_lock;
  SignetOpsConfirmFunc   confirm;
  gpointer               confirm_data;
  GDestroyNotify         confirm_destroy;
  SignetOpsConfirmPromptFunc confirm_prompt;
  gpointer               confirm_prompt_data;
  GDestroyNotify         confirm_prompt_destroy;
  SignetOpsPublishHook   hook;
  gpointer               hook_data;
};

G_DEFINE_FINAL_TYPE (SignetOps, signet_ops, G_TYPE_OBJECT)

static void
signet_ops_finalize (GObject *object)
{
  SignetOps *self = SIGNET_OPS (object);

  if (self->confirm_destroy != NULL)
    self->confirm_destroy (self->confirm_data);
  if (self->confirm_prompt_destroy != NULL)
    self->confirm_prompt_destroy (self->confirm_prompt_data);
  g_clear_object (&self->remote);
  g_clear_object (&self->keystore);
  g_clear_object (&self->chain);
  g_clear_pointer (&self->trust_dir, g_free);
  g_mutex_clear (&self->chain_lock);

  G_OBJECT_CLASS (signet_ops_parent_class)->finalize (object);
}

static void
signet_ops_class_init (SignetOpsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_ops_finalize;
}

static void
signet_ops_init (SignetOps *self)
{
  g_mutex_init (&self->chain_lock);
}

SignetOps *
signet_ops_new (SignetRemote *remote,
                const char   *trust_dir)
{
  SignetOps *self;

  g_return_val_if_fail (SIGNET_IS_REMOTE (remote), NULL);

  self = g_object_new (SIGNET_TYPE_OPS, NULL);
  self->remote = g_object_ref (remote);
  self->trust_dir = trust_dir ? g_strdup (trust_dir) : signet_default_trust_dir ();
  self->keystore = _signet_keystore_new (self->trust_dir);
  self->chain = _signet_passphrase_chain_new ();
  return self;
}

void
signet_ops_set_confirm_func (SignetOps            *self,
                             SignetOpsConfirmFunc  func,
                             gpointer              user_data,
                             GDestroyNotify        destroy)
{
  g_return_if_fail (SIGNET_IS_OPS (self));

  if (self->confirm_destroy != NULL)
    self->confirm_destroy (self->confirm_data);
  self->confirm = func;
  self->confirm_data = user_data;
  self->confirm_destroy = destroy;
}

void
_signet_ops_set_confirm_prompt (SignetOps                  *self,
                                SignetOpsConfirmPromptFunc  func,
                                gpointer                    user_data,
                                GDestroyNotify              destroy)
{
  g_return_if_fail (SIGNET_IS_OPS (self));

  if (self->confirm_prompt_destroy != NULL)
    self->confirm_prompt_destroy (self->confirm_prompt_data);
  self->confirm_prompt = func;
  self->confirm_prompt_data = user_data;
  self->confirm_prompt_destroy = destroy;
}

void
_signet_ops_set_passphrase_chain (SignetOps             *self,
                                  SignetPassphraseChain *chain)
{
  g_return_if_fail (SIGNET_IS_OPS (self));
  g_set_object (&self->chain, chain);
}

void
_signet_ops_set_publish_hook (SignetOps            *self,
                              SignetOpsPublishHook  hook,
                              gpointer              user_data)
{
  g_return_if_fail (SIGNET_IS_OPS (self));
  self->hook = hook;
  self->hook_data = user_data;
}

/* ---- Operation state ------------------------------------------------------------------ */

static void
new_key_free (SignetOpsNewKey *nk)
{
  g_free (nk->role);
  g_clear_pointer (&nk->key, _signet_private_key_unref);
  g_clear_pointer (&nk->cert, _signet_public_key_unref);
  g_free (nk);
}

static void
op_data_reset (SignetOpsData *d)
{
  g_clear_object (&d->base);
  d->tuf = NULL;
  g_clear_pointer (&d->draft, g_hash_table_unref);
  g_clear_pointer (&d->removed_roles, g_ptr_array_unref);
  g_clear_pointer (&d->files, g_hash_table_unref);
  g_clear_pointer (&d->held, g_hash_table_unref);
  g_clear_pointer (&d->remove_after, g_ptr_array_unref);
  g_clear_pointer (&d->pending_messages, g_ptr_array_unref);
  g_clear_pointer (&d->legacy_roots, g_ptr_array_unref);
  g_clear_pointer (&d->legacy_missing, g_ptr_array_unref);
  d->snapshot_local = FALSE;
  d->force_snapshot = FALSE;
}

static void
op_data_free (SignetOpsData *d)
{
  op_data_reset (d);
  g_clear_object (&d->ops);
  g_free (d->gun);
  g_strfreev (d->tags);
  g_clear_pointer (&d->references, g_ptr_array_unref);
  g_clear_pointer (&d->manifests, g_ptr_array_unref);
  g_free (d->name);
  g_clear_pointer (&d->pubkeys, g_ptr_array_unref);
  g_strfreev (d->key_ids);
  g_strfreev (d->paths);
  g_free (d->root_key_id);
  g_strfreev (d->roles);
  if (d->key_pem != NULL)
    OPENSSL_cleanse (d->key_pem, strlen (d->key_pem));
  g_free (d->key_pem);
  g_clear_pointer (&d->server_snapshot_key, _signet_public_key_unref);
  g_clear_pointer (&d->server_timestamp_key, _signet_public_key_unref);
  g_clear_pointer (&d->new_keys, g_ptr_array_unref);
  g_clear_pointer (&d->unlocked, g_hash_table_unref);
  g_clear_pointer (&d->messages, g_ptr_array_unref);
  g_clear_object (&d->cancellable);
  g_clear_pointer (&d->context, g_main_context_unref);
  g_free (d);
}

static SignetOpsData *
op_data_new (SignetOps      *self,
             SignetOpsKind   kind,
             const char     *gun)
{
  SignetOpsData *d = g_new0 (SignetOpsData, 1);

  d->ops = g_object_ref (self);
  d->kind = kind;
  d->gun = g_strdup (gun);
  d->new_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) new_key_free);
  d->unlocked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) _signet_private_key_unref);
  d->messages = g_ptr_array_new_with_free_func (g_free);
  return d;
}

void
_signet_ops_note (SignetOpsData *d,
                  const char    *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (d->pending_messages, g_strdup_vprintf (format, args));
  va_end (args);
}

/* ---- Draft: mutable copies of the changed roles ---------------------------------------- */

SignetTufMetadata *
_signet_ops_current (SignetOpsData *d,
                     const char    *role)
{
  SignetTufMetadata *md = g_hash_table_lookup (d->draft, role);

  if (md != NULL || d->tuf == NULL)
    return md;
  if (g_str_equal (role, "root"))
    return _signet_tuf_repo_get_root (d->tuf);
  if (g_str_equal (role, "snapshot"))
    return _signet_tuf_repo_get_snapshot (d->tuf);
  if (g_str_equal (role, "timestamp"))
    return _signet_tuf_repo_get_timestamp (d->tuf);
  return _signet_tuf_repo_get_targets (d->tuf, role);
}

static SignetTufKind
kind_for_role (const char *role)
{
  if (g_str_equal (role, "root"))
    return SIGNET_TUF_KIND_ROOT;
  if (g_str_equal (role, "snapshot"))
    return SIGNET_TUF_KIND_SNAPSHOT;
  if (g_str_equal (role, "timestamp"))
    return SIGNET_TUF_KIND_TIMESTAMP;
  return SIGNET_TUF_KIND_TARGETS;
}

/* The role's entry (keyids, threshold, paths) and the table its keys are in. */
SignetTufRole *
_signet_ops_role_entry (SignetOpsData  *d,
                        const char     *role,
                        GHashTable    **keys)
{
  SignetTufMetadata *parent;
  g_autofree char *parent_name = NULL;

  if (!_signet_tuf_is_delegation_name (role))
    {
      parent = _signet_ops_current (d, "root");
      if (parent == NULL)
        return NULL;
      if (keys != NULL)
        *keys = parent->keys;
      return g_hash_table_lookup (parent->roles, role);
    }
  parent_name = _signet_tuf_role_parent (role);
  parent = _signet_ops_current (d, parent_name);
  if (parent == NULL)
    return NULL;
  if (keys != NULL)
    *keys = parent->keys;
  return _signet_tuf_metadata_get_delegation (parent, role);
}

SignetTufMetadata *
_signet_ops_mutable (SignetOpsData  *d,
                     const char     *role,
                     GError        **error)
{
  SignetTufMetadata *md = g_hash_table_lookup (d->draft, role);
  SignetTufMetadata *cur;

  if (md != NULL)
    return md;
  cur = _signet_ops_current (d, role);
  if (cur != NULL)
    md = _signet_tuf_metadata_copy (cur);
  else if (d->tuf == NULL || _signet_ops_role_entry (d, role, NULL) != NULL)
    {
      /* a role with no file yet: version 0, bumped to 1 when signed */
      md = _signet_tuf_metadata_new (kind_for_role (role), role);
      md->version = 0;
    }
  else
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                   "The role %s does not exist in %s", role, d->gun);
      return NULL;
    }
  g_hash_table_insert (d->draft, g_strdup (role), md);
  return md;
}

void
_signet_ops_remove_role (SignetOpsData *d,
                         const char    *role)
{
  g_hash_table_remove (d->draft, role);
  g_ptr_array_add (d->removed_roles, g_strdup (role));
}

/* Whether the private key for the public key @key (TUF key ID in its table) is at hand. */
static SignetPrivateKey *
new_key_for (SignetOpsData *d,
             const char    *canonical_id)
{
  for (guint i = 0; i < d->new_keys->len; i++)
    {
      SignetOpsNewKey *nk = g_ptr_array_index (d->new_keys, i);

      if (g_str_equal (_signet_private_key_get_id (nk->key), canonical_id))
        return nk->key;
    }
  return NULL;
}

gboolean
_signet_ops_holds (SignetOpsData *d,
                   const char    *canonical_id)
{
  return g_hash_table_contains (d->held, canonical_id) || new_key_for (d, canonical_id) != NULL;
}

/* Canonical IDs of the role's keys that are held, as (TUF id, canonical id) pairs. */
GPtrArray *
_signet_ops_held_keys (SignetOpsData *d,
                       const char    *role,
                       gint64        *threshold)
{
  GHashTable *keys = NULL;
  SignetTufRole *entry = _signet_ops_role_entry (d, role, &keys);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  if (threshold != NULL)
    *threshold = entry ? entry->threshold : 1;
  if (entry == NULL)
    return out;
  for (guint i = 0; i < entry->keyids->len; i++)
    {
      const char *keyid = g_ptr_array_index (entry->keyids, i);
      SignetPublicKey *key = g_hash_table_lookup (keys, keyid);

      if (key != NULL && _signet_ops_holds (d, _signet_public_key_get_canonical_id (key)))
        g_ptr_array_add (out, g_strdup (keyid));
    }
  return out;
}

gboolean
_signet_ops_can_sign (SignetOpsData *d,
                      const char    *role)
{
  gint64 threshold = 1;
  g_autoptr(GPtrArray) held = _signet_ops_held_keys (d, role, &threshold);

  return held->len > 0 && (gint64) held->len >= threshold;
}

/* A question from the worker, answered on the operation's main context while the worker
 * waits. References: the worker's and the answering side's (dropped by _reply). */
struct _SignetOpsConfirmRequest
{
  gatomicrefcount  ref_count;
  GMutex           lock;
  GCond            cond;
  SignetOps       *ops;
  char            *question;
  GCancellable    *cancellable;
  gboolean         done;
  gboolean         answer;
};

static void
confirm_request_unref (SignetOpsConfirmRequest *request)
{
  if (!g_atomic_ref_count_dec (&request->ref_count))
    return;
  g_clear_object (&request->ops);
  g_clear_object (&request->cancellable);
  g_free (request->question);
  g_mutex_clear (&request->lock);
  g_cond_clear (&request->cond);
  g_free (request);
}

const char *
_signet_ops_confirm_request_get_question (SignetOpsConfirmRequest *request)
{
  return request->question;
}

GCancellable *
_signet_ops_confirm_request_get_cancellable (SignetOpsConfirmRequest *request)
{
  return request->cancellable;
}

void
_signet_ops_confirm_request_reply (SignetOpsConfirmRequest *request,
                                   gboolean                 confirmed)
{
  g_return_if_fail (request != NULL);

  g_mutex_lock (&request->lock);
  if (!request->done)
    {
      request->done = TRUE;
      request->answer = !!confirmed;
      g_cond_broadcast (&request->cond);
    }
  g_mutex_unlock (&request->lock);
  confirm_request_unref (request);
}

/* On the operation's main context. */
static gboolean
confirm_show (gpointer user_data)
{
  SignetOpsConfirmRequest *request = user_data;
  SignetOps *self = request->ops;

  if (g_cancellable_is_cancelled (request->cancellable))
    _signet_ops_confirm_request_reply (request, FALSE);
  else if (self->confirm_prompt != NULL)
    self->confirm_prompt (request, self->confirm_prompt_data);
  else
    _signet_ops_confirm_request_reply (request, self->confirm (request->question, self->confirm_data));
  return G_SOURCE_REMOVE;
}

static void
confirm_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  SignetOpsConfirmRequest *request = user_data;

  g_mutex_lock (&request->lock);
  g_cond_broadcast (&request->cond);
  g_mutex_unlock (&request->lock);
}

/* In the worker thread. */
gboolean
_signet_ops_confirm (SignetOpsData  *d,
                     const char     *question,
                     GError        **error)
{
  SignetOps *self = d->ops;
  SignetOpsConfirmRequest *request;
  GSource *source;
  gulong cancelled_id = 0;
  gboolean answer;
  gboolean cancelled;

  if (self->confirm == NULL && self->confirm_prompt == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_CANCELLED,
                   "%s Not confirmed: nothing was changed.", question);
      return FALSE;
    }

  request = g_new0 (SignetOpsConfirmRequest, 1);
  g_atomic_ref_count_init (&request->ref_count);
  g_atomic_ref_count_inc (&request->ref_count);
  g_mutex_init (&request->lock);
  g_cond_init (&request->cond);
  request->ops = g_object_ref (self);
  request->question = g_strdup (question);
  request->cancellable = d->cancellable ? g_object_ref (d->cancellable) : NULL;
  if (request->cancellable != NULL)
    cancelled_id = g_cancellable_connect (request->cancellable, G_CALLBACK (confirm_cancelled_cb),
                                          request, NULL);

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, confirm_show, request, NULL);
  g_source_set_static_name (source, "[signet] confirm");
  g_source_attach (source, d->context ? d->context : g_main_context_default ());
  g_source_unref (source);

  g_mutex_lock (&request->lock);
  while (!request->done && !g_cancellable_is_cancelled (request->cancellable))
    g_cond_wait (&request->cond, &request->lock);
  answer = request->done && request->answer;
  cancelled = !request->done;
  g_mutex_unlock (&request->lock);
  if (cancelled_id != 0)
    g_cancellable_disconnect (request->cancellable, cancelled_id);
  confirm_request_unref (request);

  if (cancelled)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_CANCELLED,
                   "Cancelled while asking: nothing was changed in %s.", d->gun);
      return FALSE;
    }
  if (!answer)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_CANCELLED,
                   "Cancelled: nothing was changed in %s.", d->gun);
      return FALSE;
    }
  return TRUE;
}

/* ---- Keys ----------------------------------------------------------------------------- */

static SignetPrivateKey *
unlock_key (SignetOpsData  *d,
            const char     *canonical_id,
            GError        **error)
{
  SignetOps *self = d->ops;
  SignetPrivateKey *key = g_hash_table_lookup (d->unlocked, canonical_id);
  g_autoptr(GError) local_error = NULL;

  if (key == NULL)
    key = new_key_for (d, canonical_id);
  if (key != NULL)
    return key;

  g_mutex_lock (&self->chain_lock);
  key = _signet_passphrase_chain_unlock (self->chain, self->keystore, canonical_id, NULL,
                                         d->cancellable, &local_error);
  g_mutex_unlock (&self->chain_lock);
  if (key == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Cannot unlock key %.12s: ", canonical_id);
      return NULL;
    }
  g_hash_table_insert (d->unlocked, g_strdup (canonical_id), key);
  return key;
}

SignetPrivateKey *
_signet_ops_unlock (SignetOpsData  *d,
                    const char     *canonical_id,
                    GError        **error)
{
  return unlock_key (d, canonical_id, error);
}

/* Makes a new key for @role (or returns the one made for it in an earlier attempt), with a
 * passphrase from the chain, and writes it to the keystore. */
SignetOpsNewKey *
_signet_ops_new_key (SignetOpsData  *d,
                     const char     *role,
                     GError        **error)
{
  SignetOps *self = d->ops;
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autoptr(SignetSecret) pass = NULL;
  SignetOpsNewKey *nk;
  const char *key_gun;

  for (guint i = 0; i < d->new_keys->len; i++)
    {
      nk = g_ptr_array_index (d->new_keys, i);
      if (g_str_equal (nk->role, role))
        return nk;
    }

  key = _signet_private_key_generate (error);
  if (key == NULL)
    return NULL;
  key_gun = _signet_key_gun_for_role (role, d->gun);
  g_mutex_lock (&self->chain_lock);
  pass = _signet_passphrase_chain_new_passphrase (self->chain, _signet_private_key_get_id (key),
                                                  role, key_gun, d->cancellable, error);
  g_mutex_unlock (&self->chain_lock);
  if (pass == NULL)
    {
      g_prefix_error (error, "No passphrase for the new %s key: ", role);
      return NULL;
    }
  if (!_signet_keystore_add (self->keystore, key, role, key_gun, pass, error))
    return NULL;

  nk = g_new0 (SignetOpsNewKey, 1);
  nk->role = g_strdup (role);
  nk->key = g_steal_pointer (&key);
  nk->stored = TRUE;
  g_ptr_array_add (d->new_keys, nk);
  _signet_ops_note (d, "New %s key %s in %s", role, _signet_private_key_get_id (nk->key),
                    _signet_keystore_get_private_dir (self->keystore));
  return nk;
}

SignetKeystore *
_signet_ops_get_keystore (SignetOpsData *d)
{
  return d->ops->keystore;
}

SignetSecret *
_signet_ops_new_passphrase (SignetOpsData  *d,
                            const char     *key_id,
                            const char     *role,
                            GError        **error)
{
  SignetOps *self = d->ops;
  SignetSecret *pass;

  g_mutex_lock (&self->chain_lock);
  pass = _signet_passphrase_chain_new_passphrase (self->chain, key_id, role,
                                                  _signet_key_gun_for_role (role, d->gun), NULL, error);
  g_mutex_unlock (&self->chain_lock);
  return pass;
}

/* ---- Backups -------------------------------------------------------------------------- */

gboolean
_signet_ops_root_key_has_verified_backup (SignetKeystore  *keystore,
                                          const char      *key_id,
                                          GError         **error)
{
  g_autofree char *state_path = _signet_backup_state_path ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SignetKeyInfo) info = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  gsize len = 0;
  JsonNode *root;
  JsonArray *backups;

  info = _signet_keystore_find (keystore, key_id, error);
  if (info == NULL)
    return FALSE;
  if (!g_file_get_contents (info->path, &contents, &len, error))
    return FALSE;
  sha = _signet_sha256_hex ((const guint8 *) contents, len);

  if (!g_file_test (state_path, G_FILE_TEST_EXISTS) ||
      !json_parser_load_from_file (parser, state_path, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "backups"))
    goto none;
  backups = json_object_get_array_member (json_node_get_object (root), "backups");
  for (guint i = 0; backups != NULL && i < json_array_get_length (backups); i++)
    {
      JsonNode *node = json_array_get_element (backups, i);
      JsonObject *obj;
      const char *path;
      g_autoptr(SignetBackup) backup = NULL;
      GPtrArray *entries;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      obj = json_node_get_object (node);
      path = json_object_get_string_member_with_default (obj, "path", NULL);
      if (path == NULL || !json_object_get_boolean_member_with_default (obj, "verified", FALSE))
        continue;
      backup = _signet_backup_read (path, NULL);
      if (backup == NULL)
        continue;
      entries = _signet_backup_get_entries (backup);
      for (guint j = 0; j < entries->len; j++)
        {
          SignetBackupEntry *entry = g_ptr_array_index (entries, j);

          if (g_strcmp0 (entry->id, info->id) == 0 && g_strcmp0 (entry->sha256, sha) == 0)
            return TRUE;
        }
    }

none:
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
               "There is no verified backup of the root key %s. Make one first with "
               "'signet-cli backup --to DIR' (it records the backup in %s).",
               info->id, state_path);
  return FALSE;
}

/* ---- Signing -------------------------------------------------------------------------- */

static gboolean
sign_func (gpointer       key,
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

static gint64
lifetime_for (const char *role)
{
  if (g_str_equal (role, "root"))
    return SIGNET_TUF_LIFETIME_ROOT;
  if (g_str_equal (role, "snapshot"))
    return SIGNET_TUF_LIFETIME_SNAPSHOT;
  if (g_str_equal (role, "timestamp"))
    return SIGNET_TUF_LIFETIME_TIMESTAMP;
  return SIGNET_TUF_LIFETIME_TARGETS;
}

static void
signer_free (SignetTufSigner *s)
{
  g_free ((char *) s->keyid);
  g_free (s);
}

/* Adds a signer for every held key of @entry (keys in @keys) not yet in @signers; returns
 * how many of @entry's keys are among the signers. */
static guint
add_signers (SignetOpsData  *d,
             SignetTufRole  *entry,
             GHashTable     *keys,
             GPtrArray      *signers,
             GError        **error)
{
  guint count = 0;

  for (guint i = 0; i < entry->keyids->len; i++)
    {
      const char *keyid = g_ptr_array_index (entry->keyids, i);
      SignetPublicKey *pub = g_hash_table_lookup (keys, keyid);
      const char *cid;
      SignetPrivateKey *priv;
      SignetTufSigner *s;
      gboolean dup = FALSE;

      if (pub == NULL)
        continue;
      cid = _signet_public_key_get_canonical_id (pub);
      if (!_signet_ops_holds (d, cid))
        continue;
      count++;
      for (guint j = 0; j < signers->len; j++)
        dup |= g_str_equal (((SignetTufSigner *) g_ptr_array_index (signers, j))->keyid, keyid);
      if (dup)
        continue;
      priv = unlock_key (d, cid, error);
      if (priv == NULL)
        return G_MAXUINT;
      s = g_new0 (SignetTufSigner, 1);
      s->keyid = g_strdup (keyid);
      s->key = priv;
      g_ptr_array_add (signers, s);
    }
  return count;
}

static gboolean
sign_role (SignetOpsData  *d,
           const char     *role,
           GError        **error)
{
  SignetTufMetadata *md = g_hash_table_lookup (d->draft, role);
  g_autoptr(GPtrArray) signers = g_ptr_array_new_with_free_func ((GDestroyNotify) signer_free);
  GHashTable *keys = NULL;
  SignetTufRole *entry = _signet_ops_role_entry (d, role, &keys);
  guint count;
  GBytes *bytes;

  if (entry == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                   "No role %s is delegated in %s", role, d->gun);
      return FALSE;
    }
  count = add_signers (d, entry, keys, signers, error);
  if (count == G_MAXUINT)
    return FALSE;
  if (count < entry->threshold || count == 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                   "Cannot sign %s of %s: this trust directory holds %u of its keys and it "
                   "needs %" G_GINT64_FORMAT " (key IDs: %s…)", role, d->gun, count,
                   entry->threshold,
                   entry->keyids->len ? (const char *) g_ptr_array_index (entry->keyids, 0) : "none");
      return FALSE;
    }
  if (g_str_equal (role, "root") && d->tuf != NULL)
    {
      /* The previous root's threshold too (rotation, §5 and §9). */
      SignetTufMetadata *old = _signet_tuf_repo_get_root (d->tuf);
      SignetTufRole *old_entry = g_hash_table_lookup (old->roles, "root");
      guint old_count = add_signers (d, old_entry, old->keys, signers, error);

      if (old_count == G_MAXUINT)
        return FALSE;
      if (old_count < old_entry->threshold)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                       "Cannot sign the new root of %s: it needs %" G_GINT64_FORMAT " of the "
                       "current root keys and this trust directory holds %u", d->gun,
                       old_entry->threshold, old_count);
          return FALSE;
        }
      /* --legacy N: the held root keys of older versions too (notary's SignRoot) */
      for (guint i = 0; d->legacy_roots != NULL && i < d->legacy_roots->len; i++)
        {
          SignetTufMetadata *legacy = g_ptr_array_index (d->legacy_roots, i);
          SignetTufRole *legacy_entry = g_hash_table_lookup (legacy->roles, "root");
          guint before = signers->len;

          if (legacy_entry == NULL)
            continue;
          if (add_signers (d, legacy_entry, legacy->keys, signers, error) == G_MAXUINT)
            return FALSE;
          if (signers->len > before)
            _signet_ops_note (d, "Signed the new root also with %u root key(s) of version %"
                              G_GINT64_FORMAT " for older clients", signers->len - before,
                              legacy->version);
        }
    }
  _signet_tuf_metadata_bump (md, d->now, lifetime_for (role));
  bytes = _signet_tuf_metadata_sign (md, signers, sign_func, error);
  if (bytes == NULL)
    return FALSE;
  g_hash_table_insert (d->files, g_strdup (role), bytes);
  return TRUE;
}

static gint
compare_depth (gconstpointer a,
               gconstpointer b)
{
  const char *ra = *(const char **) a;
  const char *rb = *(const char **) b;
  int da = 0, db = 0;

  for (const char *p = ra; *p; p++)
    da += *p == '/';
  for (const char *p = rb; *p; p++)
    db += *p == '/';
  if (da != db)
    return db - da;
  return strcmp (ra, rb);
}

/* Root re-sign rule, snapshot, then signatures of every changed role. */
static gboolean
finalize_and_sign (SignetOpsData  *d,
                   GError        **error)
{
  SignetTufMetadata *root = _signet_ops_current (d, "root");
  g_autoptr(GPtrArray) roles = g_ptr_array_new ();
  g_autoptr(GPtrArray) snap_held = NULL;
  GHashTableIter iter;
  gpointer key;

  if (root == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_FAILED, "No root for %s", d->gun);
      return FALSE;
    }

  /* Any publish re-signs root when it expires within 6 months (§9). */
  if (!g_hash_table_contains (d->draft, "root") && g_hash_table_size (d->draft) > 0 &&
      root->expires - d->now < 182 * 86400)
    {
      if (_signet_ops_can_sign (d, "root"))
        {
          _signet_ops_mutable (d, "root", NULL);
          _signet_ops_note (d, "root.json expires within 6 months: re-signed it");
        }
      else
        _signet_ops_note (d, "Warning: root.json of %s expires within 6 months and the root "
                          "key is not in this trust directory to re-sign it", d->gun);
    }

  /* --legacy N re-signs root, as notary does (its extra keys make root dirty). */
  if (d->legacy_roots != NULL && d->legacy_roots->len > 0 && !g_hash_table_contains (d->draft, "root") &&
      _signet_ops_mutable (d, "root", error) == NULL)
    return FALSE;
  for (guint i = 0; d->legacy_missing != NULL && i < d->legacy_missing->len; i++)
    _signet_ops_note (d, "Warning: %s", (const char *) g_ptr_array_index (d->legacy_missing, i));

  snap_held = _signet_ops_held_keys (d, "snapshot", NULL);
  d->snapshot_local = snap_held->len > 0;

  g_hash_table_iter_init (&iter, d->draft);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_str_equal (key, "snapshot") && !g_str_equal (key, "timestamp"))
      g_ptr_array_add (roles, key);
  if (roles->len == 0 && !d->force_snapshot && d->removed_roles->len == 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "Nothing to change in %s", d->gun);
      return FALSE;
    }
  /* root first, then delegations before their parents (the order does not matter to the
   * server, it only makes failures name the deepest role first) */
  g_ptr_array_sort (roles, compare_depth);
  for (guint i = 0; i < roles->len; i++)
    if (g_str_equal (g_ptr_array_index (roles, i), "root"))
      {
        if (!sign_role (d, "root", error))
          return FALSE;
      }
  for (guint i = 0; i < roles->len; i++)
    {
      const char *role = g_ptr_array_index (roles, i);

      if (!g_str_equal (role, "root") && !sign_role (d, role, error))
        return FALSE;
    }

  if (d->snapshot_local)
    {
      SignetTufMetadata *snap = _signet_ops_mutable (d, "snapshot", error);

      if (snap == NULL)
        return FALSE;
      g_hash_table_iter_init (&iter, d->files);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        _signet_tuf_metadata_set_meta_for (snap, key, g_hash_table_lookup (d->files, key));
      for (guint i = 0; i < d->removed_roles->len; i++)
        g_hash_table_remove (snap->meta, g_ptr_array_index (d->removed_roles, i));
      if (!sign_role (d, "snapshot", error))
        return FALSE;
    }
  else if (d->force_snapshot)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "The snapshot of %s is signed by the server (or its key is not in this "
                   "trust directory): the server renews it itself", d->gun);
      return FALSE;
    }
  else if (d->tuf != NULL && d->server_snapshot_key != NULL)
    {
      SignetTufRole *entry = _signet_ops_role_entry (d, "snapshot", NULL);

      if (entry == NULL || !_signet_tuf_role_has_keyid (entry, _signet_public_key_get_id (d->server_snapshot_key)))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                       "The snapshot key of %s is neither in this trust directory nor on the "
                       "server: nothing can sign the snapshot", d->gun);
          return FALSE;
        }
    }
  return TRUE;
}

static void
work_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SignetOpsData *d = task_data;
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;

  list = _signet_keystore_list (d->ops->keystore, NULL, &error);
  if (list == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  d->held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < list->len; i++)
    g_hash_table_add (d->held, g_strdup (((SignetKeyInfo *) g_ptr_array_index (list, i))->id));

  if (!_signet_ops_apply (d, &error) || !finalize_and_sign (d, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  /* GLib keeps its worker threads: free OpenSSL's per-thread state (DRBGs) that signing and
   * key generation made here. */
  OPENSSL_thread_stop ();
}

/* ---- The pipeline (main thread) ------------------------------------------------------- */

static void prefetch_next (GTask *task);
static void start_attempt (GTask *task);

static void
remove_new_keys (SignetOpsData *d)
{
  for (guint i = 0; i < d->new_keys->len; i++)
    {
      SignetOpsNewKey *nk = g_ptr_array_index (d->new_keys, i);
      g_autoptr(GError) error = NULL;

      if (nk->stored && !_signet_keystore_remove (d->ops->keystore,
                                                  _signet_private_key_get_id (nk->key), &error))
        g_warning ("Cannot remove the new key %s: %s", _signet_private_key_get_id (nk->key),
                   error->message);
      nk->stored = FALSE;
    }
}

static void
op_fail (GTask   *task,
         GError  *error,
         gboolean outcome_unknown)
{
  SignetOpsData *d = g_task_get_task_data (task);

  if (outcome_unknown && d->new_keys->len > 0)
    g_prefix_error (&error, "The publish of %s may or may not have reached the server, so the "
                    "new keys are kept in %s and the old ones are untouched (run the command "
                    "again once the server is back). ", d->gun,
                    _signet_keystore_get_private_dir (d->ops->keystore));
  else
    {
      remove_new_keys (d);
      g_prefix_error (&error, "Nothing was changed: ");
    }
  g_task_return_error (task, error);
}

static void
finish_cleanup_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  SignetOpsData *d = task_data;

  for (guint i = 0; d->remove_after != NULL && i < d->remove_after->len; i++)
    {
      const char *id = g_ptr_array_index (d->remove_after, i);
      g_autoptr(GError) error = NULL;

      if (_signet_keystore_remove (d->ops->keystore, id, &error))
        _signet_ops_note (d, "Deleted the replaced key %s", id);
      else
        _signet_ops_note (d, "Warning: cannot delete the replaced key %s: %s", id, error->message);
    }
  g_task_return_boolean (task, TRUE);
}

static void
finish_cleanup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetOpsData *d = g_task_get_task_data (task);

  g_task_propagate_boolean (G_TASK (result), NULL);
  for (guint i = 0; i < d->pending_messages->len; i++)
    g_ptr_array_add (d->messages, g_strdup (g_ptr_array_index (d->pending_messages, i)));
  g_task_return_pointer (task, g_steal_pointer (&d->base), g_object_unref);
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetOpsData *d = g_task_get_task_data (task);
  g_autoptr(SignetRepository) repo = NULL;
  GHashTable *server_files;
  GHashTableIter iter;
  gpointer key, value;
  GError *error = NULL;
  GTask *cleanup;

  repo = signet_repository_load_finish (result, &error);
  if (repo == NULL)
    {
      g_prefix_error (&error, "The server accepted the update of %s, but the result does not "
                      "verify: ", d->gun);
      g_task_return_error (task, error);
      return;
    }
  server_files = _signet_tuf_repo_get_files (_signet_repository_get_tuf_repo (repo));
  g_hash_table_iter_init (&iter, d->files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GBytes *got = g_hash_table_lookup (server_files, key);

      if (got == NULL || !g_bytes_equal (got, value))
        {
          g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_CONFLICT,
                                   "The server accepted the update of %s, but its %s is not "
                                   "what was published (another change came after it?)",
                                   d->gun, (const char *) key);
          return;
        }
    }
  g_clear_object (&d->base);
  d->base = g_steal_pointer (&repo);
  d->tuf = NULL;

  cleanup = g_task_new (NULL, NULL, finish_cleanup_cb, g_steal_pointer (&task));
  g_task_set_task_data (cleanup, d, NULL);
  g_task_run_in_thread (cleanup, finish_cleanup_thread);
  g_object_unref (cleanup);
}

static GBytes *
files_get (SignetRepository *repo,
           const char       *role)
{
  if (repo == NULL)
    return NULL;
  return g_hash_table_lookup (_signet_tuf_repo_get_files (_signet_repository_get_tuf_repo (repo)), role);
}

static void
conflict_check_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetOpsData *d = g_task_get_task_data (task);
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(GError) load_error = NULL;
  GError *error = g_steal_pointer (&d->publish_error);
  GBytes *old_snap, *new_snap;
  gboolean moved;

  repo = signet_repository_load_finish (result, &load_error);
  if (repo == NULL && d->base == NULL && g_error_matches (load_error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
    moved = FALSE;
  else if (repo == NULL)
    {
      op_fail (task, error, FALSE);
      return;
    }
  else
    {
      old_snap = files_get (d->base, "snapshot");
      new_snap = files_get (repo, "snapshot");
      moved = d->base == NULL || old_snap == NULL || new_snap == NULL ||
              !g_bytes_equal (old_snap, new_snap) ||
              !g_bytes_equal (files_get (d->base, "root"), files_get (repo, "root"));
    }
  if (!moved)
    {
      op_fail (task, error, FALSE);
      return;
    }
  if (d->attempt >= 1)
    {
      GError *conflict = g_error_new (SIGNET_ERROR, SIGNET_ERROR_CONFLICT,
                                      "The trust data of %s changed on the server while this "
                                      "change was published, twice; try again later (the "
                                      "server said: %s)", d->gun, error->message);

      g_error_free (error);
      op_fail (task, conflict, FALSE);
      return;
    }
  g_error_free (error);
  d->attempt++;
  op_data_reset (d);
  d->base = g_steal_pointer (&repo);
  d->tuf = _signet_repository_get_tuf_repo (d->base);
  prefetch_next (g_steal_pointer (&task));
}

static void
publish_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  SignetOpsData *d = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_signet_remote_trust_publish_finish (SIGNET_REMOTE (object), result, &error))
    {
      if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_SERVER))
        {
          /* Rejected: did the data move on the server meanwhile? */
          g_prefix_error (&error, "The server refused the update of %s: ", d->gun);
          d->publish_error = error;
          _signet_repository_load_at_async (d->ops->remote, d->ops->trust_dir, d->gun,
                                            SIGNET_REPOSITORY_LOAD_NONE, 0,
                                            cancellable, conflict_check_cb,
                                            g_steal_pointer (&task));
          return;
        }
      g_prefix_error (&error, "Publishing %s failed: ", d->gun);
      op_fail (task, error, d->new_keys->len > 0 &&
                            !g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_AUTH));
      return;
    }
  _signet_repository_load_at_async (d->ops->remote, d->ops->trust_dir, d->gun,
                                    SIGNET_REPOSITORY_LOAD_NONE, 0, cancellable,
                                    reload_cb, g_steal_pointer (&task));
}

static void
work_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  SignetOpsData *d = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      op_fail (task, error, FALSE);
      return;
    }
  if (d->ops->hook != NULL)
    d->ops->hook (d->ops, d->files, d->attempt, d->ops->hook_data);
  _signet_remote_trust_publish_async (d->ops->remote, d->gun, d->files,
                                      cancellable, publish_cb,
                                      g_steal_pointer (&task));
}

static void
run_work (GTask *task_owned)
{
  g_autoptr(GTask) task = task_owned;
  GCancellable *cancellable = g_task_get_cancellable (task);
  SignetOpsData *d = g_task_get_task_data (task);
  GTask *worker;

  d->draft = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) _signet_tuf_metadata_unref);
  d->removed_roles = g_ptr_array_new_with_free_func (g_free);
  d->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  d->remove_after = g_ptr_array_new_with_free_func (g_free);
  d->pending_messages = g_ptr_array_new_with_free_func (g_free);
  d->now = g_get_real_time () / G_USEC_PER_SEC;

  worker = g_task_new (NULL, cancellable, work_cb, g_steal_pointer (&task));
  g_task_set_task_data (worker, d, NULL);
  g_task_run_in_thread (worker, work_thread);
  g_object_unref (worker);
}

static void
manifest_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetOpsData *d = g_task_get_task_data (task);
  SignetManifest *manifest;
  GError *error = NULL;

  manifest = signet_remote_get_manifest_finish (SIGNET_REMOTE (object), result, &error);
  if (manifest == NULL)
    {
      SignetReference *ref = g_ptr_array_index (d->references, d->manifests->len);
      g_autofree char *text = signet_reference_to_string (ref);

      g_prefix_error (&error, "Cannot get the manifest of %s from the registry: ", text);
      op_fail (task, error, FALSE);
      return;
    }
  g_ptr_array_add (d->manifests, manifest);
  prefetch_next (g_steal_pointer (&task));
}

static void
server_key_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetOpsData *d = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;
  SignetPublicKey *key;
  GError *error = NULL;
  const char *role = d->fetching_key;

  bytes = _signet_remote_trust_key_finish (SIGNET_REMOTE (object), result, &error);
  if (bytes != NULL)
    node = _signet_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), role, &error);
  key = node ? _signet_public_key_new_from_json (node, &error) : NULL;
  if (key == NULL)
    {
      g_prefix_error (&error, "Cannot get the server's %s key for %s: ", role, d->gun);
      op_fail (task, error, FALSE);
      return;
    }
  if (g_str_equal (role, "timestamp"))
    d->server_timestamp_key = key;
  else
    d->server_snapshot_key = key;
  prefetch_next (g_steal_pointer (&task));
}

static void
legacy_root_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetOpsData *d = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SignetTufMetadata *md = NULL;

  bytes = _signet_remote_trust_get_finish (SIGNET_REMOTE (object), result, &error);
  if (bytes != NULL)
    md = _signet_tuf_metadata_parse ("root", bytes, NULL, &error);
  if (md != NULL && md->version != d->legacy_next)
    {
      g_set_error (&error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "the server gave version %"
                   G_GINT64_FORMAT, md->version);
      g_clear_pointer (&md, _signet_tuf_metadata_unref);
    }
  if (md != NULL)
    g_ptr_array_add (d->legacy_roots, md);
  else
    /* as notary: a legacy root that cannot be fetched is skipped */
    g_ptr_array_add (d->legacy_missing,
                     g_strdup_printf ("%" G_GINT64_FORMAT ".root.json of %s was not used: %s",
                                      d->legacy_next, d->gun, error->message));
  d->legacy_next--;
  prefetch_next (g_steal_pointer (&task));
}

/* --legacy N: fetches N.root.json for the N versions before the current root (oldest 1). */
static gboolean
prefetch_legacy (GTask *task)
{
  SignetOpsData *d = g_task_get_task_data (task);
  gint64 current, oldest;
  g_autofree char *path = NULL;

  if (d->legacy == 0 || d->tuf == NULL)
    return FALSE;
  current = _signet_tuf_repo_get_root (d->tuf)->version;
  oldest = MAX (1, current - (gint64) d->legacy);
  if (d->legacy_roots == NULL)
    {
      d->legacy_roots = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_tuf_metadata_unref);
      d->legacy_missing = g_ptr_array_new_with_free_func (g_free);
      d->legacy_next = current - 1;
    }
  if (d->legacy_next < oldest)
    return FALSE;
  path = g_strdup_printf ("%" G_GINT64_FORMAT ".root.json", d->legacy_next);
  _signet_remote_trust_get_async (d->ops->remote, d->gun, path, SIGNET_TUF_MAX_UNKNOWN_SIZE,
                                  g_task_get_cancellable (task), legacy_root_cb, g_object_ref (task));
  return TRUE;
}

static gboolean
snapshot_key_held_on_disk (SignetOpsData *d)
{
  SignetTufMetadata *root;
  SignetTufRole *entry;

  if (d->tuf == NULL)
    return FALSE;
  root = _signet_tuf_repo_get_root (d->tuf);
  entry = g_hash_table_lookup (root->roles, "snapshot");
  for (guint i = 0; entry != NULL && i < entry->keyids->len; i++)
    {
      SignetPublicKey *key = g_hash_table_lookup (root->keys, g_ptr_array_index (entry->keyids, i));
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (key == NULL)
        continue;
      name = g_strconcat (_signet_public_key_get_canonical_id (key), ".key", NULL);
      path = g_build_filename (_signet_keystore_get_private_dir (d->ops->keystore), name, NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

static void
prefetch_next (GTask *task_owned)
{
  g_autoptr(GTask) task = task_owned;
  SignetOpsData *d = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gboolean want_ts = FALSE, post_ts = FALSE, want_snap = FALSE, post_snap = FALSE;

  if (d->kind == SIGNET_OPS_SIGN && d->manifests->len < d->references->len)
    {
      signet_remote_get_manifest_async (d->ops->remote,
                                        g_ptr_array_index (d->references, d->manifests->len),
                                        FALSE, cancellable, manifest_cb, g_steal_pointer (&task));
      return;
    }

  if (prefetch_legacy (task))
    return;

  if (d->kind == SIGNET_OPS_INIT || (d->kind == SIGNET_OPS_ADD_SIGNER && d->tuf == NULL))
    {
      /* signer add on a new repository initialises it first, as docker does */
      want_ts = TRUE;
      want_snap = d->server_managed;
    }
  else if (d->kind == SIGNET_OPS_ROTATE && g_str_equal (d->name, "timestamp"))
    want_ts = post_ts = TRUE;
  else if (d->kind == SIGNET_OPS_ROTATE && g_str_equal (d->name, "snapshot") && d->server_managed)
    want_snap = post_snap = TRUE;
  else
    want_snap = !snapshot_key_held_on_disk (d);

  if (want_ts && d->server_timestamp_key == NULL)
    {
      d->fetching_key = "timestamp";
      _signet_remote_trust_key_async (d->ops->remote, d->gun, "timestamp", post_ts, cancellable,
                                      server_key_cb, g_steal_pointer (&task));
      return;
    }
  if (want_snap && d->server_snapshot_key == NULL)
    {
      d->fetching_key = "snapshot";
      _signet_remote_trust_key_async (d->ops->remote, d->gun, "snapshot", post_snap, cancellable,
                                      server_key_cb, g_steal_pointer (&task));
      return;
    }
  run_work (g_steal_pointer (&task));
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetOpsData *d = g_task_get_task_data (task);
  GError *error = NULL;

  d->base = signet_repository_load_finish (result, &error);
  if (d->base == NULL)
    {
      if ((d->kind == SIGNET_OPS_INIT || d->kind == SIGNET_OPS_ADD_SIGNER) &&
          g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
        g_clear_error (&error);
      else
        {
          if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
            g_prefix_error (&error, "%s has no trust data yet (set it up with 'signet-cli init "
                            "%s'): ", d->gun, d->gun);
          op_fail (task, error, FALSE);
          return;
        }
    }
  else if (d->kind == SIGNET_OPS_INIT)
    {
      op_fail (task, g_error_new (SIGNET_ERROR, SIGNET_ERROR_EXISTS,
                                  "%s already has trust data on the server", d->gun), FALSE);
      return;
    }
  d->tuf = d->base ? _signet_repository_get_tuf_repo (d->base) : NULL;
  prefetch_next (g_steal_pointer (&task));
}

static void
start_attempt (GTask *task_owned)
{
  g_autoptr(GTask) task = task_owned;
  GCancellable *cancellable = g_task_get_cancellable (task);
  SignetOpsData *d = g_task_get_task_data (task);

  _signet_repository_load_at_async (d->ops->remote, d->ops->trust_dir, d->gun,
                                    SIGNET_REPOSITORY_LOAD_NONE, 0, cancellable,
                                    load_cb, g_steal_pointer (&task));
}

static void
run_op (SignetOps           *self,
        SignetOpsData       *d,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, signet_ops_finish);
  g_task_set_task_data (task, d, (GDestroyNotify) op_data_free);
  d->context = g_main_context_ref_thread_default ();
  d->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  if (!signet_gun_validate (d->gun, -1, &error) || !_signet_ops_validate (d, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  start_attempt (g_steal_pointer (&task));
}

SignetRepository *
signet_ops_finish (SignetOps     *self,
                   GAsyncResult  *result,
                   GStrv         *messages,
                   GError       **error)
{
  SignetRepository *repo;
  SignetOpsData *d;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  d = g_task_get_task_data (G_TASK (result));
  repo = g_task_propagate_pointer (G_TASK (result), error);
  if (messages != NULL)
    {
      GPtrArray *copy = g_ptr_array_new ();

      for (guint i = 0; repo != NULL && i < d->messages->len; i++)
        g_ptr_array_add (copy, g_strdup (g_ptr_array_index (d->messages, i)));
      g_ptr_array_add (copy, NULL);
      *messages = (GStrv) g_ptr_array_free (copy, FALSE);
    }
  return repo;
}

/* ---- Public entry points -------------------------------------------------------------- */

static GPtrArray *
parse_pems (const char * const  *pems,
            GError             **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_public_key_unref);

  for (guint i = 0; pems != NULL && pems[i] != NULL; i++)
    {
      SignetPublicKey *key = _signet_ops_public_key_from_pem (pems[i], strlen (pems[i]), error);

      if (key == NULL)
        return NULL;
      g_ptr_array_add (keys, key);
    }
  return g_steal_pointer (&keys);
}

void
signet_ops_init_async (SignetOps           *self,
                       const char          *gun,
                       const char          *root_key_id,
                       gboolean             new_root_key,
                       gboolean             local_snapshot,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  SignetOpsData *d;

  g_return_if_fail (SIGNET_IS_OPS (self));
  g_return_if_fail (gun != NULL);

  d = op_data_new (self, SIGNET_OPS_INIT, gun);
  d->root_key_id = g_strdup (root_key_id);
  d->new_root_key = new_root_key;
  d->server_managed = !local_snapshot;
  run_op (self, d, cancellable, callback, user_data);
}

void
signet_ops_sign_async (SignetOps            *self,
                       SignetReference     **references,
                       guint                 n_references,
                       GCancellable         *cancellable,
                       GAsyncReadyCallback   callback,
                       gpointer              user_data)
{
  signet_ops_sign_full_async (self, references, n_references, NULL, cancellable, callback, user_data);
}

void
signet_ops_sign_full_async (SignetOps            *self,
                            SignetReference     **references,
                            guint                 n_references,
                            const char * const   *roles,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  SignetOpsData *d;

  g_return_if_fail (SIGNET_IS_OPS (self));
  g_return_if_fail (references != NULL && n_references > 0);

  d = op_data_new (self, SIGNET_OPS_SIGN, signet_reference_get_gun (references[0]));
  d->references = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_reference_unref);
  d->manifests = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_manifest_unref);
  for (guint i = 0; i < n_references; i++)
    g_ptr_array_add (d->references, signet_reference_ref (references[i]));
  d->roles = g_strdupv ((GStrv) roles);
  run_op (self, d, cancellable, callback, user_data);
}

void
signet_ops_revoke_async (SignetOps           *self,
                         const char          *gun,
                         const char          *tag,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  SignetOpsData *d;

  g_return_if_fail (SIGNET_IS_OPS (self));
  g_return_if_fail (gun != NULL);

  d = op_data_new (self, SIGNET_OPS_REVOKE, gun);
  d->name = g_strdup (tag);
  run_op (self, d, cancellable, callback, user_data);
}

static void
run_with_keys (SignetOps           *self,
               SignetOpsData       *d,
               const char * const  *pems,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GError *error = NULL;

  if (pems != NULL)
    {
      d->pubkeys = parse_pems (pems, &error);
      if (d->pubkeys == NULL)
        {
          op_data_free (d);
          g_task_report_error (self, callback, user_data, signet_ops_finish, error);
          return;
        }
    }
  run_op (self, d, cancellable, callback, user_data);
}

void
signet_ops_add_signer_async (SignetOps           *self,
                             const char          *gun,
                             const char          *name,
                             const char * const  *key_pems,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  SignetOpsData *d;

  g_return_if_fail (SIGNET_IS_OPS (self));
  g_return_if_fail (gun != NULL && name != NULL);

  d = op_data_new (self, SIGNET_OPS_ADD_SIGNER, gun);
  d->name = g_strdup (name);
  d->server_managed = TRUE;   /* a new repository: snapshot key on the server, as docker */
  run_with_keys (self, d, key_pems, cancellable, callback, user_data);
}

void
signet_ops_remove_signer_async (SignetOps           *self,
                                const char          *gun,
                                const char          *name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  SignetOpsData *d;

  g_return_if_fail (SIGNET_IS_OPS (self));
  g_return_if_fail (gun != NULL && name != NULL);

  d = op_data_new (self, SIGNET_OPS_REMOVE_SIGNER, gun);
  d->name = g_strdup (name);
  run_op (self, d, cancellable, callback, user_data);
}

void
signet_ops_add_delegation_async (SignetOps           *self,
                                 const char          *gun,
                                 const char          *role,
                                 const char * const  *key_pems,
                                 const char * const  *paths,
                                 gboolean             all_paths,
                                 guint                threshold,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  SignetOpsData *d;

  g_return_if_fail (SIGNET_IS_OPS (self));
  g_return_if_fail (gun != NULL && role != NULL);

  d = op_data_new (self, SIGNET_OPS_ADD_DELEGATION, gun);
  d->name = g_strdup (role);
  d->paths = g_strdupv ((GStrv) paths);
  d->all_paths = all_paths;
  d->threshold = threshold;
  run_with_keys (self, d, key_pems, cancellable, callback, user_data);
}

void
signet_ops_remove_delegation_async (SignetOps           *self,
                                    const char          *gun,
                                    const char          *role,
                                    const char * const  *key_ids,
                                    const char * const  *paths,
                                    gboolean             all_paths,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  SignetOpsData *d;

  g_return_if_fail (SIGNET_IS_OPS (self));
  g_return_if_fail (gun != NULL && role != NULL);

  d = op_data_new (self, SIGNET_OPS_REMOVE_DELEGATION, gun);
  d->name = g_strdup (role);
  d->key_ids = g_strdupv ((GStrv) key_ids);
  d->paths = g_strdupv ((GStrv) paths);
  d->all_paths = all_paths;
  run_op (self, d, cancellable, callback, user_data);
}

void
signet_ops_rotate_async (SignetOps           *self,
                         const char          *gun,
                         const char          *role,
                         gboolean             server_managed,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  signet_ops_rotate_full_async (self, gun, role, server_managed, NULL, 0, cancellable, callback,
                                user_data);
}

void
signet_ops_rotate_full_async (SignetOps           *self,
                              const char          *gun,
                              const char          *role,
                              gboolean             server_managed,
                              const char          *key_pem,
                              guint                legacy_versions,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  SignetOpsData *d;

  g_return_if_fail (SIGNET_IS_OPS (self));
  g_return_if_fail (gun != NULL && role != NULL);

  d = op_data_new (self, SIGNET_OPS_ROTATE, gun);
  d->name = g_strdup (role);
  d->server_managed = server_managed;
  d->key_pem = g_strdup (key_pem);
  d->legacy = legacy_versions;
  run_op (self, d, cancellable, callback, user_data);
}

void
signet_ops_witness_async (SignetOps           *self,
                          const char          *gun,
                          const char * const  *roles,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  SignetOpsData *d;

  g_return_if_fail (SIGNET_IS_OPS (self));
  g_return_if_fail (gun != NULL && roles != NULL);

  d = op_data_new (self, SIGNET_OPS_WITNESS, gun);
  d->roles = g_strdupv ((GStrv) roles);
  run_op (self, d, cancellable, callback, user_data);
}
