/* signet-tuf-metadata.c: the TUF metadata model, strict parsing, writing and signing.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-error.h"
#include "signet-tuf-private.h"

/* ---- Roles and file meta ---------------------------------------------------------- */

SignetTufRole *
_signet_tuf_role_new (const char *name,
                      gint64      threshold)
{
  SignetTufRole *role = g_new0 (SignetTufRole, 1);

  role->name = g_strdup (name);
  role->keyids = g_ptr_array_new_with_free_func (g_free);
  role->threshold = threshold;
  role->paths = g_ptr_array_new_with_free_func (g_free);
  return role;
}

SignetTufRole *
_signet_tuf_role_copy (const SignetTufRole *role)
{
  SignetTufRole *copy = _signet_tuf_role_new (role->name, role->threshold);

  for (guint i = 0; i < role->keyids->len; i++)
    g_ptr_array_add (copy->keyids, g_strdup (g_ptr_array_index (role->keyids, i)));
  for (guint i = 0; i < role->paths->len; i++)
    g_ptr_array_add (copy->paths, g_strdup (g_ptr_array_index (role->paths, i)));
  return copy;
}

void
_signet_tuf_role_free (SignetTufRole *role)
{
  if (role == NULL)
    return;
  g_free (role->name);
  g_ptr_array_unref (role->keyids);
  g_ptr_array_unref (role->paths);
  g_free (role);
}

gboolean
_signet_tuf_role_has_keyid (const SignetTufRole *role,
                            const char          *keyid)
{
  for (guint i = 0; i < role->keyids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (role->keyids, i), keyid) == 0)
      return TRUE;
  return FALSE;
}

SignetTufFileMeta *
_signet_tuf_file_meta_new (void)
{
  SignetTufFileMeta *meta = g_new0 (SignetTufFileMeta, 1);

  meta->hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_bytes_unref);
  return meta;
}

/* OpenSSL's digests: several times faster than GChecksum on metadata-sized inputs. */
static GBytes *
digest_bytes (GChecksumType type,
              const guint8 *data,
              gsize         len)
{
  const EVP_MD *md = type == G_CHECKSUM_SHA512 ? EVP_sha512 () : EVP_sha256 ();
  guint8 buf[EVP_MAX_MD_SIZE];
  unsigned int n = 0;

  g_assert (type == G_CHECKSUM_SHA256 || type == G_CHECKSUM_SHA512);
  if (!EVP_Digest (data, len, buf, &n, md, NULL))
    g_error ("EVP_Digest failed");
  return g_bytes_new (buf, n);
}

SignetTufFileMeta *
_signet_tuf_file_meta_new_from_bytes (GBytes *bytes)
{
  SignetTufFileMeta *meta = _signet_tuf_file_meta_new ();
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  meta->length = len;
  g_hash_table_insert (meta->hashes, g_strdup ("sha256"), digest_bytes (G_CHECKSUM_SHA256, data, len));
  g_hash_table_insert (meta->hashes, g_strdup ("sha512"), digest_bytes (G_CHECKSUM_SHA512, data, len));
  return meta;
}

SignetTufFileMeta *
_signet_tuf_file_meta_copy (const SignetTufFileMeta *meta)
{
  SignetTufFileMeta *copy = _signet_tuf_file_meta_new ();
  GHashTableIter iter;
  gpointer k, v;

  copy->length = meta->length;
  g_hash_table_iter_init (&iter, meta->hashes);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (copy->hashes, g_strdup (k), g_bytes_ref (v));
  if (meta->custom != NULL)
    copy->custom = json_node_copy (meta->custom);
  return copy;
}

void
_signet_tuf_file_meta_free (SignetTufFileMeta *meta)
{
  if (meta == NULL)
    return;
  g_hash_table_unref (meta->hashes);
  g_clear_pointer (&meta->custom, json_node_unref);
  g_free (meta);
}

static char *
hex_of (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  static const char digits[] = "0123456789abcdef";
  char *s = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      s[2 * i] = digits[data[i] >> 4];
      s[2 * i + 1] = digits[data[i] & 0xf];
    }
  s[len * 2] = '\0';
  return s;
}

char *
_signet_tuf_file_meta_get_sha256_hex (const SignetTufFileMeta *meta)
{
  GBytes *d = g_hash_table_lookup (meta->hashes, "sha256");

  return d != NULL ? hex_of (d) : NULL;
}

gboolean
_signet_tuf_file_meta_check_hashes (const SignetTufFileMeta *meta,
                                    const guint8            *data,
                                    gsize                    len,
                                    const char              *what,
                                    GError                 **error)
{
  static const struct { const char *name; GChecksumType type; } algs[] = {
    { "sha256", G_CHECKSUM_SHA256 },
    { "sha512", G_CHECKSUM_SHA512 },
  };
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (algs); i++)
    {
      GBytes *want = g_hash_table_lookup (meta->hashes, algs[i].name);
      g_autoptr(GBytes) got = NULL;

      if (want == NULL)
        continue;
      got = digest_bytes (algs[i].type, data, len);
      if (!g_bytes_equal (want, got))
        {
          g_autofree char *want_hex = hex_of (want);

          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_HASH_MISMATCH,
                       "%s does not match its expected %s checksum %s",
                       what, algs[i].name, want_hex);
          return FALSE;
        }
      checked++;
    }

  if (checked == 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_HASH_MISMATCH,
                   "%s cannot be checked: no sha256 or sha512 checksum is known for it", what);
      return FALSE;
    }
  return TRUE;
}

gboolean
_signet_tuf_file_meta_same_hashes (const SignetTufFileMeta *a,
                                   const SignetTufFileMeta *b)
{
  GHashTableIter iter;
  gpointer k, v;
  guint common = 0;

  g_hash_table_iter_init (&iter, a->hashes);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      GBytes *other = g_hash_table_lookup (b->hashes, k);

      if (other == NULL)
        continue;
      if (!g_bytes_equal (v, other))
        return FALSE;
      common++;
    }
  return common > 0;
}

/* ---- Names and times -------------------------------------------------------------- */

gboolean
_signet_tuf_is_delegation_name (const char *name)
{
  gsize len;

  if (name == NULL || !g_str_has_prefix (name, "targets/"))
    return FALSE;
  len = strlen (name);
  if (len >= 256)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '/'))
      return FALSE;
  /* path.Clean(name) == name: no empty, "." or ".." components, no trailing slash */
  if (name[len - 1] == '/' || strstr (name, "//") != NULL)
    return FALSE;
  {
    g_auto(GStrv) parts = g_strsplit (name, "/", -1);

    for (guint i = 0; parts[i]; i++)
      if (g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
        return FALSE;
  }
  return TRUE;
}

gboolean
_signet_tuf_is_valid_role_name (const char *name)
{
  return g_strcmp0 (name, "root") == 0 || g_strcmp0 (name, "targets") == 0 ||
         g_strcmp0 (name, "snapshot") == 0 || g_strcmp0 (name, "timestamp") == 0 ||
         _signet_tuf_is_delegation_name (name);
}

char *
_signet_tuf_role_parent (const char *name)
{
  const char *slash = strrchr (name, '/');

  if (slash == NULL)
    return g_strdup ("");
  return g_strndup (name, slash - name);
}

static gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

static gboolean
read_digits (const char **p,
             guint        n,
             guint       *out)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

gboolean
_signet_tuf_parse_time (const char *text,
                        gint64     *out)
{
  static const guint mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  const char *p = text;
  guint y, mo, d, h, mi, s, oh = 0, om = 0;
  gint sign = 0;
  guint maxd;

  if (text == NULL)
    return FALSE;
  if (!read_digits (&p, 4, &y) || *p++ != '-' || !read_digits (&p, 2, &mo) || *p++ != '-' ||
      !read_digits (&p, 2, &d) || *p++ != 'T' || !read_digits (&p, 2, &h) || *p++ != ':' ||
      !read_digits (&p, 2, &mi) || *p++ != ':' || !read_digits (&p, 2, &s))
    return FALSE;
  if (*p == '.')
    {
      guint n = 0;

      p++;
      while (g_ascii_isdigit (*p))
        p++, n++;
      if (n == 0 || n > 9)
        return FALSE;
    }
  if (*p == 'Z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      sign = *p == '+' ? 1 : -1;
      p++;
      if (!read_digits (&p, 2, &oh) || *p++ != ':' || !read_digits (&p, 2, &om))
        return FALSE;
      if (oh > 23 || om > 59)
        return FALSE;
    }
  else
    return FALSE;
  if (*p != '\0')
    return FALSE;

  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59)
    return FALSE;
  maxd = mdays[mo - 1];
  if (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    maxd = 29;
  if (d > maxd)
    return FALSE;

  *out = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s
         - sign * (gint64) (oh * 3600 + om * 60);
  return TRUE;
}

char *
_signet_tuf_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  if (dt == NULL)
    return g_strdup ("0001-01-01T00:00:00Z");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* ---- Strict parsing --------------------------------------------------------------- */

static const char *
type_for_kind (SignetTufKind kind)
{
  switch (kind)
    {
    case SIGNET_TUF_KIND_ROOT:
      return "Root";
    case SIGNET_TUF_KIND_TARGETS:
      return "Targets";
    case SIGNET_TUF_KIND_SNAPSHOT:
      return "Snapshot";
    case SIGNET_TUF_KIND_TIMESTAMP:
    default:
      return "Timestamp";
    }
}

static gboolean
kind_for_role (const char    *role,
               SignetTufKind *kind)
{
  if (g_strcmp0 (role, "root") == 0)
    *kind = SIGNET_TUF_KIND_ROOT;
  else if (g_strcmp0 (role, "snapshot") == 0)
    *kind = SIGNET_TUF_KIND_SNAPSHOT;
  else if (g_strcmp0 (role, "timestamp") == 0)
    *kind = SIGNET_TUF_KIND_TIMESTAMP;
  else if (g_strcmp0 (role, "targets") == 0 || _signet_tuf_is_delegation_name (role))
    *kind = SIGNET_TUF_KIND_TARGETS;
  else
    return FALSE;
  return TRUE;
}

SignetTufMetadata *
_signet_tuf_metadata_new (SignetTufKind  kind,
                          const char    *role)
{
  SignetTufMetadata *self = g_new0 (SignetTufMetadata, 1);

  self->ref_count = 1;
  self->kind = kind;
  self->role = g_strdup (role);
  self->version = 1;
  self->roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) _signet_tuf_role_free);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) _signet_public_key_unref);
  self->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) _signet_tuf_file_meta_free);
  self->delegations = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_tuf_role_free);
  self->meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) _signet_tuf_file_meta_free);
  self->signatures = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_signature_free);
  return self;
}

SignetTufMetadata *
_signet_tuf_metadata_copy (SignetTufMetadata *self)
{
  SignetTufMetadata *copy = _signet_tuf_metadata_new (self->kind, self->role);
  GHashTableIter iter;
  gpointer k, v;

  copy->version = self->version;
  copy->expires = self->expires;
  copy->consistent_snapshot = self->consistent_snapshot;
  g_hash_table_iter_init (&iter, self->roles);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (copy->roles, g_strdup (k), _signet_tuf_role_copy (v));
  g_hash_table_iter_init (&iter, self->keys);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (copy->keys, g_strdup (k), _signet_public_key_ref (v));
  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (copy->targets, g_strdup (k), _signet_tuf_file_meta_copy (v));
  for (guint i = 0; i < self->delegations->len; i++)
    g_ptr_array_add (copy->delegations, _signet_tuf_role_copy (g_ptr_array_index (self->delegations, i)));
  g_hash_table_iter_init (&iter, self->meta);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (copy->meta, g_strdup (k), _signet_tuf_file_meta_copy (v));
  for (guint i = 0; i < self->signatures->len; i++)
    {
      SignetSignature *sig = g_ptr_array_index (self->signatures, i);

      g_ptr_array_add (copy->signatures, _signet_signature_new (sig->keyid, sig->method, sig->sig_b64));
    }
  return copy;
}

SignetTufMetadata *
_signet_tuf_metadata_ref (SignetTufMetadata *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
_signet_tuf_metadata_unref (SignetTufMetadata *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_free (self->role);
  g_hash_table_unref (self->roles);
  g_hash_table_unref (self->keys);
  g_hash_table_unref (self->targets);
  g_ptr_array_unref (self->delegations);
  g_hash_table_unref (self->meta);
  g_ptr_array_unref (self->signatures);
  g_free (self);
}

SignetTufRole *
_signet_tuf_metadata_get_delegation (SignetTufMetadata *self,
                                     const char        *name)
{
  for (guint i = 0; i < self->delegations->len; i++)
    {
      SignetTufRole *r = g_ptr_array_index (self->delegations, i);

      if (g_strcmp0 (r->name, name) == 0)
        return r;
    }
  return NULL;
}

typedef struct
{
  const char *role;
} Ctx;

G_GNUC_PRINTF (3, 4)
static gboolean
field_error (GError     **error,
             const Ctx   *ctx,
             const char  *format,
             ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
               "The %s metadata is invalid: %s", ctx->role, msg);
  return FALSE;
}

static JsonNode *
member (JsonObject *obj,
        const char *name)
{
  return json_object_get_member (obj, name);
}

static gboolean
get_object (const Ctx   *ctx,
            JsonObject  *obj,
            const char  *name,
            const char  *field,
            JsonObject **out,
            GError     **error)
{
  JsonNode *n = member (obj, name);

  if (n == NULL)
    return field_error (error, ctx, "the field “%s” is missing", field);
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return field_error (error, ctx, "the field “%s” must be an object", field);
  *out = json_node_get_object (n);
  return TRUE;
}

static gboolean
get_array (const Ctx  *ctx,
           JsonObject *obj,
           const char *name,
           const char *field,
           JsonArray **out,
           GError    **error)
{
  JsonNode *n = member (obj, name);

  if (n == NULL)
    return field_error (error, ctx, "the field “%s” is missing", field);
  if (!JSON_NODE_HOLDS_ARRAY (n))
    return field_error (error, ctx, "the field “%s” must be an array", field);
  *out = json_node_get_array (n);
  return TRUE;
}

static gboolean
node_string (const Ctx   *ctx,
             JsonNode    *n,
             const char  *field,
             const char **out,
             GError     **error)
{
  if (n == NULL)
    return field_error (error, ctx, "the field “%s” is missing", field);
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return field_error (error, ctx, "the field “%s” must be a string", field);
  *out = json_node_get_string (n);
  return TRUE;
}

static gboolean
get_string (const Ctx   *ctx,
            JsonObject  *obj,
            const char  *name,
            const char  *field,
            const char **out,
            GError     **error)
{
  return node_string (ctx, member (obj, name), field, out, error);
}

static gboolean
get_int (const Ctx  *ctx,
         JsonObject *obj,
         const char *name,
         const char *field,
         gint64     *out,
         GError    **error)
{
  JsonNode *n = member (obj, name);

  if (n == NULL)
    return field_error (error, ctx, "the field “%s” is missing", field);
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return field_error (error, ctx, "the field “%s” must be an integer", field);
  *out = json_node_get_int (n);
  return TRUE;
}

/* The value of each base64 character, -1 for the others (a table: the characters of a
 * digest are random, so branches on them would mostly be mispredicted). */
static const gint8 base64_values[256] = {
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
  52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
  -1,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,
  15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
  -1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

static inline int
base64_value (char c)
{
  return base64_values[(guchar) c];
}

/* Standard base64 with padding, nothing else (no white space, no missing padding); the
 * unused low bits of the last character are ignored, as by g_base64_decode(). */
static gboolean
strict_base64 (const char *s,
               GBytes    **out)
{
  gsize len = strlen (s);
  gsize pad = 0;
  guint8 stack[96];
  g_autofree guint8 *heap = NULL;
  guint8 *data;
  gsize n = 0;
  guint32 acc = 0;

  if (len % 4 != 0)
    return FALSE;
  if (len >= 1 && s[len - 1] == '=')
    pad++;
  if (len >= 2 && s[len - 2] == '=')
    pad++;
  if (pad == 1 && len >= 2 && s[len - 2] == '=')
    return FALSE;
  data = len / 4 * 3 <= sizeof stack ? stack : (heap = g_malloc (len / 4 * 3));
  for (gsize i = 0; i < len - pad; i++)
    {
      int v = base64_value (s[i]);

      if (v < 0)
        return FALSE;
      acc = (acc << 6) | (guint32) v;
      if (i % 4 == 3)
        {
          data[n++] = (guint8) (acc >> 16);
          data[n++] = (guint8) (acc >> 8);
          data[n++] = (guint8) acc;
          acc = 0;
        }
    }
  if (pad == 2)
    data[n++] = (guint8) (acc >> 4);
  else if (pad == 1)
    {
      data[n++] = (guint8) (acc >> 10);
      data[n++] = (guint8) (acc >> 2);
    }
  *out = g_bytes_new (data, n);
  return TRUE;
}

static gboolean
parse_hashes (const Ctx         *ctx,
              JsonObject        *obj,
              const char        *field,
              SignetTufFileMeta *meta,
              GError           **error)
{
  JsonObject *hashes;
  g_autoptr(GList) names = NULL;
  g_autofree char *hfield = g_strdup_printf ("%s.hashes", field);

  if (!get_object (ctx, obj, "hashes", hfield, &hashes, error))
    return FALSE;
  names = json_object_get_members (hashes);
  for (GList *l = names; l; l = l->next)
    {
      const char *alg = l->data;
      const char *b64;
      g_autoptr(GBytes) digest = NULL;
      g_autofree char *afield = g_strdup_printf ("%s.%s", hfield, alg);

      if (!node_string (ctx, member (hashes, alg), afield, &b64, error))
        return FALSE;
      if (!strict_base64 (b64, &digest))
        return field_error (error, ctx, "the field “%s” is not valid base64", afield);
      if ((g_str_equal (alg, "sha256") && g_bytes_get_size (digest) != 32) ||
          (g_str_equal (alg, "sha512") && g_bytes_get_size (digest) != 64))
        return field_error (error, ctx, "the field “%s” has the wrong length for %s", afield, alg);
      g_hash_table_insert (meta->hashes, g_strdup (alg), g_steal_pointer (&digest));
    }
  return TRUE;
}

static SignetTufFileMeta *
parse_file_meta (const Ctx  *ctx,
                 JsonNode   *node,
                 const char *field,
                 GError    **error)
{
  g_autoptr(SignetTufFileMeta) meta = _signet_tuf_file_meta_new ();
  JsonObject *obj;
  JsonNode *custom;
  g_autofree char *lfield = g_strdup_printf ("%s.length", field);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      field_error (error, ctx, "the field “%s” must be an object", field);
      return NULL;
    }
  obj = json_node_get_object (node);
  if (!get_int (ctx, obj, "length", lfield, &meta->length, error))
    return NULL;
  if (meta->length < 0)
    {
      field_error (error, ctx, "the field “%s” must not be negative", lfield);
      return NULL;
    }
  if (!parse_hashes (ctx, obj, field, meta, error))
    return NULL;
  custom = member (obj, "custom");
  if (custom != NULL && !JSON_NODE_HOLDS_NULL (custom))
    meta->custom = json_node_copy (custom);
  return g_steal_pointer (&meta);
}

static gboolean
parse_keys (const Ctx   *ctx,
            JsonObject  *keys,
            const char  *field,
            GHashTable  *out,
            GError     **error)
{
  g_autoptr(GList) names = json_object_get_members (keys);

  for (GList *l = names; l; l = l->next)
    {
      const char *keyid = l->data;
      g_autoptr(GError) local = NULL;
      SignetPublicKey *key;

      key = _signet_public_key_new_from_json (member (keys, keyid), &local);
      if (key == NULL)
        return field_error (error, ctx, "the key “%s.%s” cannot be read: %s",
                            field, keyid, local->message);
      g_hash_table_insert (out, g_strdup (keyid), key);
    }
  return TRUE;
}

static gboolean
parse_string_list (const Ctx  *ctx,
                   JsonArray  *array,
                   const char *field,
                   GPtrArray  *out,
                   GError    **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *s;
      g_autofree char *ifield = g_strdup_printf ("%s[%u]", field, i);

      if (!node_string (ctx, json_array_get_element (array, i), ifield, &s, error))
        return FALSE;
      g_ptr_array_add (out, g_strdup (s));
    }
  return TRUE;
}

/* keyids + threshold, and every keyid present in @keys. */
static gboolean
parse_role_body (const Ctx     *ctx,
                 JsonObject    *obj,
                 const char    *field,
                 GHashTable    *keys,
                 SignetTufRole *role,
                 GError       **error)
{
  JsonArray *keyids;
  g_autofree char *kfield = g_strdup_printf ("%s.keyids", field);
  g_autofree char *tfield = g_strdup_printf ("%s.threshold", field);

  if (!get_array (ctx, obj, "keyids", kfield, &keyids, error) ||
      !parse_string_list (ctx, keyids, kfield, role->keyids, error) ||
      !get_int (ctx, obj, "threshold", tfield, &role->threshold, error))
    return FALSE;
  if (role->threshold < 1)
    return field_error (error, ctx, "the field “%s” must be at least 1", tfield);
  for (guint i = 0; i < role->keyids->len; i++)
    {
      const char *keyid = g_ptr_array_index (role->keyids, i);

      if (!g_hash_table_contains (keys, keyid))
        return field_error (error, ctx, "the role “%s” lists the key %s, which is not in “keys”",
                            role->name, keyid);
    }
  return TRUE;
}

static gboolean
parse_root (const Ctx         *ctx,
            JsonObject        *sig,
            SignetTufMetadata *self,
            GError           **error)
{
  static const char * const base_roles[] = { "root", "targets", "snapshot", "timestamp" };
  JsonObject *keys, *roles;
  JsonNode *cs;

  if (!get_object (ctx, sig, "keys", "signed.keys", &keys, error) ||
      !parse_keys (ctx, keys, "signed.keys", self->keys, error) ||
      !get_object (ctx, sig, "roles", "signed.roles", &roles, error))
    return FALSE;

  cs = member (sig, "consistent_snapshot");
  if (cs != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (cs) || json_node_get_value_type (cs) != G_TYPE_BOOLEAN)
        return field_error (error, ctx, "the field “signed.consistent_snapshot” must be true or false");
      self->consistent_snapshot = json_node_get_boolean (cs);
    }

  for (guint i = 0; i < G_N_ELEMENTS (base_roles); i++)
    {
      g_autofree char *field = g_strdup_printf ("signed.roles.%s", base_roles[i]);
      g_autoptr(SignetTufRole) role = _signet_tuf_role_new (base_roles[i], 0);
      JsonObject *robj;

      if (!get_object (ctx, roles, base_roles[i], field, &robj, error) ||
          !parse_role_body (ctx, robj, field, self->keys, role, error))
        return FALSE;
      g_hash_table_insert (self->roles, g_strdup (base_roles[i]), g_steal_pointer (&role));
    }
  return TRUE;
}

/* @targets_read: self->targets is already filled (by the direct reader). */
static gboolean
parse_targets (const Ctx         *ctx,
               JsonObject        *sig,
               SignetTufMetadata *self,
               gboolean           targets_read,
               GError           **error)
{
  JsonObject *targets;
  JsonNode *deleg_node;
  g_autoptr(GList) names = NULL;

  if (!targets_read && !get_object (ctx, sig, "targets", "signed.targets", &targets, error))
    return FALSE;
  if (!targets_read)
    names = json_object_get_members (targets);
  for (GList *l = names; l; l = l->next)
    {
      g_autofree char *field = g_strdup_printf ("signed.targets.%s", (const char *) l->data);
      SignetTufFileMeta *meta = parse_file_meta (ctx, member (targets, l->data), field, error);

      if (meta == NULL)
        return FALSE;
      g_hash_table_insert (self->targets, g_strdup (l->data), meta);
    }

  deleg_node = member (sig, "delegations");
  if (deleg_node != NULL && !JSON_NODE_HOLDS_NULL (deleg_node))
    {
      JsonObject *deleg, *keys;
      JsonArray *roles;

      if (!JSON_NODE_HOLDS_OBJECT (deleg_node))
        return field_error (error, ctx, "the field “signed.delegations” must be an object");
      deleg = json_node_get_object (deleg_node);
      if (!get_object (ctx, deleg, "keys", "signed.delegations.keys", &keys, error) ||
          !parse_keys (ctx, keys, "signed.delegations.keys", self->keys, error) ||
          !get_array (ctx, deleg, "roles", "signed.delegations.roles", &roles, error))
        return FALSE;

      for (guint i = 0; i < json_array_get_length (roles); i++)
        {
          g_autofree char *field = g_strdup_printf ("signed.delegations.roles[%u]", i);
          g_autofree char *nfield = g_strdup_printf ("%s.name", field);
          g_autofree char *pfield = g_strdup_printf ("%s.paths", field);
          g_autofree char *parent = NULL;
          g_autoptr(SignetTufRole) role = NULL;
          JsonNode *rnode = json_array_get_element (roles, i);
          JsonObject *robj;
          JsonNode *paths;
          const char *name;

          if (!JSON_NODE_HOLDS_OBJECT (rnode))
            return field_error (error, ctx, "the field “%s” must be an object", field);
          robj = json_node_get_object (rnode);
          if (!get_string (ctx, robj, "name", nfield, &name, error))
            return FALSE;
          if (!_signet_tuf_is_delegation_name (name))
            return field_error (error, ctx, "the delegation name “%s” is not a valid role name", name);
          parent = _signet_tuf_role_parent (name);
          if (!g_str_equal (parent, self->role))
            return field_error (error, ctx, "the delegation “%s” is not a direct child of %s",
                                name, self->role);
          if (_signet_tuf_metadata_get_delegation (self, name) != NULL)
            return field_error (error, ctx, "the delegation “%s” is listed twice", name);

          role = _signet_tuf_role_new (name, 0);
          if (!parse_role_body (ctx, robj, field, self->keys, role, error))
            return FALSE;
          /* "paths" is optional (omitted when empty); "path_hash_prefixes" is ignored */
          paths = member (robj, "paths");
          if (paths != NULL && !JSON_NODE_HOLDS_NULL (paths))
            {
              if (!JSON_NODE_HOLDS_ARRAY (paths))
                return field_error (error, ctx, "the field “%s” must be an array", pfield);
              if (!parse_string_list (ctx, json_node_get_array (paths), pfield, role->paths, error))
                return FALSE;
            }
          g_ptr_array_add (self->delegations, g_steal_pointer (&role));
        }
    }
  return TRUE;
}

static gboolean
parse_meta (const Ctx         *ctx,
            JsonObject        *sig,
            SignetTufMetadata *self,
            GError           **error)
{
  static const char * const snapshot_required[] = { "root", "targets", NULL };
  static const char * const timestamp_required[] = { "snapshot", NULL };
  const char * const *required;
  JsonObject *meta;
  g_autoptr(GList) names = NULL;

  if (!get_object (ctx, sig, "meta", "signed.meta", &meta, error))
    return FALSE;
  names = json_object_get_members (meta);
  for (GList *l = names; l; l = l->next)
    {
      g_autofree char *field = g_strdup_printf ("signed.meta.%s", (const char *) l->data);
      SignetTufFileMeta *fm = parse_file_meta (ctx, member (meta, l->data), field, error);

      if (fm == NULL)
        return FALSE;
      g_hash_table_insert (self->meta, g_strdup (l->data), fm);
    }

  required = self->kind == SIGNET_TUF_KIND_SNAPSHOT ? snapshot_required : timestamp_required;
  for (guint i = 0; required[i]; i++)
    {
      SignetTufFileMeta *fm = g_hash_table_lookup (self->meta, required[i]);

      if (fm == NULL)
        return field_error (error, ctx, "the field “signed.meta.%s” is missing", required[i]);
      if (!g_hash_table_contains (fm->hashes, "sha256"))
        return field_error (error, ctx, "the field “signed.meta.%s.hashes.sha256” is missing",
                            required[i]);
    }
  return TRUE;
}

static gboolean
parse_signatures (const Ctx          *ctx,
                  JsonObject         *top,
                  SignetTufMetadata  *self,
                  GError            **error)
{
  JsonArray *sigs;

  if (!get_array (ctx, top, "signatures", "signatures", &sigs, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (sigs); i++)
    {
      JsonNode *n = json_array_get_element (sigs, i);
      g_autofree char *field = g_strdup_printf ("signatures[%u]", i);
      g_autofree char *kfield = g_strdup_printf ("%s.keyid", field);
      g_autofree char *mfield = g_strdup_printf ("%s.method", field);
      g_autofree char *sfield = g_strdup_printf ("%s.sig", field);
      g_autofree char *method = NULL;
      const char *keyid, *m, *sig;
      JsonObject *obj;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return field_error (error, ctx, "the field “%s” must be an object", field);
      obj = json_node_get_object (n);
      if (!get_string (ctx, obj, "keyid", kfield, &keyid, error) ||
          !get_string (ctx, obj, "method", mfield, &m, error) ||
          !get_string (ctx, obj, "sig", sfield, &sig, error))
        return FALSE;
      method = g_ascii_strdown (m, -1);
      g_ptr_array_add (self->signatures, _signet_signature_new (keyid, method, sig));
    }
  return TRUE;
}

/* Everything but the JSON syntax: @top is the parsed file, @self the model to fill. */
static gboolean
validate_and_fill (const Ctx          *ctx,
                   SignetTufKind       kind,
                   JsonObject         *top,
                   SignetTufMetadata  *self,
                   gboolean            targets_read,
                   GError            **error)
{
  JsonObject *sig;
  const char *type, *expires;

  if (!get_object (ctx, top, "signed", "signed", &sig, error) ||
      !parse_signatures (ctx, top, self, error) ||
      !get_string (ctx, sig, "_type", "signed._type", &type, error))
    return FALSE;
  if (!g_str_equal (type, type_for_kind (kind)))
    return field_error (error, ctx, "“signed._type” is “%s”, expected “%s”", type,
                        type_for_kind (kind));
  if (!get_int (ctx, sig, "version", "signed.version", &self->version, error))
    return FALSE;
  if (self->version < 1)
    return field_error (error, ctx, "“signed.version” must be at least 1");
  if (!get_string (ctx, sig, "expires", "signed.expires", &expires, error))
    return FALSE;
  if (!_signet_tuf_parse_time (expires, &self->expires))
    return field_error (error, ctx, "“signed.expires” (“%s”) is not an RFC 3339 date and time",
                        expires);

  switch (kind)
    {
    case SIGNET_TUF_KIND_ROOT:
      return parse_root (ctx, sig, self, error);
    case SIGNET_TUF_KIND_TARGETS:
      return parse_targets (ctx, sig, self, targets_read, error);
    case SIGNET_TUF_KIND_SNAPSHOT:
    case SIGNET_TUF_KIND_TIMESTAMP:
    default:
      return parse_meta (ctx, sig, self, error);
    }
}

/* ---- Direct reading of targets files ------------------------------------------------
 *
 * A targets file is mostly its "targets" map (10,000 entries are common). The direct
 * reader takes the entries from the file bytes straight into the model, without a
 * json-glib tree for them, using the strict parser's own lexer (so strings, numbers,
 * nesting and the rest follow exactly the same rules). Everything else in the file goes
 * through the usual tree and checks. The reader only ever accepts: at the first thing
 * that is not plain and valid it gives up, and the full parser reads the file again and
 * gives the verdict and the error message. So both always agree (tests/test-tuf-direct.c
 * checks this on mutated files). */

/* Nesting depths as the strict parser counts them. */
#define DEPTH_SIGNED_MEMBER 2
#define DEPTH_TARGET_MEMBER 4

static gboolean
lexer_expect (SignetJsonLexer *lx,
              guint8           c)
{
  _signet_json_lexer_skip_ws (lx);
  if (lx->pos >= lx->len || lx->data[lx->pos] != c)
    return FALSE;
  lx->pos++;
  return TRUE;
}

/* After a member: TRUE and *more for ',', TRUE and !*more for @close. */
static gboolean
lexer_next_member (SignetJsonLexer *lx,
                   guint8           close,
                   gboolean        *more)
{
  _signet_json_lexer_skip_ws (lx);
  if (lx->pos < lx->len && lx->data[lx->pos] == ',')
    {
      lx->pos++;
      *more = TRUE;
      return TRUE;
    }
  if (lx->pos < lx->len && lx->data[lx->pos] == close)
    {
      lx->pos++;
      *more = FALSE;
      return TRUE;
    }
  return FALSE;
}

/* At '{' (after white space): TRUE and *empty when it is "{}". */
static gboolean
lexer_open_object (SignetJsonLexer *lx,
                   gboolean        *empty)
{
  if (!lexer_expect (lx, '{'))
    return FALSE;
  _signet_json_lexer_skip_ws (lx);
  *empty = lx->pos < lx->len && lx->data[lx->pos] == '}';
  if (*empty)
    lx->pos++;
  return TRUE;
}

/* A member name and its ':'. */
static char *
lexer_member_name (SignetJsonLexer *lx)
{
  g_autofree char *name = NULL;

  _signet_json_lexer_skip_ws (lx);
  name = _signet_json_lexer_string (lx);
  if (name == NULL || !lexer_expect (lx, ':'))
    return NULL;
  return g_steal_pointer (&name);
}

static gboolean
direct_hashes (SignetJsonLexer   *lx,
               SignetTufFileMeta *meta)
{
  gboolean empty, more = TRUE;

  if (!lexer_open_object (lx, &empty))
    return FALSE;
  if (empty)
    return TRUE;
  while (more)
    {
      g_autofree char *alg = lexer_member_name (lx);
      g_autofree char *b64 = NULL;
      g_autoptr(GBytes) digest = NULL;

      if (alg == NULL || g_hash_table_contains (meta->hashes, alg))
        return FALSE;
      _signet_json_lexer_skip_ws (lx);
      b64 = _signet_json_lexer_string (lx);
      if (b64 == NULL || !strict_base64 (b64, &digest))
        return FALSE;
      if ((g_str_equal (alg, "sha256") && g_bytes_get_size (digest) != 32) ||
          (g_str_equal (alg, "sha512") && g_bytes_get_size (digest) != 64))
        return FALSE;
      g_hash_table_insert (meta->hashes, g_steal_pointer (&alg), g_steal_pointer (&digest));
      if (!lexer_next_member (lx, '}', &more))
        return FALSE;
    }
  return TRUE;
}

/* "length" or "hashes" written plainly (no escape) and its ':', taken without a copy;
 * NULL (nothing consumed) for any other name or spelling. */
static const char *
lexer_known_member_name (SignetJsonLexer *lx)
{
  static const char * const names[] = { "length", "hashes" };

  _signet_json_lexer_skip_ws (lx);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gsize n = strlen (names[i]);
      gsize at = lx->pos;

      if (lx->len - at < n + 2 || lx->data[at] != '"' ||
          memcmp (lx->data + at + 1, names[i], n) != 0 || lx->data[at + 1 + n] != '"')
        continue;
      lx->pos = at + n + 2;
      if (lexer_expect (lx, ':'))
        return names[i];
      lx->pos = at;
      return NULL;
    }
  return NULL;
}

static SignetTufFileMeta *
direct_file_meta (SignetJsonLexer *lx)
{
  g_autoptr(SignetTufFileMeta) meta = _signet_tuf_file_meta_new ();
  g_autoptr(GPtrArray) others = NULL;  /* names of members the model does not keep */
  gboolean empty, more = TRUE;
  gboolean has_length = FALSE, has_hashes = FALSE, has_custom = FALSE;

  if (!lexer_open_object (lx, &empty) || empty)
    return NULL;
  while (more)
    {
      g_autofree char *name = NULL;
      const char *known = lexer_known_member_name (lx);

      if (known == NULL)
        known = name = lexer_member_name (lx);
      if (known == NULL)
        return NULL;
      if (g_str_equal (known, "length"))
        {
          gboolean integral = FALSE;

          if (has_length)
            return NULL;
          has_length = TRUE;
          _signet_json_lexer_skip_ws (lx);
          if (lx->pos >= lx->len || !(lx->data[lx->pos] == '-' || g_ascii_isdigit (lx->data[lx->pos])) ||
              !_signet_json_lexer_number (lx, &integral, &meta->length) || !integral ||
              meta->length < 0)
            return NULL;
        }
      else if (g_str_equal (known, "hashes"))
        {
          if (has_hashes)
            return NULL;
          has_hashes = TRUE;
          if (!direct_hashes (lx, meta))
            return NULL;
        }
      else
        {
          g_autoptr(JsonNode) value = NULL;

          if (g_str_equal (name, "custom"))
            {
              if (has_custom)
                return NULL;
              has_custom = TRUE;
            }
          else
            {
              if (others == NULL)
                others = g_ptr_array_new_with_free_func (g_free);
              for (guint i = 0; i < others->len; i++)
                if (g_str_equal (g_ptr_array_index (others, i), name))
                  return NULL;
              g_ptr_array_add (others, g_strdup (name));
            }
          value = _signet_json_lexer_value (lx, DEPTH_TARGET_MEMBER);
          if (value == NULL)
            return NULL;
          if (has_custom && g_str_equal (name, "custom") && !JSON_NODE_HOLDS_NULL (value))
            meta->custom = g_steal_pointer (&value);
        }
      if (!lexer_next_member (lx, '}', &more))
        return NULL;
    }
  if (!has_length || !has_hashes)
    return NULL;
  return g_steal_pointer (&meta);
}

static gboolean
direct_targets (SignetJsonLexer   *lx,
                SignetTufMetadata *self)
{
  gboolean empty, more = TRUE;

  if (!lexer_open_object (lx, &empty))
    return FALSE;
  if (empty)
    return TRUE;
  while (more)
    {
      g_autofree char *name = lexer_member_name (lx);
      SignetTufFileMeta *meta;

      if (name == NULL)
        return FALSE;
      meta = direct_file_meta (lx);
      if (meta == NULL)
        return FALSE;
      /* FALSE: the name was there already (a duplicate member): give up */
      if (!g_hash_table_insert (self->targets, g_steal_pointer (&name), meta))
        return FALSE;
      if (!lexer_next_member (lx, '}', &more))
        return FALSE;
    }
  return TRUE;
}

/* {"signed":{…},"signatures":[…]} with the targets map read directly; the rest of "signed"
 * and of the file into @top. */
static gboolean
direct_read (SignetJsonLexer   *lx,
             JsonObject        *top,
             SignetTufMetadata *self)
{
  gboolean empty, more = TRUE;

  if (!lexer_open_object (lx, &empty) || empty)
    return FALSE;
  while (more)
    {
      g_autofree char *name = lexer_member_name (lx);

      if (name == NULL || json_object_has_member (top, name))
        return FALSE;
      if (g_str_equal (name, "signed"))
        {
          JsonObject *sig = json_object_new ();
          JsonNode *node = json_node_init_object (json_node_alloc (), sig);
          gboolean sig_empty, sig_more = TRUE, has_targets = FALSE;

          json_object_unref (sig);
          json_object_set_member (top, name, node);
          if (!lexer_open_object (lx, &sig_empty) || sig_empty)
            return FALSE;
          while (sig_more)
            {
              g_autofree char *sname = lexer_member_name (lx);

              if (sname == NULL || json_object_has_member (sig, sname))
                return FALSE;
              if (g_str_equal (sname, "targets"))
                {
                  if (has_targets || !direct_targets (lx, self))
                    return FALSE;
                  has_targets = TRUE;
                }
              else
                {
                  JsonNode *value = _signet_json_lexer_value (lx, DEPTH_SIGNED_MEMBER);

                  if (value == NULL)
                    return FALSE;
                  json_object_set_member (sig, sname, value);
                }
              if (!lexer_next_member (lx, '}', &sig_more))
                return FALSE;
            }
          if (!has_targets)
            return FALSE;
        }
      else
        {
          JsonNode *value = _signet_json_lexer_value (lx, 1);

          if (value == NULL)
            return FALSE;
          json_object_set_member (top, name, value);
        }
      if (!lexer_next_member (lx, '}', &more))
        return FALSE;
    }
  _signet_json_lexer_skip_ws (lx);
  return lx->pos == lx->len;
}

/* The model of a valid targets file, or NULL for anything else (no error: the caller
 * then runs the full parser, which says what is wrong). */
static SignetTufMetadata *
parse_targets_direct (const char *role,
                      GBytes     *bytes)
{
  g_autoptr(SignetTufMetadata) self = _signet_tuf_metadata_new (SIGNET_TUF_KIND_TARGETS, role);
  g_autoptr(JsonObject) top = json_object_new ();
  SignetJsonLexer lx;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  Ctx ctx = { role };
  gboolean ok;

  if (len > SIGNET_JSON_MAX_SIZE)
    return NULL;
  _signet_json_lexer_init (&lx, data, len, role);
  ok = direct_read (&lx, top, self);
  _signet_json_lexer_clear (&lx);
  if (!ok || !validate_and_fill (&ctx, SIGNET_TUF_KIND_TARGETS, top, self, TRUE, NULL))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- Parsing ahead ------------------------------------------------------------------ */

typedef struct
{
  gint               ref_count;
  char              *role;
  GBytes            *bytes;
  gboolean           dropped;  /* nobody wants it: skip it if not started */
  gboolean           running;
  gboolean           done;
  SignetTufMetadata *md;
  GError            *error;
} Ahead;

static GMutex ahead_lock;
static GCond ahead_cond;
static GHashTable *ahead_table;   /* GBytes* (instance) -> Ahead* */
static GThreadPool *ahead_pool;
static guint ahead_running;       /* parses under way (under ahead_lock) */

static void
ahead_unref (Ahead *a)
{
  if (!g_atomic_int_dec_and_test (&a->ref_count))
    return;
  g_free (a->role);
  g_bytes_unref (a->bytes);
  g_clear_pointer (&a->md, _signet_tuf_metadata_unref);
  g_clear_error (&a->error);
  g_free (a);
}

static SignetTufMetadata *parse_now (const char  *role,
                                     GBytes      *bytes,
                                     JsonNode   **signed_node,
                                     GError     **error);

static void
ahead_run (gpointer data,
           gpointer user_data)
{
  Ahead *a = data;
  GError *error = NULL;
  SignetTufMetadata *md;

  g_mutex_lock (&ahead_lock);
  if (a->dropped)
    {
      a->done = TRUE;
      g_mutex_unlock (&ahead_lock);
      ahead_unref (a);
      return;
    }
  a->running = TRUE;
  ahead_running++;
  g_mutex_unlock (&ahead_lock);

  md = parse_now (a->role, a->bytes, NULL, &error);

  g_mutex_lock (&ahead_lock);
  ahead_running--;
  a->md = md;
  a->error = error;
  a->done = TRUE;
  g_cond_broadcast (&ahead_cond);
  g_mutex_unlock (&ahead_lock);
  ahead_unref (a);
}

void
_signet_tuf_metadata_parse_ahead (const char *role,
                                  GBytes     *bytes)
{
  SignetTufKind kind;
  Ahead *a;

  g_return_if_fail (role != NULL && bytes != NULL);
  if (!kind_for_role (role, &kind) || kind != SIGNET_TUF_KIND_TARGETS)
    return;

  g_mutex_lock (&ahead_lock);
  if (ahead_table == NULL)
    {
      ahead_table = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                           (GDestroyNotify) ahead_unref);
      /* leave a core to the caller's thread (TLS, the updater) */
      ahead_pool = g_thread_pool_new (ahead_run, NULL, MAX (g_get_num_processors () - 1, 1),
                                      FALSE, NULL);
    }
  if (g_hash_table_contains (ahead_table, bytes))
    {
      g_mutex_unlock (&ahead_lock);
      return;
    }
  a = g_new0 (Ahead, 1);
  a->ref_count = 2;  /* the table and the job */
  a->role = g_strdup (role);
  a->bytes = g_bytes_ref (bytes);
  g_hash_table_insert (ahead_table, bytes, a);
  g_mutex_unlock (&ahead_lock);
  g_thread_pool_push (ahead_pool, a, NULL);
}

void
_signet_tuf_metadata_parse_ahead_drop (GBytes *bytes)
{
  Ahead *a;

  g_mutex_lock (&ahead_lock);
  a = ahead_table != NULL ? g_hash_table_lookup (ahead_table, bytes) : NULL;
  if (a != NULL)
    {
      /* a parse still running finishes first: no work is left behind (at exit, a
       * worker thread still in OpenSSL would race with its clean-up) */
      a->dropped = TRUE;
      while (a->running && !a->done)
        g_cond_wait (&ahead_cond, &ahead_lock);
      g_hash_table_remove (ahead_table, bytes);
    }
  g_mutex_unlock (&ahead_lock);
}

guint
_signet_tuf_metadata_parse_ahead_running (void)
{
  guint n;

  g_mutex_lock (&ahead_lock);
  n = ahead_running;
  g_mutex_unlock (&ahead_lock);
  return n;
}

/* The result parsed ahead for @role and @bytes, if any: TRUE, and *md or the error. */
static gboolean
take_ahead (const char         *role,
            GBytes             *bytes,
            SignetTufMetadata **md,
            GError            **error)
{
  Ahead *a;

  g_mutex_lock (&ahead_lock);
  a = ahead_table != NULL ? g_hash_table_lookup (ahead_table, bytes) : NULL;
  if (a == NULL || !g_str_equal (a->role, role))
    {
      g_mutex_unlock (&ahead_lock);
      return FALSE;
    }
  while (!a->done)
    g_cond_wait (&ahead_cond, &ahead_lock);
  *md = g_steal_pointer (&a->md);
  if (a->error != NULL)
    g_propagate_error (error, g_steal_pointer (&a->error));
  g_hash_table_remove (ahead_table, bytes);
  g_mutex_unlock (&ahead_lock);
  return TRUE;
}

SignetTufMetadata *
_signet_tuf_metadata_parse (const char  *role,
                            GBytes      *bytes,
                            JsonNode   **signed_node,
                            GError     **error)
{
  SignetTufMetadata *md = NULL;

  if (signed_node == NULL && take_ahead (role, bytes, &md, error))
    return md;
  return parse_now (role, bytes, signed_node, error);
}

static SignetTufMetadata *
parse_now (const char  *role,
           GBytes      *bytes,
           JsonNode   **signed_node,
           GError     **error)
{
  g_autoptr(SignetTufMetadata) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *what = NULL;
  Ctx ctx = { role };
  SignetTufKind kind;
  JsonObject *top;
  gsize len;
  const guint8 *data;

  if (!kind_for_role (role, &kind))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "“%s” is not a valid role name", role);
      return NULL;
    }
  if (kind == SIGNET_TUF_KIND_TARGETS && signed_node == NULL)
    {
      self = parse_targets_direct (role, bytes);
      if (self != NULL)
        return g_steal_pointer (&self);
    }

  what = g_strdup_printf ("%s.json", role);
  data = g_bytes_get_data (bytes, &len);
  root = _signet_json_parse (data, len, what, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      field_error (error, &ctx, "the file is not a JSON object");
      return NULL;
    }
  top = json_node_get_object (root);
  self = _signet_tuf_metadata_new (kind, role);
  if (!validate_and_fill (&ctx, kind, top, self, FALSE, error))
    return NULL;
  if (signed_node != NULL)
    *signed_node = json_node_ref (json_object_get_member (top, "signed"));
  return g_steal_pointer (&self);
}

/* ---- Signature verification ------------------------------------------------------- */

#define MAX_TRIES_PER_KEY 4

gboolean
_signet_tuf_verify_signatures (JsonNode            *signed_node,
                               GPtrArray           *signatures,
                               GHashTable          *keys,
                               const SignetTufRole *role,
                               const char          *what,
                               guint               *n_valid,
                               GError             **error)
{
  return _signet_tuf_verify_signatures_file (NULL, signed_node, signatures, keys, role, what,
                                             n_valid, error);
}

/* The "signed" value as it stands in file bytes {"signed":<value>,"signatures":[…]}, or
 * NULL when the file does not start that way. */
static const guint8 *
raw_signed_part (GBytes *file_bytes,
                 gsize  *len)
{
  static const char head[] = "{\"signed\":";
  static const char tail[] = ",\"signatures\":[";
  gsize n;
  const char *text = g_bytes_get_data (file_bytes, &n);

  if (n < sizeof head + sizeof tail || memcmp (text, head, sizeof head - 1) != 0)
    return NULL;
  for (const char *p = text + n - (sizeof tail - 1); p > text + sizeof head - 1; p--)
    if (*p == ',' && memcmp (p, tail, sizeof tail - 1) == 0)
      {
        *len = p - (text + sizeof head - 1);
        return (const guint8 *) text + sizeof head - 1;
      }
  return NULL;
}

/* The "signed" node of @file_bytes, parsed by the strict parser. */
static JsonNode *
signed_node_of (GBytes      *file_bytes,
                const char  *what,
                GError     **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (file_bytes, &len);
  g_autoptr(JsonNode) root = _signet_json_parse (data, len, what, error);
  JsonNode *node;

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (node = json_object_get_member (json_node_get_object (root), "signed")) == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s has no “signed” part", what);
      return NULL;
    }
  return json_node_ref (node);
}

gboolean
_signet_tuf_verify_signatures_file (GBytes              *file_bytes,
                                    JsonNode            *signed_node,
                                    GPtrArray           *signatures,
                                    GHashTable          *keys,
                                    const SignetTufRole *role,
                                    const char          *what,
                                    guint               *n_valid,
                                    GError             **error)
{
  g_autoptr(GBytes) msg = NULL;
  g_autoptr(GHashTable) valid = NULL;
  const guint8 *msg_data = NULL;
  gsize msg_len = 0;
  const guint8 *raw_signed = NULL;
  gsize raw_signed_len = 0;
  g_autoptr(GHashTable) tries = NULL;
  g_autoptr(JsonNode) lazy_node = NULL;

  g_return_val_if_fail (signed_node != NULL || file_bytes != NULL, FALSE);
  if (n_valid != NULL)
    *n_valid = 0;
  if (signatures == NULL || signatures->len == 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE, "%s has no signatures", what);
      return FALSE;
    }
  if (role->threshold < 1)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE,
                   "%s cannot be verified: the threshold of %s is below 1", what, role->name);
      return FALSE;
    }

  /* Signatures are over the canonical form of the parsed "signed" part, never the raw
   * text. Shortcut: when the raw text verifies, it is itself the message that was signed
   * (and the strict parser, which refuses duplicate members, read exactly that value as
   * "signed"), so the canonical form is only computed when a signature fails on it. */
  if (file_bytes != NULL)
    {
      raw_signed = raw_signed_part (file_bytes, &raw_signed_len);
      /* Only text that is already canonical: notary verifies the re-serialised form, and a
       * signature over any other spelling of the same value must fail here too. */
      if (raw_signed != NULL && !_signet_json_is_canonical (raw_signed, raw_signed_len))
        raw_signed = NULL;
    }

  /* @valid holds canonical key IDs: one key listed under several TUF IDs (a certificate
   * and its bare key, or two certificates for it) counts once. Notary counts TUF IDs.
   * @tries bounds the cryptographic work by the role's keys, whatever the array's size:
   * at most MAX_TRIES_PER_KEY signatures under one key ID are checked (notary writes one;
   * a few bad ones before a good one still pass, as in notary). */
  valid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  tries = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < signatures->len; i++)
    {
      SignetSignature *sig = g_ptr_array_index (signatures, i);
      SignetPublicKey *key;
      g_autoptr(GBytes) raw = NULL;
      g_autoptr(GError) local = NULL;
      gsize raw_len;
      const guint8 *raw_data;

      if (!_signet_tuf_role_has_keyid (role, sig->keyid))
        continue;
      key = g_hash_table_lookup (keys, sig->keyid);
      if (key == NULL)
        continue;
      /* The key ID is recomputed from the key; a key listed under another ID fails the file. */
      if (g_strcmp0 (_signet_public_key_get_id (key), sig->keyid) != 0)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE,
                       "%s is signed with key %s, but that key's real ID is %s",
                       what, sig->keyid, _signet_public_key_get_id (key));
          return FALSE;
        }
      {
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (tries, sig->keyid));

        if (n >= MAX_TRIES_PER_KEY)
          continue;
        g_hash_table_insert (tries, sig->keyid, GUINT_TO_POINTER (n + 1));
      }
      if (!strict_base64 (sig->sig_b64, &raw))
        continue;
      raw_data = g_bytes_get_data (raw, &raw_len);
      if (raw_signed != NULL &&
          _signet_public_key_verify (key, sig->method, raw_signed, raw_signed_len, raw_data,
                                     raw_len, NULL))
        {
          g_hash_table_add (valid, g_strdup (_signet_public_key_get_canonical_id (key)));
          continue;
        }
      if (msg == NULL)
        {
          if (signed_node == NULL)
            {
              signed_node = lazy_node = signed_node_of (file_bytes, what, error);
              if (signed_node == NULL)
                return FALSE;
            }
          msg = _signet_json_canonical (signed_node, error);
          if (msg == NULL)
            {
              g_prefix_error (error, "%s: ", what);
              return FALSE;
            }
          msg_data = g_bytes_get_data (msg, &msg_len);
        }
      if (!_signet_public_key_verify (key, sig->method, msg_data, msg_len, raw_data, raw_len, &local))
        {
          g_debug ("%s: signature by %s not valid: %s", what, sig->keyid, local->message);
          continue;
        }
      g_hash_table_add (valid, g_strdup (_signet_public_key_get_canonical_id (key)));
    }

  if (n_valid != NULL)
    *n_valid = g_hash_table_size (valid);
  if (g_hash_table_size (valid) < (guint64) role->threshold)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE,
                   "%s has %u valid signature(s) from keys of the %s role, but %" G_GINT64_FORMAT
                   " are required", what, g_hash_table_size (valid), role->name, role->threshold);
      return FALSE;
    }
  return TRUE;
}

/* ---- Writing ---------------------------------------------------------------------- */

static JsonNode *
string_array_node (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  json_node_take_array (node, array);
  return node;
}

static JsonNode *
object_node (JsonObject *obj)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, obj);
  return node;
}

static JsonNode *
file_meta_node (SignetTufFileMeta *meta)
{
  JsonObject *obj = json_object_new ();
  JsonObject *hashes = json_object_new ();
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, meta->hashes);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      gsize len;
      const guint8 *d = g_bytes_get_data (v, &len);
      g_autofree char *b64 = g_base64_encode (d, len);

      json_object_set_string_member (hashes, k, b64);
    }
  if (meta->custom != NULL)
    json_object_set_member (obj, "custom", json_node_copy (meta->custom));
  json_object_set_member (obj, "hashes", object_node (hashes));
  json_object_set_int_member (obj, "length", meta->length);
  return object_node (obj);
}

static JsonNode *
keys_node (GHashTable *keys)
{
  JsonObject *obj = json_object_new ();
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &k, &v))
    json_object_set_member (obj, k, _signet_public_key_to_json (v));
  return object_node (obj);
}

static JsonNode *
role_node (SignetTufRole *role,
           gboolean       delegation)
{
  JsonObject *obj = json_object_new ();

  json_object_set_member (obj, "keyids", string_array_node (role->keyids));
  if (delegation)
    {
      json_object_set_string_member (obj, "name", role->name);
      if (role->paths->len > 0)
        json_object_set_member (obj, "paths", string_array_node (role->paths));
    }
  json_object_set_int_member (obj, "threshold", role->threshold);
  return object_node (obj);
}

JsonNode *
_signet_tuf_metadata_to_json (SignetTufMetadata *self,
                              GError           **error)
{
  JsonObject *obj = json_object_new ();
  g_autoptr(JsonNode) node = object_node (obj);
  g_autofree char *expires = _signet_tuf_format_time (self->expires);
  g_autoptr(GBytes) check = NULL;
  GHashTableIter iter;
  gpointer k, v;

  json_object_set_string_member (obj, "_type", type_for_kind (self->kind));
  json_object_set_string_member (obj, "expires", expires);
  json_object_set_int_member (obj, "version", self->version);

  switch (self->kind)
    {
    case SIGNET_TUF_KIND_ROOT:
      {
        JsonObject *roles = json_object_new ();

        json_object_set_boolean_member (obj, "consistent_snapshot", self->consistent_snapshot);
        json_object_set_member (obj, "keys", keys_node (self->keys));
        g_hash_table_iter_init (&iter, self->roles);
        while (g_hash_table_iter_next (&iter, &k, &v))
          json_object_set_member (roles, k, role_node (v, FALSE));
        json_object_set_member (obj, "roles", object_node (roles));
      }
      break;

    case SIGNET_TUF_KIND_TARGETS:
      {
        JsonObject *deleg = json_object_new ();
        JsonObject *targets = json_object_new ();
        JsonArray *roles = json_array_new ();
        JsonNode *roles_node = json_node_new (JSON_NODE_ARRAY);

        json_object_set_member (deleg, "keys", keys_node (self->keys));
        for (guint i = 0; i < self->delegations->len; i++)
          json_array_add_element (roles, role_node (g_ptr_array_index (self->delegations, i), TRUE));
        json_node_take_array (roles_node, roles);
        json_object_set_member (deleg, "roles", roles_node);
        json_object_set_member (obj, "delegations", object_node (deleg));
        g_hash_table_iter_init (&iter, self->targets);
        while (g_hash_table_iter_next (&iter, &k, &v))
          json_object_set_member (targets, k, file_meta_node (v));
        json_object_set_member (obj, "targets", object_node (targets));
      }
      break;

    case SIGNET_TUF_KIND_SNAPSHOT:
    case SIGNET_TUF_KIND_TIMESTAMP:
    default:
      {
        JsonObject *meta = json_object_new ();

        g_hash_table_iter_init (&iter, self->meta);
        while (g_hash_table_iter_next (&iter, &k, &v))
          json_object_set_member (meta, k, file_meta_node (v));
        json_object_set_member (obj, "meta", object_node (meta));
      }
      break;
    }

  /* Everything we write must have a canonical form (custom data included). */
  check = _signet_json_canonical (node, error);
  if (check == NULL)
    {
      g_prefix_error (error, "Cannot write the %s metadata: ", self->role);
      return NULL;
    }
  return g_steal_pointer (&node);
}

void
_signet_tuf_metadata_bump (SignetTufMetadata *self,
                           gint64             now,
                           gint64             lifetime)
{
  self->version++;
  self->expires = now + lifetime;
}

GBytes *
_signet_tuf_metadata_sign (SignetTufMetadata *self,
                           GPtrArray         *signers,
                           SignetTufSignFunc  sign_func,
                           GError           **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) msg = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  const guint8 *msg_data;
  gsize msg_len;
  GBytes *file;

  g_return_val_if_fail (signers != NULL && signers->len > 0, NULL);
  g_return_val_if_fail (sign_func != NULL, NULL);

  node = _signet_tuf_metadata_to_json (self, error);
  if (node == NULL)
    return NULL;
  msg = _signet_json_canonical (node, error);
  if (msg == NULL)
    return NULL;
  msg_data = g_bytes_get_data (msg, &msg_len);

  sigs = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_signature_free);
  for (guint i = 0; i < signers->len; i++)
    {
      SignetTufSigner *signer = g_ptr_array_index (signers, i);
      g_autofree char *method = NULL;
      g_autofree char *b64 = NULL;
      g_autoptr(GBytes) sig = NULL;
      gsize sig_len;
      const guint8 *sig_data;

      if (!sign_func (signer->key, msg_data, msg_len, &method, &sig, error))
        {
          g_prefix_error (error, "Cannot sign the %s metadata with key %s: ", self->role, signer->keyid);
          return NULL;
        }
      sig_data = g_bytes_get_data (sig, &sig_len);
      b64 = g_base64_encode (sig_data, sig_len);
      g_ptr_array_add (sigs, _signet_signature_new (signer->keyid, method, b64));
    }

  file = _signet_json_file_bytes (node, sigs, error);
  if (file == NULL)
    return NULL;
  g_ptr_array_unref (self->signatures);
  self->signatures = g_steal_pointer (&sigs);
  return file;
}

void
_signet_tuf_metadata_add_key (SignetTufMetadata *self,
                              SignetPublicKey   *key)
{
  g_hash_table_insert (self->keys, g_strdup (_signet_public_key_get_id (key)),
                       _signet_public_key_ref (key));
}

void
_signet_tuf_metadata_set_role (SignetTufMetadata *self,
                               SignetTufRole     *role)
{
  if (self->kind == SIGNET_TUF_KIND_ROOT)
    {
      g_hash_table_insert (self->roles, g_strdup (role->name), role);
      return;
    }
  for (guint i = 0; i < self->delegations->len; i++)
    {
      SignetTufRole *old = g_ptr_array_index (self->delegations, i);

      if (g_str_equal (old->name, role->name))
        {
          _signet_tuf_role_free (old);
          g_ptr_array_index (self->delegations, i) = role;
          return;
        }
    }
  g_ptr_array_add (self->delegations, role);
}

void
_signet_tuf_metadata_set_target (SignetTufMetadata *self,
                                 const char        *name,
                                 SignetTufFileMeta *meta)
{
  g_hash_table_insert (self->targets, g_strdup (name), meta);
}

void
_signet_tuf_metadata_set_meta_for (SignetTufMetadata *self,
                                   const char        *role,
                                   GBytes            *file_bytes)
{
  g_hash_table_insert (self->meta, g_strdup (role), _signet_tuf_file_meta_new_from_bytes (file_bytes));
}
