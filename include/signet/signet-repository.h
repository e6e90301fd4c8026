/* signet-repository.h: one repository's verified trust data (remote -> tuf -> cache).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(SIGNET_INSIDE) && !defined(SIGNET_COMPILATION)
# error "Only <signet/signet.h> can be included directly."
#endif

#include <gio/gio.h>

#include "signet-remote.h"
#include "signet-version-macros.h"

G_BEGIN_DECLS

typedef enum
{
  SIGNET_REPOSITORY_LOAD_NONE    = 0,
  /* Verify the cached files only; no network. */
  SIGNET_REPOSITORY_LOAD_OFFLINE = 1 << 0,
} SignetRepositoryLoadFlags;

#define SIGNET_TYPE_REPOSITORY (signet_repository_get_type ())

SIGNET_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SignetRepository, signet_repository, SIGNET, REPOSITORY, GObject)

/* ${DOCKER_CONFIG:-~/.docker}/trust */
SIGNET_AVAILABLE_IN_ALL
char             *signet_default_trust_dir            (void) G_GNUC_WARN_UNUSED_RESULT;

/* Loads the trust data of @gun (a fully qualified name, e.g. "docker.io/library/alpine"):
 * reads the cache in <@trust_dir>/tuf/<gun>/metadata/, fetches and verifies the update
 * from the notary server through @remote, and on success replaces the cache atomically;
 * a failed update changes nothing on disk. With SIGNET_REPOSITORY_LOAD_OFFLINE the cached
 * files are verified alone (@remote may be NULL) and expiry is only a warning.
 * @trust_dir: NULL for the default. */
SIGNET_AVAILABLE_IN_ALL
void              signet_repository_load_async        (SignetRemote              *remote,
                                                       const char                *trust_dir,
                                                       const char                *gun,
                                                       SignetRepositoryLoadFlags  flags,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
SIGNET_AVAILABLE_IN_ALL
SignetRepository *signet_repository_load_finish       (GAsyncResult              *result,
                                                       GError                   **error) G_GNUC_WARN_UNUSED_RESULT;

SIGNET_AVAILABLE_IN_ALL
const char       *signet_repository_get_gun           (SignetRepository          *self);
SIGNET_AVAILABLE_IN_ALL
const char       *signet_repository_get_trust_dir     (SignetRepository          *self);
/* TRUE when the data came from the cache alone. */
SIGNET_AVAILABLE_IN_ALL
gboolean          signet_repository_is_offline        (SignetRepository          *self);
/* Non-fatal findings in plain words (a dropped delegation, offline expiry, …). */
SIGNET_AVAILABLE_IN_ALL
const char * const *signet_repository_get_warnings    (SignetRepository          *self);

G_END_DECLS
