/* signet-backup.c: ustar archives of private/ with a manifest (see BACKUP-FORMAT.md).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <openssl/crypto.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "signet-backup-private.h"
#include "signet-docker-format-private.h"
#include "signet-cosign-private.h"
#include "signet-error.h"

#define BLOCK            512
#define MANIFEST_NAME    "manifest.json"
#define MANIFEST_FORMAT  "signet-key-backup"
#define MANIFEST_VERSION_NOTARY 1   /* notary keys only: what every Signet reads */
#define MANIFEST_VERSION_COSIGN 2   /* with cosign keys */
#define COSIGN_DIR       "cosign"   /* under private/ */
#define MAX_ENTRY_SIZE   (1024 * 1024)
#define MAX_ARCHIVE_SIZE (256 * 1024 * 1024)

struct _SignetBackup
{
  char       *archive;
  char       *created;
  GPtrArray  *entries;  /* SignetBackupEntry */
  GHashTable *files;    /* path -> GBytes */
};

static void
entry_free (SignetBackupEntry *e)
{
  g_free (e->path);
  g_free (e->kind);
  g_free (e->id);
  g_free (e->name);
  g_free (e->role);
  g_free (e->gun);
  g_free (e->sha256);
  g_free (e);
}

void
_signet_backup_free (SignetBackup *self)
{
  g_free (self->archive);
  g_free (self->created);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->files, g_hash_table_unref);
  g_free (self);
}

GPtrArray *
_signet_backup_get_entries (SignetBackup *self)
{
  return self->entries;
}

const char *
_signet_backup_get_created (SignetBackup *self)
{
  return self->created;
}

char *
_signet_backup_state_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "signet", "backups.json", NULL);
}

/* ---- ustar ---- */

static void
octal (char  *field,
       gsize  width,
       guint64 value)
{
  g_snprintf (field, width, "%0*" G_GINT64_MODIFIER "o", (int) width - 1, value);
}

static gboolean
tar_add (GByteArray    *out,
         const char    *name,
         const guint8  *data,
         gsize          len,
         gint64         mtime,
         GError       **error)
{
  guint8 hdr[BLOCK] = { 0 };
  const char *base = name;
  gsize name_len = strlen (name);
  guint sum = 0;
  static const guint8 zeros[BLOCK] = { 0 };

  if (name_len > 100)
    {
      /* split at a '/' into prefix (155) and name (100) */
      const char *slash = name + name_len - 101;

      slash = strchr (slash, '/');
      if (slash == NULL || (gsize) (slash - name) > 155)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT, "Path too long for the archive: %s", name);
          return FALSE;
        }
      memcpy (hdr + 345, name, slash - name);
      base = slash + 1;
    }
  memcpy (hdr, base, strlen (base));
  octal ((char *) hdr + 100, 8, 0600);
  octal ((char *) hdr + 108, 8, 0);
  octal ((char *) hdr + 116, 8, 0);
  octal ((char *) hdr + 124, 12, len);
  octal ((char *) hdr + 136, 12, mtime);
  memset (hdr + 148, ' ', 8);
  hdr[156] = '0';
  memcpy (hdr + 257, "ustar", 6);
  memcpy (hdr + 263, "00", 2);
  for (guint i = 0; i < BLOCK; i++)
    sum += hdr[i];
  g_snprintf ((char *) hdr + 148, 8, "%06o", sum);
  hdr[155] = ' ';

  g_byte_array_append (out, hdr, BLOCK);
  g_byte_array_append (out, data, len);
  if (len % BLOCK)
    g_byte_array_append (out, zeros, BLOCK - len % BLOCK);
  return TRUE;
}

static gboolean
parse_octal (const guint8 *field,
             gsize         width,
             guint64      *value)
{
  guint64 v = 0;
  gsize i = 0;

  while (i < width && field[i] == ' ')
    i++;
  if (i == width || field[i] < '0' || field[i] > '7')
    return FALSE;
  for (; i < width && field[i] >= '0' && field[i] <= '7'; i++)
    {
      if (v > G_MAXUINT64 >> 3)
        return FALSE;
      v = (v << 3) | (field[i] - '0');
    }
  for (; i < width; i++)
    if (field[i] != ' ' && field[i] != '\0')
      return FALSE;
  *value = v;
  return TRUE;
}

static gboolean
safe_key_path (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (!g_str_has_prefix (path, "private/") || !g_str_has_suffix (path, ".key") || strchr (path, '\\'))
    return FALSE;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], "..") || parts[i][0] == '.')
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_cosign (const SignetBackupEntry *e)
{
  return g_strcmp0 (e->kind, SIGNET_BACKUP_KIND_COSIGN) == 0;
}

/* A cosign key is exactly private/cosign/<valid name>.pem. */
static gboolean
safe_cosign_path (const SignetBackupEntry *e)
{
  g_autofree char *want = NULL;

  if (e->name == NULL || !_signet_cosign_name_valid (e->name, NULL))
    return FALSE;
  want = g_strconcat ("private/" COSIGN_DIR "/", e->name, ".pem", NULL);
  return g_str_equal (e->path, want);
}

/* path -> GBytes, in order in @order */
static GHashTable *
tar_read (const guint8  *data,
          gsize          len,
          GPtrArray     *order,
          const char    *where,
          GError       **error)
{
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  gsize off = 0;

  for (;;)
    {
      const guint8 *hdr;
      guint64 size, sum;
      guint computed = 0;
      g_autofree char *name = NULL;
      g_autofree char *prefix = NULL;
      char *full;
      gboolean zero = TRUE;

      if (off + BLOCK > len)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: truncated archive", where);
          return NULL;
        }
      hdr = data + off;
      for (guint i = 0; i < BLOCK; i++)
        if (hdr[i] != 0)
          zero = FALSE;
      if (zero)
        break;

      if (!parse_octal (hdr + 148, 8, &sum))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: bad tar header checksum field", where);
          return NULL;
        }
      for (guint i = 0; i < BLOCK; i++)
        computed += (i >= 148 && i < 156) ? ' ' : hdr[i];
      if (computed != sum)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: tar header checksum mismatch at offset %"
                       G_GSIZE_FORMAT, where, off);
          return NULL;
        }
      if (!parse_octal (hdr + 124, 12, &size) || size > MAX_ENTRY_SIZE)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: bad or too large entry size", where);
          return NULL;
        }
      name = g_strndup ((const char *) hdr, 100);
      prefix = memcmp (hdr + 257, "ustar", 5) == 0 ? g_strndup ((const char *) hdr + 345, 155) : g_strdup ("");
      full = *prefix ? g_strconcat (prefix, "/", name, NULL) : g_strdup (name);
      off += BLOCK;

      if (hdr[156] == '5')
        {
          g_free (full);
          continue; /* directories are implied */
        }
      if (hdr[156] != '0' && hdr[156] != '\0')
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: entry “%s” is not a regular file", where, full);
          g_free (full);
          return NULL;
        }
      if (off + size > len)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: truncated archive (in “%s”)", where, full);
          g_free (full);
          return NULL;
        }
      if (g_hash_table_contains (files, full))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: “%s” appears twice", where, full);
          g_free (full);
          return NULL;
        }
      g_ptr_array_add (order, g_strdup (full));
      g_hash_table_insert (files, full, g_bytes_new (data + off, size));
      off += (size + BLOCK - 1) / BLOCK * BLOCK;
    }
  return g_steal_pointer (&files);
}

/* ---- manifest ---- */

static char *
now_rfc3339 (GDateTime *now)
{
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
build_manifest (GPtrArray  *entries,
                const char *created)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 version = MANIFEST_VERSION_NOTARY;

  for (guint i = 0; i < entries->len; i++)
    if (is_cosign (g_ptr_array_index (entries, i)))
      version = MANIFEST_VERSION_COSIGN;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, MANIFEST_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, version);
  json_builder_set_member_name (b, "created");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "keys");
  json_builder_begin_array (b);
  for (guint i = 0; i < entries->len; i++)
    {
      SignetBackupEntry *e = g_ptr_array_index (entries, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, e->path);
      if (version > MANIFEST_VERSION_NOTARY)
        {
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, e->kind);
        }
      if (is_cosign (e))
        {
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, e->name);
        }
      else
        {
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, e->id);
          json_builder_set_member_name (b, "role");
          json_builder_add_string_value (b, e->role ? e->role : "");
          json_builder_set_member_name (b, "gun");
          if (e->gun)
            json_builder_add_string_value (b, e->gun);
          else
            json_builder_add_null_value (b);
        }
      json_builder_set_member_name (b, "encrypted");
      json_builder_add_boolean_value (b, e->encrypted);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, e->size);
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, e->sha256);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || JSON_NODE_TYPE (n) != JSON_NODE_VALUE || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static GPtrArray *
parse_manifest (GBytes      *bytes,
                char       **created,
                const char  *where,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  JsonObject *root;
  JsonArray *keys;
  const char *format;
  gint64 version;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    {
      g_prefix_error (error, "%s: manifest: ", where);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto bad;
  root = json_node_get_object (json_parser_get_root (parser));
  format = member_string (root, "format");
  version = json_object_get_int_member_with_default (root, "version", 0);
  if (format == NULL || !g_str_equal (format, MANIFEST_FORMAT))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: not a Signet key backup", where);
      return NULL;
    }
  if (version != MANIFEST_VERSION_NOTARY && version != MANIFEST_VERSION_COSIGN)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: a Signet key backup of format version %" G_GINT64_FORMAT "; this Signet reads "
                   "versions 1 and 2", where, version);
      return NULL;
    }
  *created = g_strdup (member_string (root, "created"));
  if (!json_object_has_member (root, "keys") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "keys")))
    goto bad;
  keys = json_object_get_array_member (root, "keys");
  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonNode *n = json_array_get_element (keys, i);
      JsonObject *o;
      SignetBackupEntry *e;
      const char *kind;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        goto bad;
      o = json_node_get_object (n);
      kind = version > MANIFEST_VERSION_NOTARY ? member_string (o, "kind") : SIGNET_BACKUP_KIND_NOTARY;
      if (kind == NULL || member_string (o, "path") == NULL || member_string (o, "sha256") == NULL)
        goto bad;
      if (g_str_equal (kind, SIGNET_BACKUP_KIND_COSIGN))
        {
          if (member_string (o, "name") == NULL)
            goto bad;
        }
      else if (!g_str_equal (kind, SIGNET_BACKUP_KIND_NOTARY) || member_string (o, "id") == NULL)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "%s: manifest entry %u is not a notary key with an ID or a cosign key with a "
                       "name", where, i);
          return NULL;
        }
      e = g_new0 (SignetBackupEntry, 1);
      e->path = g_strdup (member_string (o, "path"));
      e->kind = g_strdup (kind);
      if (g_str_equal (kind, SIGNET_BACKUP_KIND_COSIGN))
        {
          e->name = g_strdup (member_string (o, "name"));
          e->id = _signet_cosign_keyring_id (e->name);
        }
      else
        {
          e->id = g_strdup (member_string (o, "id"));
          e->role = g_strdup (member_string (o, "role"));
          e->gun = g_strdup (member_string (o, "gun"));
        }
      e->sha256 = g_strdup (member_string (o, "sha256"));
      e->size = json_object_get_int_member_with_default (o, "size", -1);
      e->encrypted = json_object_get_boolean_member_with_default (o, "encrypted", FALSE);
      g_ptr_array_add (entries, e);
    }
  return g_steal_pointer (&entries);

bad:
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: the manifest is not well formed", where);
  return NULL;
}

/* ---- read ---- */

static SignetBackup *
backup_from_bytes (const guint8  *data,
                   gsize          len,
                   const char    *where,
                   GError       **error)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SignetBackup) self = g_new0 (SignetBackup, 1);
  GBytes *manifest;

  self->archive = g_strdup (where);
  self->files = tar_read (data, len, order, where, error);
  if (self->files == NULL)
    return NULL;
  if (order->len == 0 || !g_str_equal (g_ptr_array_index (order, 0), MANIFEST_NAME))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: the archive does not start with %s", where,
                   MANIFEST_NAME);
      return NULL;
    }
  manifest = g_hash_table_lookup (self->files, MANIFEST_NAME);
  self->entries = parse_manifest (manifest, &self->created, where, error);
  if (self->entries == NULL)
    return NULL;

  if (order->len != self->entries->len + 1)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: the manifest lists %u keys but the archive holds %u files", where, self->entries->len,
                   order->len - 1);
      return NULL;
    }
  for (guint i = 0; i < self->entries->len; i++)
    {
      SignetBackupEntry *e = g_ptr_array_index (self->entries, i);
      GBytes *file = g_hash_table_lookup (self->files, e->path);
      g_autofree char *sum = NULL;

      if (is_cosign (e) ? !safe_cosign_path (e) : !safe_key_path (e->path))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH, "%s: unsafe path “%s” in the archive", where,
                       e->path);
          return NULL;
        }
      if (file == NULL)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: “%s” is listed but missing", where, e->path);
          return NULL;
        }
      sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, file);
      if (g_bytes_get_size (file) != e->size || !g_str_equal (sum, e->sha256))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_HASH_MISMATCH,
                       "%s: “%s” does not match its size or SHA-256 in the manifest", where, e->path);
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}

SignetBackup *
_signet_backup_read (const char  *archive,
                     GError     **error)
{
  g_autofree char *contents = NULL;
  GStatBuf st;
  gsize len;

  if (g_stat (archive, &st) != 0)
    {
      int e = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e), "Cannot read “%s”: %s", archive, g_strerror (e));
      return NULL;
    }
  if (st.st_size > MAX_ARCHIVE_SIZE)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE, "“%s” is too large for a key backup", archive);
      return NULL;
    }
  if (!g_file_get_contents (archive, &contents, &len, error))
    return NULL;
  return backup_from_bytes ((const guint8 *) contents, len, archive, error);
}

/* ---- create ---- */

static gboolean
record_state (const char    *archive,
              SignetBackup  *backup,
              const char    *archive_sha256,
              GError       **error)
{
  g_autofree char *state_path = _signet_backup_state_path ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *absolute = g_canonicalize_filename (archive, NULL);
  JsonArray *old = NULL;

  if (g_file_test (state_path, G_FILE_TEST_EXISTS) && json_parser_load_from_file (parser, state_path, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *o = json_node_get_object (json_parser_get_root (parser));

      if (json_object_has_member (o, "backups") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "backups")))
        old = json_object_get_array_member (o, "backups");
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "backups");
  json_builder_begin_array (b);
  for (guint i = 0; old != NULL && i < json_array_get_length (old); i++)
    {
      JsonNode *n = json_array_get_element (old, i);

      /* drop records of archives that no longer exist */
      if (JSON_NODE_HOLDS_OBJECT (n))
        {
          const char *p = member_string (json_node_get_object (n), "path");

          if (p == NULL || !g_file_test (p, G_FILE_TEST_EXISTS) || g_str_equal (p, absolute))
            continue;
        }
      json_builder_add_value (b, json_node_copy (n));
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, absolute);
  json_builder_set_member_name (b, "created");
  json_builder_add_string_value (b, backup->created);
  json_builder_set_member_name (b, "keys");
  json_builder_add_int_value (b, backup->entries->len);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, archive_sha256);
  json_builder_set_member_name (b, "verified");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  return _signet_file_write_atomic (state_path, text, strlen (text), 0600, TRUE, error);
}

/* Oldest first: by the UTC stamp in the name, then by the "-N" of a second backup made
 * within the same second ("signet-keys-STAMP.tar" < "signet-keys-STAMP-2.tar"). */
static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  const char *na = *(const char **) a;
  const char *nb = *(const char **) b;
  g_autofree char *sa = g_strndup (na, strlen (na) - strlen (".tar"));
  g_autofree char *sb = g_strndup (nb, strlen (nb) - strlen (".tar"));

  return _signet_natural_compare (sa, sb);
}

static void
prune (const char *to_dir,
       guint       keep)
{
  g_autoptr(GDir) d = g_dir_open (to_dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL || keep == 0)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "signet-keys-") && g_str_has_suffix (name, ".tar"))
      g_ptr_array_add (names, g_strdup (name));
  /* the UTC timestamps in the names sort by time */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i + keep < names->len; i++)
    {
      g_autofree char *path = g_build_filename (to_dir, g_ptr_array_index (names, i), NULL);
      g_unlink (path);
    }
}

/* The cosign private keys of <trust_dir>/private/cosign, sorted by name, as entries (and
 * their bytes in @contents). Anything there that is not a valid cosign key file is an
 * error: a backup must not silently leave a key out. */
static gboolean
add_cosign_keys (const char  *private_dir,
                 GPtrArray   *entries,
                 GPtrArray   *contents,
                 GError     **error)
{
  g_autofree char *dir = g_build_filename (private_dir, COSIGN_DIR, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &local_error);
  const char *file;

  if (d == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_FAILED, "Cannot read the cosign keys in %s: %s", dir,
                   local_error->message);
      return FALSE;
    }
  while ((file = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (file, ".pem") && file[0] != '.')
      g_ptr_array_add (names, g_strdup (file));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *base = g_ptr_array_index (names, i);
      g_autofree char *name = g_strndup (base, strlen (base) - 4);
      g_autofree char *path = g_build_filename (dir, base, NULL);
      g_autoptr(GError) name_error = NULL;
      SignetBackupEntry *e;
      char *data = NULL;
      gsize len;

      if (!_signet_cosign_name_valid (name, &name_error))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "Not backing up a damaged key store: %s: %s", path, name_error->message);
          return FALSE;
        }
      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "Not backing up a damaged key store: %s is not a regular file", path);
          return FALSE;
        }
      if (!g_file_get_contents (path, &data, &len, error))
        return FALSE;
      if (len > SIGNET_COSIGN_KEY_FILE_MAX ||
          (!g_str_has_prefix (data, "-----BEGIN " SIGNET_COSIGN_PEM_TYPE "-----") &&
           !g_str_has_prefix (data, "-----BEGIN " SIGNET_SIGSTORE_PEM_TYPE "-----")))
        {
          g_free (data);
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "Not backing up a damaged key store: %s is not an encrypted cosign private key",
                       path);
          return FALSE;
        }
      e = g_new0 (SignetBackupEntry, 1);
      e->path = g_strconcat ("private/" COSIGN_DIR "/", base, NULL);
      e->kind = g_strdup (SIGNET_BACKUP_KIND_COSIGN);
      e->id = _signet_cosign_keyring_id (name);
      e->name = g_steal_pointer (&name);
      e->size = len;
      e->encrypted = TRUE;
      e->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) data, len);
      g_ptr_array_add (entries, e);
      g_ptr_array_add (contents, g_bytes_new_take (data, len));
    }
  return TRUE;
}

char *
_signet_backup_create (SignetKeystore  *keystore,
                       const char      *to_dir,
                       guint            keep,
                       GError         **error)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GByteArray) tar = g_byte_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(SignetBackup) check = NULL;
  g_autofree char *created = now_rfc3339 (now);
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *manifest = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sum = NULL;
  const char *private_dir = _signet_keystore_get_private_dir (keystore);
  static const guint8 zeros[2 * BLOCK] = { 0 };

  keys = _signet_keystore_list (keystore, warnings, error);
  if (keys == NULL)
    return NULL;
  if (warnings->len > 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "Not backing up a damaged key store: %s",
                   (char *) g_ptr_array_index (warnings, 0));
      return NULL;
    }

  for (guint i = 0; i < keys->len; i++)
    {
      SignetKeyInfo *info = g_ptr_array_index (keys, i);
      SignetBackupEntry *e = g_new0 (SignetBackupEntry, 1);
      char *data = NULL;
      gsize len;

      if (!g_file_get_contents (info->path, &data, &len, error))
        {
          entry_free (e);
          return NULL;
        }
      e->path = g_strconcat ("private/", info->path + strlen (private_dir) + 1, NULL);
      e->kind = g_strdup (SIGNET_BACKUP_KIND_NOTARY);
      e->id = g_strdup (info->id);
      e->role = g_strdup (info->role);
      e->gun = g_strdup (info->gun);
      e->size = len;
      e->encrypted = info->encrypted;
      e->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) data, len);
      g_ptr_array_add (entries, e);
      g_ptr_array_add (contents, g_bytes_new_take (data, len));
    }
  if (!add_cosign_keys (private_dir, entries, contents, error))
    return NULL;
  if (entries->len == 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND, "No private keys in %s to back up", private_dir);
      return NULL;
    }

  manifest = build_manifest (entries, created);
  if (!tar_add (tar, MANIFEST_NAME, (const guint8 *) manifest, strlen (manifest), g_date_time_to_unix (now), error))
    return NULL;
  for (guint i = 0; i < entries->len; i++)
    {
      SignetBackupEntry *e = g_ptr_array_index (entries, i);
      GBytes *b = g_ptr_array_index (contents, i);

      if (!tar_add (tar, e->path, g_bytes_get_data (b, NULL), g_bytes_get_size (b), g_date_time_to_unix (now), error))
        return NULL;
    }
  g_byte_array_append (tar, zeros, sizeof zeros);

  /* Verify the bytes before writing, then what is on disk. */
  check = backup_from_bytes (tar->data, tar->len, "new backup", error);
  if (check == NULL)
    return NULL;
  g_clear_pointer (&check, _signet_backup_free);

  if (!_signet_mkdir_private (to_dir, error))
    return NULL;
  /* A second backup within the same second gets "-2", "-3", …: never overwrite one. */
  for (guint n = 1; ; n++)
    {
      g_autoptr(GError) local_error = NULL;

      g_free (name);
      g_free (archive);
      name = n == 1 ? g_strdup_printf ("signet-keys-%s.tar", stamp)
                    : g_strdup_printf ("signet-keys-%s-%u.tar", stamp, n);
      archive = g_build_filename (to_dir, name, NULL);
      if (_signet_file_write_atomic (archive, tar->data, tar->len, 0600, FALSE, &local_error))
        break;
      if (n >= 100 || !g_error_matches (local_error, SIGNET_ERROR, SIGNET_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  check = _signet_backup_read (archive, error);
  if (check == NULL)
    {
      g_prefix_error (error, "The backup just written does not verify: ");
      return NULL;
    }
  sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, tar->data, tar->len);
  if (!record_state (archive, check, sum, error))
    return NULL;
  prune (to_dir, keep);

  return g_steal_pointer (&archive);
}

typedef struct
{
  SignetKeystore *keystore;
  char           *to_dir;
  guint           keep;
} CreateData;

static void
create_data_free (CreateData *d)
{
  g_clear_object (&d->keystore);
  g_free (d->to_dir);
  g_free (d);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateData *d = task_data;
  GError *error = NULL;
  char *path;

  path = _signet_backup_create (d->keystore, d->to_dir, d->keep, &error);
  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
  /* GLib keeps its worker threads: free OpenSSL's per-thread state (DRBGs). */
  OPENSSL_thread_stop ();
}

void
_signet_backup_create_async (SignetKeystore      *keystore,
                             const char          *to_dir,
                             guint                keep,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (keystore, cancellable, callback, user_data);
  CreateData *d = g_new0 (CreateData, 1);

  g_task_set_source_tag (task, _signet_backup_create_async);
  d->keystore = g_object_ref (keystore);
  d->to_dir = g_strdup (to_dir);
  d->keep = keep;
  g_task_set_task_data (task, d, (GDestroyNotify) create_data_free);
  g_task_run_in_thread (task, create_thread);
}

char *
_signet_backup_create_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- verify and restore ---- */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A cosign key decrypts with $COSIGN_PASSWORD, else with the keyring's passphrase for it. */
static gboolean
verify_cosign_key (SignetBackup           *self,
                   SignetBackupEntry      *e,
                   GBytes                 *file,
                   SignetPassphraseChain  *chain,
                   GError                **error)
{
  g_autoptr(SignetSecret) pass = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *env = g_getenv ("COSIGN_PASSWORD");
  const char *source = NULL;
  EVP_PKEY *pkey;

  if (_signet_passphrase_chain_get_use_env (chain) && env != NULL)
    {
      pass = signet_secret_new (env, -1);
      source = "COSIGN_PASSWORD";
    }
  else if (_signet_passphrase_chain_get_use_keyring (chain))
    {
      g_autofree char *keyring_id = _signet_cosign_keyring_id (e->name);

      pass = _signet_keyring_lookup_passphrase (keyring_id, NULL, &local_error);
      if (local_error != NULL)
        g_debug ("Keyring not available: %s", local_error->message);
      g_clear_error (&local_error);
      source = "the keyring";
    }
  if (pass == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE,
                   "%s: cosign key “%s”: no passphrase to check it with (set COSIGN_PASSWORD, or "
                   "remember its passphrase in the keyring)", self->archive, e->name);
      return FALSE;
    }
  pkey = _signet_cosign_key_decrypt (g_bytes_get_data (file, NULL), g_bytes_get_size (file), pass, e->path,
                                     &local_error);
  if (pkey == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: cosign key “%s” (passphrase from %s): %s",
                   self->archive, e->name, source, local_error->message);
      return FALSE;
    }
  EVP_PKEY_free (pkey);
  return TRUE;
}

static gboolean
verify_keys (SignetBackup           *self,
             SignetPassphraseChain  *chain,
             GCancellable           *cancellable,
             GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("signet-verify-XXXXXX", error);
  g_autoptr(SignetKeystore) ks = NULL;
  gboolean ok = TRUE;

  if (tmp == NULL)
    return FALSE;
  g_chmod (tmp, 0700);
  ks = _signet_keystore_new (tmp);

  for (guint i = 0; ok && i < self->entries->len; i++)
    {
      SignetBackupEntry *e = g_ptr_array_index (self->entries, i);
      GBytes *file = g_hash_table_lookup (self->files, e->path);
      g_autofree char *dest = g_build_filename (tmp, e->path, NULL);
      g_autoptr(SignetPrivateKey) key = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (is_cosign (e))
        {
          ok = verify_cosign_key (self, e, file, chain, error);
          continue;
        }
      if (!_signet_file_write_atomic (dest, g_bytes_get_data (file, NULL), g_bytes_get_size (file), 0600, FALSE,
                                      error))
        {
          ok = FALSE;
          break;
        }
      key = _signet_passphrase_chain_unlock (chain, ks, e->id, NULL, cancellable, &local_error);
      if (key == NULL)
        {
          g_set_error (error, local_error->domain, local_error->code, "%s: key %s (%s): %s", self->archive, e->id,
                       e->role ? e->role : "?", local_error->message);
          ok = FALSE;
        }
      else if (!g_str_equal (_signet_private_key_get_id (key), e->id))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: “%s” holds key %s, not %s", self->archive,
                       e->path, _signet_private_key_get_id (key), e->id);
          ok = FALSE;
        }
    }

  remove_tree (tmp);
  return ok;
}

gboolean
_signet_backup_verify_keys (SignetBackup           *self,
                            SignetPassphraseChain  *chain,
                            GError                **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (SIGNET_IS_PASSPHRASE_CHAIN (chain), FALSE);

  return verify_keys (self, chain, NULL, error);
}

gboolean
_signet_backup_restore (SignetBackup    *self,
                        SignetKeystore  *keystore,
                        GPtrArray       *restored,
                        GPtrArray       *conflicts,
                        GError         **error)
{
  const char *trust_dir = _signet_keystore_get_trust_dir (keystore);
  guint n_conflicts = 0;

  if (!_signet_mkdir_private (trust_dir, error))
    return FALSE;

  for (guint i = 0; i < self->entries->len; i++)
    {
      SignetBackupEntry *e = g_ptr_array_index (self->entries, i);
      GBytes *file = g_hash_table_lookup (self->files, e->path);
      g_autofree char *dest = g_build_filename (trust_dir, e->path, NULL);
      g_autofree char *existing = NULL;
      g_autoptr(GError) local_error = NULL;
      gsize len;

      if (g_file_get_contents (dest, &existing, &len, NULL))
        {
          if (len == g_bytes_get_size (file) && memcmp (existing, g_bytes_get_data (file, NULL), len) == 0)
            continue;
          n_conflicts++;
          if (conflicts != NULL)
            g_ptr_array_add (conflicts, g_strdup (dest));
          continue;
        }
      if (!_signet_file_write_atomic (dest, g_bytes_get_data (file, NULL), g_bytes_get_size (file), 0600, FALSE,
                                      &local_error))
        {
          if (g_error_matches (local_error, SIGNET_ERROR, SIGNET_ERROR_EXISTS))
            {
              n_conflicts++;
              if (conflicts != NULL)
                g_ptr_array_add (conflicts, g_strdup (dest));
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (restored != NULL)
        g_ptr_array_add (restored, g_strdup (dest));
    }

  if (n_conflicts > 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_CONFLICT,
                   "%u key file(s) already exist with different contents and were not overwritten", n_conflicts);
      return FALSE;
    }
  return TRUE;
}

/* ---- async read and restore ---- */

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  SignetBackup *backup = _signet_backup_read (task_data, &error);

  if (backup == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, backup, (GDestroyNotify) _signet_backup_free);
}

void
_signet_backup_read_async (const char          *archive,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, _signet_backup_read_async);
  g_task_set_task_data (task, g_strdup (archive), g_free);
  g_task_run_in_thread (task, read_thread);
}

SignetBackup *
_signet_backup_read_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  SignetBackup   *backup;
  SignetKeystore *keystore;
  GPtrArray      *restored;
  GPtrArray      *conflicts;
} RestoreData;

static void
restore_data_free (RestoreData *d)
{
  g_clear_object (&d->keystore);
  g_clear_pointer (&d->restored, g_ptr_array_unref);
  g_clear_pointer (&d->conflicts, g_ptr_array_unref);
  g_free (d);
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RestoreData *d = task_data;
  GError *error = NULL;

  if (_signet_backup_restore (d->backup, d->keystore, d->restored, d->conflicts, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
_signet_backup_restore_async (SignetBackup        *self,
                              SignetKeystore      *keystore,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (keystore, cancellable, callback, user_data);
  RestoreData *d = g_new0 (RestoreData, 1);

  g_task_set_source_tag (task, _signet_backup_restore_async);
  d->backup = self;
  d->keystore = g_object_ref (keystore);
  d->restored = g_ptr_array_new_with_free_func (g_free);
  d->conflicts = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, d, (GDestroyNotify) restore_data_free);
  g_task_run_in_thread (task, restore_thread);
}

gboolean
_signet_backup_restore_finish (GAsyncResult  *result,
                               GPtrArray    **restored,
                               GPtrArray    **conflicts,
                               GError       **error)
{
  RestoreData *d = g_task_get_task_data (G_TASK (result));

  if (restored != NULL)
    *restored = g_ptr_array_ref (d->restored);
  if (conflicts != NULL)
    *conflicts = g_ptr_array_ref (d->conflicts);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- verify, async ---- */

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  /* The chain's prompt runs on the context that set it (the app's main thread) while
   * this thread waits for the answer. */
  if (verify_keys (task_data, source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  /* GLib keeps its worker threads: free OpenSSL's per-thread state (DRBGs). */
  OPENSSL_thread_stop ();
}

void
_signet_backup_verify_keys_async (SignetBackup          *self,
                                  SignetPassphraseChain *chain,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (SIGNET_IS_PASSPHRASE_CHAIN (chain));

  task = g_task_new (chain, cancellable, callback, user_data);
  g_task_set_source_tag (task, _signet_backup_verify_keys_async);
  g_task_set_task_data (task, self, NULL);
  g_task_run_in_thread (task, verify_thread);
}

gboolean
_signet_backup_verify_keys_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
