/* signet-cosign-store.c: Signet's cosign keys in the trust directory.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <openssl/crypto.h>

#include "signet-cosign-private.h"
#include "signet-error.h"
#include "signet-keystore-private.h"

static gboolean
read_small (const char  *path,
            char       **data,
            gsize       *len,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, data, len, &local_error))
    {
      g_set_error (error, SIGNET_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? SIGNET_ERROR_NOT_FOUND : SIGNET_ERROR_FAILED,
                   "%s", local_error->message);
      return FALSE;
    }
  if (*len > SIGNET_COSIGN_KEY_FILE_MAX)
    {
      g_clear_pointer (data, g_free);
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                   "%s is larger than %d bytes", path, SIGNET_COSIGN_KEY_FILE_MAX);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_public (const char  *trust_dir,
              const char  *name,
              EVP_PKEY    *pkey,
              GError     **error)
{
  g_autofree char *path = _signet_cosign_public_path (trust_dir, name);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *pem = _signet_cosign_public_pem (pkey, error);
  g_autofree char *old = NULL;
  gsize old_len;

  if (pem == NULL || !_signet_mkdir_private (dir, error))
    return FALSE;
  if (g_file_get_contents (path, &old, &old_len, NULL))
    {
      if (g_str_equal (old, pem))
        return TRUE;
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_EXISTS,
                   "A different cosign public key named “%s” is already trusted (%s)", name, path);
      return FALSE;
    }
  return _signet_file_write_atomic (path, pem, strlen (pem), 0644, FALSE, error);
}

static gboolean
write_private (const char  *trust_dir,
               const char  *name,
               const char  *pem,
               gsize        len,
               GError     **error)
{
  g_autofree char *path = _signet_cosign_private_path (trust_dir, name);
  g_autofree char *dir = g_path_get_dirname (path);

  if (!_signet_mkdir_private (dir, error))
    return FALSE;
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_EXISTS,
                   "A cosign private key named “%s” already exists (%s)", name, path);
      return FALSE;
    }
  return _signet_file_write_atomic (path, pem, len, 0600, FALSE, error);
}

gboolean
_signet_cosign_store_generate (const char    *trust_dir,
                               const char    *name,
                               SignetSecret  *passphrase,
                               GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *pem = NULL;
  EVP_PKEY *pkey;
  gboolean ok;

  if (!_signet_cosign_name_valid (name, error))
    return FALSE;
  path = _signet_cosign_private_path (trust_dir, name);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_EXISTS,
                   "A cosign private key named “%s” already exists (%s)", name, path);
      return FALSE;
    }
  if ((pkey = _signet_cosign_key_generate (error)) == NULL)
    return FALSE;
  pem = _signet_cosign_key_encrypt (pkey, passphrase, error);
  ok = pem != NULL && write_private (trust_dir, name, pem, strlen (pem), error) &&
       write_public (trust_dir, name, pkey, error);
  EVP_PKEY_free (pkey);
  return ok;
}

gboolean
_signet_cosign_store_import (const char    *trust_dir,
                             const char    *name,
                             const char    *pem,
                             gsize          len,
                             SignetSecret  *passphrase,
                             GError       **error)
{
  EVP_PKEY *pkey;
  gboolean ok;

  if (!_signet_cosign_name_valid (name, error))
    return FALSE;
  if ((pkey = _signet_cosign_key_decrypt (pem, len, passphrase, "the imported key", error)) == NULL)
    return FALSE;
  ok = write_private (trust_dir, name, pem, len, error) &&
       write_public (trust_dir, name, pkey, error);
  EVP_PKEY_free (pkey);
  return ok;
}

EVP_PKEY *
_signet_cosign_store_load (const char    *trust_dir,
                           const char    *name,
                           SignetSecret  *passphrase,
                           GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (!_signet_cosign_name_valid (name, error))
    return NULL;
  path = _signet_cosign_private_path (trust_dir, name);
  if (!read_small (path, &data, &len, error))
    return NULL;
  return _signet_cosign_key_decrypt (data, len, passphrase, path, error);
}

gboolean
_signet_cosign_store_trust (const char  *trust_dir,
                            const char  *name,
                            const char  *pem,
                            gsize        len,
                            GError     **error)
{
  EVP_PKEY *pkey;
  gboolean ok;

  if (!_signet_cosign_name_valid (name, error))
    return FALSE;
  if ((pkey = _signet_cosign_public_from_pem (pem, len, "the public key", error)) == NULL)
    return FALSE;
  ok = write_public (trust_dir, name, pkey, error);
  EVP_PKEY_free (pkey);
  return ok;
}

gboolean
_signet_cosign_store_untrust (const char  *trust_dir,
                              const char  *name,
                              GError     **error)
{
  g_autofree char *path = NULL;

  if (!_signet_cosign_name_valid (name, error))
    return FALSE;
  path = _signet_cosign_public_path (trust_dir, name);
  if (g_unlink (path) != 0)
    {
      int e = errno;

      g_set_error (error, SIGNET_ERROR, e == ENOENT ? SIGNET_ERROR_NOT_FOUND : SIGNET_ERROR_FAILED,
                   "Removing %s: %s", path, g_strerror (e));
      return FALSE;
    }
  return TRUE;
}

void
_signet_cosign_key_entry_free (SignetCosignKeyEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->name);
  EVP_PKEY_free (entry->pkey);
  g_free (entry->fingerprint);
  g_free (entry);
}

static gint
entry_cmp (gconstpointer a,
           gconstpointer b)
{
  const SignetCosignKeyEntry *ea = *(SignetCosignKeyEntry * const *) a;
  const SignetCosignKeyEntry *eb = *(SignetCosignKeyEntry * const *) b;

  return strcmp (ea->name, eb->name);
}

static SignetCosignKeyEntry *
find_entry (GPtrArray  *out,
            const char *name)
{
  guint i;

  for (i = 0; i < out->len; i++)
    {
      SignetCosignKeyEntry *e = g_ptr_array_index (out, i);

      if (g_str_equal (e->name, name))
        return e;
    }
  return NULL;
}

GPtrArray *
_signet_cosign_store_list (const char *trust_dir,
                           GPtrArray  *warnings)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_cosign_key_entry_free);
  g_autofree char *pub_dir = g_build_filename (trust_dir, "cosign", NULL);
  g_autofree char *priv_dir = g_build_filename (trust_dir, "private", "cosign", NULL);
  g_autoptr(GDir) d = NULL;
  const char *file;

  if ((d = g_dir_open (pub_dir, 0, NULL)) != NULL)
    while ((file = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = NULL;
        g_autofree char *data = NULL;
        g_autofree char *name = NULL;
        g_autoptr(GError) local_error = NULL;
        SignetCosignKeyEntry *e;
        EVP_PKEY *pkey;
        gsize len;

        if (!g_str_has_suffix (file, ".pub") || file[0] == '.')
          continue;
        name = g_strndup (file, strlen (file) - 4);
        if (!_signet_cosign_name_valid (name, NULL))
          continue;
        path = g_build_filename (pub_dir, file, NULL);
        if (!read_small (path, &data, &len, &local_error) ||
            (pkey = _signet_cosign_public_from_pem (data, len, path, &local_error)) == NULL)
          {
            if (warnings != NULL)
              g_ptr_array_add (warnings, g_strdup (local_error->message));
            continue;
          }
        e = g_new0 (SignetCosignKeyEntry, 1);
        e->name = g_steal_pointer (&name);
        e->pkey = pkey;
        e->fingerprint = _signet_cosign_key_fingerprint (pkey);
        g_ptr_array_add (out, e);
      }
  g_clear_pointer (&d, g_dir_close);
  if ((d = g_dir_open (priv_dir, 0, NULL)) != NULL)
    while ((file = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *name = NULL;
        SignetCosignKeyEntry *e;

        if (!g_str_has_suffix (file, ".pem") || file[0] == '.')
          continue;
        name = g_strndup (file, strlen (file) - 4);
        if (!_signet_cosign_name_valid (name, NULL))
          continue;
        if ((e = find_entry (out, name)) == NULL)
          {
            e = g_new0 (SignetCosignKeyEntry, 1);
            e->name = g_steal_pointer (&name);
            g_ptr_array_add (out, e);
          }
        e->has_private = TRUE;
      }
  g_ptr_array_sort (out, entry_cmp);
  return out;
}
