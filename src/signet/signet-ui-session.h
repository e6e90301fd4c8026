/* signet-ui-session.h: one registry's connection (a SignetRemote set up with its
 * endpoint, notary server and keyring login) and the async loads the views need.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <signet/signet.h>

#include "signet-ui-registry.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_SESSION (signet_ui_session_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiSession, signet_ui_session, SIGNET_UI, SESSION, GObject)

/* The result of a trust load. */
#define SIGNET_UI_TYPE_TRUST_RESULT (signet_ui_trust_result_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiTrustResult, signet_ui_trust_result, SIGNET_UI, TRUST_RESULT, GObject)

/* NULL when the repository has no trust data (unsigned). */
SignetTrustSummary *signet_ui_trust_result_get_summary  (SignetUiTrustResult *self);
/* TRUE when the server could not be reached and the cached data is shown. */
gboolean            signet_ui_trust_result_get_offline  (SignetUiTrustResult *self);
/* Why the data is offline, or NULL. */
const GError       *signet_ui_trust_result_get_error    (SignetUiTrustResult *self);
const char * const *signet_ui_trust_result_get_warnings (SignetUiTrustResult *self);

SignetUiSession  *signet_ui_session_new                    (SignetUiRegistry    *registry,
                                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void              signet_ui_session_new_async              (SignetUiRegistry    *registry,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
SignetUiSession  *signet_ui_session_new_finish             (GAsyncResult        *result,
                                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* Sets @remote up for @registry as a session does (endpoint, notary server, CA file). */
gboolean          signet_ui_session_configure_remote       (SignetRemote        *remote,
                                                            SignetUiRegistry    *registry,
                                                            GError             **error);
void              signet_ui_session_set_login              (SignetUiSession     *self,
                                                            const char          *username,
                                                            const char          *password);
SignetUiRegistry *signet_ui_session_get_registry           (SignetUiSession     *self);
SignetRemote     *signet_ui_session_get_remote             (SignetUiSession     *self);
/* "host:port/repository" */
char             *signet_ui_session_get_gun                (SignetUiSession     *self,
                                                            const char          *repository) G_GNUC_WARN_UNUSED_RESULT;

/* Reads the login from the keyring (once) and pings the registry. */
void              signet_ui_session_connect_async          (SignetUiSession     *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean          signet_ui_session_connect_finish         (SignetUiSession     *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* The catalog, plus the repositories added by name. */
void              signet_ui_session_list_repositories_async  (SignetUiSession     *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
GStrv             signet_ui_session_list_repositories_finish (SignetUiSession     *self,
                                                              GAsyncResult        *result,
                                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* The verified trust data of @repository; offline fallback to the cache when the
 * notary server cannot be reached. */
void              signet_ui_session_load_trust_async       (SignetUiSession     *self,
                                                            const char          *repository,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
SignetUiTrustResult *signet_ui_session_load_trust_finish   (SignetUiSession     *self,
                                                            GAsyncResult        *result,
                                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Stores a login in the keyring (docker's schema, so docker sees it too). */
void              signet_ui_login_store_async              (const char          *server,
                                                            const char          *username,
                                                            const char          *password,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean          signet_ui_login_store_finish             (GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
