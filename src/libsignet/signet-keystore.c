/* signet-keystore.c: the private/ directory of a trust dir, as notary and docker use it.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <openssl/crypto.h>

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "signet-error.h"
#include "signet-keystore-private.h"

#define MAX_KEY_FILE_SIZE (1024 * 1024)

struct _SignetKeystore
{
  GObject  parent_instance;
  char    *trust_dir;
  char    *private_dir;
};

enum {
  PROP_0,
  PROP_TRUST_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SignetKeystore, _signet_keystore, G_TYPE_OBJECT)

static void
_signet_keystore_finalize (GObject *object)
{
  SignetKeystore *self = (SignetKeystore *) object;

  g_clear_pointer (&self->trust_dir, g_free);
  g_clear_pointer (&self->private_dir, g_free);

  G_OBJECT_CLASS (_signet_keystore_parent_class)->finalize (object);
}

static void
_signet_keystore_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SignetKeystore *self = SIGNET_KEYSTORE (object);

  switch (prop_id)
    {
    case PROP_TRUST_DIR:
      g_value_set_string (value, self->trust_dir);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
_signet_keystore_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SignetKeystore *self = SIGNET_KEYSTORE (object);

  switch (prop_id)
    {
    case PROP_TRUST_DIR:
      self->trust_dir = g_value_dup_string (value);
      self->private_dir = g_build_filename (self->trust_dir, "private", NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
_signet_keystore_class_init (SignetKeystoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = _signet_keystore_finalize;
  object_class->get_property = _signet_keystore_get_property;
  object_class->set_property = _signet_keystore_set_property;

  properties[PROP_TRUST_DIR] =
    g_param_spec_string ("trust-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
_signet_keystore_init (SignetKeystore *self)
{
}

char *
_signet_default_trust_dir (void)
{
  const char *docker_config = g_getenv ("DOCKER_CONFIG");

  if (docker_config != NULL && *docker_config != '\0')
    return g_build_filename (docker_config, "trust", NULL);
  return g_build_filename (g_get_home_dir (), ".docker", "trust", NULL);
}

SignetKeystore *
_signet_keystore_new (const char *trust_dir)
{
  g_return_val_if_fail (trust_dir != NULL, NULL);

  return g_object_new (SIGNET_TYPE_KEYSTORE, "trust-dir", trust_dir, NULL);
}

const char *
_signet_keystore_get_trust_dir (SignetKeystore *self)
{
  g_return_val_if_fail (SIGNET_IS_KEYSTORE (self), NULL);
  return self->trust_dir;
}

const char *
_signet_keystore_get_private_dir (SignetKeystore *self)
{
  g_return_val_if_fail (SIGNET_IS_KEYSTORE (self), NULL);
  return self->private_dir;
}

void
_signet_key_info_free (SignetKeyInfo *info)
{
  g_free (info->id);
  g_free (info->role);
  g_free (info->gun);
  g_free (info->path);
  g_free (info);
}

static gboolean
is_key_id (const char *s)
{
  gsize n = 0;

  for (; s[n]; n++)
    if (!g_ascii_isxdigit (s[n]) || g_ascii_isupper (s[n]))
      return FALSE;
  return n == 64;
}

static char *
read_key_file (const char  *path,
               gsize       *len,
               GError     **error)
{
  GStatBuf st;
  char *contents = NULL;

  if (g_stat (path, &st) != 0)
    {
      int e = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e), "Cannot read “%s”: %s", path, g_strerror (e));
      return NULL;
    }
  if (st.st_size > MAX_KEY_FILE_SIZE)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE, "“%s” is too large for a key file", path);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, len, error))
    return NULL;
  return contents;
}

/* @rel_dir: the directory under private/ ("" for the current layout, "root_keys",
 * "tuf_keys/<gun>" for the legacy ones). */
static SignetKeyInfo *
key_info_from_file (const char  *path,
                    const char  *rel_dir,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(SignetPemInfo) pem = NULL;
  SignetKeyInfo *info;
  gboolean legacy = *rel_dir != '\0';
  char *underscore;
  gsize len;

  contents = read_key_file (path, &len, error);
  if (contents == NULL)
    return NULL;
  pem = _signet_pem_info_parse (contents, len, path, error);
  if (pem == NULL)
    return NULL;

  base[strlen (base) - strlen (".key")] = '\0';
  info = g_new0 (SignetKeyInfo, 1);
  info->path = g_strdup (path);
  info->legacy = legacy;
  info->encrypted = pem->encrypted;
  info->role = g_strdup (pem->role);
  info->gun = g_strdup (pem->gun);

  underscore = legacy ? strchr (base, '_') : NULL;
  if (underscore != NULL)
    {
      *underscore = '\0';
      if (info->role == NULL)
        info->role = g_strdup (underscore + 1);
    }
  info->id = g_strdup (base);

  if (legacy && info->gun == NULL && g_str_has_prefix (rel_dir, "tuf_keys/"))
    info->gun = g_strdup (rel_dir + strlen ("tuf_keys/"));
  if (legacy && info->role == NULL && g_str_equal (rel_dir, "root_keys"))
    info->role = g_strdup ("root");

  return info;
}

static void
scan_dir (const char *dir,
          const char *rel_dir,
          gboolean    recurse,
          GPtrArray  *out,
          GPtrArray  *warnings)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) local_error = NULL;
      SignetKeyInfo *info;

      if (name[0] == '.')
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (recurse)
            {
              g_autofree char *sub = *rel_dir ? g_build_filename (rel_dir, name, NULL) : g_strdup (name);
              scan_dir (path, sub, TRUE, out, warnings);
            }
          continue;
        }
      if (!g_str_has_suffix (name, ".key") || strlen (name) <= strlen (".key"))
        continue;
      info = key_info_from_file (path, rel_dir, &local_error);
      if (info == NULL)
        {
          if (warnings != NULL)
            g_ptr_array_add (warnings, g_strdup (local_error->message));
          continue;
        }
      g_ptr_array_add (out, info);
    }
}

static gint
key_info_cmp (gconstpointer a,
              gconstpointer b)
{
  const SignetKeyInfo *x = *(SignetKeyInfo **) a;
  const SignetKeyInfo *y = *(SignetKeyInfo **) b;
  int c = strcmp (x->id, y->id);

  return c != 0 ? c : (x->legacy - y->legacy);
}

GPtrArray *
_signet_keystore_list (SignetKeystore  *self,
                       GPtrArray       *warnings,
                       GError         **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_key_info_free);
  g_autofree char *root_keys = NULL;
  g_autofree char *tuf_keys = NULL;

  g_return_val_if_fail (SIGNET_IS_KEYSTORE (self), NULL);

  scan_dir (self->private_dir, "", FALSE, out, warnings);
  root_keys = g_build_filename (self->private_dir, "root_keys", NULL);
  scan_dir (root_keys, "root_keys", FALSE, out, warnings);
  tuf_keys = g_build_filename (self->private_dir, "tuf_keys", NULL);
  scan_dir (tuf_keys, "tuf_keys", TRUE, out, warnings);

  g_ptr_array_sort (out, key_info_cmp);
  return g_steal_pointer (&out);
}

static SignetKeyInfo *
key_info_copy (const SignetKeyInfo *info)
{
  SignetKeyInfo *copy = g_new0 (SignetKeyInfo, 1);

  copy->id = g_strdup (info->id);
  copy->role = g_strdup (info->role);
  copy->gun = g_strdup (info->gun);
  copy->path = g_strdup (info->path);
  copy->legacy = info->legacy;
  copy->encrypted = info->encrypted;
  return copy;
}

SignetKeyInfo *
_signet_keystore_find (SignetKeystore  *self,
                       const char      *id,
                       GError         **error)
{
  g_autoptr(GPtrArray) all = NULL;
  const SignetKeyInfo *found = NULL;
  gsize id_len;

  g_return_val_if_fail (SIGNET_IS_KEYSTORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  id_len = strlen (id);
  for (gsize i = 0; i < id_len; i++)
    {
      if (!g_ascii_isxdigit (id[i]))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "“%s” is not a key ID (hexadecimal)", id);
          return NULL;
        }
    }
  if (id_len < 7)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "Key ID “%s” is too short (give at least 7 characters)", id);
      return NULL;
    }

  /* A full ID: the file itself, so that a damaged file reports its own error. */
  if (id_len == 64)
    {
      g_autofree char *lower = g_ascii_strdown (id, -1);
      g_autofree char *name = g_strconcat (lower, ".key", NULL);
      g_autofree char *path = g_build_filename (self->private_dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return key_info_from_file (path, "", error);
    }

  all = _signet_keystore_list (self, NULL, error);
  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      const SignetKeyInfo *info = g_ptr_array_index (all, i);

      if (g_ascii_strncasecmp (info->id, id, id_len) != 0)
        continue;
      if (strlen (info->id) == id_len)
        {
          found = info;
          break;
        }
      if (found != NULL && !g_str_equal (found->id, info->id))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "Key ID prefix “%s” is ambiguous in %s", id, self->private_dir);
          return NULL;
        }
      if (found == NULL)
        found = info;
    }
  if (found == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND, "No private key “%s” in %s", id,
                   self->private_dir);
      return NULL;
    }
  return key_info_copy (found);
}

SignetPrivateKey *
_signet_keystore_load (SignetKeystore  *self,
                       const char      *id,
                       SignetSecret    *passphrase,
                       GError         **error)
{
  g_autoptr(SignetKeyInfo) info = NULL;
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_return_val_if_fail (SIGNET_IS_KEYSTORE (self), NULL);

  info = _signet_keystore_find (self, id, error);
  if (info == NULL)
    return NULL;
  contents = read_key_file (info->path, &len, error);
  if (contents == NULL)
    return NULL;
  key = _signet_private_key_from_pem (contents, len, passphrase, info->path, error);
  OPENSSL_cleanse (contents, len);
  if (key == NULL)
    return NULL;

  if (!info->legacy && !g_str_equal (_signet_private_key_get_id (key), info->id))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: the file holds key %s, not the key its name says", info->path,
                   _signet_private_key_get_id (key));
      return NULL;
    }
  return g_steal_pointer (&key);
}

static char *
key_path (SignetKeystore *self,
          const char     *id)
{
  g_autofree char *name = g_strconcat (id, ".key", NULL);

  return g_build_filename (self->private_dir, name, NULL);
}

gboolean
_signet_passphrase_check_new (SignetSecret  *passphrase,
                              const char    *what,
                              GError       **error)
{
  if (passphrase == NULL || signet_secret_get_length (passphrase) >= SIGNET_PASSPHRASE_MIN_LENGTH)
    return TRUE;
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
               "The new passphrase for %s is too short: it must have at least %d characters",
               what ? what : "the key", SIGNET_PASSPHRASE_MIN_LENGTH);
  return FALSE;
}

/* "the targets key 1a2b3c4 of example.com/app" */
static char *
describe_key (const char *role,
              const char *id,
              const char *gun)
{
  g_autofree char *short_id = g_strndup (id ? id : "", 7);

  if (gun != NULL)
    return g_strdup_printf ("the %s key %s of %s", role ? role : "signing", short_id, gun);
  return g_strdup_printf ("the %s key %s", role ? role : "signing", short_id);
}

gboolean
_signet_keystore_add (SignetKeystore    *self,
                      SignetPrivateKey  *key,
                      const char        *role,
                      const char        *gun,
                      SignetSecret      *passphrase,
                      GError           **error)
{
  g_autofree char *pem = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (SIGNET_IS_KEYSTORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (role == NULL || *role == '\0')
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT, "A key needs a role to be stored");
      return FALSE;
    }
  if (_signet_key_gun_for_role (role, gun) == NULL
      && (g_str_equal (role, "targets") || g_str_equal (role, "snapshot") || g_str_equal (role, "timestamp")))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "A %s key needs the repository name (GUN) it belongs to", role);
      return FALSE;
    }
  if (passphrase != NULL && signet_secret_get_length (passphrase) < SIGNET_PASSPHRASE_MIN_LENGTH)
    {
      g_autofree char *what = describe_key (role, _signet_private_key_get_id (key), gun);

      return _signet_passphrase_check_new (passphrase, what, error);
    }

  pem = _signet_private_key_to_pem (key, role, gun, passphrase, error);
  if (pem == NULL)
    return FALSE;
  path = key_path (self, _signet_private_key_get_id (key));
  if (!_signet_mkdir_private (self->trust_dir, error) || !_signet_mkdir_private (self->private_dir, error))
    return FALSE;
  return _signet_file_write_atomic (path, pem, strlen (pem), 0600, FALSE, error);
}

gboolean
_signet_keystore_add_pem (SignetKeystore  *self,
                          const char      *id,
                          const char      *pem,
                          gsize            len,
                          GError         **error)
{
  g_autoptr(SignetPemInfo) info = NULL;
  g_autofree char *path = NULL;
  g_autofree char *existing = NULL;
  gsize existing_len;

  g_return_val_if_fail (SIGNET_IS_KEYSTORE (self), FALSE);

  if (!is_key_id (id))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH,
                   "“%s” is not a key ID (64 lower-case hexadecimal digits)", id);
      return FALSE;
    }
  info = _signet_pem_info_parse (pem, len, id, error);
  if (info == NULL)
    return FALSE;

  path = key_path (self, id);
  if (g_file_get_contents (path, &existing, &existing_len, NULL))
    {
      if (existing_len == len && memcmp (existing, pem, len) == 0)
        return TRUE;
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_EXISTS,
                   "A different key file “%s” already exists; not overwriting it", path);
      return FALSE;
    }
  if (!_signet_mkdir_private (self->trust_dir, error) || !_signet_mkdir_private (self->private_dir, error))
    return FALSE;
  return _signet_file_write_atomic (path, pem, len, 0600, FALSE, error);
}

gboolean
_signet_keystore_change_passphrase (SignetKeystore  *self,
                                    const char      *id,
                                    SignetSecret    *old_passphrase,
                                    SignetSecret    *new_passphrase,
                                    GError         **error)
{
  g_autoptr(SignetKeyInfo) info = NULL;
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autofree char *pem = NULL;

  g_return_val_if_fail (SIGNET_IS_KEYSTORE (self), FALSE);

  info = _signet_keystore_find (self, id, error);
  if (info == NULL)
    return FALSE;
  if (new_passphrase != NULL && signet_secret_get_length (new_passphrase) < SIGNET_PASSPHRASE_MIN_LENGTH)
    {
      g_autofree char *what = describe_key (info->role, info->id, info->gun);

      return _signet_passphrase_check_new (new_passphrase, what, error);
    }
  key = _signet_keystore_load (self, info->id, old_passphrase, error);
  if (key == NULL)
    return FALSE;
  pem = _signet_private_key_to_pem (key, info->role, info->gun, new_passphrase, error);
  if (pem == NULL)
    return FALSE;
  return _signet_file_write_atomic (info->path, pem, strlen (pem), 0600, TRUE, error);
}

gboolean
_signet_keystore_remove (SignetKeystore  *self,
                         const char      *id,
                         GError         **error)
{
  g_autoptr(SignetKeyInfo) info = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (SIGNET_IS_KEYSTORE (self), FALSE);

  info = _signet_keystore_find (self, id, error);
  if (info == NULL)
    return FALSE;
  if (g_unlink (info->path) != 0)
    {
      int e = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e), "Cannot remove “%s”: %s", info->path,
                   g_strerror (e));
      return FALSE;
    }
  return TRUE;
}

char *
_signet_keystore_export (SignetKeystore      *self,
                         const char * const  *ids,
                         GError             **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (SIGNET_IS_KEYSTORE (self), NULL);

  all = _signet_keystore_list (self, NULL, error);
  if (all == NULL)
    return NULL;

  if (ids != NULL)
    {
      for (guint i = 0; ids[i] != NULL; i++)
        {
          g_autoptr(SignetKeyInfo) info = _signet_keystore_find (self, ids[i], error);

          if (info == NULL)
            return NULL;
        }
    }

  for (guint i = 0; i < all->len; i++)
    {
      const SignetKeyInfo *info = g_ptr_array_index (all, i);
      g_autofree char *contents = NULL;
      g_autofree char *rel = NULL;
      g_autoptr(GPtrArray) blocks = NULL;
      gboolean wanted = ids == NULL;
      gsize len;

      for (guint j = 0; ids != NULL && ids[j] != NULL; j++)
        if (g_str_has_prefix (info->id, ids[j]))
          wanted = TRUE;
      if (!wanted)
        continue;

      contents = read_key_file (info->path, &len, error);
      if (contents == NULL)
        return NULL;
      /* notary: the path relative to private/, without ".key" */
      rel = g_strndup (info->path + strlen (self->private_dir) + 1,
                       strlen (info->path) - strlen (self->private_dir) - 1 - strlen (".key"));
      blocks = _signet_pem_split (contents, len);
      for (guint j = 0; j < blocks->len; j++)
        {
          g_autofree char *with_path = _signet_pem_set_header (g_ptr_array_index (blocks, j), "path", rel, error);

          if (with_path == NULL)
            return NULL;
          g_string_append (out, with_path);
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

GStrv
_signet_keystore_import (SignetKeystore  *self,
                         const char      *data,
                         gsize            len,
                         const char      *fallback_role,
                         const char      *fallback_gun,
                         SignetSecret    *passphrase,
                         GError         **error)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GString) problems = g_string_new (NULL);
  guint imported = 0;

  g_return_val_if_fail (SIGNET_IS_KEYSTORE (self), NULL);

  blocks = _signet_pem_split (data, len);
  if (blocks->len == 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "No PEM private key blocks to import");
      return NULL;
    }

  for (guint i = 0; i < blocks->len; i++)
    {
      const char *block = g_ptr_array_index (blocks, i);
      g_autoptr(SignetPemInfo) info = NULL;
      g_autoptr(SignetPrivateKey) key = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *gun = NULL;
      g_autofree char *role = NULL;
      g_autofree char *id = NULL;
      g_autofree char *pem = NULL;

      info = _signet_pem_info_parse (block, strlen (block), NULL, &local_error);
      if (info == NULL)
        goto skip;

      gun = g_strdup (info->gun);
      /* A legacy path "tuf_keys/<gun>/<id>_<role>" gives the gun. */
      if (info->path != NULL && strchr (info->path, '/') != NULL)
        {
          g_autofree char *dir = g_path_get_dirname (info->path);
          g_autofree char *base = g_path_get_basename (info->path);

          if (g_str_has_prefix (dir, "tuf_keys/") && dir[strlen ("tuf_keys/")] != '\0')
            {
              g_free (gun);
              gun = g_strdup (dir + strlen ("tuf_keys/"));
            }
          g_free (info->path);
          info->path = g_steal_pointer (&base);
        }
      if (info->path != NULL && strchr (info->path, '_') != NULL)
        {
          if (info->role == NULL)
            info->role = g_strdup (strchr (info->path, '_') + 1);
          *strchr (info->path, '_') = '\0';
        }
      if (gun == NULL && fallback_gun != NULL && *fallback_gun != '\0')
        gun = g_strdup (fallback_gun);
      role = g_strdup (info->role ? info->role : (fallback_role ? fallback_role : "delegation"));
      if ((g_str_equal (role, "targets") || g_str_equal (role, "snapshot") || g_str_equal (role, "timestamp"))
          && gun == NULL)
        {
          g_set_error (&local_error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "a %s key needs a GUN (none in the PEM and none given)", role);
          goto skip;
        }

      if (!info->encrypted)
        {
          key = _signet_private_key_from_pem (block, strlen (block), NULL, NULL, &local_error);
          if (key == NULL)
            goto skip;
          id = g_strdup (_signet_private_key_get_id (key));
          if (passphrase != NULL && signet_secret_get_length (passphrase) < SIGNET_PASSPHRASE_MIN_LENGTH)
            {
              g_autofree char *what = describe_key (role, id, gun);

              _signet_passphrase_check_new (passphrase, what, &local_error);
              goto skip;
            }
          pem = _signet_private_key_to_pem (key, role, gun, passphrase, &local_error);
          if (pem == NULL)
            goto skip;
        }
      else
        {
          if (info->path != NULL)
            id = g_strdup (info->path);
          else
            {
              key = _signet_private_key_from_pem (block, strlen (block), passphrase, NULL, &local_error);
              if (key == NULL)
                goto skip;
              id = g_strdup (_signet_private_key_get_id (key));
            }
          pem = _signet_pem_set_header (block, "path", NULL, &local_error);
          if (pem != NULL)
            {
              char *tmp = _signet_pem_set_header (pem, "role", role, &local_error);
              g_free (pem);
              pem = tmp;
            }
          if (pem != NULL)
            {
              char *tmp = _signet_pem_set_header (pem, "gun", _signet_key_gun_for_role (role, gun), &local_error);
              g_free (pem);
              pem = tmp;
            }
          if (pem == NULL)
            goto skip;
        }

      if (!_signet_keystore_add_pem (self, id, pem, strlen (pem), &local_error))
        goto skip;
      g_strv_builder_add (ids, id);
      imported++;
      continue;

    skip:
      g_string_append_printf (problems, "%sblock %u: %s", problems->len ? "; " : "", i + 1,
                              local_error ? local_error->message : "invalid");
    }

  if (problems->len > 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "Could not import every key (%u imported): %s",
                   imported, problems->str);
      return NULL;
    }
  return g_strv_builder_end (ids);
}

static void
remove_empty_dirs (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_empty_dirs (child);
    }
  g_rmdir (dir); /* fails, as it should, when something is left */
}

gint
_signet_keystore_migrate_legacy (SignetKeystore  *self,
                                 GError         **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *root_keys = NULL;
  g_autofree char *tuf_keys = NULL;
  gint moved = 0;

  g_return_val_if_fail (SIGNET_IS_KEYSTORE (self), -1);

  list = _signet_keystore_list (self, NULL, error);
  if (list == NULL)
    return -1;

  for (guint i = 0; i < list->len; i++)
    {
      SignetKeyInfo *info = g_ptr_array_index (list, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GPtrArray) blocks = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *rel_dir = NULL;
      g_autofree char *base = NULL;
      g_autofree char *pem = NULL;
      const char *gun = NULL;
      const char *underscore;
      gsize len;

      if (!info->legacy)
        continue;

      contents = read_key_file (info->path, &len, &local_error);
      if (contents != NULL)
        {
          blocks = _signet_pem_split (contents, len);
          if (blocks->len == 0)
            g_set_error (&local_error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: no PEM block", info->path);
        }
      if (local_error != NULL)
        goto problem;

      /* gun from the directory under root_keys/ or tuf_keys/, role from "_<role>" */
      rel_dir = g_path_get_dirname (info->path + strlen (self->private_dir) + 1);
      if (g_str_has_prefix (rel_dir, "tuf_keys/"))
        gun = rel_dir + strlen ("tuf_keys/");
      else if (g_str_has_prefix (rel_dir, "root_keys/"))
        gun = rel_dir + strlen ("root_keys/");
      base = g_path_get_basename (info->path);
      base[strlen (base) - strlen (".key")] = '\0';
      underscore = strchr (base, '_');

      pem = g_strdup (g_ptr_array_index (blocks, 0));
      if (gun != NULL && *gun != '\0')
        {
          char *tmp = _signet_pem_set_header (pem, "gun", gun, &local_error);
          g_free (pem);
          pem = tmp;
        }
      if (pem != NULL && underscore != NULL)
        {
          char *tmp = _signet_pem_set_header (pem, "role", underscore + 1, &local_error);
          g_free (pem);
          pem = tmp;
        }
      if (pem == NULL)
        goto problem;

      if (!_signet_keystore_add_pem (self, info->id, pem, strlen (pem), &local_error))
        goto problem;
      if (g_unlink (info->path) != 0)
        {
          int e = errno;
          g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (e), "Cannot remove “%s”: %s", info->path,
                       g_strerror (e));
          goto problem;
        }
      moved++;
      continue;

    problem:
      g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", local_error->message);
    }

  root_keys = g_build_filename (self->private_dir, "root_keys", NULL);
  tuf_keys = g_build_filename (self->private_dir, "tuf_keys", NULL);
  remove_empty_dirs (root_keys);
  remove_empty_dirs (tuf_keys);

  if (problems->len > 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_CONFLICT, "Some legacy keys were not moved (%d moved): %s",
                   moved, problems->str);
      return -1;
    }
  return moved;
}

/* ---- async ---- */

typedef struct
{
  char             *id;
  SignetSecret     *passphrase;
  SignetPrivateKey *key;
  char             *role;
  char             *gun;
} TaskData;

static void
task_data_free (TaskData *td)
{
  g_free (td->id);
  g_clear_pointer (&td->passphrase, signet_secret_unref);
  g_clear_pointer (&td->key, _signet_private_key_unref);
  g_free (td->role);
  g_free (td->gun);
  g_free (td);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *td = task_data;
  GError *error = NULL;
  SignetPrivateKey *key;

  key = _signet_keystore_load (source_object, td->id, td->passphrase, &error);
  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, (GDestroyNotify) _signet_private_key_unref);
  /* GLib keeps its worker threads: free OpenSSL's per-thread state (DRBGs). */
  OPENSSL_thread_stop ();
}

void
_signet_keystore_load_async (SignetKeystore      *self,
                             const char          *id,
                             SignetSecret        *passphrase,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *td;

  g_return_if_fail (SIGNET_IS_KEYSTORE (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _signet_keystore_load_async);
  td = g_new0 (TaskData, 1);
  td->id = g_strdup (id);
  td->passphrase = passphrase ? signet_secret_ref (passphrase) : NULL;
  g_task_set_task_data (task, td, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, load_thread);
}

SignetPrivateKey *
_signet_keystore_load_finish (SignetKeystore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _signet_keystore_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
add_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  TaskData *td = task_data;
  GError *error = NULL;

  if (_signet_keystore_add (source_object, td->key, td->role, td->gun, td->passphrase, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  /* GLib keeps its worker threads: free OpenSSL's per-thread state (DRBGs). */
  OPENSSL_thread_stop ();
}

void
_signet_keystore_add_async (SignetKeystore      *self,
                            SignetPrivateKey    *key,
                            const char          *role,
                            const char          *gun,
                            SignetSecret        *passphrase,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *td;

  g_return_if_fail (SIGNET_IS_KEYSTORE (self));
  g_return_if_fail (key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _signet_keystore_add_async);
  td = g_new0 (TaskData, 1);
  td->key = _signet_private_key_ref (key);
  td->role = g_strdup (role);
  td->gun = g_strdup (gun);
  td->passphrase = passphrase ? signet_secret_ref (passphrase) : NULL;
  g_task_set_task_data (task, td, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, add_thread);
}

gboolean
_signet_keystore_add_finish (SignetKeystore  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _signet_keystore_add_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
