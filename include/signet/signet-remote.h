/* signet-remote.h: the client for registries (Docker Registry HTTP API v2) and their
 * notary servers, with docker's credentials and TLS configuration.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(SIGNET_INSIDE) && !defined(SIGNET_COMPILATION)
# error "Only <signet/signet.h> can be included directly."
#endif

#include <gio/gio.h>

#include "signet-reference.h"
#include "signet-version-macros.h"

G_BEGIN_DECLS

#define SIGNET_MEDIA_TYPE_DOCKER_MANIFEST      "application/vnd.docker.distribution.manifest.v2+json"
#define SIGNET_MEDIA_TYPE_DOCKER_MANIFEST_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define SIGNET_MEDIA_TYPE_OCI_MANIFEST         "application/vnd.oci.image.manifest.v1+json"
#define SIGNET_MEDIA_TYPE_OCI_INDEX            "application/vnd.oci.image.index.v1+json"

#define SIGNET_TYPE_MANIFEST (signet_manifest_get_type ())

/**
 * SignetManifest:
 *
 * What a registry says about one manifest: its digest ("sha256:…"), size in bytes and media
 * type, and the body when it was fetched with GET. Immutable.
 */
typedef struct _SignetManifest SignetManifest;

SIGNET_AVAILABLE_IN_ALL
GType           signet_manifest_get_type       (void) G_GNUC_CONST;
SIGNET_AVAILABLE_IN_ALL
SignetManifest *signet_manifest_ref            (SignetManifest *self);
SIGNET_AVAILABLE_IN_ALL
void            signet_manifest_unref          (SignetManifest *self);
SIGNET_AVAILABLE_IN_ALL
const char     *signet_manifest_get_digest     (SignetManifest *self);
SIGNET_AVAILABLE_IN_ALL
gsize           signet_manifest_get_size       (SignetManifest *self);
SIGNET_AVAILABLE_IN_ALL
const char     *signet_manifest_get_media_type (SignetManifest *self);
/* NULL when only the headers were fetched. */
SIGNET_AVAILABLE_IN_ALL
GBytes         *signet_manifest_get_body       (SignetManifest *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetManifest, signet_manifest_unref)

#define SIGNET_TYPE_REMOTE (signet_remote_get_type ())

SIGNET_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SignetRemote, signet_remote, SIGNET, REMOTE, GObject)

/* @docker_config_dir: NULL for ${DOCKER_CONFIG:-~/.docker}. Reads its config.json.
 * One HTTP session per client; tokens and logins are cached per client. */
SIGNET_AVAILABLE_IN_ALL
SignetRemote   *signet_remote_new                    (const char          *docker_config_dir,
                                                      GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same, reading config.json in a worker thread (for the GTK thread). The TLS folders
 * (tls/<host:port>/) are read in a worker thread on the first request to each host. */
SIGNET_AVAILABLE_IN_ALL
void            signet_remote_new_async              (const char          *docker_config_dir,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
SIGNET_AVAILABLE_IN_ALL
SignetRemote   *signet_remote_new_finish             (GAsyncResult        *result,
                                                      GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* Allow plain http:// to loopback addresses (127.0.0.0/8, ::1, localhost) only. Off by
 * default. With it, a loopback registry without an explicit endpoint is reached over http. */
SIGNET_AVAILABLE_IN_ALL
void            signet_remote_set_allow_insecure_loopback (SignetRemote   *self,
                                                           gboolean        allow);
/* I/O timeout in seconds (default 30). */
SIGNET_AVAILABLE_IN_ALL
void            signet_remote_set_timeout            (SignetRemote        *self,
                                                      guint                seconds);
/* The base URL of @registry's API ("https://host:port"); NULL restores the default. */
SIGNET_AVAILABLE_IN_ALL
gboolean        signet_remote_set_registry_endpoint  (SignetRemote        *self,
                                                      const char          *registry,
                                                      const char          *url,
                                                      GError             **error);
/* The notary server for @registry (overridden by $DOCKER_CONTENT_TRUST_SERVER); NULL
 * restores the default (notary.docker.io for Docker Hub, else the registry itself). */
SIGNET_AVAILABLE_IN_ALL
gboolean        signet_remote_set_trust_server       (SignetRemote        *self,
                                                      const char          *registry,
                                                      const char          *url,
                                                      GError             **error);
/* Accepts the CAs in the PEM file @file for https://@host_port (host[:port]) too, in
 * addition to the system's and the .crt files in $DOCKER_CONFIG/tls/<host[:port]>. The file is read
 * (in a worker thread) before the next request to that host; a file that cannot be read
 * fails that request with SIGNET_ERROR_MALFORMED. NULL @file forgets the host's files. */
SIGNET_AVAILABLE_IN_ALL
void            signet_remote_add_ca_file            (SignetRemote        *self,
                                                      const char          *host_port,
                                                      const char          *file);
SIGNET_AVAILABLE_IN_ALL
char           *signet_remote_get_trust_server       (SignetRemote        *self,
                                                      const char          *registry,
                                                      GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* GET /v2/ with authentication: TRUE when the registry answers and accepts us. */
SIGNET_AVAILABLE_IN_ALL
void            signet_remote_ping_async             (SignetRemote        *self,
                                                      const char          *registry,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
SIGNET_AVAILABLE_IN_ALL
gboolean        signet_remote_ping_finish            (SignetRemote        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* GET /v2/_catalog, following rel="next" links (at most 100 pages). */
SIGNET_AVAILABLE_IN_ALL
void            signet_remote_list_repositories_async  (SignetRemote        *self,
                                                        const char          *registry,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
SIGNET_AVAILABLE_IN_ALL
GStrv           signet_remote_list_repositories_finish (SignetRemote        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* GET /v2/<repository>/tags/list, following rel="next" links (at most 100 pages). */
SIGNET_AVAILABLE_IN_ALL
void            signet_remote_list_tags_async        (SignetRemote        *self,
                                                      SignetReference     *reference,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
SIGNET_AVAILABLE_IN_ALL
GStrv           signet_remote_list_tags_finish       (SignetRemote        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* HEAD (@with_body FALSE) or GET the manifest for @reference's digest, else its tag, else
 * "latest". The digest is Docker-Content-Digest or the SHA-256 of the body; when both are
 * known they must agree (SIGNET_ERROR_HASH_MISMATCH), as must a requested digest. */
SIGNET_AVAILABLE_IN_ALL
void            signet_remote_get_manifest_async     (SignetRemote        *self,
                                                      SignetReference     *reference,
                                                      gboolean             with_body,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
SIGNET_AVAILABLE_IN_ALL
SignetManifest *signet_remote_get_manifest_finish    (SignetRemote        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
