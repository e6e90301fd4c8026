/* signet-ui-registry.h: the registries the user added, kept in a JSON file under the XDG
 * config dir (logins are in the keyring, never in that file).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_REGISTRY (signet_ui_registry_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiRegistry, signet_ui_registry, SIGNET_UI, REGISTRY, GObject)

SignetUiRegistry   *signet_ui_registry_new                 (const char        *name,
                                                            const char        *url) G_GNUC_WARN_UNUSED_RESULT;
SignetUiRegistry   *signet_ui_registry_copy                (SignetUiRegistry  *self) G_GNUC_WARN_UNUSED_RESULT;
/* host[:port] (or "docker.io"), as docker names the registry */
const char         *signet_ui_registry_get_name            (SignetUiRegistry  *self);
/* "https://host[:port]" */
const char         *signet_ui_registry_get_url             (SignetUiRegistry  *self);
const char         *signet_ui_registry_get_notary_url      (SignetUiRegistry  *self);
void                signet_ui_registry_set_notary_url      (SignetUiRegistry  *self,
                                                            const char        *url);
const char         *signet_ui_registry_get_ca_file         (SignetUiRegistry  *self);
void                signet_ui_registry_set_ca_file         (SignetUiRegistry  *self,
                                                            const char        *path);
const char         *signet_ui_registry_get_username        (SignetUiRegistry  *self);
void                signet_ui_registry_set_username        (SignetUiRegistry  *self,
                                                            const char        *username);
/* FALSE for Docker Hub: no catalog, repositories are added by name */
gboolean            signet_ui_registry_get_has_catalog     (SignetUiRegistry  *self);
const char * const *signet_ui_registry_get_repositories    (SignetUiRegistry  *self);
gboolean            signet_ui_registry_add_repository      (SignetUiRegistry  *self,
                                                            const char        *repository);

/* Validates what the user typed ("registry.example.com", "https://127.0.0.1:5000/", …).
 * @name: (out): host[:port]; @url: (out): "https://host[:port]". */
gboolean            signet_ui_registry_parse_url           (const char        *text,
                                                            char             **name,
                                                            char             **url,
                                                            GError           **error);
/* The notary server docker would use: $DOCKER_CONTENT_TRUST_SERVER, notary.docker.io for
 * Docker Hub, else the registry itself. */
char               *signet_ui_registry_derive_notary_url   (const char        *name) G_GNUC_WARN_UNUSED_RESULT;

/* The registries file: $XDG_CONFIG_HOME/signet/registries.json */
GFile              *signet_ui_registries_default_file      (void) G_GNUC_WARN_UNUSED_RESULT;
/* A missing file is an empty list. Returns a GListStore of SignetUiRegistry. */
void                signet_ui_registries_load_async        (GFile               *file,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GListStore         *signet_ui_registries_load_finish       (GAsyncResult        *result,
                                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void                signet_ui_registries_save_async        (GListModel          *registries,
                                                            GFile               *file,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean            signet_ui_registries_save_finish       (GAsyncResult        *result,
                                                            GError             **error);
/* Registries that ${DOCKER_CONFIG:-~/.docker}/config.json knows ("auths", "credHelpers"),
 * as host[:port] names, sorted. */
void                signet_ui_docker_known_registries_async  (GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
GStrv               signet_ui_docker_known_registries_finish (GAsyncResult        *result,
                                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
