/* signet-ui-session.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-docker-config-private.h"
#include "signet-remote-private.h"
#include "signet-repository-private.h"
#include "signet-secrets-private.h"
#include "signet-trust-summary-private.h"

#include "signet-ui-session.h"

/* SignetUiTrustResult ------------------------------------------------------------------ */

struct _SignetUiTrustResult
{
  GObject             parent_instance;

  SignetTrustSummary *summary;
  gboolean            offline;
  GError             *error;
  GStrv               warnings;
};

G_DEFINE_FINAL_TYPE (SignetUiTrustResult, signet_ui_trust_result, G_TYPE_OBJECT)

static void
signet_ui_trust_result_finalize (GObject *object)
{
  SignetUiTrustResult *self = SIGNET_UI_TRUST_RESULT (object);

  g_clear_object (&self->summary);
  g_clear_error (&self->error);
  g_strfreev (self->warnings);

  G_OBJECT_CLASS (signet_ui_trust_result_parent_class)->finalize (object);
}

static void
signet_ui_trust_result_class_init (SignetUiTrustResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_ui_trust_result_finalize;
}

static void
signet_ui_trust_result_init (SignetUiTrustResult *self)
{
}

SignetTrustSummary *
signet_ui_trust_result_get_summary (SignetUiTrustResult *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_TRUST_RESULT (self), NULL);
  return self->summary;
}

gboolean
signet_ui_trust_result_get_offline (SignetUiTrustResult *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_TRUST_RESULT (self), FALSE);
  return self->offline;
}

const GError *
signet_ui_trust_result_get_error (SignetUiTrustResult *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_TRUST_RESULT (self), NULL);
  return self->error;
}

const char * const *
signet_ui_trust_result_get_warnings (SignetUiTrustResult *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (SIGNET_UI_IS_TRUST_RESULT (self), NULL);
  return self->warnings != NULL ? (const char * const *) self->warnings : none;
}

/* SignetUiSession ---------------------------------------------------------------------- */

struct _SignetUiSession
{
  GObject           parent_instance;

  SignetUiRegistry *registry;
  SignetRemote     *remote;
  gboolean          login_read;
};

G_DEFINE_FINAL_TYPE (SignetUiSession, signet_ui_session, G_TYPE_OBJECT)

static void
signet_ui_session_finalize (GObject *object)
{
  SignetUiSession *self = SIGNET_UI_SESSION (object);

  g_clear_object (&self->registry);
  g_clear_object (&self->remote);

  G_OBJECT_CLASS (signet_ui_session_parent_class)->finalize (object);
}

static void
signet_ui_session_class_init (SignetUiSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_ui_session_finalize;
}

static void
signet_ui_session_init (SignetUiSession *self)
{
}

static void
add_ca_for_uri (SignetRemote *remote,
                GUri         *uri,
                const char   *ca_file)
{
  g_autofree char *host_port = NULL;
  const char *host;
  int port;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return;
  host = g_uri_get_host (uri);
  port = g_uri_get_port (uri);
  if (strchr (host, ':') != NULL)
    host_port = port > 0 ? g_strdup_printf ("[%s]:%d", host, port) : g_strdup_printf ("[%s]", host);
  else
    host_port = port > 0 ? g_strdup_printf ("%s:%d", host, port) : g_strdup (host);
  signet_remote_add_ca_file (remote, host_port, ca_file);
}

/* Sets @remote up for @registry as its session does: the registry's endpoint, its notary
 * server, and its CA file for both (no I/O). Used for the expiry checks too. */
gboolean
signet_ui_session_configure_remote (SignetRemote      *remote,
                                    SignetUiRegistry  *registry,
                                    GError           **error)
{
  const char *name;

  g_return_val_if_fail (SIGNET_IS_REMOTE (remote), FALSE);
  g_return_val_if_fail (SIGNET_UI_IS_REGISTRY (registry), FALSE);

  name = signet_ui_registry_get_name (registry);
  if (signet_ui_registry_get_has_catalog (registry) &&
      !signet_remote_set_registry_endpoint (remote, name, signet_ui_registry_get_url (registry), error))
    return FALSE;
  if (signet_ui_registry_get_notary_url (registry) != NULL &&
      !signet_remote_set_trust_server (remote, name, signet_ui_registry_get_notary_url (registry), error))
    return FALSE;
  if (signet_ui_registry_get_ca_file (registry) != NULL)
    {
      const char *ca_file = signet_ui_registry_get_ca_file (registry);
      g_autoptr(GUri) uri = g_uri_parse (signet_ui_registry_get_url (registry), G_URI_FLAGS_NONE, NULL);

      /* the registry and its notary server (often the same private CA) */
      add_ca_for_uri (remote, uri, ca_file);
      if (signet_ui_registry_get_notary_url (registry) != NULL)
        {
          g_autoptr(GUri) notary = g_uri_parse (signet_ui_registry_get_notary_url (registry), G_URI_FLAGS_NONE, NULL);

          add_ca_for_uri (remote, notary, ca_file);
        }
    }
  return TRUE;
}

/* Points @self->remote at @self->registry's servers and CA file (no I/O). */
static gboolean
session_setup_remote (SignetUiSession  *self,
                      GError          **error)
{
  signet_remote_set_timeout (self->remote, 20);
  return signet_ui_session_configure_remote (self->remote, self->registry, error);
}

/* Blocks: reads the docker configuration. On the GTK thread use signet_ui_session_new_async (). */
SignetUiSession *
signet_ui_session_new (SignetUiRegistry  *registry,
                       GError           **error)
{
  g_autoptr(SignetUiSession) self = NULL;

  g_return_val_if_fail (SIGNET_UI_IS_REGISTRY (registry), NULL);

  self = g_object_new (SIGNET_UI_TYPE_SESSION, NULL);
  self->registry = g_object_ref (registry);
  self->remote = signet_remote_new (NULL, error);
  if (self->remote == NULL || !session_setup_remote (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

static void
session_remote_new_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetUiSession *self = g_task_get_task_data (task);
  GError *error = NULL;

  self->remote = signet_remote_new_finish (result, &error);
  if (self->remote == NULL || !session_setup_remote (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

/* A session for @registry; the docker configuration is read in a worker thread. */
void
signet_ui_session_new_async (SignetUiRegistry    *registry,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SignetUiSession *self;

  g_return_if_fail (SIGNET_UI_IS_REGISTRY (registry));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_ui_session_new_async);
  self = g_object_new (SIGNET_UI_TYPE_SESSION, NULL);
  self->registry = g_object_ref (registry);
  g_task_set_task_data (task, self, g_object_unref);
  signet_remote_new_async (NULL, cancellable, session_remote_new_cb, g_steal_pointer (&task));
}

SignetUiSession *
signet_ui_session_new_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Uses @username and @password for this session's registry instead of the keyring's
 * login: for checking a login before it is kept. */
void
signet_ui_session_set_login (SignetUiSession *self,
                             const char      *username,
                             const char      *password)
{
  const char *name;

  g_return_if_fail (SIGNET_UI_IS_SESSION (self));

  name = signet_ui_registry_get_name (self->registry);
  self->login_read = TRUE;
  if (username != NULL && *username != '\0')
    {
      SignetCredentials *creds = _signet_credentials_new (name, username, password, NULL);

      _signet_remote_set_credentials (self->remote, name, creds);
      _signet_credentials_free (creds);
    }
}

SignetUiRegistry *
signet_ui_session_get_registry (SignetUiSession *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_SESSION (self), NULL);
  return self->registry;
}

SignetRemote *
signet_ui_session_get_remote (SignetUiSession *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_SESSION (self), NULL);
  return self->remote;
}

char *
signet_ui_session_get_gun (SignetUiSession *self,
                           const char      *repository)
{
  g_return_val_if_fail (SIGNET_UI_IS_SESSION (self), NULL);
  return g_strconcat (signet_ui_registry_get_name (self->registry), "/", repository, NULL);
}

/* connect ---------------------------------------------------------------------------- */

typedef struct
{
  char              *server;
  SignetCredentials *creds;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_free (data->server);
  g_clear_pointer (&data->creds, _signet_credentials_free);
  g_free (data);
}

static void
login_lookup_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  LoginData *data = task_data;
  g_autofree char *username = NULL;
  g_autoptr(SignetSecret) secret = NULL;
  g_autoptr(GError) error = NULL;

  if (!_signet_login_lookup (data->server, &username, &secret, cancellable, &error))
    {
      /* no keyring is no login: the registry may well be anonymous */
      if (error != NULL)
        g_debug ("No login for %s from the keyring: %s", data->server, error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }
  data->creds = _signet_credentials_new (data->server, username, signet_secret_get (secret, NULL), NULL);
  g_task_return_boolean (task, TRUE);
}

static void
ping_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!signet_remote_ping_finish (SIGNET_REMOTE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
ping (GTask *task)
{
  SignetUiSession *self = g_task_get_source_object (task);

  signet_remote_ping_async (self->remote, signet_ui_registry_get_name (self->registry),
                            g_task_get_cancellable (task), ping_cb, task);
}

static void
login_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetUiSession *self = g_task_get_source_object (task);
  LoginData *data = g_task_get_task_data (G_TASK (result));

  if (g_task_return_error_if_cancelled (task))
    return;
  self->login_read = TRUE;
  if (data->creds != NULL)
    _signet_remote_set_credentials (self->remote, signet_ui_registry_get_name (self->registry), data->creds);
  ping (g_steal_pointer (&task));
}

void
signet_ui_session_connect_async (SignetUiSession     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SIGNET_UI_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_ui_session_connect_async);

  if (!self->login_read && signet_ui_registry_get_username (self->registry) != NULL)
    {
      GTask *lookup = g_task_new (self, cancellable, login_lookup_cb, g_steal_pointer (&task));
      LoginData *data = g_new0 (LoginData, 1);

      data->server = g_strdup (signet_ui_registry_get_name (self->registry));
      g_task_set_task_data (lookup, data, (GDestroyNotify) login_data_free);
      g_task_run_in_thread (lookup, login_lookup_thread);
      g_object_unref (lookup);
      return;
    }
  ping (g_steal_pointer (&task));
}

gboolean
signet_ui_session_connect_finish (SignetUiSession  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* repositories ----------------------------------------------------------------------- */

static GStrv
merge_names (const char * const *a,
             const char * const *b)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GStrv result;

  for (guint i = 0; a != NULL && a[i] != NULL; i++)
    if (g_hash_table_add (seen, (gpointer) a[i]))
      g_ptr_array_add (names, g_strdup (a[i]));
  for (guint i = 0; b != NULL && b[i] != NULL; i++)
    if (g_hash_table_add (seen, (gpointer) b[i]))
      g_ptr_array_add (names, g_strdup (b[i]));
  g_ptr_array_add (names, NULL);
  result = (GStrv) g_ptr_array_steal (names, NULL);
  return result;
}

static void
list_repositories_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetUiSession *self = g_task_get_source_object (task);
  g_auto(GStrv) names = NULL;
  GError *error = NULL;

  names = signet_remote_list_repositories_finish (SIGNET_REMOTE (object), result, &error);
  if (names == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task,
                         merge_names ((const char * const *) names,
                                      signet_ui_registry_get_repositories (self->registry)),
                         (GDestroyNotify) g_strfreev);
}

static void
list_connect_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetUiSession *self = SIGNET_UI_SESSION (object);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!signet_ui_session_connect_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!signet_ui_registry_get_has_catalog (self->registry))
    {
      g_task_return_pointer (task, merge_names (signet_ui_registry_get_repositories (self->registry), NULL),
                             (GDestroyNotify) g_strfreev);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  signet_remote_list_repositories_async (self->remote, signet_ui_registry_get_name (self->registry),
                                         cancellable, list_repositories_cb, g_steal_pointer (&task));
}

void
signet_ui_session_list_repositories_async (SignetUiSession     *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SIGNET_UI_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_ui_session_list_repositories_async);
  signet_ui_session_connect_async (self, cancellable, list_connect_cb, task);
}

GStrv
signet_ui_session_list_repositories_finish (SignetUiSession  *self,
                                            GAsyncResult     *result,
                                            GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* trust ------------------------------------------------------------------------------ */

typedef struct
{
  char   *gun;
  GError *online_error;
} TrustData;

static void
trust_data_free (TrustData *data)
{
  g_free (data->gun);
  g_clear_error (&data->online_error);
  g_free (data);
}

static SignetUiTrustResult *
result_new (SignetRepository *repository)
{
  SignetUiTrustResult *res = g_object_new (SIGNET_UI_TYPE_TRUST_RESULT, NULL);

  if (repository != NULL)
    {
      res->summary = _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (repository));
      res->warnings = g_strdupv ((char **) signet_repository_get_warnings (repository));
      res->offline = signet_repository_is_offline (repository);
    }
  return res;
}

static void
load_offline_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TrustData *data = g_task_get_task_data (task);
  g_autoptr(SignetRepository) repository = NULL;
  g_autoptr(GError) error = NULL;
  SignetUiTrustResult *res;

  repository = signet_repository_load_finish (result, &error);
  if (repository == NULL)
    {
      /* nothing cached: the reason it could not be loaded online is what matters */
      g_task_return_error (task, g_steal_pointer (&data->online_error));
      return;
    }
  res = result_new (repository);
  res->offline = TRUE;
  res->error = g_steal_pointer (&data->online_error);
  g_task_return_pointer (task, res, g_object_unref);
}

static void
load_online_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetUiSession *self = g_task_get_source_object (task);
  TrustData *data = g_task_get_task_data (task);
  g_autoptr(SignetRepository) repository = NULL;
  GError *error = NULL;

  repository = signet_repository_load_finish (result, &error);
  if (repository != NULL)
    {
      g_task_return_pointer (task, result_new (repository), g_object_unref);
      return;
    }
  if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
    {
      /* no trust data on the server: unsigned */
      g_error_free (error);
      g_task_return_pointer (task, result_new (NULL), g_object_unref);
      return;
    }
  if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_UNREACHABLE) ||
      g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_SERVER))
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      data->online_error = error;
      signet_repository_load_async (self->remote, NULL, data->gun, SIGNET_REPOSITORY_LOAD_OFFLINE,
                                    cancellable, load_offline_cb, g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, error);
}

static void
trust_connect_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetUiSession *self = SIGNET_UI_SESSION (object);
  TrustData *data = g_task_get_task_data (task);
  GCancellable *cancellable;
  g_autoptr(GError) error = NULL;

  /* the registry being down does not stop the notary server from answering; the
   * login read is what this step is for */
  if (!signet_ui_session_connect_finish (self, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  signet_repository_load_async (self->remote, NULL, data->gun, SIGNET_REPOSITORY_LOAD_NONE,
                                cancellable, load_online_cb, g_steal_pointer (&task));
}

void
signet_ui_session_load_trust_async (SignetUiSession     *self,
                                    const char          *repository,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  TrustData *data;

  g_return_if_fail (SIGNET_UI_IS_SESSION (self));
  g_return_if_fail (repository != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_ui_session_load_trust_async);
  data = g_new0 (TrustData, 1);
  data->gun = signet_ui_session_get_gun (self, repository);
  g_task_set_task_data (task, data, (GDestroyNotify) trust_data_free);

  if (!self->login_read && signet_ui_registry_get_username (self->registry) != NULL)
    signet_ui_session_connect_async (self, cancellable, trust_connect_cb, task);
  else
    signet_repository_load_async (self->remote, NULL, data->gun, SIGNET_REPOSITORY_LOAD_NONE,
                                  cancellable, load_online_cb, task);
}

SignetUiTrustResult *
signet_ui_session_load_trust_finish (SignetUiSession  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* logins ----------------------------------------------------------------------------- */

typedef struct
{
  char         *server;
  char         *username;
  SignetSecret *secret;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_free (data->server);
  g_free (data->username);
  g_clear_pointer (&data->secret, signet_secret_unref);
  g_free (data);
}

static void
login_store_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  StoreData *data = task_data;
  GError *error = NULL;

  if (!_signet_login_store (data->server, data->username, data->secret, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
signet_ui_login_store_async (const char          *server,
                             const char          *username,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  StoreData *data = g_new0 (StoreData, 1);

  data->server = g_strdup (server);
  data->username = g_strdup (username);
  data->secret = signet_secret_new (password, -1);
  g_task_set_source_tag (task, signet_ui_login_store_async);
  g_task_set_task_data (task, data, (GDestroyNotify) store_data_free);
  g_task_run_in_thread (task, login_store_thread);
}

gboolean
signet_ui_login_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
