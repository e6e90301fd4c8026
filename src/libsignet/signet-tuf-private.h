/* signet-tuf-private.h: the TUF client update workflow as a pure state machine.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CONTRACT between the tuf module (owner) and the repository module (driver).
 * The updater does no I/O: it says which file it wants next, the driver fetches it
 * (from the notary server, with the size cap given) and feeds the bytes back. When no
 * request is left, finish() returns the verified set, or the first error. Nothing is
 * written anywhere: the driver replaces the cache with repo files only on success.
 * Facts: notary-v1.md §1, §2, §5, §13.
 *
 *   updater = _signet_tuf_updater_new (gun, cached_files, now, &error);
 *   while ((req = _signet_tuf_updater_next_request (updater)))
 *     if (!_signet_tuf_updater_feed (updater, fetch (req->path, req->max_size), &error))
 *       goto fail;
 *   repo = _signet_tuf_updater_finish (updater, &error);
 *   write_cache (_signet_tuf_repo_get_files (repo));
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SignetTufRepo    SignetTufRepo;    /* a verified, immutable metadata set */
typedef struct _SignetTufUpdater SignetTufUpdater;

typedef struct
{
  const char *role;     /* "root", "timestamp", "snapshot", "targets", "targets/releases", … */
  const char *path;     /* under <server>/v2/<gun>/_trust/tuf/: "root.json", "2.root.json",
                         * "timestamp.json", "snapshot.<sha256hex>.json", "targets/x.<hex>.json" */
  gsize       max_size; /* refuse a body larger than this (SIGNET_ERROR_TOO_LARGE) */
} SignetTufRequest;

/* @cached_files: role name -> GBytes of the file in the trust cache (NULL or empty on
 * first use). @now: Unix seconds (injected, so expiry tests need no waiting). */
SignetTufUpdater       *_signet_tuf_updater_new          (const char        *gun,
                                                          GHashTable        *cached_files,
                                                          gint64             now,
                                                          GError           **error);
void                    _signet_tuf_updater_free         (SignetTufUpdater  *self);
/* The next file wanted, or NULL when done (or failed). Valid until the next feed(). */
const SignetTufRequest *_signet_tuf_updater_next_request (SignetTufUpdater  *self);
/* @bytes: the body fetched for the last request, or NULL when the server answered 404.
 * FALSE and @error when the update cannot go on. */
gboolean                _signet_tuf_updater_feed         (SignetTufUpdater  *self,
                                                          GBytes            *bytes,
                                                          GError           **error);
/* The verified set. Non-fatal findings (a delegation dropped as expired or under-signed)
 * are in _signet_tuf_repo_get_warnings(). */
SignetTufRepo          *_signet_tuf_updater_finish       (SignetTufUpdater  *self,
                                                          GError           **error);

/* Offline: verify the cached files alone as a consistent set (signatures, hashes,
 * thresholds); expiry is reported as warnings, not errors. */
SignetTufRepo          *_signet_tuf_repo_load_cached     (const char        *gun,
                                                          GHashTable        *cached_files,
                                                          gint64             now,
                                                          GError           **error);

SignetTufRepo          *_signet_tuf_repo_ref             (SignetTufRepo     *self);
void                    _signet_tuf_repo_unref           (SignetTufRepo     *self);
const char             *_signet_tuf_repo_get_gun         (SignetTufRepo     *self);
/* role name -> GBytes: exactly the file bytes to store in the cache (root, targets,
 * snapshot, timestamp and every delegation that was fetched). */
GHashTable             *_signet_tuf_repo_get_files       (SignetTufRepo     *self);
/* Plain-words strings. */
GPtrArray              *_signet_tuf_repo_get_warnings    (SignetTufRepo     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetTufUpdater, _signet_tuf_updater_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetTufRepo, _signet_tuf_repo_unref)

/* The rest of this header (the metadata model that summary and ops read) is the tuf
 * module's to define below. */

G_END_DECLS
