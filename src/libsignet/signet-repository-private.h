/* signet-repository-private.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-repository.h"
#include "signet-tuf-private.h"

G_BEGIN_DECLS

/* The verified metadata set (owned by @self). */
SignetTufRepo *_signet_repository_get_tuf_repo  (SignetRepository          *self);

/* signet_repository_load_async with an injected clock (@now Unix seconds; 0 = real time). */
void           _signet_repository_load_at_async (SignetRemote              *remote,
                                                 const char                *trust_dir,
                                                 const char                *gun,
                                                 SignetRepositoryLoadFlags  flags,
                                                 gint64                     now,
                                                 GCancellable              *cancellable,
                                                 GAsyncReadyCallback        callback,
                                                 gpointer                   user_data);

/* Cache I/O (blocking; the load runs them in a worker thread).
 * read: role -> GBytes of <trust_dir>/tuf/<gun>/metadata/ (empty table when absent).
 * write: replaces that directory with exactly @files: a new directory beside it, every
 * file and directory fsynced, then swapped in with one rename; the old one is removed. */
GHashTable    *_signet_repository_read_cache    (const char                *trust_dir,
                                                 const char                *gun,
                                                 GError                   **error);
gboolean       _signet_repository_write_cache   (const char                *trust_dir,
                                                 const char                *gun,
                                                 GHashTable                *files,
                                                 GError                   **error);

/* For a process that waits before it exits (signet-cli): with @defer, a load that must
 * replace the cache completes as soon as the data is verified, and the new cache is
 * written (and fsynced) in a thread of its own meanwhile. The process then MUST call
 * _signet_repository_wait_cache_writes() before it exits; its error is the one the load
 * would have failed with. Default: off (the load completes after the write). */
void           _signet_repository_defer_cache_writes (gboolean           defer);
gboolean       _signet_repository_wait_cache_writes  (GError           **error);

G_END_DECLS
