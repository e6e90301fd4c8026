/* signet-repository.c: load a repository's trust data (remote -> tuf -> cache).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache is <trust_dir>/tuf/<gun>/metadata/ as notary and docker keep it
 * (notary-v1.md §6). It is only ever replaced as a whole, after a successful
 * verification: the new files go into a fresh directory beside it, everything is
 * fsynced, and one rename (RENAME_EXCHANGE where the file system has it) swaps it in.
 * A failed update leaves the old directory exactly as it was (§13).
 */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "signet-docker-config-private.h"
#include "signet-error.h"
#include "signet-reference.h"
#include "signet-remote-private.h"
#include "signet-repository-private.h"

#ifndef RENAME_EXCHANGE
# define RENAME_EXCHANGE (1 << 1)
#endif

struct _SignetRepository
{
  GObject        parent_instance;
  char          *gun;
  char          *trust_dir;
  gboolean       offline;
  SignetTufRepo *tuf;
  GStrv          warnings;
};

G_DEFINE_FINAL_TYPE (SignetRepository, signet_repository, G_TYPE_OBJECT)

static void
signet_repository_finalize (GObject *object)
{
  SignetRepository *self = SIGNET_REPOSITORY (object);

  g_clear_pointer (&self->gun, g_free);
  g_clear_pointer (&self->trust_dir, g_free);
  g_clear_pointer (&self->tuf, _signet_tuf_repo_unref);
  g_clear_pointer (&self->warnings, g_strfreev);

  G_OBJECT_CLASS (signet_repository_parent_class)->finalize (object);
}

static void
signet_repository_class_init (SignetRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_repository_finalize;
}

static void
signet_repository_init (SignetRepository *self)
{
}

char *
signet_default_trust_dir (void)
{
  return _signet_docker_config_default_trust_dir ();
}

const char *
signet_repository_get_gun (SignetRepository *self)
{
  g_return_val_if_fail (SIGNET_IS_REPOSITORY (self), NULL);
  return self->gun;
}

const char *
signet_repository_get_trust_dir (SignetRepository *self)
{
  g_return_val_if_fail (SIGNET_IS_REPOSITORY (self), NULL);
  return self->trust_dir;
}

gboolean
signet_repository_is_offline (SignetRepository *self)
{
  g_return_val_if_fail (SIGNET_IS_REPOSITORY (self), FALSE);
  return self->offline;
}

const char * const *
signet_repository_get_warnings (SignetRepository *self)
{
  g_return_val_if_fail (SIGNET_IS_REPOSITORY (self), NULL);
  return (const char * const *) self->warnings;
}

SignetTufRepo *
_signet_repository_get_tuf_repo (SignetRepository *self)
{
  g_return_val_if_fail (SIGNET_IS_REPOSITORY (self), NULL);
  return self->tuf;
}

/* Cache I/O ----------------------------------------------------------------------------- */

static GHashTable *
bytes_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
}

static char *
metadata_dir (const char *trust_dir,
              const char *gun)
{
  return g_build_filename (trust_dir, "tuf", gun, "metadata", NULL);
}

/* A regular file (not a symlink) of at most SIGNET_TUF_MAX_UNKNOWN_SIZE bytes. NULL
 * without error when it does not exist. */
static GBytes *
read_cache_file (const char  *path,
                 GError     **error)
{
  struct stat st;
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) local_error = NULL;

  if (g_lstat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        return NULL;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot read %s: %s",
                   path, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH,
                   "%s in the trust cache is not a regular file", path);
      return NULL;
    }
  if (st.st_size > SIGNET_TUF_MAX_UNKNOWN_SIZE)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                   "%s in the trust cache is larger than %d bytes", path,
                   SIGNET_TUF_MAX_UNKNOWN_SIZE);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Cannot read the trust cache: ");
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

static gboolean
read_delegations (const char  *dir,
                  const char  *role_prefix,
                  GHashTable  *out,
                  guint        depth,
                  GError     **error)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  /* valid role names (< 256 bytes) nest at most 124 levels below targets/; a role
   * skipped here would lose its version floor */
  if (depth > 128)
    return TRUE;
  d = g_dir_open (dir, 0, &local_error);
  if (d == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Cannot read the trust cache: ");
      return FALSE;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      struct stat st;

      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          g_autofree char *prefix = g_strconcat (role_prefix, name, "/", NULL);

          if (!read_delegations (path, prefix, out, depth + 1, error))
            return FALSE;
        }
      else if (S_ISREG (st.st_mode) && g_str_has_suffix (name, ".json"))
        {
          g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".json"));
          g_autofree char *role = g_strconcat (role_prefix, stem, NULL);
          GBytes *bytes;

          if (!_signet_tuf_is_delegation_name (role))
            continue;
          bytes = read_cache_file (path, error);
          if (bytes == NULL)
            {
              if (error != NULL && *error != NULL)
                return FALSE;
              continue;
            }
          g_hash_table_replace (out, g_steal_pointer (&role), bytes);
        }
    }
  return TRUE;
}

GHashTable *
_signet_repository_read_cache (const char  *trust_dir,
                               const char  *gun,
                               GError     **error)
{
  static const char *base_roles[] = { "root", "targets", "snapshot", "timestamp" };
  g_autoptr(GHashTable) files = bytes_table_new ();
  g_autofree char *dir = NULL;
  g_autofree char *targets_dir = NULL;

  if (!signet_gun_validate (gun, -1, error))
    return NULL;
  dir = metadata_dir (trust_dir, gun);
  for (guint i = 0; i < G_N_ELEMENTS (base_roles); i++)
    {
      g_autofree char *name = g_strconcat (base_roles[i], ".json", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) local_error = NULL;
      GBytes *bytes = read_cache_file (path, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (bytes != NULL)
        g_hash_table_replace (files, g_strdup (base_roles[i]), bytes);
    }
  targets_dir = g_build_filename (dir, "targets", NULL);
  if (!read_delegations (targets_dir, "targets/", files, 0, error))
    return NULL;
  return g_steal_pointer (&files);
}

static gboolean
fsync_path (const char  *path,
            gboolean     is_dir,
            GError     **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | (is_dir ? O_DIRECTORY : 0));

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot sync %s: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Writes @bytes to a new file @path; fsync_path() makes it durable. */
static gboolean
write_file (const char  *path,
            GBytes      *bytes,
            GError     **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  gsize done = 0;

  if (fd < 0)
    goto fail;
  while (done < len)
    {
      ssize_t n = write (fd, data + done, len - done);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          goto fail;
        }
      done += n;
    }
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  return TRUE;

fail:
  {
    int saved = errno;

    if (fd >= 0)
      close (fd);
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot write %s: %s",
                 path, g_strerror (saved));
  }
  return FALSE;
}

static void
rm_rf (const char *path)
{
  struct stat st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* Leftovers of an interrupted write (never the live directory). */
static void
remove_stale (const char *gun_dir)
{
  g_autoptr(GDir) d = g_dir_open (gun_dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, ".metadata.new-") || g_str_has_prefix (name, ".metadata.old-"))
      {
        g_autofree char *path = g_build_filename (gun_dir, name, NULL);

        rm_rf (path);
      }
}

static gboolean
mkdir_private (const char  *path,
               GError     **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
_signet_repository_write_cache (const char  *trust_dir,
                                const char  *gun,
                                GHashTable  *files,
                                GError     **error)
{
  g_autofree char *gun_dir = NULL;
  g_autofree char *final = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;
  struct stat st;

  if (!signet_gun_validate (gun, -1, error))
    return FALSE;

  gun_dir = g_build_filename (trust_dir, "tuf", gun, NULL);
  final = g_build_filename (gun_dir, "metadata", NULL);
  if (!mkdir_private (gun_dir, error))
    return FALSE;
  remove_stale (gun_dir);

  tmp = g_build_filename (gun_dir, ".metadata.new-XXXXXX", NULL);
  if (g_mkdtemp_full (tmp, 0700) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s",
                   tmp, g_strerror (saved));
      return FALSE;
    }
  g_ptr_array_add (dirs, g_strdup (tmp));

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *role = key;
      g_autofree char *name = g_strconcat (role, ".json", NULL);
      g_autofree char *path = NULL;
      g_autofree char *parent = NULL;

      if (!_signet_tuf_is_valid_role_name (role))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH,
                       "Refusing to cache a file for the invalid role name “%s”", role);
          goto fail;
        }
      path = g_build_filename (tmp, name, NULL);
      parent = g_path_get_dirname (path);
      if (!g_str_equal (parent, tmp))
        {
          if (!mkdir_private (parent, error))
            goto fail;
          if (!g_ptr_array_find_with_equal_func (dirs, parent, g_str_equal, NULL))
            g_ptr_array_add (dirs, g_strdup (parent));
        }
      if (!write_file (path, value, error))
        goto fail;
      g_ptr_array_add (written, g_steal_pointer (&path));
    }
  /* Every file is written before the first fsync: the file system then commits them
   * together instead of once per file; each is still durable before the swap. */
  for (guint i = 0; i < written->len; i++)
    if (!fsync_path (g_ptr_array_index (written, i), FALSE, error))
      goto fail;
  /* Deepest first, so every entry is durable before its parent. */
  for (guint i = dirs->len; i > 0; i--)
    if (!fsync_path (g_ptr_array_index (dirs, i - 1), TRUE, error))
      goto fail;

  if (g_lstat (final, &st) == 0)
    {
      if (renameat2 (AT_FDCWD, tmp, AT_FDCWD, final, RENAME_EXCHANGE) == 0)
        {
          /* tmp now holds the old cache. */
          if (!fsync_path (gun_dir, TRUE, error))
            return FALSE;
          rm_rf (tmp);
          return TRUE;
        }
      if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Cannot replace %s: %s", final, g_strerror (saved));
          goto fail;
        }
      /* No atomic exchange here: move the old one aside first. The live name is
       * missing for a moment but never holds a partial set. */
      {
        g_autofree char *old = g_build_filename (gun_dir, ".metadata.old-XXXXXX", NULL);

        if (g_mkdtemp_full (old, 0700) == NULL || g_rmdir (old) != 0 ||
            g_rename (final, old) != 0)
          {
            int saved = errno;

            g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                         "Cannot replace %s: %s", final, g_strerror (saved));
            goto fail;
          }
        if (g_rename (tmp, final) != 0)
          {
            int saved = errno;

            g_rename (old, final);
            g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                         "Cannot replace %s: %s", final, g_strerror (saved));
            goto fail;
          }
        fsync_path (gun_dir, TRUE, NULL);
        rm_rf (old);
        return TRUE;
      }
    }

  if (g_rename (tmp, final) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s",
                   final, g_strerror (saved));
      goto fail;
    }
  return fsync_path (gun_dir, TRUE, error);

fail:
  rm_rf (tmp);
  return FALSE;
}

/* Loading ------------------------------------------------------------------------------- */

typedef struct
{
  SignetRemote              *remote;
  char                      *trust_dir;
  char                      *gun;
  SignetRepositoryLoadFlags  flags;
  gint64                     now;
  GHashTable                *cached;
  SignetTufUpdater          *updater;
  SignetTufRepo             *repo;
  GHashTable                *files;   /* what the cache must hold after this load */
  GHashTable                *ahead;   /* path -> Ahead: fetched (or being fetched) early */
  guint                      n_ahead_fetching;
  GPtrArray                 *used_ahead; /* GBytes fed from there (parse-ahead to drop) */
  guint                      starting;    /* the cache reader and the warm-up */
  GError                    *start_error;
  GTask                     *waiting; /* the load, waiting for an early fetch */
  char                      *waiting_path;
} LoadData;

/* A file the updater will ask for soon, fetched before it does (notary-v1.md allows any
 * order of GETs; the updater checks each file when it is fed, as for any download). */
typedef struct
{
  char     *role;
  gboolean  done;
  GBytes   *bytes;   /* NULL: 404 or error */
  GError   *error;   /* NULL with bytes NULL: 404 */
} Ahead;

#define MAX_AHEAD_FETCHES 6

static void
ahead_free (Ahead *a)
{
  if (a->bytes != NULL)
    _signet_tuf_metadata_parse_ahead_drop (a->bytes);
  g_clear_pointer (&a->bytes, g_bytes_unref);
  g_clear_error (&a->error);
  g_free (a->role);
  g_free (a);
}

static void
drop_parse_ahead (GBytes *bytes)
{
  _signet_tuf_metadata_parse_ahead_drop (bytes);
  g_bytes_unref (bytes);
}

static void
load_data_free (LoadData *data)
{
  g_clear_pointer (&data->ahead, g_hash_table_unref);
  g_clear_pointer (&data->used_ahead, g_ptr_array_unref);
  g_clear_error (&data->start_error);
  g_free (data->waiting_path);
  g_clear_object (&data->remote);
  g_free (data->trust_dir);
  g_free (data->gun);
  g_clear_pointer (&data->cached, g_hash_table_unref);
  g_clear_pointer (&data->updater, _signet_tuf_updater_free);
  g_clear_pointer (&data->repo, _signet_tuf_repo_unref);
  g_clear_pointer (&data->files, g_hash_table_unref);
  g_free (data);
}

/* No parse ahead outlives the load: the ones not taken are skipped or waited for. */
static void
stop_parse_ahead (LoadData *data)
{
  g_clear_pointer (&data->used_ahead, g_ptr_array_unref);
  if (data->ahead != NULL)
    g_hash_table_remove_all (data->ahead);
}

static void
complete (GTask *task)
{
  LoadData *data = g_task_get_task_data (task);
  SignetRepository *self = g_object_new (SIGNET_TYPE_REPOSITORY, NULL);
  GPtrArray *warnings = _signet_tuf_repo_get_warnings (data->repo);
  GPtrArray *copy = g_ptr_array_new ();

  self->gun = g_strdup (data->gun);
  self->trust_dir = g_strdup (data->trust_dir);
  self->offline = (data->flags & SIGNET_REPOSITORY_LOAD_OFFLINE) != 0;
  self->tuf = g_steal_pointer (&data->repo);
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (warnings, i)));
  g_ptr_array_add (copy, NULL);
  self->warnings = (GStrv) g_ptr_array_free (copy, FALSE);
  g_task_return_pointer (task, self, g_object_unref);
}

static gboolean
same_files (GHashTable *a,
            GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (a == NULL || b == NULL || g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GBytes *other = g_hash_table_lookup (b, key);

      if (other == NULL || !g_bytes_equal (value, other))
        return FALSE;
    }
  return TRUE;
}

/* The verified files, plus the cached file of every delegation that the update dropped
 * (expired or under-signed) while its parent still lists it: that file was verified
 * before, and its version stays the rollback floor for the delegation (notary-v1.md §13). */
static GHashTable *
cache_files (LoadData *data)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_bytes_unref);
  GHashTable *verified = _signet_tuf_repo_get_files (data->repo);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, verified);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (files, g_strdup (key), g_bytes_ref (value));
  if (data->cached == NULL)
    return files;
  g_hash_table_iter_init (&iter, data->cached);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *role = key;
      g_autofree char *parent = NULL;
      SignetTufMetadata *parent_md;

      if (g_hash_table_contains (verified, role) || !_signet_tuf_is_delegation_name (role))
        continue;
      parent = _signet_tuf_role_parent (role);
      parent_md = _signet_tuf_repo_get_targets (data->repo, parent);
      if (parent_md != NULL && _signet_tuf_metadata_get_delegation (parent_md, role) != NULL)
        g_hash_table_insert (files, g_strdup (role), g_bytes_ref (value));
    }
  return files;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;

  if (_signet_repository_write_cache (data->trust_dir, data->gun, data->files, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_prefix_error (&error, "The trust data for %s verified, but the cache could not be "
                      "updated: ", ((LoadData *) g_task_get_task_data (task))->gun);
      g_task_return_error (task, error);
      return;
    }
  complete (task);
}

/* Deferred cache writes (see _signet_repository_defer_cache_writes()) */

typedef struct
{
  char       *trust_dir;
  char       *gun;
  GHashTable *files;
  GError     *error;
} DeferredWrite;

static GMutex deferred_lock;
static gboolean deferred_enabled;
static GPtrArray *deferred_threads;  /* GThread*, each returning its DeferredWrite */

void
_signet_repository_defer_cache_writes (gboolean defer)
{
  g_mutex_lock (&deferred_lock);
  deferred_enabled = defer;
  g_mutex_unlock (&deferred_lock);
}

static gpointer
deferred_write_thread (gpointer user_data)
{
  DeferredWrite *w = user_data;

  _signet_repository_write_cache (w->trust_dir, w->gun, w->files, &w->error);
  return w;
}

/* Starts writing @data's files in a thread of its own, when writes are deferred. */
static gboolean
start_deferred_write (LoadData *data)
{
  DeferredWrite *w;

  g_mutex_lock (&deferred_lock);
  if (!deferred_enabled)
    {
      g_mutex_unlock (&deferred_lock);
      return FALSE;
    }
  w = g_new0 (DeferredWrite, 1);
  w->trust_dir = g_strdup (data->trust_dir);
  w->gun = g_strdup (data->gun);
  w->files = g_hash_table_ref (data->files);
  if (deferred_threads == NULL)
    deferred_threads = g_ptr_array_new ();
  g_ptr_array_add (deferred_threads, g_thread_new ("signet-cache-write", deferred_write_thread, w));
  g_mutex_unlock (&deferred_lock);
  return TRUE;
}

gboolean
_signet_repository_wait_cache_writes (GError **error)
{
  g_autoptr(GPtrArray) threads = NULL;
  GError *first = NULL;

  g_mutex_lock (&deferred_lock);
  threads = g_steal_pointer (&deferred_threads);
  g_mutex_unlock (&deferred_lock);
  for (guint i = 0; threads != NULL && i < threads->len; i++)
    {
      DeferredWrite *w = g_thread_join (g_ptr_array_index (threads, i));

      if (w->error != NULL && first == NULL)
        {
          first = g_steal_pointer (&w->error);
          g_prefix_error (&first, "The trust data for %s verified, but the cache could not "
                          "be updated: ", w->gun);
        }
      g_clear_error (&w->error);
      g_hash_table_unref (w->files);
      g_free (w->trust_dir);
      g_free (w->gun);
      g_free (w);
    }
  if (first != NULL)
    {
      g_propagate_error (error, first);
      return FALSE;
    }
  return TRUE;
}

static void fetch_next (GTask *task);
static void fail_update (GTask *task, GError *error);
static void fetch_ahead_upcoming (GTask *task);

/* JSON parsing and signature checks run in a worker thread: the updater is only ever
 * used by one thread at a time, and the caller's main loop never waits for it. */
static void
feed_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GTask *parent = g_task_get_task_data (task);
  LoadData *data = g_task_get_task_data (parent);
  GBytes *bytes = g_object_get_data (G_OBJECT (task), "bytes");
  GError *error = NULL;

  if (_signet_tuf_updater_feed (data->updater, bytes, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
feed_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_prefix_error (&error, "Trust data for %s: ", data->gun);
      fail_update (task, error);
      return;
    }
  fetch_next (g_steal_pointer (&task));
}

static void
fail_update (GTask  *task,
             GError *error)
{
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GError) finish_error = NULL;
  g_autoptr(SignetTufRepo) none = NULL;

  stop_parse_ahead (data);
  /* The updater's own account of the failure, if it has one. */
  if (error == NULL && data->updater != NULL)
    {
      none = _signet_tuf_updater_finish (data->updater, &finish_error);
      error = g_steal_pointer (&finish_error);
    }
  if (error == NULL)
    error = g_error_new (SIGNET_ERROR, SIGNET_ERROR_FAILED, "The update of %s failed",
                         data->gun);
  g_task_return_error (task, error);
}

/* Hands @bytes (owned; NULL for a 404) to the updater in a worker thread. */
static void
feed_async (GTask  *task,
            GBytes *bytes)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  GTask *feeder = g_task_new (NULL, cancellable, feed_cb, task);

  g_task_set_task_data (feeder, task, NULL);
  if (bytes != NULL)
    g_object_set_data_full (G_OBJECT (feeder), "bytes", bytes, (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (feeder, feed_thread);
  g_object_unref (feeder);
}

/* A file asked for by checksum ("targets.<sha256hex>.json") that the cache already holds
 * with that checksum: no need to download it again. It is verified like a download. */
static GBytes *
cached_by_checksum (LoadData               *data,
                    const SignetTufRequest *req)
{
  GBytes *cached;
  const char *dot;
  const char *hex;
  g_autofree char *sum = NULL;

  if (data->cached == NULL || !g_str_has_suffix (req->path, ".json"))
    return NULL;
  cached = g_hash_table_lookup (data->cached, req->role);
  if (cached == NULL)
    return NULL;
  dot = req->path + strlen (req->path) - strlen (".json");
  hex = dot - 64;
  if (hex <= req->path || hex[-1] != '.')
    return NULL;
  for (const char *p = hex; p < dot; p++)
    if (!g_ascii_isxdigit (*p))
      return NULL;
  sum = _signet_sha256_hex (g_bytes_get_data (cached, NULL), g_bytes_get_size (cached));
  if (g_ascii_strncasecmp (sum, hex, 64) != 0)
    return NULL;
  return cached;
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = _signet_remote_trust_get_finish (SIGNET_REMOTE (object), result, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
        {
          fail_update (task, error);
          return;
        }
      g_clear_error (&error);
    }
  feed_async (g_steal_pointer (&task), g_steal_pointer (&bytes));
}

/* Feeds the early result for @path (the current request) to the updater. Takes @task. */
static void
use_ahead (GTask      *task,
           const char *path)
{
  LoadData *data = g_task_get_task_data (task);
  g_autofree char *key = NULL;
  Ahead *ahead = NULL;
  GBytes *bytes;

  /* used once: a retry of the update (after fetching root again) fetches anew */
  g_hash_table_steal_extended (data->ahead, path, (gpointer *) &key, (gpointer *) &ahead);
  bytes = g_steal_pointer (&ahead->bytes);
  if (ahead->error != NULL)
    {
      GError *error = g_steal_pointer (&ahead->error);

      ahead_free (ahead);
      fail_update (task, error);
      g_object_unref (task);
      return;
    }
  ahead_free (ahead);
  /* the parse-ahead result for @bytes is taken when the updater parses them, or dropped
   * with the load */
  if (bytes != NULL)
    {
      if (data->used_ahead == NULL)
        data->used_ahead = g_ptr_array_new_with_free_func ((GDestroyNotify) drop_parse_ahead);
      g_ptr_array_add (data->used_ahead, g_bytes_ref (bytes));
    }
  feed_async (task, bytes);
}

typedef struct
{
  GTask *task;
  char  *path;
} AheadFetch;

static void
ahead_fetch_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AheadFetch *fetch = user_data;
  g_autoptr(GTask) task = fetch->task;
  g_autofree char *path = fetch->path;
  LoadData *data = g_task_get_task_data (task);
  Ahead *ahead;
  GError *error = NULL;
  GBytes *bytes;

  g_free (fetch);
  bytes = _signet_remote_trust_get_finish (SIGNET_REMOTE (object), result, &error);
  data->n_ahead_fetching--;
  ahead = data->ahead != NULL ? g_hash_table_lookup (data->ahead, path) : NULL;
  if (ahead == NULL || g_task_get_completed (task))
    {
      g_clear_pointer (&bytes, g_bytes_unref);
      g_clear_error (&error);
      return;
    }
  ahead->done = TRUE;
  ahead->bytes = bytes;
  if (error != NULL && !g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
    ahead->error = g_steal_pointer (&error);
  g_clear_error (&error);
  if (ahead->bytes != NULL)
    _signet_tuf_metadata_parse_ahead (ahead->role, ahead->bytes);

  if (data->waiting != NULL && g_str_equal (data->waiting_path, path))
    {
      GTask *waiting = g_steal_pointer (&data->waiting);

      fetch_ahead_upcoming (waiting);
      use_ahead (waiting, path);
    }
  else
    fetch_ahead_upcoming (task);
}

/* Starts fetching (or takes from the cache, by checksum) the files the updater will ask
 * for next, a few at a time, and has them parsed in worker threads as they come. */
static void
fetch_ahead_upcoming (GTask *task)
{
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) upcoming = _signet_tuf_updater_get_upcoming (data->updater);

  if (upcoming->len == 0)
    return;
  if (data->ahead == NULL)
    data->ahead = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) ahead_free);
  for (guint i = 0; i < upcoming->len && data->n_ahead_fetching < MAX_AHEAD_FETCHES; i++)
    {
      const SignetTufRequest *req = g_ptr_array_index (upcoming, i);
      Ahead *ahead;
      GBytes *cached;
      AheadFetch *fetch;

      if (g_hash_table_contains (data->ahead, req->path))
        continue;
      ahead = g_new0 (Ahead, 1);
      ahead->role = g_strdup (req->role);
      g_hash_table_insert (data->ahead, g_strdup (req->path), ahead);
      cached = cached_by_checksum (data, req);
      if (cached != NULL)
        {
          ahead->done = TRUE;
          ahead->bytes = g_bytes_ref (cached);
          _signet_tuf_metadata_parse_ahead (ahead->role, ahead->bytes);
          continue;
        }
      fetch = g_new0 (AheadFetch, 1);
      fetch->task = g_object_ref (task);
      fetch->path = g_strdup (req->path);
      data->n_ahead_fetching++;
      _signet_remote_trust_get_async (data->remote, data->gun, req->path, req->max_size,
                                      g_task_get_cancellable (task), ahead_fetch_cb, fetch);
    }
}

static void
fetch_next (GTask *task_owned)
{
  g_autoptr(GTask) task = task_owned;
  LoadData *data = g_task_get_task_data (task);
  const SignetTufRequest *req;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (g_cancellable_is_cancelled (cancellable))
    {
      stop_parse_ahead (data);
      g_task_return_error_if_cancelled (task);
      return;
    }
  req = _signet_tuf_updater_next_request (data->updater);
  if (req != NULL)
    {
      GBytes *cached;
      Ahead *ahead = data->ahead != NULL ? g_hash_table_lookup (data->ahead, req->path) : NULL;

      if (ahead != NULL && g_str_equal (ahead->role, req->role))
        {
          if (!ahead->done)
            {
              /* ahead_fetch_cb resumes the load */
              data->waiting = g_steal_pointer (&task);
              g_free (data->waiting_path);
              data->waiting_path = g_strdup (req->path);
              return;
            }
          fetch_ahead_upcoming (task);
          use_ahead (g_steal_pointer (&task), req->path);
          return;
        }
      cached = cached_by_checksum (data, req);
      if (cached != NULL)
        {
          fetch_ahead_upcoming (task);
          feed_async (g_steal_pointer (&task), g_bytes_ref (cached));
          return;
        }
      _signet_remote_trust_get_async (data->remote, data->gun, req->path, req->max_size,
                                      cancellable, fetch_cb, g_object_ref (task));
      fetch_ahead_upcoming (task);
      return;
    }
  stop_parse_ahead (data);
  data->repo = _signet_tuf_updater_finish (data->updater, &error);
  if (data->repo == NULL)
    {
      g_prefix_error (&error, "Trust data for %s: ", data->gun);
      g_task_return_error (task, error);
      return;
    }
  data->files = cache_files (data);
  if (same_files (data->files, data->cached) || start_deferred_write (data))
    {
      complete (task);
      return;
    }
  {
    GTask *writer = g_task_new (NULL, cancellable, write_cb, g_steal_pointer (&task));

    g_task_set_task_data (writer, data, NULL);
    g_task_run_in_thread (writer, write_thread);
    g_object_unref (writer);
  }
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;

  data->cached = _signet_repository_read_cache (data->trust_dir, data->gun, &error);
  if (data->cached == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->flags & SIGNET_REPOSITORY_LOAD_OFFLINE)
    {
      if (g_hash_table_size (data->cached) == 0)
        {
          g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                                   "No cached trust data for %s in %s", data->gun,
                                   data->trust_dir);
          return;
        }
      data->repo = _signet_tuf_repo_load_cached (data->gun, data->cached, data->now, &error);
      if (data->repo == NULL)
        {
          g_prefix_error (&error, "Cached trust data for %s: ", data->gun);
          g_task_return_error (task, error);
          return;
        }
    }
  else
    {
      /* parses the cached files: here, not on the caller's main loop */
      data->updater = _signet_tuf_updater_new (data->gun, data->cached, data->now, &error);
      if (data->updater == NULL)
        {
          g_prefix_error (&error, "Cached trust data for %s: ", data->gun);
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

/* Most updates find the cached targets files unchanged (the snapshot names them by
 * checksum): once the first request is on its way, start parsing them in worker
 * threads, "targets" first. */
static void
parse_cached_ahead (LoadData *data)
{
  GHashTableIter iter;
  gpointer role, bytes;
  GBytes *targets = g_hash_table_lookup (data->cached, "targets");

  if (targets == NULL || data->updater == NULL)
    return;
  if (data->used_ahead == NULL)
    data->used_ahead = g_ptr_array_new_with_free_func ((GDestroyNotify) drop_parse_ahead);
  _signet_tuf_metadata_parse_ahead ("targets", targets);
  g_ptr_array_add (data->used_ahead, g_bytes_ref (targets));
  g_hash_table_iter_init (&iter, data->cached);
  while (g_hash_table_iter_next (&iter, &role, &bytes))
    if (_signet_tuf_is_delegation_name (role))
      {
        _signet_tuf_metadata_parse_ahead (role, bytes);
        g_ptr_array_add (data->used_ahead, g_bytes_ref (bytes));
      }
}

/* Both the cache reader and the warm-up are done: the update can start. */
static void
start_update (GTask *task)
{
  LoadData *data = g_task_get_task_data (task);

  if (data->start_error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->start_error));
      return;
    }
  if (data->flags & SIGNET_REPOSITORY_LOAD_OFFLINE)
    {
      complete (task);
      return;
    }
  parse_cached_ahead (data);
  fetch_next (g_object_ref (task));
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    data->start_error = error;
  if (--data->starting == 0)
    start_update (task);
}

/* The first connection loads the proxy resolver (GNOME's reads its settings) and the TLS
 * backend: done here, in a worker thread, while the cache is read. */
static void
warm_up_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  _signet_remote_warm_up ();
  g_task_return_boolean (task, TRUE);
}

static void
warm_up_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);

  g_task_propagate_boolean (G_TASK (result), NULL);
  if (--data->starting == 0)
    start_update (task);
}

void
_signet_repository_load_at_async (SignetRemote              *remote,
                                  const char                *trust_dir,
                                  const char                *gun,
                                  SignetRepositoryLoadFlags  flags,
                                  gint64                     now,
                                  GCancellable              *cancellable,
                                  GAsyncReadyCallback        callback,
                                  gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  GTask *reader;
  LoadData *data;
  GError *error = NULL;

  g_return_if_fail (remote == NULL || SIGNET_IS_REMOTE (remote));
  g_return_if_fail (gun != NULL);
  g_return_if_fail (remote != NULL || (flags & SIGNET_REPOSITORY_LOAD_OFFLINE));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_repository_load_async);

  data = g_new0 (LoadData, 1);
  data->remote = remote ? g_object_ref (remote) : NULL;
  data->trust_dir = trust_dir ? g_strdup (trust_dir) : signet_default_trust_dir ();
  data->gun = g_strdup (gun);
  data->flags = flags;
  data->now = now > 0 ? now : g_get_real_time () / G_USEC_PER_SEC;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  if (!signet_gun_validate (gun, -1, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data->starting = 1;
  if (!(flags & SIGNET_REPOSITORY_LOAD_OFFLINE))
    {
      GTask *warm = g_task_new (NULL, NULL, warm_up_cb, g_object_ref (task));

      data->starting++;
      g_task_run_in_thread (warm, warm_up_thread);
      g_object_unref (warm);
    }
  reader = g_task_new (NULL, cancellable, read_cb, g_steal_pointer (&task));
  g_task_set_task_data (reader, data, NULL);
  g_task_run_in_thread (reader, read_thread);
  g_object_unref (reader);
}

void
signet_repository_load_async (SignetRemote              *remote,
                              const char                *trust_dir,
                              const char                *gun,
                              SignetRepositoryLoadFlags  flags,
                              GCancellable              *cancellable,
                              GAsyncReadyCallback        callback,
                              gpointer                   user_data)
{
  _signet_repository_load_at_async (remote, trust_dir, gun, flags, 0, cancellable, callback,
                                    user_data);
}

SignetRepository *
signet_repository_load_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
