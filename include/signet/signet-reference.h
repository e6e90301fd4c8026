/* signet-reference.h: container image references, as docker reads them.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(SIGNET_INSIDE) && !defined(SIGNET_COMPILATION)
# error "Only <signet/signet.h> can be included directly."
#endif

#include <glib-object.h>

#include "signet-version-macros.h"

G_BEGIN_DECLS

/* The registry that docker's short names refer to, and the key docker uses for its
 * credentials. */
#define SIGNET_DOCKER_HUB_REGISTRY   "docker.io"
#define SIGNET_DOCKER_HUB_AUTH_KEY   "https://index.docker.io/v1/"

#define SIGNET_TYPE_REFERENCE (signet_reference_get_type ())

/**
 * SignetReference:
 *
 * A parsed, normalised image reference: `alpine` is registry `docker.io`, repository
 * `library/alpine`, GUN `docker.io/library/alpine`.  Immutable.
 */
typedef struct _SignetReference SignetReference;

SIGNET_AVAILABLE_IN_ALL
GType            signet_reference_get_type       (void) G_GNUC_CONST;
SIGNET_AVAILABLE_IN_ALL
SignetReference *signet_reference_parse          (const char       *text,
                                                  GError          **error) G_GNUC_WARN_UNUSED_RESULT;
SIGNET_AVAILABLE_IN_ALL
SignetReference *signet_reference_ref            (SignetReference  *self);
SIGNET_AVAILABLE_IN_ALL
void             signet_reference_unref          (SignetReference  *self);
/* "docker.io", "127.0.0.1:5000", "registry.example.com" */
SIGNET_AVAILABLE_IN_ALL
const char      *signet_reference_get_registry   (SignetReference  *self);
/* The host[:port] that serves the registry API ("registry-1.docker.io" for Docker Hub). */
SIGNET_AVAILABLE_IN_ALL
const char      *signet_reference_get_api_host   (SignetReference  *self);
/* "library/alpine", "demo/web" */
SIGNET_AVAILABLE_IN_ALL
const char      *signet_reference_get_repository (SignetReference  *self);
/* The tag, or NULL. A reference with neither tag nor digest has no tag here (docker
 * would use "latest"). */
SIGNET_AVAILABLE_IN_ALL
const char      *signet_reference_get_tag        (SignetReference  *self);
/* "sha256:<64 hex>" or NULL */
SIGNET_AVAILABLE_IN_ALL
const char      *signet_reference_get_digest     (SignetReference  *self);
/* The fully qualified name: "docker.io/library/alpine", "127.0.0.1:5000/demo/web". */
SIGNET_AVAILABLE_IN_ALL
const char      *signet_reference_get_gun        (SignetReference  *self);
SIGNET_AVAILABLE_IN_ALL
gboolean         signet_reference_is_docker_hub  (SignetReference  *self);
/* The fully qualified reference, with tag and digest if any. */
SIGNET_AVAILABLE_IN_ALL
char            *signet_reference_to_string      (SignetReference  *self) G_GNUC_WARN_UNUSED_RESULT;

/* Checks that @gun (@len bytes, or -1 if NUL-terminated) is a fully qualified name that is
 * safe as a path below the trust directory: not empty, not absolute, no empty, "." or ".."
 * components, no NUL or backslash, and valid as a docker name.
 * SIGNET_ERROR_UNSAFE_PATH or SIGNET_ERROR_INVALID_ARGUMENT. */
SIGNET_AVAILABLE_IN_ALL
gboolean         signet_gun_validate             (const char       *gun,
                                                  gssize            len,
                                                  GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetReference, signet_reference_unref)

G_END_DECLS
