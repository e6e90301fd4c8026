/* signet-keystore-file.c: atomic, durable, never-clobbering file writes.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "signet-error.h"
#include "signet-keystore-private.h"

static gboolean
io_error (GError     **error,
          int          saved_errno,
          const char  *what,
          const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s “%s”: %s", what, path,
               g_strerror (saved_errno));
  return FALSE;
}

static gboolean
fsync_dir (const char  *dir,
           GError     **error)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return io_error (error, errno, "Cannot open directory", dir);
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      int e = errno;
      close (fd);
      return io_error (error, e, "Cannot sync directory", dir);
    }
  close (fd);
  return TRUE;
}

gboolean
_signet_mkdir_private (const char  *path,
                       GError     **error)
{
  g_autofree char *parent = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  parent = g_path_get_dirname (path);
  if (!g_str_equal (parent, path) && !_signet_mkdir_private (parent, error))
    return FALSE;
  if (mkdir (path, 0700) != 0 && errno != EEXIST)
    return io_error (error, errno, "Cannot create directory", path);
  return TRUE;
}

gboolean
_signet_file_write_atomic (const char  *path,
                           const void  *data,
                           gsize        len,
                           int          mode,
                           gboolean     overwrite,
                           GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = NULL;
  const guint8 *p = data;
  gsize done = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!_signet_mkdir_private (dir, error))
    return FALSE;

  if (!overwrite && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_EXISTS, "“%s” already exists; not overwriting it", path);
      return FALSE;
    }

  /* Hidden temporary name in the same directory; listings ignore ".*" files. */
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, mode);
  if (fd < 0)
    return io_error (error, errno, "Cannot create a temporary file in", dir);
  if (fchmod (fd, mode) != 0)
    goto fail;

  while (done < len)
    {
      ssize_t n = write (fd, p + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto fail;
      done += n;
    }
  if (fsync (fd) != 0)
    goto fail;
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  fd = -1;

  if (overwrite)
    {
      if (rename (tmp, path) != 0)
        goto fail;
    }
  else
    {
      /* link() refuses an existing target atomically. */
      if (link (tmp, path) != 0)
        {
          int e = errno;

          g_unlink (tmp);
          if (e == EEXIST)
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_EXISTS,
                           "“%s” already exists; not overwriting it", path);
              return FALSE;
            }
          return io_error (error, e, "Cannot write", path);
        }
      g_unlink (tmp);
    }

  return fsync_dir (dir, error);

fail:
  {
    int e = errno;

    if (fd >= 0)
      close (fd);
    g_unlink (tmp);
    return io_error (error, e, "Cannot write", path);
  }
}
