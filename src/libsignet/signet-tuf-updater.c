/* signet-tuf-updater.c: the TUF client update workflow as a pure state machine.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What notary's client does (tuf/builder.go, client/tufclient.go,
 * trustpinning/certs.go), without its known holes (notary-v1.md §13): every role,
 * delegations included, is checked for rollback against the cached file itself, and
 * nothing from a failed update is trusted afterwards (the caller's cache is input only).
 */

#include "config.h"

#include <string.h>

#include "signet-error.h"
#include "signet-tuf-private.h"

struct _SignetTufRepo
{
  gint               ref_count;
  char              *gun;
  gint64             now;
  GHashTable        *files;        /* role -> GBytes */
  GPtrArray         *warnings;     /* char * */
  SignetTufMetadata *root;
  SignetTufMetadata *timestamp;
  SignetTufMetadata *snapshot;
  GHashTable        *targets;      /* role -> SignetTufMetadata */
  GPtrArray         *target_roles; /* char *, load order */
  GHashTable        *paths;        /* role -> GPtrArray of effective paths */
  GHashTable        *path_index;   /* role -> the same, as a prefix index */
  GHashTable        *entries;      /* role -> SignetTufRole (copy of the parent's entry) */
  GHashTable        *parents;      /* role -> SignetTufMetadata (the parent's file) */
};

typedef enum
{
  PHASE_ROOT_FIRST,  /* root.json on first use */
  PHASE_ROOT_UPDATE, /* root.json / root.<hex>.json, checked against the trusted root */
  PHASE_ROOT_WALK,   /* <N>.root.json */
  PHASE_TIMESTAMP,
  PHASE_SNAPSHOT,
  PHASE_TARGETS,
  PHASE_DONE,
  PHASE_FAILED,
} Phase;

typedef struct
{
  char              *role;
  GPtrArray         *paths;  /* effective paths */
  SignetTufRole     *entry;  /* keyids and threshold */
  GHashTable        *keys;   /* keyid -> SignetPublicKey (ref of the parent's table) */
  SignetTufMetadata *parent; /* NULL for "targets" */
} Pending;

struct _SignetTufUpdater
{
  char              *gun;
  gint64             now;
  gboolean           offline;
  GHashTable        *cached_versions; /* role -> gint64 * */
  Phase              phase;
  guint              attempt;

  /* bounds (see _signet_tuf_updater_set_limits) */
  guint              max_targets_roles;
  guint64            max_total_bytes;
  guint              n_targets_requested; /* this attempt */
  guint64            total_bytes;         /* the whole update, both attempts */

  gboolean           has_request;
  SignetTufRequest   req;
  char              *req_role;
  char              *req_path;
  SignetTufFileMeta *req_meta;        /* expected hashes of the requested file, or NULL */
  Pending           *current;         /* PHASE_TARGETS: the role requested */

  /* the trusted root for this attempt */
  SignetTufMetadata *root;
  GBytes            *root_bytes;
  SignetTufFileMeta *root_hint;       /* meta.root of a validly signed snapshot */

  /* root walk */
  SignetTufMetadata *walk_prev;
  SignetTufMetadata *newest_root;
  JsonNode          *newest_signed;
  GBytes            *newest_bytes;
  gint64             walk_next;

  /* this attempt */
  SignetTufMetadata *timestamp;
  SignetTufMetadata *snapshot;
  GHashTable        *targets;
  GPtrArray         *target_roles;
  GHashTable        *paths;
  GHashTable        *path_index;
  GHashTable        *entries;
  GHashTable        *parents;
  GHashTable        *files;
  GPtrArray         *warnings;
  GQueue             pending;

  GError            *error;
  GError            *first_error;
};

/* ---- The verified set ------------------------------------------------------------- */

SignetTufRepo *
_signet_tuf_repo_ref (SignetTufRepo *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
_signet_tuf_repo_unref (SignetTufRepo *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_free (self->gun);
  g_hash_table_unref (self->files);
  g_ptr_array_unref (self->warnings);
  g_clear_pointer (&self->root, _signet_tuf_metadata_unref);
  g_clear_pointer (&self->timestamp, _signet_tuf_metadata_unref);
  g_clear_pointer (&self->snapshot, _signet_tuf_metadata_unref);
  g_hash_table_unref (self->targets);
  g_ptr_array_unref (self->target_roles);
  g_hash_table_unref (self->paths);
  g_hash_table_unref (self->path_index);
  g_hash_table_unref (self->entries);
  g_hash_table_unref (self->parents);
  g_free (self);
}

const char *
_signet_tuf_repo_get_gun (SignetTufRepo *self)
{
  return self->gun;
}

GHashTable *
_signet_tuf_repo_get_files (SignetTufRepo *self)
{
  return self->files;
}

GPtrArray *
_signet_tuf_repo_get_warnings (SignetTufRepo *self)
{
  return self->warnings;
}

SignetTufMetadata *
_signet_tuf_repo_get_root (SignetTufRepo *self)
{
  return self->root;
}

SignetTufMetadata *
_signet_tuf_repo_get_timestamp (SignetTufRepo *self)
{
  return self->timestamp;
}

SignetTufMetadata *
_signet_tuf_repo_get_snapshot (SignetTufRepo *self)
{
  return self->snapshot;
}

SignetTufMetadata *
_signet_tuf_repo_get_targets (SignetTufRepo *self,
                              const char    *role)
{
  return g_hash_table_lookup (self->targets, role);
}

GPtrArray *
_signet_tuf_repo_get_target_roles (SignetTufRepo *self)
{
  return self->target_roles;
}

GPtrArray *
_signet_tuf_repo_get_effective_paths (SignetTufRepo *self,
                                      const char    *role)
{
  return g_hash_table_lookup (self->paths, role);
}

SignetTufRole *
_signet_tuf_repo_get_delegation (SignetTufRepo      *self,
                                 const char         *role,
                                 SignetTufMetadata **parent)
{
  if (parent != NULL)
    *parent = g_hash_table_lookup (self->parents, role);
  return g_hash_table_lookup (self->entries, role);
}

/* Path comparisons made by the prefix indexes (building and lookups), for the tests: they
 * check the work is not (child paths) x (parent paths) by counting it, not by timing it. */
static gsize path_comparisons;

gsize
_signet_tuf_get_path_comparisons (void)
{
  return (gsize) g_atomic_pointer_get (&path_comparisons);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* @paths sorted, without those that another one is a prefix of. In such a set, a
 * string has a prefix in it iff the greatest element <= the string is one, so a
 * lookup is one binary search (a linear scan would let a delegate with many paths
 * make the parent x child check, or a lookup of every target, quadratic). */
static GPtrArray *
prefix_index_new (GPtrArray *paths)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (paths->len);
  GPtrArray *index = g_ptr_array_new_with_free_func (g_free);

  /* (not g_ptr_array_copy: the copy would take the strings' free function) */
  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (paths, i));
  g_ptr_array_sort (sorted, compare_strings);
  for (guint i = 0; i < sorted->len; i++)
    {
      const char *p = g_ptr_array_index (sorted, i);

      if (index->len > 0 && g_str_has_prefix (p, g_ptr_array_index (index, index->len - 1)))
        continue;
      g_ptr_array_add (index, g_strdup (p));
    }
  g_atomic_pointer_add (&path_comparisons, sorted->len);
  return index;
}

static gboolean
prefix_index_allows (GPtrArray  *index,
                     const char *name)
{
  guint lo = 0, hi = index->len;
  gsize steps = 0;

  /* the last element <= name */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (strcmp (g_ptr_array_index (index, mid), name) <= 0)
        lo = mid + 1;
      else
        hi = mid;
      steps++;
    }
  g_atomic_pointer_add (&path_comparisons, steps + 1);
  return lo > 0 && g_str_has_prefix (name, g_ptr_array_index (index, lo - 1));
}


SignetTufFileMeta *
_signet_tuf_repo_get_target (SignetTufRepo *self,
                             const char    *role,
                             const char    *name)
{
  SignetTufMetadata *md = g_hash_table_lookup (self->targets, role);

  GPtrArray *index = g_hash_table_lookup (self->path_index, role);

  if (md == NULL || index == NULL || !prefix_index_allows (index, name))
    return NULL;
  return g_hash_table_lookup (md->targets, name);
}

SignetTufFileMeta *
_signet_tuf_repo_lookup_target (SignetTufRepo       *self,
                                const char          *name,
                                const char * const  *roles,
                                const char         **found_role)
{
  for (guint i = 0; roles[i]; i++)
    {
      SignetTufFileMeta *meta = _signet_tuf_repo_get_target (self, roles[i], name);

      if (meta != NULL)
        {
          if (found_role != NULL)
            *found_role = roles[i];
          return meta;
        }
    }
  if (found_role != NULL)
    *found_role = NULL;
  return NULL;
}

gint64
_signet_tuf_repo_get_now (SignetTufRepo *self)
{
  return self->now;
}

/* ---- Helpers ---------------------------------------------------------------------- */

static void
pending_free (Pending *p)
{
  g_free (p->role);
  g_ptr_array_unref (p->paths);
  _signet_tuf_role_free (p->entry);
  g_hash_table_unref (p->keys);
  g_clear_pointer (&p->parent, _signet_tuf_metadata_unref);
  g_free (p);
}

static GPtrArray *
string_array_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

static char *
date_words (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M UTC") : g_strdup ("an unknown date");
}

G_GNUC_PRINTF (2, 3)
static void
warn (SignetTufUpdater *self,
      const char       *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* The version of a cached file {"signed":{…,"version":N},"signatures":[…]} without
 * parsing it all; 0 when the file does not have that shape (then it is parsed). */
static gint64
quick_version (const guint8 *data,
               gsize         len)
{
  static const char tail[] = "},\"signatures\":[";
  static const char key[] = "\"version\":";
  const char *text = (const char *) data;
  const char *end = NULL;
  const char *p;
  gint64 v = 0, mul = 1;

  if (len < 32 || memcmp (text, "{\"signed\":{", 11) != 0)
    return 0;
  /* the last "},"signatures":[" (signatures hold only hex and base64) */
  for (p = text + len - (sizeof tail - 1); p > text; p--)
    if (*p == '}' && memcmp (p, tail, sizeof tail - 1) == 0)
      {
        end = p;
        break;
      }
  if (end == NULL)
    return 0;
  p = end;
  while (p > text && g_ascii_isdigit (p[-1]) && mul <= G_GINT64_CONSTANT (100000000000000))
    {
      v += (p[-1] - '0') * mul;
      mul *= 10;
      p--;
    }
  if (p == end || p - text < (gssize) (sizeof key - 1) ||
      memcmp (p - (sizeof key - 1), key, sizeof key - 1) != 0)
    return 0;
  return v;
}

static gint64
cached_version (SignetTufUpdater *self,
                const char       *role)
{
  gint64 *v = g_hash_table_lookup (self->cached_versions, role);

  return v != NULL ? *v : 0;
}

static gboolean
check_rollback (SignetTufUpdater  *self,
                SignetTufMetadata *md,
                GError           **error)
{
  gint64 trusted = cached_version (self, md->role);

  if (md->version < trusted)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_ROLLBACK,
                   "The server sent version %" G_GINT64_FORMAT " of the %s metadata, older than "
                   "the trusted version %" G_GINT64_FORMAT ": this may be a rollback attack",
                   md->version, md->role, trusted);
      return FALSE;
    }
  return TRUE;
}

/* Expired base role: an error, or (offline) a warning. */
static gboolean
check_expiry (SignetTufUpdater  *self,
              SignetTufMetadata *md,
              GError           **error)
{
  g_autofree char *when = NULL;

  if (md->expires > self->now)
    return TRUE;
  when = date_words (md->expires);
  if (self->offline)
    {
      warn (self, "The %s metadata of %s expired on %s.", md->role, self->gun, when);
      return TRUE;
    }
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_EXPIRED,
               "The %s metadata of %s expired on %s", md->role, self->gun, when);
  return FALSE;
}

static void
reset_attempt (SignetTufUpdater *self)
{
  Pending *p;

  g_clear_pointer (&self->timestamp, _signet_tuf_metadata_unref);
  g_clear_pointer (&self->snapshot, _signet_tuf_metadata_unref);
  g_hash_table_remove_all (self->targets);
  g_ptr_array_set_size (self->target_roles, 0);
  g_hash_table_remove_all (self->paths);
  g_hash_table_remove_all (self->path_index);
  g_hash_table_remove_all (self->entries);
  g_hash_table_remove_all (self->parents);
  g_hash_table_remove_all (self->files);
  g_ptr_array_set_size (self->warnings, 0);
  while ((p = g_queue_pop_head (&self->pending)))
    pending_free (p);
  g_clear_pointer (&self->current, pending_free);
  self->n_targets_requested = 0;
}

/* ---- Root verification (trustpinning/certs.go ValidateRoot) ----------------------- */

/* The root-role keys of @root whose certificates pass the checks. @tolerate_expired:
 * certificates that fail only by being expired count too (a previous root's, or
 * offline); @n_expired counts them. */
static GHashTable *
valid_root_certs (SignetTufUpdater  *self,
                  SignetTufMetadata *root,
                  gboolean           tolerate_expired,
                  guint             *n_expired,
                  GError           **error)
{
  SignetTufRole *role = g_hash_table_lookup (root->roles, "root");
  g_autoptr(GHashTable) valid = NULL;
  g_autoptr(GError) first = NULL;

  valid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify) _signet_public_key_unref);
  if (n_expired != NULL)
    *n_expired = 0;
  for (guint i = 0; i < role->keyids->len; i++)
    {
      const char *keyid = g_ptr_array_index (role->keyids, i);
      SignetPublicKey *key = g_hash_table_lookup (root->keys, keyid);
      g_autoptr(GError) local = NULL;

      if (key == NULL)
        continue;
      if (!_signet_public_key_check_root_cert (key, self->gun, self->now, &local))
        {
          if (!(tolerate_expired && g_error_matches (local, SIGNET_ERROR, SIGNET_ERROR_EXPIRED)))
            {
              if (first == NULL)
                first = g_steal_pointer (&local);
              continue;
            }
          if (n_expired != NULL)
            (*n_expired)++;
        }
      g_hash_table_insert (valid, g_strdup (keyid), _signet_public_key_ref (key));
    }

  if (g_hash_table_size (valid) == 0)
    {
      if (first != NULL)
        g_set_error (error, SIGNET_ERROR, first->domain == SIGNET_ERROR ? first->code : SIGNET_ERROR_BAD_CERTIFICATE,
                     "Version %" G_GINT64_FORMAT " of root.json for %s has no usable root certificate: %s",
                     root->version, self->gun, first->message);
      else
        g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE,
                     "Version %" G_GINT64_FORMAT " of root.json for %s has no root certificate",
                     root->version, self->gun);
      return NULL;
    }
  return g_steal_pointer (&valid);
}

/* @prev: the trusted root, or NULL on first use. @rotation_failed: set when the only
 * problem is that @prev's keys do not sign @root (so intermediate roots may help). */
static gboolean
verify_root (SignetTufUpdater  *self,
             SignetTufMetadata *root,
             JsonNode          *signed_node,
             SignetTufMetadata *prev,
             gboolean           tolerate_expired_certs,
             gboolean          *rotation_failed,
             GError           **error)
{
  g_autoptr(GHashTable) own = NULL;
  g_autofree char *what = g_strdup_printf ("Version %" G_GINT64_FORMAT " of root.json", root->version);
  guint n_expired = 0;

  if (rotation_failed != NULL)
    *rotation_failed = FALSE;

  if (prev != NULL)
    {
      g_autoptr(GHashTable) trusted = NULL;
      g_autoptr(GError) local = NULL;

      /* the previous root's certificates, their expiry not checked */
      trusted = valid_root_certs (self, prev, TRUE, NULL, error);
      if (trusted == NULL)
        return FALSE;
      if (!_signet_tuf_verify_signatures (signed_node, root->signatures, trusted,
                                          g_hash_table_lookup (prev->roles, "root"), what,
                                          NULL, &local))
        {
          if (rotation_failed != NULL)
            *rotation_failed = TRUE;
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE,
                       "%s is not signed by the trusted root keys of version %" G_GINT64_FORMAT
                       ": %s", what, prev->version, local->message);
          return FALSE;
        }
    }

  own = valid_root_certs (self, root, tolerate_expired_certs, &n_expired, error);
  if (own == NULL)
    return FALSE;
  if (!_signet_tuf_verify_signatures (signed_node, root->signatures, own,
                                      g_hash_table_lookup (root->roles, "root"), what,
                                      NULL, error))
    return FALSE;
  if (n_expired > 0)
    warn (self, "A root certificate of %s has expired: the repository owner must rotate the root key.",
          self->gun);
  return TRUE;
}

/* ---- Requests --------------------------------------------------------------------- */

/* @max_size, or less when less is left of the update's budget; never 0 (which means
 * "no limit given" to the driver's fetcher). */
static gsize
budget_size (SignetTufUpdater *self,
             gsize             max_size)
{
  guint64 left = self->max_total_bytes - MIN (self->total_bytes, self->max_total_bytes);

  return MAX (MIN ((guint64) max_size, left), 1);
}

static void
set_request (SignetTufUpdater        *self,
             const char              *role,
             char                    *path,
             gsize                    max_size,
             const SignetTufFileMeta *meta)
{
  g_free (self->req_role);
  g_free (self->req_path);
  g_clear_pointer (&self->req_meta, _signet_tuf_file_meta_free);
  self->req_role = g_strdup (role);
  self->req_path = path;
  self->req_meta = meta != NULL ? _signet_tuf_file_meta_copy (meta) : NULL;
  self->req.role = self->req_role;
  self->req.path = self->req_path;
  self->req.max_size = budget_size (self, max_size);
  self->has_request = TRUE;
}

static gsize
size_from_meta (const SignetTufFileMeta *meta)
{
  if (meta == NULL || meta->length <= 0 || meta->length > SIGNET_TUF_MAX_UNKNOWN_SIZE)
    return SIGNET_TUF_MAX_UNKNOWN_SIZE;
  return meta->length;
}

static char *
consistent_path (const char              *role,
                 const SignetTufFileMeta *meta)
{
  g_autofree char *hex = meta != NULL ? _signet_tuf_file_meta_get_sha256_hex (meta) : NULL;

  if (hex == NULL)
    return g_strdup_printf ("%s.json", role);
  return g_strdup_printf ("%s.%s.json", role, hex);
}

static void
request_root_update (SignetTufUpdater *self)
{
  self->phase = PHASE_ROOT_UPDATE;
  if (self->root_hint != NULL && g_hash_table_contains (self->root_hint->hashes, "sha256"))
    set_request (self, "root", consistent_path ("root", self->root_hint),
                 size_from_meta (self->root_hint), self->root_hint);
  else
    set_request (self, "root", g_strdup ("root.json"), SIGNET_TUF_MAX_UNKNOWN_SIZE, NULL);
}

static void
request_timestamp (SignetTufUpdater *self)
{
  self->phase = PHASE_TIMESTAMP;
  set_request (self, "timestamp", g_strdup ("timestamp.json"), SIGNET_TUF_MAX_TIMESTAMP_SIZE, NULL);
}

static gboolean
request_next_target (SignetTufUpdater  *self,
                     GError           **error)
{
  Pending *p;

  g_clear_pointer (&self->current, pending_free);
  while ((p = g_queue_pop_head (&self->pending)))
    {
      SignetTufFileMeta *meta = g_hash_table_lookup (self->snapshot->meta, p->role);

      if (meta == NULL)
        {
          /* Roles absent from the snapshot have no file yet; but a role we trusted a
           * file of before cannot lose it (notary skips it, and its version floor with
           * it: the next update would take any older version). */
          if (!self->offline && cached_version (self, p->role) > 0)
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_ROLLBACK,
                           "The snapshot no longer lists %s, which the trusted cache has at "
                           "version %" G_GINT64_FORMAT ": this may be a rollback attack",
                           p->role, cached_version (self, p->role));
              pending_free (p);
              return FALSE;
            }
          pending_free (p);
          continue;
        }
      if (self->n_targets_requested >= self->max_targets_roles)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                       "The trust data of %s has more than %u targets roles (at %s); "
                       "refusing to fetch more", self->gun, self->max_targets_roles, p->role);
          pending_free (p);
          return FALSE;
        }
      self->n_targets_requested++;
      self->current = p;
      set_request (self, p->role, consistent_path (p->role, meta), size_from_meta (meta), meta);
      return TRUE;
    }
  self->phase = PHASE_DONE;
  self->has_request = FALSE;
  return TRUE;
}

/* ---- Failure and retry ------------------------------------------------------------ */

static gboolean
fail (SignetTufUpdater *self,
      GError           *error,
      GError          **out)
{
  gboolean can_retry = self->attempt == 0 && !self->offline &&
                       (self->phase == PHASE_TIMESTAMP || self->phase == PHASE_SNAPSHOT ||
                        self->phase == PHASE_TARGETS);

  if (can_retry)
    {
      /* As notary does: fetch root again (it may have been rotated) and retry once. */
      g_debug ("TUF update of %s failed (%s); fetching root again and retrying",
               self->gun, error->message);
      self->first_error = error;
      self->attempt = 1;
      reset_attempt (self);
      request_root_update (self);
      return TRUE;
    }

  if (self->first_error != NULL &&
      (self->phase == PHASE_ROOT_UPDATE || self->phase == PHASE_ROOT_WALK))
    {
      GError *combined = g_error_new (self->first_error->domain, self->first_error->code,
                                      "%s (fetching root.json again did not help: %s)",
                                      self->first_error->message, error->message);
      g_error_free (error);
      error = combined;
    }

  self->phase = PHASE_FAILED;
  self->has_request = FALSE;
  g_clear_error (&self->error);
  self->error = error;
  if (out != NULL)
    *out = g_error_copy (error);
  return FALSE;
}

/* ---- Feeding ---------------------------------------------------------------------- */

static void
root_accepted (SignetTufUpdater  *self,
               SignetTufMetadata *root,
               GBytes            *bytes)
{
  g_clear_pointer (&self->root, _signet_tuf_metadata_unref);
  g_clear_pointer (&self->root_bytes, g_bytes_unref);
  self->root = _signet_tuf_metadata_ref (root);
  self->root_bytes = g_bytes_ref (bytes);
  g_clear_pointer (&self->walk_prev, _signet_tuf_metadata_unref);
  g_clear_pointer (&self->newest_root, _signet_tuf_metadata_unref);
  g_clear_pointer (&self->newest_signed, json_node_unref);
  g_clear_pointer (&self->newest_bytes, g_bytes_unref);
  request_timestamp (self);
}

static gboolean
feed_root_first (SignetTufUpdater *self,
                 GBytes           *bytes,
                 GError          **error)
{
  g_autoptr(SignetTufMetadata) root = NULL;
  g_autoptr(JsonNode) signed_node = NULL;

  root = _signet_tuf_metadata_parse ("root", bytes, &signed_node, error);
  if (root == NULL)
    return FALSE;
  /* trust on first use: a threshold of its own valid root certificates */
  if (!verify_root (self, root, signed_node, NULL, FALSE, NULL, error))
    return FALSE;
  if (!check_expiry (self, root, error))
    return FALSE;
  root_accepted (self, root, bytes);
  return TRUE;
}

static gboolean
finish_root_update (SignetTufUpdater  *self,
                    SignetTufMetadata *root,
                    JsonNode          *signed_node,
                    GBytes            *bytes,
                    SignetTufMetadata *prev,
                    GError           **error)
{
  if (!verify_root (self, root, signed_node, prev, FALSE, NULL, error))
    return FALSE;
  if (!check_expiry (self, root, error))
    return FALSE;
  root_accepted (self, root, bytes);
  return TRUE;
}

static gboolean
feed_root_update (SignetTufUpdater *self,
                  GBytes           *bytes,
                  GError          **error)
{
  g_autoptr(SignetTufMetadata) root = NULL;
  g_autoptr(JsonNode) signed_node = NULL;
  g_autoptr(GError) local = NULL;
  gboolean rotation_failed = FALSE;

  root = _signet_tuf_metadata_parse ("root", bytes, &signed_node, error);
  if (root == NULL)
    return FALSE;
  if (root->version < self->root->version)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_ROLLBACK,
                   "The server sent version %" G_GINT64_FORMAT " of root.json, older than the "
                   "trusted version %" G_GINT64_FORMAT, root->version, self->root->version);
      return FALSE;
    }
  if (verify_root (self, root, signed_node, self->root, FALSE, &rotation_failed, &local))
    {
      if (!check_expiry (self, root, error))
        return FALSE;
      root_accepted (self, root, bytes);
      return TRUE;
    }
  if (!rotation_failed || root->version <= self->root->version + 1)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  /* Walk the intermediate versions, each checked against its predecessor. */
  self->walk_prev = _signet_tuf_metadata_ref (self->root);
  self->newest_root = g_steal_pointer (&root);
  self->newest_signed = g_steal_pointer (&signed_node);
  self->newest_bytes = g_bytes_ref (bytes);
  self->walk_next = self->walk_prev->version + 1;
  self->phase = PHASE_ROOT_WALK;
  set_request (self, "root", g_strdup_printf ("%" G_GINT64_FORMAT ".root.json", self->walk_next),
               SIGNET_TUF_MAX_UNKNOWN_SIZE, NULL);
  return TRUE;
}

static gboolean
feed_root_walk (SignetTufUpdater *self,
                GBytes           *bytes,
                GError          **error)
{
  g_autoptr(SignetTufMetadata) root = NULL;
  g_autoptr(JsonNode) signed_node = NULL;

  root = _signet_tuf_metadata_parse ("root", bytes, &signed_node, error);
  if (root == NULL)
    return FALSE;
  if (root->version != self->walk_next)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s holds version %" G_GINT64_FORMAT " of root.json", self->req_path, root->version);
      return FALSE;
    }
  /* intermediate roots may have expired since */
  if (!verify_root (self, root, signed_node, self->walk_prev, FALSE, NULL, error))
    return FALSE;
  g_clear_pointer (&self->walk_prev, _signet_tuf_metadata_unref);
  self->walk_prev = g_steal_pointer (&root);
  self->walk_next++;

  if (self->walk_next < self->newest_root->version)
    {
      set_request (self, "root", g_strdup_printf ("%" G_GINT64_FORMAT ".root.json", self->walk_next),
                   SIGNET_TUF_MAX_UNKNOWN_SIZE, NULL);
      return TRUE;
    }
  {
    g_autoptr(SignetTufMetadata) newest = _signet_tuf_metadata_ref (self->newest_root);
    g_autoptr(JsonNode) newest_signed = json_node_ref (self->newest_signed);
    g_autoptr(GBytes) newest_bytes = g_bytes_ref (self->newest_bytes);
    g_autoptr(SignetTufMetadata) prev = _signet_tuf_metadata_ref (self->walk_prev);

    return finish_root_update (self, newest, newest_signed, newest_bytes, prev, error);
  }
}

static gboolean
verify_base_role (SignetTufUpdater  *self,
                  SignetTufMetadata *md,
                  JsonNode          *signed_node,
                  GError           **error)
{
  g_autofree char *what = g_strdup_printf ("%s.json", md->role);

  return _signet_tuf_verify_signatures (signed_node, md->signatures, self->root->keys,
                                        g_hash_table_lookup (self->root->roles, md->role),
                                        what, NULL, error);
}

static gboolean
feed_timestamp (SignetTufUpdater *self,
                GBytes           *bytes,
                GError          **error)
{
  g_autoptr(SignetTufMetadata) md = NULL;
  g_autoptr(JsonNode) signed_node = NULL;

  md = _signet_tuf_metadata_parse ("timestamp", bytes, &signed_node, error);
  if (md == NULL ||
      !verify_base_role (self, md, signed_node, error) ||
      !check_rollback (self, md, error) ||
      !check_expiry (self, md, error))
    return FALSE;

  self->timestamp = g_steal_pointer (&md);
  g_hash_table_insert (self->files, g_strdup ("timestamp"), g_bytes_ref (bytes));
  {
    SignetTufFileMeta *meta = g_hash_table_lookup (self->timestamp->meta, "snapshot");

    self->phase = PHASE_SNAPSHOT;
    set_request (self, "snapshot", consistent_path ("snapshot", meta), size_from_meta (meta), meta);
  }
  return TRUE;
}

static void
enqueue_children (SignetTufUpdater  *self,
                  SignetTufMetadata *parent,
                  GPtrArray         *index)
{
  for (guint i = 0; i < parent->delegations->len; i++)
    {
      SignetTufRole *d = g_ptr_array_index (parent->delegations, i);
      Pending *p = g_new0 (Pending, 1);

      p->role = g_strdup (d->name);
      p->entry = _signet_tuf_role_copy (d);
      p->keys = g_hash_table_ref (parent->keys);
      p->parent = _signet_tuf_metadata_ref (parent);
      /* effective paths: the child's paths that have a prefix among the parent's */
      p->paths = string_array_new ();
      for (guint j = 0; j < d->paths->len; j++)
        {
          const char *path = g_ptr_array_index (d->paths, j);

          if (prefix_index_allows (index, path))
            g_ptr_array_add (p->paths, g_strdup (path));
        }
      g_queue_push_tail (&self->pending, p);
    }
}

static gboolean
feed_snapshot (SignetTufUpdater *self,
               GBytes           *bytes,
               GError          **error)
{
  g_autoptr(SignetTufMetadata) md = NULL;
  g_autoptr(JsonNode) signed_node = NULL;
  SignetTufFileMeta *root_meta;
  gsize root_len;
  const guint8 *root_data;

  md = _signet_tuf_metadata_parse ("snapshot", bytes, &signed_node, error);
  if (md == NULL || !verify_base_role (self, md, signed_node, error))
    return FALSE;

  /* a validly signed snapshot tells which root to fetch on a retry */
  root_meta = g_hash_table_lookup (md->meta, "root");
  if (self->attempt == 0)
    {
      g_clear_pointer (&self->root_hint, _signet_tuf_file_meta_free);
      self->root_hint = _signet_tuf_file_meta_copy (root_meta);
    }

  if (!check_rollback (self, md, error) || !check_expiry (self, md, error))
    return FALSE;

  root_data = g_bytes_get_data (self->root_bytes, &root_len);
  if (!_signet_tuf_file_meta_check_hashes (root_meta, root_data, root_len,
                                           "The trusted root.json (the snapshot lists another root)",
                                           error))
    return FALSE;

  self->snapshot = g_steal_pointer (&md);
  g_hash_table_insert (self->files, g_strdup ("snapshot"), g_bytes_ref (bytes));

  {
    Pending *p = g_new0 (Pending, 1);

    p->role = g_strdup ("targets");
    p->entry = _signet_tuf_role_copy (g_hash_table_lookup (self->root->roles, "targets"));
    p->keys = g_hash_table_ref (self->root->keys);
    p->paths = string_array_new ();
    g_ptr_array_add (p->paths, g_strdup (""));
    g_queue_push_tail (&self->pending, p);
  }
  self->phase = PHASE_TARGETS;
  return request_next_target (self, error);
}

static gboolean
feed_targets (SignetTufUpdater *self,
              GBytes           *bytes,
              GError          **error)
{
  Pending *p = self->current;
  gboolean is_top = g_str_equal (p->role, "targets");
  g_autoptr(SignetTufMetadata) md = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *what = g_strdup_printf ("%s.json", p->role);

  /* no "signed" node: targets files are read directly into the model, and the node is
   * only made if a signature needs the canonical form */
  md = _signet_tuf_metadata_parse (p->role, bytes, NULL, error);
  if (md == NULL || !check_rollback (self, md, error))
    return FALSE;

  if (!_signet_tuf_verify_signatures_file (bytes, NULL, md->signatures, p->keys,
                                           p->entry, what, NULL, &local))
    {
      if (is_top)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* Dropping a delegation we trusted a file of before would drop its version
       * floor too (see request_next_target): refuse. */
      if (!self->offline && cached_version (self, p->role) > 0)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                      "The server's %s cannot replace version %" G_GINT64_FORMAT
                                      " in the trusted cache: ", p->role,
                                      cached_version (self, p->role));
          return FALSE;
        }
      warn (self, "The delegation %s was ignored because it is not validly signed (%s).",
            p->role, local->message);
      return request_next_target (self, error);
    }

  if (md->expires <= self->now)
    {
      g_autofree char *when = date_words (md->expires);

      if (is_top && !self->offline)
        return check_expiry (self, md, error);
      if (!is_top && !self->offline)
        {
          warn (self, "The delegation %s was ignored because it expired on %s.", p->role, when);
          return request_next_target (self, error);
        }
      warn (self, "The %s metadata of %s expired on %s.", p->role, self->gun, when);
    }

  g_hash_table_insert (self->files, g_strdup (p->role), g_bytes_ref (bytes));
  g_hash_table_insert (self->paths, g_strdup (p->role), g_ptr_array_ref (p->paths));
  g_hash_table_insert (self->path_index, g_strdup (p->role), prefix_index_new (p->paths));
  g_hash_table_insert (self->entries, g_strdup (p->role), _signet_tuf_role_copy (p->entry));
  if (p->parent != NULL)
    g_hash_table_insert (self->parents, g_strdup (p->role), _signet_tuf_metadata_ref (p->parent));
  g_ptr_array_add (self->target_roles, g_strdup (p->role));
  enqueue_children (self, md, g_hash_table_lookup (self->path_index, p->role));
  g_hash_table_insert (self->targets, g_strdup (p->role), g_steal_pointer (&md));
  return request_next_target (self, error);
}

gboolean
_signet_tuf_updater_feed (SignetTufUpdater  *self,
                          GBytes            *bytes,
                          GError           **error)
{
  GError *local = NULL;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->has_request)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "The TUF update of %s asked for nothing more", self->gun);
      return FALSE;
    }

  if (bytes == NULL)
    {
      if (self->offline && self->phase == PHASE_TARGETS &&
          !g_str_equal (self->req_role, "targets"))
        {
          warn (self, "The delegation %s is not in the local trust cache.", self->req_role);
          if (!request_next_target (self, &local))
            return fail (self, local, error);
          return TRUE;
        }
      if (self->phase == PHASE_ROOT_FIRST)
        local = g_error_new (SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                             "There is no trust data for %s on the server", self->gun);
      else
        local = g_error_new (SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                             "%s of %s is missing%s", self->req_path, self->gun,
                             self->offline ? " from the local trust cache" : " on the server");
      return fail (self, local, error);
    }

  if (self->total_bytes + g_bytes_get_size (bytes) > self->max_total_bytes)
    {
      local = g_error_new (SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                           "The trust data of %s is larger than the limit of %" G_GUINT64_FORMAT
                           " bytes for one update (at %s)", self->gun, self->max_total_bytes,
                           self->req_path);
      return fail (self, local, error);
    }
  if (g_bytes_get_size (bytes) > self->req.max_size)
    {
      local = g_error_new (SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                           "%s of %s is larger than its limit of %" G_GSIZE_FORMAT " bytes",
                           self->req_path, self->gun, self->req.max_size);
      return fail (self, local, error);
    }
  self->total_bytes += g_bytes_get_size (bytes);

  if (self->req_meta != NULL)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (bytes, &len);
      g_autofree char *what = NULL;

      if (self->phase == PHASE_SNAPSHOT)
        what = g_strdup_printf ("snapshot.json of %s (not the snapshot the timestamp names)", self->gun);
      else
        what = g_strdup_printf ("%s of %s", self->req_path, self->gun);
      if (!_signet_tuf_file_meta_check_hashes (self->req_meta, data, len, what, &local))
        return fail (self, local, error);
    }

  switch (self->phase)
    {
    case PHASE_ROOT_FIRST:
      ok = feed_root_first (self, bytes, &local);
      break;
    case PHASE_ROOT_UPDATE:
      ok = feed_root_update (self, bytes, &local);
      break;
    case PHASE_ROOT_WALK:
      ok = feed_root_walk (self, bytes, &local);
      break;
    case PHASE_TIMESTAMP:
      ok = feed_timestamp (self, bytes, &local);
      break;
    case PHASE_SNAPSHOT:
      ok = feed_snapshot (self, bytes, &local);
      break;
    case PHASE_TARGETS:
      ok = feed_targets (self, bytes, &local);
      break;
    case PHASE_DONE:
    case PHASE_FAILED:
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    return fail (self, local, error);
  return TRUE;
}

void
_signet_tuf_updater_set_limits (SignetTufUpdater *self,
                                guint             max_targets_roles,
                                guint64           max_total_bytes)
{
  g_return_if_fail (self != NULL);
  self->max_targets_roles = max_targets_roles;
  self->max_total_bytes = max_total_bytes;
  /* the request already made (root or timestamp) gets the new budget too */
  if (self->has_request)
    self->req.max_size = budget_size (self, self->req.max_size);
}

const SignetTufRequest *
_signet_tuf_updater_next_request (SignetTufUpdater *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->has_request ? &self->req : NULL;
}

void
_signet_tuf_request_free (SignetTufRequest *req)
{
  if (req == NULL)
    return;
  g_free ((char *) req->role);
  g_free ((char *) req->path);
  g_free (req);
}

GPtrArray *
_signet_tuf_updater_get_upcoming (SignetTufUpdater *self)
{
  GPtrArray *upcoming = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_tuf_request_free);
  guint left;

  g_return_val_if_fail (self != NULL, upcoming);
  /* on first use, timestamp.json follows root.json (unless root fails) */
  if (self->has_request && self->phase == PHASE_ROOT_FIRST)
    {
      SignetTufRequest *req = g_new0 (SignetTufRequest, 1);

      req->role = g_strdup ("timestamp");
      req->path = g_strdup ("timestamp.json");
      req->max_size = budget_size (self, SIGNET_TUF_MAX_TIMESTAMP_SIZE);
      g_ptr_array_add (upcoming, req);
      return upcoming;
    }
  if (!self->has_request || self->phase != PHASE_TARGETS || self->snapshot == NULL ||
      self->n_targets_requested >= self->max_targets_roles)
    return upcoming;
  left = self->max_targets_roles - self->n_targets_requested;
  for (GList *l = self->pending.head; l != NULL && upcoming->len < left; l = l->next)
    {
      Pending *p = l->data;
      SignetTufFileMeta *meta = g_hash_table_lookup (self->snapshot->meta, p->role);
      SignetTufRequest *req;

      if (meta == NULL)
        continue;
      req = g_new0 (SignetTufRequest, 1);
      req->role = g_strdup (p->role);
      req->path = consistent_path (p->role, meta);
      req->max_size = budget_size (self, size_from_meta (meta));
      g_ptr_array_add (upcoming, req);
    }
  return upcoming;
}

/* ---- Construction ----------------------------------------------------------------- */

static SignetTufUpdater *
updater_new (const char  *gun,
             GHashTable  *cached_files,
             gint64       now,
             gboolean     offline,
             GError     **error)
{
  g_autoptr(SignetTufUpdater) self = g_new0 (SignetTufUpdater, 1);
  GBytes *cached_root = NULL;

  self->gun = g_strdup (gun);
  self->now = now;
  self->offline = offline;
  self->max_targets_roles = SIGNET_TUF_MAX_TARGETS_ROLES;
  self->max_total_bytes = SIGNET_TUF_MAX_TOTAL_SIZE;
  self->cached_versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) _signet_tuf_metadata_unref);
  self->target_roles = string_array_new ();
  self->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->path_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) _signet_tuf_role_free);
  self->parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) _signet_tuf_metadata_unref);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_bytes_unref);
  self->warnings = string_array_new ();
  g_queue_init (&self->pending);

  /* The trusted versions: from the cached files themselves, whatever their lengths. */
  if (cached_files != NULL)
    {
      GHashTableIter iter;
      gpointer k, v;

      g_hash_table_iter_init (&iter, cached_files);
      while (g_hash_table_iter_next (&iter, &k, &v))
        {
          gsize len;
          const guint8 *data;
          g_autoptr(JsonNode) node = NULL;
          g_autoptr(GError) local = NULL;
          JsonObject *top;
          JsonNode *sig, *version;

          if (v == NULL || g_bytes_get_size (v) == 0 || !_signet_tuf_is_valid_role_name (k))
            continue;
          if (g_str_equal (k, "root"))
            cached_root = v;
          data = g_bytes_get_data (v, &len);
          /* Fast path for the files notary and we write: canonical "signed", whose last
           * member is "version", right before the signatures. */
          {
            gint64 quick = quick_version (data, len);

            if (quick > 0)
              {
                g_hash_table_insert (self->cached_versions, g_strdup (k),
                                     g_memdup2 (&quick, sizeof (gint64)));
                continue;
              }
          }
          node = _signet_json_parse (data, len, k, &local);
          if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
            {
              g_debug ("cached %s of %s unreadable; no version floor", (char *) k, gun);
              continue;
            }
          top = json_node_get_object (node);
          sig = json_object_get_member (top, "signed");
          if (sig == NULL || !JSON_NODE_HOLDS_OBJECT (sig))
            continue;
          version = json_object_get_member (json_node_get_object (sig), "version");
          if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
              json_node_get_value_type (version) != G_TYPE_INT64)
            continue;
          g_hash_table_insert (self->cached_versions, g_strdup (k),
                               g_memdup2 (&(gint64) { json_node_get_int (version) }, sizeof (gint64)));
        }
    }

  if (cached_root == NULL)
    {
      if (offline)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                       "There is no cached trust data for %s", gun);
          return NULL;
        }
      self->phase = PHASE_ROOT_FIRST;
      set_request (self, "root", g_strdup ("root.json"), SIGNET_TUF_MAX_UNKNOWN_SIZE, NULL);
      return g_steal_pointer (&self);
    }

  {
    g_autoptr(SignetTufMetadata) root = NULL;
    g_autoptr(JsonNode) signed_node = NULL;
    g_autoptr(GError) strict = NULL;
    gboolean needs_update = FALSE;

    root = _signet_tuf_metadata_parse ("root", cached_root, &signed_node, error);
    if (root == NULL)
      {
        g_prefix_error (error, "The cached trust data of %s is damaged: ", gun);
        return NULL;
      }
    /* The cached root pins trust. Its own certificates may have expired since. */
    if (!verify_root (self, root, signed_node, NULL, FALSE, NULL, &strict))
      {
        g_ptr_array_set_size (self->warnings, 0);
        if (!verify_root (self, root, signed_node, NULL, TRUE, NULL, error))
          {
            g_prefix_error (error, "The cached root.json of %s cannot be trusted: ", gun);
            return NULL;
          }
        needs_update = TRUE;
      }
    if (root->expires <= now)
      needs_update = TRUE;

    self->root = g_steal_pointer (&root);
    self->root_bytes = g_bytes_ref (cached_root);
    if (offline)
      {
        /* report, don't fail */
        if (self->root->expires <= now)
          {
            g_autofree char *when = date_words (self->root->expires);

            warn (self, "The root metadata of %s expired on %s.", gun, when);
          }
        request_timestamp (self);
      }
    else if (needs_update)
      {
        g_ptr_array_set_size (self->warnings, 0);
        request_root_update (self);
      }
    else
      request_timestamp (self);
  }
  return g_steal_pointer (&self);
}

SignetTufUpdater *
_signet_tuf_updater_new (const char  *gun,
                         GHashTable  *cached_files,
                         gint64       now,
                         GError     **error)
{
  g_return_val_if_fail (gun != NULL && *gun != '\0', NULL);
  return updater_new (gun, cached_files, now, FALSE, error);
}

void
_signet_tuf_updater_free (SignetTufUpdater *self)
{
  if (self == NULL)
    return;
  reset_attempt (self);
  g_free (self->gun);
  g_hash_table_unref (self->cached_versions);
  g_free (self->req_role);
  g_free (self->req_path);
  g_clear_pointer (&self->req_meta, _signet_tuf_file_meta_free);
  g_clear_pointer (&self->root, _signet_tuf_metadata_unref);
  g_clear_pointer (&self->root_bytes, g_bytes_unref);
  g_clear_pointer (&self->root_hint, _signet_tuf_file_meta_free);
  g_clear_pointer (&self->walk_prev, _signet_tuf_metadata_unref);
  g_clear_pointer (&self->newest_root, _signet_tuf_metadata_unref);
  g_clear_pointer (&self->newest_signed, json_node_unref);
  g_clear_pointer (&self->newest_bytes, g_bytes_unref);
  g_hash_table_unref (self->targets);
  g_ptr_array_unref (self->target_roles);
  g_hash_table_unref (self->paths);
  g_hash_table_unref (self->path_index);
  g_hash_table_unref (self->entries);
  g_hash_table_unref (self->parents);
  g_hash_table_unref (self->files);
  g_ptr_array_unref (self->warnings);
  g_clear_error (&self->error);
  g_clear_error (&self->first_error);
  g_free (self);
}

SignetTufRepo *
_signet_tuf_updater_finish (SignetTufUpdater  *self,
                            GError           **error)
{
  SignetTufRepo *repo;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->phase == PHASE_FAILED)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return NULL;
    }
  if (self->phase != PHASE_DONE)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_FAILED,
                   "The TUF update of %s is not complete: %s is still needed",
                   self->gun, self->req_path);
      return NULL;
    }

  repo = g_new0 (SignetTufRepo, 1);
  repo->ref_count = 1;
  repo->gun = g_strdup (self->gun);
  repo->now = self->now;
  repo->files = g_hash_table_ref (self->files);
  g_hash_table_insert (repo->files, g_strdup ("root"), g_bytes_ref (self->root_bytes));
  repo->warnings = g_ptr_array_ref (self->warnings);
  repo->root = _signet_tuf_metadata_ref (self->root);
  repo->timestamp = _signet_tuf_metadata_ref (self->timestamp);
  repo->snapshot = _signet_tuf_metadata_ref (self->snapshot);
  repo->targets = g_hash_table_ref (self->targets);
  repo->target_roles = g_ptr_array_ref (self->target_roles);
  repo->paths = g_hash_table_ref (self->paths);
  repo->path_index = g_hash_table_ref (self->path_index);
  repo->entries = g_hash_table_ref (self->entries);
  repo->parents = g_hash_table_ref (self->parents);

  /* the updater is done: give it fresh (empty) containers */
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->warnings = string_array_new ();
  self->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) _signet_tuf_metadata_unref);
  self->target_roles = string_array_new ();
  self->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->path_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) _signet_tuf_role_free);
  self->parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) _signet_tuf_metadata_unref);
  self->phase = PHASE_FAILED;
  self->error = g_error_new (SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                             "The TUF update of %s has already finished", self->gun);
  return repo;
}

SignetTufRepo *
_signet_tuf_repo_load_cached (const char  *gun,
                              GHashTable  *cached_files,
                              gint64       now,
                              GError     **error)
{
  g_autoptr(SignetTufUpdater) self = NULL;
  const SignetTufRequest *req;

  g_return_val_if_fail (gun != NULL && *gun != '\0', NULL);

  self = updater_new (gun, cached_files, now, TRUE, error);
  if (self == NULL)
    return NULL;
  while ((req = _signet_tuf_updater_next_request (self)))
    {
      GBytes *bytes = g_hash_table_lookup (cached_files, req->role);

      if (bytes != NULL && g_bytes_get_size (bytes) == 0)
        bytes = NULL;
      if (!_signet_tuf_updater_feed (self, bytes, error))
        return NULL;
    }
  return _signet_tuf_updater_finish (self, error);
}
