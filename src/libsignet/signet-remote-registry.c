/* signet-remote-registry.c: the Docker Registry HTTP API v2 operations.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-error.h"
#include "signet-remote-private.h"

static const char *manifest_accept =
  SIGNET_MEDIA_TYPE_DOCKER_MANIFEST ", "
  SIGNET_MEDIA_TYPE_DOCKER_MANIFEST_LIST ", "
  SIGNET_MEDIA_TYPE_OCI_MANIFEST ", "
  SIGNET_MEDIA_TYPE_OCI_INDEX;

static GUri *
build_uri (const char  *base,
           const char  *path_and_query,
           GError     **error)
{
  g_autofree char *url = g_strconcat (base, path_and_query, NULL);
  g_autoptr(GError) local_error = NULL;
  GUri *uri;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY, &local_error);
  if (uri == NULL)
    g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT, "Invalid URL %s: %s", url,
                 local_error->message);
  return uri;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

/* Ping ---------------------------------------------------------------------------------- */

static void
ping_cb (GObject      *object,
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

void
signet_remote_ping_async (SignetRemote        *self,
                          const char          *registry,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *base = NULL;
  GError *error = NULL;
  SignetHttpRequest req = { 0 };

  g_return_if_fail (SIGNET_IS_REMOTE (self));
  g_return_if_fail (registry != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_remote_ping_async);

  if ((base = _signet_remote_registry_base (self, registry, &error)) == NULL ||
      (uri = build_uri (base, "/v2/", &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  req.method = "GET";
  req.uri = uri;
  req.max_size = SIGNET_REMOTE_JSON_MAX;
  req.cred_registry = registry;
  _signet_remote_request_async (self, &req, cancellable, ping_cb, g_steal_pointer (&task));
}

gboolean
signet_remote_ping_finish (SignetRemote  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Paginated lists ----------------------------------------------------------------------- */

typedef struct
{
  char      *registry;
  char      *member;   /* "repositories" or "tags" */
  char      *scope;
  GUri      *first;
  GPtrArray *items;
  guint      pages;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->registry);
  g_free (data->member);
  g_free (data->scope);
  g_clear_pointer (&data->first, g_uri_unref);
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_free (data);
}

static void list_fetch (GTask *task, GUri *uri);

static void
list_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(SignetHttpResponse) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) next = NULL;
  g_autofree char *url = NULL;
  JsonNode *root;
  JsonNode *list;

  response = _signet_remote_request_finish (SIGNET_REMOTE (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  url = g_uri_to_string (response->uri);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (response->body, NULL),
                                   g_bytes_get_size (response->body), &error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                               "The reply from %s is not a JSON object", url);
      return;
    }
  list = json_object_get_member (json_node_get_object (root), data->member);
  if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
    {
      JsonArray *array = json_node_get_array (list);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            {
              g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                                       "The reply from %s has a non-string in “%s”", url,
                                       data->member);
              return;
            }
          g_ptr_array_add (data->items, g_strdup (json_node_get_string (e)));
        }
    }
  else if (list != NULL && !JSON_NODE_HOLDS_NULL (list))
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                               "The reply from %s has no “%s” list", url, data->member);
      return;
    }
  else if (list == NULL)
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                               "The reply from %s has no “%s” list", url, data->member);
      return;
    }

  next = _signet_remote_parse_next_link (soup_message_headers_get_list (response->headers, "Link"),
                                         response->uri);
  if (next == NULL)
    {
      g_ptr_array_add (data->items, NULL);
      g_task_return_pointer (task, g_ptr_array_free (g_steal_pointer (&data->items), FALSE),
                             (GDestroyNotify) g_strfreev);
      return;
    }
  if (!same_origin (next, data->first))
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_SERVER,
                               "The next page link from %s points to another host", url);
      return;
    }
  if (data->pages >= SIGNET_REMOTE_MAX_PAGES)
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                               "The list from %s has more than %d pages", url,
                               SIGNET_REMOTE_MAX_PAGES);
      return;
    }
  list_fetch (g_steal_pointer (&task), next);
}

static void
list_fetch (GTask *task,
            GUri  *uri)
{
  ListData *data = g_task_get_task_data (task);
  SignetHttpRequest req = { 0 };

  data->pages++;
  req.method = "GET";
  req.uri = uri;
  req.accept = "application/json";
  req.max_size = SIGNET_REMOTE_JSON_MAX;
  req.scope = data->scope;
  req.cred_registry = data->registry;
  _signet_remote_request_async (g_task_get_source_object (task), &req,
                                g_task_get_cancellable (task), list_page_cb, task);
}

static void
list_start (SignetRemote        *self,
            gpointer             source_tag,
            const char          *registry,
            const char          *path,
            const char          *member,
            const char          *scope,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *base = NULL;
  GError *error = NULL;
  ListData *data;

  g_task_set_source_tag (task, source_tag);
  data = g_new0 (ListData, 1);
  data->registry = g_strdup (registry);
  data->member = g_strdup (member);
  data->scope = g_strdup (scope);
  data->items = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  if ((base = _signet_remote_registry_base (self, registry, &error)) == NULL ||
      (data->first = build_uri (base, path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  list_fetch (task, data->first);
}

void
signet_remote_list_repositories_async (SignetRemote        *self,
                                       const char          *registry,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (SIGNET_IS_REMOTE (self));
  g_return_if_fail (registry != NULL);

  list_start (self, signet_remote_list_repositories_async, registry, "/v2/_catalog?n=100",
              "repositories", "registry:catalog:*", cancellable, callback, user_data);
}

GStrv
signet_remote_list_repositories_finish (SignetRemote  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
signet_remote_list_tags_async (SignetRemote        *self,
                               SignetReference     *reference,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autofree char *scope = NULL;

  g_return_if_fail (SIGNET_IS_REMOTE (self));
  g_return_if_fail (reference != NULL);

  path = g_strdup_printf ("/v2/%s/tags/list", signet_reference_get_repository (reference));
  scope = g_strdup_printf ("repository:%s:pull", signet_reference_get_repository (reference));
  list_start (self, signet_remote_list_tags_async, signet_reference_get_registry (reference),
              path, "tags", scope, cancellable, callback, user_data);
}

GStrv
signet_remote_list_tags_finish (SignetRemote  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Manifests ----------------------------------------------------------------------------- */

typedef struct
{
  SignetReference *reference;
  char            *ref;      /* tag or digest */
  gboolean         with_body;
  GUri            *uri;
} ManifestData;

static void
manifest_data_free (ManifestData *data)
{
  g_clear_pointer (&data->reference, signet_reference_unref);
  g_free (data->ref);
  g_clear_pointer (&data->uri, g_uri_unref);
  g_free (data);
}

static gboolean
known_media_type (const char *type)
{
  return g_strcmp0 (type, SIGNET_MEDIA_TYPE_DOCKER_MANIFEST) == 0 ||
         g_strcmp0 (type, SIGNET_MEDIA_TYPE_DOCKER_MANIFEST_LIST) == 0 ||
         g_strcmp0 (type, SIGNET_MEDIA_TYPE_OCI_MANIFEST) == 0 ||
         g_strcmp0 (type, SIGNET_MEDIA_TYPE_OCI_INDEX) == 0;
}

static void manifest_fetch (GTask *task);

static void
manifest_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ManifestData *data = g_task_get_task_data (task);
  g_autoptr(SignetHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *media_type = NULL;
  g_autofree char *digest = NULL;
  const char *header_digest;
  const char *content_type;
  gsize size;

  response = _signet_remote_request_finish (SIGNET_REMOTE (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  url = g_uri_to_string (data->uri);
  header_digest = soup_message_headers_get_one (response->headers, "Docker-Content-Digest");
  content_type = soup_message_headers_get_content_type (response->headers, NULL);
  media_type = g_strdup (content_type);

  if (!data->with_body)
    {
      goffset len = soup_message_headers_get_content_length (response->headers);

      if (header_digest == NULL ||
          soup_message_headers_get_encoding (response->headers) != SOUP_ENCODING_CONTENT_LENGTH)
        {
          /* Nothing to go by without the body: fetch it. */
          data->with_body = TRUE;
          manifest_fetch (g_steal_pointer (&task));
          return;
        }
      size = (gsize) len;
      digest = g_strdup (header_digest);
    }
  else
    {
      g_autofree char *hex = NULL;

      size = g_bytes_get_size (response->body);
      hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, response->body);
      digest = g_strconcat ("sha256:", hex, NULL);
      if (header_digest != NULL && g_str_has_prefix (header_digest, "sha256:") &&
          !g_str_equal (header_digest, digest))
        {
          g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_HASH_MISMATCH,
                                   "The manifest from %s has digest %s, but the registry says "
                                   "%s", url, digest, header_digest);
          return;
        }
      if (!known_media_type (media_type))
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonNode *root;

          if (json_parser_load_from_data (parser, g_bytes_get_data (response->body, NULL), size,
                                          NULL) &&
              (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
            {
              const char *mt = json_object_get_string_member_with_default (
                  json_node_get_object (root), "mediaType", NULL);

              if (mt != NULL)
                {
                  g_free (media_type);
                  media_type = g_strdup (mt);
                }
            }
        }
    }

  if (signet_reference_get_digest (data->reference) != NULL &&
      !g_str_equal (signet_reference_get_digest (data->reference), digest))
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_HASH_MISMATCH,
                               "The manifest from %s has digest %s, not the requested %s", url,
                               digest, signet_reference_get_digest (data->reference));
      return;
    }
  if (!known_media_type (media_type))
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                               "The manifest from %s has the unsupported media type “%s”", url,
                               media_type ? media_type : "(none)");
      return;
    }
  g_task_return_pointer (task,
                         _signet_manifest_new (digest, size, media_type,
                                               data->with_body ? response->body : NULL),
                         (GDestroyNotify) signet_manifest_unref);
}

static void
manifest_fetch (GTask *task)
{
  ManifestData *data = g_task_get_task_data (task);
  g_autofree char *scope = NULL;
  SignetHttpRequest req = { 0 };

  scope = g_strdup_printf ("repository:%s:pull",
                           signet_reference_get_repository (data->reference));
  req.method = data->with_body ? "GET" : "HEAD";
  req.uri = data->uri;
  req.accept = manifest_accept;
  req.max_size = SIGNET_REMOTE_MANIFEST_MAX;
  req.scope = scope;
  req.cred_registry = signet_reference_get_registry (data->reference);
  _signet_remote_request_async (g_task_get_source_object (task), &req,
                                g_task_get_cancellable (task), manifest_cb, task);
}

void
signet_remote_get_manifest_async (SignetRemote        *self,
                                  SignetReference     *reference,
                                  gboolean             with_body,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  ManifestData *data;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;

  g_return_if_fail (SIGNET_IS_REMOTE (self));
  g_return_if_fail (reference != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_remote_get_manifest_async);
  data = g_new0 (ManifestData, 1);
  data->reference = signet_reference_ref (reference);
  data->with_body = with_body;
  if (signet_reference_get_digest (reference) != NULL)
    data->ref = g_strdup (signet_reference_get_digest (reference));
  else if (signet_reference_get_tag (reference) != NULL)
    data->ref = g_strdup (signet_reference_get_tag (reference));
  else
    data->ref = g_strdup ("latest");
  g_task_set_task_data (task, data, (GDestroyNotify) manifest_data_free);

  path = g_strdup_printf ("/v2/%s/manifests/%s", signet_reference_get_repository (reference),
                          data->ref);
  if ((base = _signet_remote_registry_base (self, signet_reference_get_registry (reference),
                                            &error)) == NULL ||
      (data->uri = build_uri (base, path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  manifest_fetch (task);
}

SignetManifest *
signet_remote_get_manifest_finish (SignetRemote  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
