/* signet-ops-changes.c: what each signing operation changes in the metadata.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each change works on the draft (mutable copies of the verified roles) in the worker
 * thread; the pipeline in signet-ops.c signs and publishes the result. Facts: notary-v1.md
 * §8 (docker's rules), §9 (rotation).
 */

#include "config.h"

#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "signet-error.h"
#include "signet-ops-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)

/* ---- Helpers -------------------------------------------------------------------------- */

gboolean
_signet_ops_signer_name_valid (const char  *name,
                               GError     **error)
{
  gboolean ok = name != NULL && g_regex_match_simple ("^[a-z0-9][a-z0-9_-]*$", name, 0, 0) &&
                strlen (name) < 200;

  if (!ok)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a valid signer name: use lower-case letters, digits, '_' and "
                   "'-', starting with a letter or digit", name ? name : "");
      return FALSE;
    }
  if (g_str_equal (name, "releases"))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "“releases” is reserved for targets/releases and cannot be a signer name");
      return FALSE;
    }
  return TRUE;
}

/* The first PUBLIC KEY block of @pem with its "Name: value" header lines dropped. */
static GString *
pem_without_headers (const char *pem,
                     gsize       len)
{
  g_autofree char *text = g_strndup (pem, len);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  gboolean inside = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (!inside && g_str_equal (line, "-----BEGIN PUBLIC KEY-----"))
        inside = TRUE;
      else if (inside && g_str_equal (line, "-----END PUBLIC KEY-----"))
        {
          g_string_append_printf (out, "%s\n", line);
          break;
        }
      else if (!inside || *line == '\0' || strchr (line, ':') != NULL)
        continue;
      g_string_append_printf (out, "%s\n", line);
    }
  return out;
}

SignetPublicKey *
_signet_ops_public_key_from_pem (const char  *pem,
                                 gsize        len,
                                 GError     **error)
{
  g_autoptr(GString) clean = NULL;
  g_autoptr(BIO) bio = NULL;
  EVP_PKEY *pkey;
  SignetPublicKey *key;

  if (g_strstr_len (pem, len, "-----BEGIN CERTIFICATE-----") != NULL)
    return _signet_public_key_new_from_cert_pem (pem, len, error);
  if (g_strstr_len (pem, len, "-----BEGIN PUBLIC KEY-----") == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "Not a PUBLIC KEY or CERTIFICATE PEM file");
      return NULL;
    }
  /* docker writes a "role: alice" header (docker trust key generate's NAME.pub), which
   * OpenSSL takes for an encryption header and refuses for most names: parse the block
   * without its headers. */
  clean = pem_without_headers (pem, len);
  bio = BIO_new_mem_buf (clean->str, (int) clean->len);
  pkey = bio ? PEM_read_bio_PUBKEY (bio, NULL, NULL, NULL) : NULL;
  if (pkey == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "The PUBLIC KEY PEM block does not hold a readable public key");
      return NULL;
    }
  key = _signet_public_key_new_from_evp (pkey, error);
  EVP_PKEY_free (pkey);
  return key;
}


static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static gboolean
str_array_contains (GPtrArray  *array,
                    const char *s)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), s))
      return TRUE;
  return FALSE;
}

static void
str_array_remove (GPtrArray  *array,
                  const char *s)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), s))
      {
        g_ptr_array_remove_index (array, i);
        return;
      }
}

static void
remove_delegation_entry (SignetTufMetadata *parent,
                         const char        *name)
{
  for (guint i = 0; i < parent->delegations->len; i++)
    {
      SignetTufRole *r = g_ptr_array_index (parent->delegations, i);

      if (g_str_equal (r->name, name))
        {
          g_ptr_array_remove_index (parent->delegations, i);
          return;
        }
    }
}

/* Drops keys from a targets file's "delegations.keys" that no delegation uses any more. */
static void
prune_delegation_keys (SignetTufMetadata *md)
{
  GHashTableIter iter;
  gpointer keyid;

  g_hash_table_iter_init (&iter, md->keys);
  while (g_hash_table_iter_next (&iter, &keyid, NULL))
    {
      gboolean used = FALSE;

      for (guint i = 0; i < md->delegations->len && !used; i++)
        used = _signet_tuf_role_has_keyid (g_ptr_array_index (md->delegations, i), keyid);
      if (!used)
        g_hash_table_iter_remove (&iter);
    }
}

/* Drops keys from root's "keys" that no base role uses, except root certificates
 * (they stay after a root rotation, as notary keeps them). */
static void
prune_root_keys (SignetTufMetadata *root)
{
  GHashTableIter iter;
  gpointer keyid, value;

  g_hash_table_iter_init (&iter, root->keys);
  while (g_hash_table_iter_next (&iter, &keyid, &value))
    {
      GHashTableIter r;
      gpointer role;
      gboolean used = FALSE;

      if (_signet_public_key_get_cert (value) != NULL)
        continue;
      g_hash_table_iter_init (&r, root->roles);
      while (g_hash_table_iter_next (&r, NULL, &role) && !used)
        used = _signet_tuf_role_has_keyid (role, keyid);
      if (!used)
        g_hash_table_iter_remove (&iter);
    }
}

static gboolean
path_matches (SignetTufRole *entry,
              const char    *name)
{
  for (guint i = 0; i < entry->paths->len; i++)
    if (g_str_has_prefix (name, g_ptr_array_index (entry->paths, i)))
      return TRUE;
  return FALSE;
}

static char *
held_ids_text (SignetTufRole *entry,
               GHashTable    *keys)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < entry->keyids->len; i++)
    {
      SignetPublicKey *key = g_hash_table_lookup (keys, g_ptr_array_index (entry->keyids, i));

      if (key == NULL)
        continue;
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append_printf (s, "%.12s", _signet_public_key_get_canonical_id (key));
    }
  return g_string_free (s, FALSE);
}

/* ---- Validation (before any network) -------------------------------------------------- */

gboolean
_signet_ops_validate (SignetOpsData  *d,
                      GError        **error)
{
  switch (d->kind)
    {
    case SIGNET_OPS_SIGN:
      for (guint i = 0; i < d->references->len; i++)
        {
          SignetReference *ref = g_ptr_array_index (d->references, i);

          if (signet_reference_get_tag (ref) == NULL)
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                           "%s has no tag to sign (use IMAGE:TAG)", signet_reference_get_gun (ref));
              return FALSE;
            }
          if (!g_str_equal (signet_reference_get_gun (ref), d->gun))
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                           "Tags of %s and %s cannot be signed in one operation", d->gun,
                           signet_reference_get_gun (ref));
              return FALSE;
            }
        }
      if (d->roles != NULL && d->roles[0] == NULL)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "No role was chosen to sign the tags of %s into", d->gun);
          return FALSE;
        }
      for (guint i = 0; d->roles != NULL && d->roles[i] != NULL; i++)
        if (!g_str_equal (d->roles[i], "targets") && !_signet_tuf_is_delegation_name (d->roles[i]))
          {
            g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                         "Tags are signed into “targets” or a delegation (targets/NAME), not “%s”",
                         d->roles[i]);
            return FALSE;
          }
      return TRUE;

    case SIGNET_OPS_ADD_SIGNER:
      if (!_signet_ops_signer_name_valid (d->name, error))
        return FALSE;
      G_GNUC_FALLTHROUGH;
    case SIGNET_OPS_ADD_DELEGATION:
      if (d->kind == SIGNET_OPS_ADD_DELEGATION && !_signet_tuf_is_delegation_name (d->name))
        goto bad_role;
      if ((d->pubkeys == NULL || d->pubkeys->len == 0) &&
          (d->kind == SIGNET_OPS_ADD_SIGNER || ((d->paths == NULL || !d->paths[0]) && !d->all_paths)))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "No public key given for %s", d->name);
          return FALSE;
        }
      return TRUE;

    case SIGNET_OPS_REMOVE_SIGNER:
      return _signet_ops_signer_name_valid (d->name, error);

    case SIGNET_OPS_REMOVE_DELEGATION:
      if (!_signet_tuf_is_delegation_name (d->name))
        goto bad_role;
      return TRUE;

    case SIGNET_OPS_ROTATE:
      if (!g_str_equal (d->name, "root") && !g_str_equal (d->name, "targets") &&
          !g_str_equal (d->name, "snapshot") && !g_str_equal (d->name, "timestamp"))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "Cannot rotate “%s”: the roles with keys in root are root, targets, "
                       "snapshot and timestamp", d->name);
          return FALSE;
        }
      if (g_str_equal (d->name, "timestamp") && !d->server_managed)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "The timestamp key is always the server's: rotate it with --server-managed");
          return FALSE;
        }
      if ((g_str_equal (d->name, "root") || g_str_equal (d->name, "targets")) && d->server_managed)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "Only the snapshot and timestamp keys can be server-managed, not %s", d->name);
          return FALSE;
        }
      if (d->key_pem != NULL && d->server_managed)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "A server-managed %s key is made by the server: no key file can be given",
                       d->name);
          return FALSE;
        }
      return TRUE;

    case SIGNET_OPS_WITNESS:
      for (guint i = 0; d->roles[i] != NULL; i++)
        {
          if (!_signet_tuf_is_valid_role_name (d->roles[i]))
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                           "“%s” is not a role name", d->roles[i]);
              return FALSE;
            }
          if (g_str_equal (d->roles[i], "timestamp"))
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                           "The timestamp is signed by the server, which renews it itself");
              return FALSE;
            }
        }
      return d->roles[0] != NULL;

    case SIGNET_OPS_INIT:
    case SIGNET_OPS_REVOKE:
    default:
      return TRUE;
    }

bad_role:
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
               "“%s” is not a delegation role name (targets/NAME: lower-case letters, digits, "
               "'-', '_' and '/')", d->name);
  return FALSE;
}

/* ---- init ----------------------------------------------------------------------------- */

static SignetTufRole *
role_with_key (const char      *name,
               SignetPublicKey *key)
{
  SignetTufRole *role = _signet_tuf_role_new (name, 1);

  g_ptr_array_add (role->keyids, g_strdup (_signet_public_key_get_id (key)));
  return role;
}

static gboolean
apply_init (SignetOpsData  *d,
            GError        **error)
{
  SignetKeystore *keystore = _signet_ops_get_keystore (d);
  SignetPrivateKey *root_key = NULL;
  g_autoptr(SignetPublicKey) cert = NULL;
  g_autoptr(SignetPublicKey) targets_pub = NULL;
  g_autoptr(SignetPublicKey) snapshot_pub = NULL;
  SignetOpsNewKey *nk;
  SignetTufMetadata *root;

  if (d->tuf != NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_EXISTS,
                   "%s already has trust data on the server", d->gun);
      return FALSE;
    }

  if (d->root_key_id != NULL || !d->new_root_key)
    {
      g_autofree char *id = NULL;

      if (d->root_key_id != NULL)
        {
          g_autoptr(SignetKeyInfo) info = _signet_keystore_find (keystore, d->root_key_id, error);

          if (info == NULL)
            return FALSE;
          if (g_strcmp0 (info->role, "root") != 0)
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                           "Key %s is a %s key, not a root key", info->id,
                           info->role ? info->role : "(no role)");
              return FALSE;
            }
          id = g_strdup (info->id);
        }
      else
        {
          /* docker: the lowest existing root key ID */
          g_autoptr(GPtrArray) list = _signet_keystore_list (keystore, NULL, error);

          if (list == NULL)
            return FALSE;
          for (guint i = 0; i < list->len && id == NULL; i++)
            {
              SignetKeyInfo *info = g_ptr_array_index (list, i);

              if (g_strcmp0 (info->role, "root") == 0)
                id = g_strdup (info->id);
            }
        }
      if (id != NULL)
        {
          root_key = _signet_ops_unlock (d, id, error);
          if (root_key == NULL)
            return FALSE;
          _signet_ops_note (d, "Using the root key %s", id);
        }
    }
  if (root_key == NULL)
    {
      nk = _signet_ops_new_key (d, "root", error);
      if (nk == NULL)
        return FALSE;
      root_key = nk->key;
    }
  cert = _signet_private_key_new_root_cert (root_key, d->gun, d->now, error);
  if (cert == NULL)
    return FALSE;

  nk = _signet_ops_new_key (d, "targets", error);
  if (nk == NULL)
    return FALSE;
  targets_pub = _signet_public_key_ref (_signet_private_key_get_public (nk->key));

  if (d->server_managed)
    snapshot_pub = _signet_public_key_ref (d->server_snapshot_key);
  else
    {
      nk = _signet_ops_new_key (d, "snapshot", error);
      if (nk == NULL)
        return FALSE;
      snapshot_pub = _signet_public_key_ref (_signet_private_key_get_public (nk->key));
    }

  root = _signet_ops_mutable (d, "root", error);
  if (root == NULL)
    return FALSE;
  _signet_tuf_metadata_add_key (root, cert);
  _signet_tuf_metadata_add_key (root, targets_pub);
  _signet_tuf_metadata_add_key (root, snapshot_pub);
  _signet_tuf_metadata_add_key (root, d->server_timestamp_key);
  _signet_tuf_metadata_set_role (root, role_with_key ("root", cert));
  _signet_tuf_metadata_set_role (root, role_with_key ("targets", targets_pub));
  _signet_tuf_metadata_set_role (root, role_with_key ("snapshot", snapshot_pub));
  _signet_tuf_metadata_set_role (root, role_with_key ("timestamp", d->server_timestamp_key));
  return _signet_ops_mutable (d, "targets", error) != NULL;
}

/* ---- sign ----------------------------------------------------------------------------- */

static SignetTufFileMeta *
meta_for_manifest (SignetManifest  *manifest,
                   GError         **error)
{
  const char *digest = signet_manifest_get_digest (manifest);
  SignetTufFileMeta *meta;
  guint8 raw[32];

  if (digest == NULL || !g_str_has_prefix (digest, "sha256:") || strlen (digest) != 7 + 64)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "The registry gave the digest “%s”, not a SHA-256 one", digest ? digest : "");
      return NULL;
    }
  for (guint i = 0; i < 32; i++)
    {
      int hi = g_ascii_xdigit_value (digest[7 + 2 * i]);
      int lo = g_ascii_xdigit_value (digest[7 + 2 * i + 1]);

      if (hi < 0 || lo < 0)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "The registry gave the malformed digest “%s”", digest);
          return NULL;
        }
      raw[i] = (guint8) (hi << 4 | lo);
    }
  meta = _signet_tuf_file_meta_new ();
  meta->length = signet_manifest_get_size (manifest);
  g_hash_table_insert (meta->hashes, g_strdup ("sha256"), g_bytes_new (raw, sizeof raw));
  return meta;
}

/* The roles the caller chose: each must exist, be signable with the held keys and (a
 * delegation) cover every tag. Checked before anything changes. */
static gboolean
check_chosen_roles (SignetOpsData  *d,
                    GError        **error)
{
  for (guint i = 0; d->roles[i] != NULL; i++)
    {
      const char *role = d->roles[i];
      SignetTufRole *entry = _signet_ops_role_entry (d, role, NULL);
      gint64 threshold = 1;
      g_autoptr(GPtrArray) held = NULL;

      if (entry == NULL)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                       "Cannot sign into %s: %s has no such role", role, d->gun);
          return FALSE;
        }
      held = _signet_ops_held_keys (d, role, &threshold);
      if (held->len == 0 || (gint64) held->len < threshold)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                       "Cannot sign into %s of %s: %u of its keys are in this trust directory, "
                       "%" G_GINT64_FORMAT " needed", role, d->gun, held->len, threshold);
          return FALSE;
        }
      if (!_signet_tuf_is_delegation_name (role))
        continue;
      for (guint j = 0; j < d->references->len; j++)
        {
          const char *tag = signet_reference_get_tag (g_ptr_array_index (d->references, j));

          if (!path_matches (entry, tag))
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                           "Cannot sign %s:%s into %s: the paths of that delegation do not "
                           "include “%s”", d->gun, tag, role, tag);
              return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
apply_sign (SignetOpsData  *d,
            GError        **error)
{
  SignetTufMetadata *targets = _signet_ops_current (d, "targets");

  if (d->roles != NULL && !check_chosen_roles (d, error))
    return FALSE;
  for (guint i = 0; i < d->references->len; i++)
    {
      SignetReference *ref = g_ptr_array_index (d->references, i);
      const char *tag = signet_reference_get_tag (ref);
      g_autoptr(SignetTufFileMeta) meta = meta_for_manifest (g_ptr_array_index (d->manifests, i), error);
      g_autoptr(GPtrArray) roles = g_ptr_array_new ();
      g_autoptr(GString) names = g_string_new (NULL);

      if (meta == NULL)
        return FALSE;
      if (d->roles != NULL)
        {
          for (guint j = 0; d->roles[j] != NULL; j++)
            if (!g_ptr_array_find_with_equal_func (roles, d->roles[j], g_str_equal, NULL))
              g_ptr_array_add (roles, d->roles[j]);
        }
      else if (targets->delegations->len == 0)
        g_ptr_array_add (roles, (gpointer) "targets");
      for (guint j = 0; d->roles == NULL && j < targets->delegations->len; j++)
        {
          SignetTufRole *entry = g_ptr_array_index (targets->delegations, j);

          if (path_matches (entry, tag) && _signet_ops_can_sign (d, entry->name))
            g_ptr_array_add (roles, entry->name);
        }
      if (roles->len == 0)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                       "Cannot sign %s:%s: none of its delegations (targets/…) that may sign "
                       "“%s” has a key in this trust directory", d->gun, tag, tag);
          return FALSE;
        }
      for (guint j = 0; j < roles->len; j++)
        {
          SignetTufMetadata *md = _signet_ops_mutable (d, g_ptr_array_index (roles, j), error);

          if (md == NULL)
            return FALSE;
          _signet_tuf_metadata_set_target (md, tag, _signet_tuf_file_meta_copy (meta));
          g_string_append_printf (names, "%s%s", j ? ", " : "", (const char *) g_ptr_array_index (roles, j));
        }
      _signet_ops_note (d, "Signed %s (%s, %" G_GINT64_FORMAT " bytes) in %s", tag,
                        signet_manifest_get_digest (g_ptr_array_index (d->manifests, i)),
                        meta->length, names->str);
    }
  return TRUE;
}

/* ---- revoke --------------------------------------------------------------------------- */

static gboolean
apply_revoke (SignetOpsData  *d,
              GError        **error)
{
  g_autoptr(GPtrArray) roles = _signet_tuf_repo_get_target_roles (d->tuf);
  const char *tag = d->name;
  guint removed = 0;
  const char *unsignable = NULL;

  if (tag == NULL)
    {
      g_autofree char *q = g_strdup_printf ("Delete all signature data for %s that the keys in "
                                            "this trust directory can sign?", d->gun);

      if (!_signet_ops_confirm (d, q, error))
        return FALSE;
    }
  for (guint i = 0; i < roles->len; i++)
    {
      const char *role = g_ptr_array_index (roles, i);
      SignetTufMetadata *md = _signet_ops_current (d, role);

      if (md == NULL || g_hash_table_size (md->targets) == 0)
        continue;
      if (tag != NULL && !g_hash_table_contains (md->targets, tag))
        continue;
      if (!_signet_ops_can_sign (d, role))
        {
          unsignable = role;
          continue;
        }
      md = _signet_ops_mutable (d, role, error);
      if (tag != NULL)
        {
          g_hash_table_remove (md->targets, tag);
          removed++;
        }
      else
        {
          removed += g_hash_table_size (md->targets);
          g_hash_table_remove_all (md->targets);
        }
      _signet_ops_note (d, "Removed %s from %s", tag ? tag : "every tag", role);
    }
  if (removed == 0)
    {
      if (unsignable != NULL)
        g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                     "%s%s%s is signed in %s, whose keys are not in this trust directory",
                     d->gun, tag ? ":" : "", tag ? tag : "", unsignable);
      else
        g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                     "No signature for %s%s%s", d->gun, tag ? ":" : "", tag ? tag : "");
      return FALSE;
    }
  return TRUE;
}

/* ---- signers (docker) ----------------------------------------------------------------- */

static SignetTufRole *
delegation_copy_or_new (SignetTufMetadata *parent,
                        const char        *name,
                        guint              threshold)
{
  SignetTufRole *old = _signet_tuf_metadata_get_delegation (parent, name);

  if (old != NULL)
    return _signet_tuf_role_copy (old);
  return _signet_tuf_role_new (name, threshold ? threshold : 1);
}

static void
add_keys_to (SignetTufMetadata *parent,
             SignetTufRole     *entry,
             GPtrArray         *pubkeys)
{
  for (guint i = 0; pubkeys != NULL && i < pubkeys->len; i++)
    {
      SignetPublicKey *key = g_ptr_array_index (pubkeys, i);

      _signet_tuf_metadata_add_key (parent, key);
      if (!_signet_tuf_role_has_keyid (entry, _signet_public_key_get_id (key)))
        g_ptr_array_add (entry->keyids, g_strdup (_signet_public_key_get_id (key)));
    }
}

static gboolean
apply_add_signer (SignetOpsData  *d,
                  GError        **error)
{
  g_autofree char *role = g_strconcat ("targets/", d->name, NULL);
  const char *names[] = { role, "targets/releases" };
  SignetTufMetadata *targets;

  /* docker: a repository without trust data is initialised first (root key = the lowest
   * root key ID held or a new one, local targets key, snapshot key on the server) */
  if (d->tuf == NULL)
    {
      if (!apply_init (d, error))
        return FALSE;
      _signet_ops_note (d, "Initialised the trust data of %s", d->gun);
    }
  targets = _signet_ops_mutable (d, "targets", error);
  if (targets == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      SignetTufRole *entry = delegation_copy_or_new (targets, names[i], 1);

      if (entry->paths->len == 0)
        g_ptr_array_add (entry->paths, g_strdup (""));
      add_keys_to (targets, entry, d->pubkeys);
      _signet_tuf_metadata_set_role (targets, entry);
    }
  _signet_ops_note (d, "Added signer %s to %s (%s and targets/releases)", d->name, d->gun, role);
  return TRUE;
}

/* Tags of @role that lose their signature when its keys become @keyids. */
static GPtrArray *
tags_losing_signature (SignetOpsData *d,
                       const char    *role,
                       SignetTufRole *new_entry)
{
  SignetTufMetadata *md = _signet_ops_current (d, role);
  SignetTufMetadata *targets = _signet_ops_current (d, "targets");
  GPtrArray *lost = g_ptr_array_new ();
  guint still = 0;
  GHashTableIter iter;
  gpointer name, meta;

  if (md == NULL)
    return lost;
  for (guint i = 0; i < md->signatures->len; i++)
    if (_signet_tuf_role_has_keyid (new_entry, ((SignetSignature *) g_ptr_array_index (md->signatures, i))->keyid))
      still++;
  if (still >= new_entry->threshold && new_entry->keyids->len > 0)
    return lost;
  g_hash_table_iter_init (&iter, md->targets);
  while (g_hash_table_iter_next (&iter, &name, &meta))
    {
      SignetTufFileMeta *in_targets = targets ? g_hash_table_lookup (targets->targets, name) : NULL;

      if (in_targets == NULL || !_signet_tuf_file_meta_same_hashes (in_targets, meta))
        g_ptr_array_add (lost, name);
    }
  g_ptr_array_sort (lost, compare_strings);
  return lost;
}

static gboolean
apply_remove_signer (SignetOpsData  *d,
                     GError        **error)
{
  g_autofree char *role = g_strconcat ("targets/", d->name, NULL);
  SignetTufMetadata *cur = _signet_ops_current (d, "targets");
  SignetTufRole *entry = _signet_tuf_metadata_get_delegation (cur, role);
  SignetTufRole *rel = _signet_tuf_metadata_get_delegation (cur, "targets/releases");
  g_autoptr(SignetTufRole) new_rel = NULL;
  g_autoptr(GString) warnings = g_string_new (NULL);
  SignetTufMetadata *targets;

  if (entry == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                   "%s has no signer %s", d->gun, d->name);
      return FALSE;
    }
  if (rel != NULL)
    {
      new_rel = _signet_tuf_role_copy (rel);
      for (guint i = 0; i < entry->keyids->len; i++)
        {
          const char *keyid = g_ptr_array_index (entry->keyids, i);
          gboolean other = FALSE;

          for (guint j = 0; j < cur->delegations->len && !other; j++)
            {
              SignetTufRole *r = g_ptr_array_index (cur->delegations, j);

              other = !g_str_equal (r->name, role) && !g_str_equal (r->name, "targets/releases") &&
                      _signet_tuf_role_has_keyid (r, keyid);
            }
          if (!other)
            str_array_remove (new_rel->keyids, keyid);
        }
      if ((gint64) new_rel->keyids->len < new_rel->threshold)
        g_string_append_printf (warnings, "Removing %s leaves targets/releases with %u key(s), "
                                "fewer than its threshold of %" G_GINT64_FORMAT ": no one could "
                                "sign new releases. ", d->name, new_rel->keyids->len,
                                new_rel->threshold);
      {
        g_autoptr(GPtrArray) lost = tags_losing_signature (d, "targets/releases", new_rel);

        if (lost->len > 0)
          {
            g_autofree char *list = NULL;

            g_ptr_array_add (lost, NULL);
            list = g_strjoinv (", ", (GStrv) lost->pdata);
            g_string_append_printf (warnings, "%s signed the latest release: the released tag(s) "
                                    "%s would be left unsigned. ", d->name, list);
          }
      }
    }
  if (warnings->len > 0)
    {
      g_string_append_printf (warnings, "Remove signer %s from %s anyway?", d->name, d->gun);
      if (!_signet_ops_confirm (d, warnings->str, error))
        return FALSE;
    }

  targets = _signet_ops_mutable (d, "targets", error);
  if (targets == NULL)
    return FALSE;
  remove_delegation_entry (targets, role);
  _signet_ops_remove_role (d, role);
  if (new_rel != NULL)
    {
      if (new_rel->keyids->len == 0)
        {
          remove_delegation_entry (targets, "targets/releases");
          _signet_ops_remove_role (d, "targets/releases");
          g_clear_pointer (&new_rel, _signet_tuf_role_free);
        }
      else
        {
          _signet_tuf_metadata_set_role (targets, g_steal_pointer (&new_rel));
          /* re-sign releases with the remaining keys when we hold enough of them */
          if (_signet_ops_current (d, "targets/releases") != NULL &&
              _signet_ops_can_sign (d, "targets/releases") &&
              _signet_ops_mutable (d, "targets/releases", error) == NULL)
            return FALSE;
        }
    }
  prune_delegation_keys (targets);
  _signet_ops_note (d, "Removed signer %s from %s", d->name, d->gun);
  return TRUE;
}

/* ---- delegations (notary) ------------------------------------------------------------- */

static gboolean
apply_add_delegation (SignetOpsData  *d,
                      GError        **error)
{
  g_autofree char *parent_name = _signet_tuf_role_parent (d->name);
  SignetTufMetadata *parent = _signet_ops_mutable (d, parent_name, error);
  SignetTufRole *entry;

  if (parent == NULL)
    return FALSE;
  entry = delegation_copy_or_new (parent, d->name, d->threshold);
  add_keys_to (parent, entry, d->pubkeys);
  if (d->all_paths)
    {
      g_ptr_array_set_size (entry->paths, 0);
      g_ptr_array_add (entry->paths, g_strdup (""));
    }
  for (guint i = 0; d->paths != NULL && d->paths[i] != NULL; i++)
    if (!str_array_contains (entry->paths, d->paths[i]))
      g_ptr_array_add (entry->paths, g_strdup (d->paths[i]));
  if (d->threshold > 0)
    entry->threshold = d->threshold;
  if (entry->keyids->len == 0 || entry->threshold > (gint64) entry->keyids->len)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "%s would have %u key(s) and a threshold of %" G_GINT64_FORMAT ": add keys "
                   "or lower the threshold", d->name, entry->keyids->len, entry->threshold);
      _signet_tuf_role_free (entry);
      return FALSE;
    }
  _signet_tuf_metadata_set_role (parent, entry);
  _signet_ops_note (d, "Delegation %s: %u key(s), threshold %" G_GINT64_FORMAT ", %u path(s)",
                    d->name, entry->keyids->len, entry->threshold, entry->paths->len);
  return TRUE;
}

static void
remove_role_tree (SignetOpsData *d,
                  const char    *role)
{
  SignetTufMetadata *md = _signet_ops_current (d, role);

  for (guint i = 0; md != NULL && i < md->delegations->len; i++)
    remove_role_tree (d, ((SignetTufRole *) g_ptr_array_index (md->delegations, i))->name);
  _signet_ops_remove_role (d, role);
}

static gboolean
apply_remove_delegation (SignetOpsData  *d,
                         GError        **error)
{
  g_autofree char *parent_name = _signet_tuf_role_parent (d->name);
  SignetTufMetadata *cur = _signet_ops_current (d, parent_name);
  SignetTufRole *old = cur ? _signet_tuf_metadata_get_delegation (cur, d->name) : NULL;
  g_autoptr(SignetTufRole) entry = NULL;
  SignetTufMetadata *parent;
  gboolean whole = (d->key_ids == NULL || !d->key_ids[0]) && (d->paths == NULL || !d->paths[0]) &&
                   !d->all_paths;

  if (old == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                   "%s has no delegation %s", d->gun, d->name);
      return FALSE;
    }
  if (whole)
    {
      g_autofree char *q = g_strdup_printf ("Remove the delegation %s of %s, and with it every "
                                            "signature it holds?", d->name, d->gun);

      if (!_signet_ops_confirm (d, q, error))
        return FALSE;
      parent = _signet_ops_mutable (d, parent_name, error);
      if (parent == NULL)
        return FALSE;
      remove_delegation_entry (parent, d->name);
      remove_role_tree (d, d->name);
      prune_delegation_keys (parent);
      _signet_ops_note (d, "Removed the delegation %s", d->name);
      return TRUE;
    }

  entry = _signet_tuf_role_copy (old);
  for (guint i = 0; d->key_ids != NULL && d->key_ids[i] != NULL; i++)
    {
      const char *want = d->key_ids[i];
      gboolean found = FALSE;

      for (guint j = 0; j < entry->keyids->len && !found; j++)
        {
          const char *keyid = g_ptr_array_index (entry->keyids, j);
          SignetPublicKey *key = g_hash_table_lookup (cur->keys, keyid);

          if (g_str_equal (keyid, want) ||
              (key != NULL && g_str_equal (_signet_public_key_get_canonical_id (key), want)))
            {
              g_ptr_array_remove_index (entry->keyids, j);
              found = TRUE;
            }
        }
      if (!found)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                       "Key %s is not a key of %s", want, d->name);
          return FALSE;
        }
    }
  if (d->all_paths)
    g_ptr_array_set_size (entry->paths, 0);
  for (guint i = 0; d->paths != NULL && d->paths[i] != NULL; i++)
    str_array_remove (entry->paths, d->paths[i]);
  if ((gint64) entry->keyids->len < entry->threshold)
    {
      g_autofree char *q = g_strdup_printf ("%s would be left with %u key(s), fewer than its "
                                            "threshold of %" G_GINT64_FORMAT ": nothing could sign "
                                            "it and what it signs would no longer count. Go on?",
                                            d->name, entry->keyids->len, entry->threshold);

      if (!_signet_ops_confirm (d, q, error))
        return FALSE;
    }
  parent = _signet_ops_mutable (d, parent_name, error);
  if (parent == NULL)
    return FALSE;
  _signet_tuf_metadata_set_role (parent, g_steal_pointer (&entry));
  prune_delegation_keys (parent);
  _signet_ops_note (d, "Changed the delegation %s", d->name);
  return TRUE;
}

/* ---- rotation ------------------------------------------------------------------------- */

/* -k: the given private key (PEM) becomes the new key of @role. It is imported into the
 * trust directory (re-encrypted with the passphrase it came with, or a new one when it was
 * not encrypted) and registered as a new key, so that a failed rotation takes it out again
 * unless it was there before. */
static SignetOpsNewKey *
import_given_key (SignetOpsData  *d,
                  const char     *role,
                  GError        **error)
{
  SignetKeystore *keystore = _signet_ops_get_keystore (d);
  gsize len = strlen (d->key_pem);
  g_autoptr(SignetPemInfo) info = NULL;
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autoptr(SignetSecret) pass = NULL;
  g_autoptr(SignetKeyInfo) existing = NULL;
  SignetOpsNewKey *nk;

  for (guint i = 0; i < d->new_keys->len; i++)
    {
      nk = g_ptr_array_index (d->new_keys, i);
      if (g_str_equal (nk->role, role))
        return nk;
    }

  info = _signet_pem_info_parse (d->key_pem, len, "the given key", error);
  if (info == NULL)
    return NULL;
  if (info->encrypted)
    {
      const char * const *vars = _signet_passphrase_env_vars (role);

      for (guint i = 0; vars != NULL && vars[i] != NULL && key == NULL; i++)
        {
          const char *value = g_getenv (vars[i]);

          if (value == NULL)
            continue;
          g_clear_pointer (&pass, signet_secret_unref);
          pass = signet_secret_new (value, -1);
          key = _signet_private_key_from_pem (d->key_pem, len, pass, "the given key", NULL);
        }
      if (key == NULL)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE,
                       "Cannot open the given encrypted %s key: set its passphrase in %s, or "
                       "import it first with 'signet-cli key import'", role,
                       vars != NULL && vars[0] != NULL ? vars[0] : "the environment");
          return NULL;
        }
    }
  else
    {
      key = _signet_private_key_from_pem (d->key_pem, len, NULL, "the given key", error);
      if (key == NULL)
        return NULL;
    }

  nk = g_new0 (SignetOpsNewKey, 1);
  nk->role = g_strdup (role);
  existing = _signet_keystore_find (keystore, _signet_private_key_get_id (key), NULL);
  if (existing != NULL)
    {
      if (g_strcmp0 (existing->role, role) != 0)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "The given key %s is already in the trust directory as a %s key, not a "
                       "%s key", existing->id, existing->role ? existing->role : "(no role)", role);
          g_free (nk->role);
          g_free (nk);
          return NULL;
        }
      nk->stored = FALSE;
    }
  else
    {
      if (pass == NULL)
        pass = _signet_ops_new_passphrase (d, _signet_private_key_get_id (key), role, error);
      if (pass == NULL ||
          !_signet_keystore_add (keystore, key, role, _signet_key_gun_for_role (role, d->gun), pass, error))
        {
          if (pass == NULL)
            g_prefix_error (error, "No passphrase for the given %s key: ", role);
          g_free (nk->role);
          g_free (nk);
          return NULL;
        }
      nk->stored = TRUE;
      _signet_ops_note (d, "Imported the given %s key %s into %s", role,
                        _signet_private_key_get_id (key), _signet_keystore_get_private_dir (keystore));
    }
  nk->key = g_steal_pointer (&key);
  g_ptr_array_add (d->new_keys, nk);
  return nk;
}

static gboolean
apply_rotate (SignetOpsData  *d,
              GError        **error)
{
  const char *role = d->name;
  SignetTufMetadata *old_root = _signet_ops_current (d, "root");
  SignetTufRole *old_entry = g_hash_table_lookup (old_root->roles, role);
  g_autoptr(SignetPublicKey) pub = NULL;
  g_autoptr(GPtrArray) old_held = NULL;
  SignetTufMetadata *root;

  /* Refuse to start without the keys the rotation needs. */
  if (!_signet_ops_can_sign (d, "root"))
    {
      g_autofree char *ids = held_ids_text (g_hash_table_lookup (old_root->roles, "root"), old_root->keys);

      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                   "Rotating the %s key of %s needs the root key (%s), which is not in this "
                   "trust directory", role, d->gun, ids);
      return FALSE;
    }
  old_held = _signet_ops_held_keys (d, role, NULL);

  if (g_str_equal (role, "root"))
    {
      g_autofree char *q = NULL;
      SignetOpsNewKey *nk;

      for (guint i = 0; i < old_held->len; i++)
        {
          SignetPublicKey *key = g_hash_table_lookup (old_root->keys, g_ptr_array_index (old_held, i));

          if (!_signet_ops_root_key_has_verified_backup (_signet_ops_get_keystore (d),
                                                         _signet_public_key_get_canonical_id (key),
                                                         error))
            {
              g_prefix_error (error, "Not rotating the root key of %s: ", d->gun);
              return FALSE;
            }
        }
      q = g_strdup_printf ("Rotate the root key of %s? Every client that trusts the current root "
                           "will move to the new one.", d->gun);
      if (!_signet_ops_confirm (d, q, error))
        return FALSE;
      nk = d->key_pem ? import_given_key (d, "root", error) : _signet_ops_new_key (d, "root", error);
      if (nk == NULL)
        return FALSE;
      pub = _signet_private_key_new_root_cert (nk->key, d->gun, d->now, error);
      if (pub == NULL)
        return FALSE;
    }
  else if (g_str_equal (role, "timestamp") || (g_str_equal (role, "snapshot") && d->server_managed))
    pub = _signet_public_key_ref (g_str_equal (role, "timestamp") ? d->server_timestamp_key
                                                                   : d->server_snapshot_key);
  else
    {
      SignetOpsNewKey *nk = d->key_pem ? import_given_key (d, role, error) : _signet_ops_new_key (d, role, error);

      if (nk == NULL)
        return FALSE;
      pub = _signet_public_key_ref (_signet_private_key_get_public (nk->key));
    }

  if (old_entry != NULL && old_entry->keyids->len == 1 &&
      g_str_equal (g_ptr_array_index (old_entry->keyids, 0), _signet_public_key_get_id (pub)))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "The new %s key is the current one (%s the same key as before); nothing to "
                   "rotate", role, d->key_pem ? "the given key is" : "the server gave");
      return FALSE;
    }

  root = _signet_ops_mutable (d, "root", error);
  if (root == NULL)
    return FALSE;
  _signet_tuf_metadata_add_key (root, pub);
  _signet_tuf_metadata_set_role (root, role_with_key (role, pub));
  prune_root_keys (root);

  if (!g_str_equal (role, "root"))
    for (guint i = 0; i < old_held->len; i++)
      {
        SignetPublicKey *key = g_hash_table_lookup (old_root->keys, g_ptr_array_index (old_held, i));

        g_ptr_array_add (d->remove_after, g_strdup (_signet_public_key_get_canonical_id (key)));
      }
  if (g_str_equal (role, "targets") && _signet_ops_mutable (d, "targets", error) == NULL)
    return FALSE;
  _signet_ops_note (d, "The %s key of %s is now %s%s", role, d->gun,
                    _signet_public_key_get_canonical_id (pub),
                    (g_str_equal (role, "timestamp") || (g_str_equal (role, "snapshot") && d->server_managed))
                    ? " (held by the server)" : "");
  return TRUE;
}

/* ---- witness -------------------------------------------------------------------------- */

static gboolean
apply_witness (SignetOpsData  *d,
               GError        **error)
{
  for (guint i = 0; d->roles[i] != NULL; i++)
    {
      const char *role = d->roles[i];

      if (g_str_equal (role, "snapshot"))
        {
          d->force_snapshot = TRUE;
          continue;
        }
      if (_signet_ops_current (d, role) == NULL)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                       "%s has no verified %s to re-sign", d->gun, role);
          return FALSE;
        }
      if (_signet_ops_mutable (d, role, error) == NULL)
        return FALSE;
      _signet_ops_note (d, "Re-signed %s with a new expiry", role);
    }
  return TRUE;
}

gboolean
_signet_ops_apply (SignetOpsData  *d,
                   GError        **error)
{
  switch (d->kind)
    {
    case SIGNET_OPS_INIT:
      return apply_init (d, error);
    case SIGNET_OPS_SIGN:
      return apply_sign (d, error);
    case SIGNET_OPS_REVOKE:
      return apply_revoke (d, error);
    case SIGNET_OPS_ADD_SIGNER:
      return apply_add_signer (d, error);
    case SIGNET_OPS_REMOVE_SIGNER:
      return apply_remove_signer (d, error);
    case SIGNET_OPS_ADD_DELEGATION:
      return apply_add_delegation (d, error);
    case SIGNET_OPS_REMOVE_DELEGATION:
      return apply_remove_delegation (d, error);
    case SIGNET_OPS_ROTATE:
      return apply_rotate (d, error);
    case SIGNET_OPS_WITNESS:
      return apply_witness (d, error);
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}
