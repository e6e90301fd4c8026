/* signet-remote-trust.c: the notary server API (notary-v1.md §7).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-error.h"
#include "signet-reference.h"
#include "signet-remote-private.h"

char *
_signet_remote_trust_server_for_gun (SignetRemote  *self,
                                     const char    *gun,
                                     GError       **error)
{
  g_autofree char *registry = NULL;
  const char *slash;

  if (!signet_gun_validate (gun, -1, error))
    return NULL;
  slash = strchr (gun, '/');
  registry = slash ? g_strndup (gun, slash - gun) : g_strdup (gun);
  return signet_remote_get_trust_server (self, registry, error);
}

static char *
gun_registry (const char *gun)
{
  const char *slash = strchr (gun, '/');

  return slash ? g_strndup (gun, slash - gun) : g_strdup (gun);
}

/* Role file names: "root.json", "2.root.json", "snapshot.<hex>.json", "targets/x.json",
 * "timestamp.key", or "" for the collection itself. */
static gboolean
path_valid (const char  *path,
            GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (path[0] == '\0')
    return TRUE;
  for (const char *p = path; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '.' || *p == '_' || *p == '-' || *p == '/'))
      goto bad;
  if (path[0] == '/')
    goto bad;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
      goto bad;
  return TRUE;

bad:
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH,
               "Invalid trust file name “%s”", path);
  return FALSE;
}

static GUri *
trust_uri (SignetRemote  *self,
           const char    *gun,
           const char    *path,
           GError       **error)
{
  g_autofree char *server = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) local_error = NULL;
  GUri *uri;

  if (!path_valid (path, error))
    return NULL;
  server = _signet_remote_trust_server_for_gun (self, gun, error);
  if (server == NULL)
    return NULL;
  url = g_strconcat (server, "/v2/", gun, "/_trust/tuf/", path, NULL);
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_PATH, &local_error);
  if (uri == NULL)
    g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT, "Invalid URL %s: %s", url,
                 local_error->message);
  return uri;
}

static void
bytes_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SignetHttpResponse) response = NULL;
  GError *error = NULL;

  response = _signet_remote_request_finish (SIGNET_REMOTE (object), result, &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_bytes_ref (response->body), (GDestroyNotify) g_bytes_unref);
}

static void
bool_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SignetHttpResponse) response = NULL;
  GError *error = NULL;

  response = _signet_remote_request_finish (SIGNET_REMOTE (object), result, &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
trust_request (SignetRemote        *self,
               gpointer             source_tag,
               const char          *method,
               const char          *gun,
               const char          *path,
               const char          *actions,
               gsize                max_size,
               GBytes              *body,
               const char          *content_type,
               GAsyncReadyCallback  result_cb,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *registry = NULL;
  GError *error = NULL;
  SignetHttpRequest req = { 0 };

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  uri = trust_uri (self, gun, path, &error);
  if (uri == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  registry = gun_registry (gun);
  scope = g_strdup_printf ("repository:%s:%s", gun, actions);
  req.method = method;
  req.uri = uri;
  req.max_size = max_size;
  req.scope = scope;
  req.cred_registry = registry;
  req.body = body;
  req.content_type = content_type;
  _signet_remote_request_async (self, &req, cancellable, result_cb, g_steal_pointer (&task));
}

void
_signet_remote_trust_get_async (SignetRemote        *self,
                                const char          *gun,
                                const char          *path,
                                gsize                max_size,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (SIGNET_IS_REMOTE (self));
  g_return_if_fail (gun != NULL && path != NULL && path[0] != '\0');

  trust_request (self, _signet_remote_trust_get_async, "GET", gun, path, "pull", max_size,
                 NULL, NULL, bytes_cb, cancellable, callback, user_data);
}

GBytes *
_signet_remote_trust_get_finish (SignetRemote  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_signet_remote_trust_key_async (SignetRemote        *self,
                                const char          *gun,
                                const char          *role,
                                gboolean             rotate,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SIGNET_IS_REMOTE (self));
  g_return_if_fail (gun != NULL && role != NULL);

  if (!g_str_equal (role, "timestamp") && !g_str_equal (role, "snapshot"))
    {
      g_task_report_new_error (self, callback, user_data, _signet_remote_trust_key_async,
                               SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                               "The server holds only timestamp and snapshot keys, not “%s”",
                               role);
      return;
    }
  path = g_strconcat (role, ".key", NULL);
  trust_request (self, _signet_remote_trust_key_async, rotate ? "POST" : "GET", gun, path,
                 rotate ? "*" : "push,pull", SIGNET_REMOTE_KEY_MAX, NULL, NULL, bytes_cb,
                 cancellable,
                 callback, user_data);
}

GBytes *
_signet_remote_trust_key_finish (SignetRemote  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static gboolean
role_name_valid (const char *role)
{
  if (role[0] == '\0' || strlen (role) >= 256)
    return FALSE;
  for (const char *p = role; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || g_ascii_isdigit (*p) || *p == '-' || *p == '_' ||
          *p == '/'))
      return FALSE;
  return path_valid (role, NULL);
}

void
_signet_remote_trust_publish_async (SignetRemote        *self,
                                    const char          *gun,
                                    GHashTable          *files,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autofree char *content_type = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (SIGNET_IS_REMOTE (self));
  g_return_if_fail (gun != NULL && files != NULL);

  roles = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!role_name_valid (key))
        {
          g_task_report_new_error (self, callback, user_data, _signet_remote_trust_publish_async,
                                   SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                                   "Invalid role name “%s” to publish", (const char *) key);
          return;
        }
      g_ptr_array_add (roles, key);
    }
  if (roles->len == 0)
    {
      g_task_report_new_error (self, callback, user_data, _signet_remote_trust_publish_async,
                               SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                               "Nothing to publish for %s", gun);
      return;
    }
  g_ptr_array_sort (roles, compare_strings);

  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  for (guint i = 0; i < roles->len; i++)
    {
      const char *role = *(const char **) &g_ptr_array_index (roles, i);

      soup_multipart_append_form_file (multipart, "files", role, "application/octet-stream",
                                       g_hash_table_lookup (files, role));
    }
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  soup_multipart_to_message (multipart, headers, &body);
  content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));

  trust_request (self, _signet_remote_trust_publish_async, "POST", gun, "", "push,pull",
                 SIGNET_REMOTE_JSON_MAX, body, content_type, bool_cb, cancellable, callback,
                 user_data);
}

gboolean
_signet_remote_trust_publish_finish (SignetRemote  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_signet_remote_trust_delete_async (SignetRemote        *self,
                                   const char          *gun,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SIGNET_IS_REMOTE (self));
  g_return_if_fail (gun != NULL);

  trust_request (self, _signet_remote_trust_delete_async, "DELETE", gun, "", "*",
                 SIGNET_REMOTE_JSON_MAX, NULL, NULL, bool_cb, cancellable, callback, user_data);
}

gboolean
_signet_remote_trust_delete_finish (SignetRemote  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
