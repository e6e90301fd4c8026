/* signet-ui-registry.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <signet/signet.h>

#include "signet-ui-registry.h"

struct _SignetUiRegistry
{
  GObject    parent_instance;

  char      *name;
  char      *url;
  char      *notary_url;
  char      *ca_file;
  char      *username;
  GPtrArray *repositories;
};

G_DEFINE_FINAL_TYPE (SignetUiRegistry, signet_ui_registry, G_TYPE_OBJECT)

static gboolean
set_str (char       **ptr,
         const char  *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;
  g_free (*ptr);
  *ptr = g_strdup (value);
  return TRUE;
}

enum {
  PROP_0,
  PROP_NAME,
  PROP_URL,
  PROP_NOTARY_URL,
  PROP_CA_FILE,
  PROP_USERNAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
signet_ui_registry_finalize (GObject *object)
{
  SignetUiRegistry *self = SIGNET_UI_REGISTRY (object);

  g_free (self->name);
  g_free (self->url);
  g_free (self->notary_url);
  g_free (self->ca_file);
  g_free (self->username);
  g_ptr_array_unref (self->repositories);

  G_OBJECT_CLASS (signet_ui_registry_parent_class)->finalize (object);
}

static void
signet_ui_registry_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SignetUiRegistry *self = SIGNET_UI_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_NOTARY_URL:
      g_value_set_string (value, self->notary_url);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_ui_registry_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SignetUiRegistry *self = SIGNET_UI_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      set_str (&self->name, g_value_get_string (value));
      break;
    case PROP_URL:
      set_str (&self->url, g_value_get_string (value));
      break;
    case PROP_NOTARY_URL:
      signet_ui_registry_set_notary_url (self, g_value_get_string (value));
      break;
    case PROP_CA_FILE:
      signet_ui_registry_set_ca_file (self, g_value_get_string (value));
      break;
    case PROP_USERNAME:
      signet_ui_registry_set_username (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_ui_registry_class_init (SignetUiRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_ui_registry_finalize;
  object_class->get_property = signet_ui_registry_get_property;
  object_class->set_property = signet_ui_registry_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTARY_URL] =
    g_param_spec_string ("notary-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_ui_registry_init (SignetUiRegistry *self)
{
  self->repositories = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

SignetUiRegistry *
signet_ui_registry_new (const char *name,
                        const char *url)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  return g_object_new (SIGNET_UI_TYPE_REGISTRY, "name", name, "url", url, NULL);
}

/* A copy with the same settings and repositories, to change without touching @self. */
SignetUiRegistry *
signet_ui_registry_copy (SignetUiRegistry *self)
{
  SignetUiRegistry *copy;

  g_return_val_if_fail (SIGNET_UI_IS_REGISTRY (self), NULL);

  copy = signet_ui_registry_new (self->name, self->url);
  signet_ui_registry_set_notary_url (copy, signet_ui_registry_get_notary_url (self));
  signet_ui_registry_set_ca_file (copy, signet_ui_registry_get_ca_file (self));
  signet_ui_registry_set_username (copy, signet_ui_registry_get_username (self));
  for (guint i = 0; i < self->repositories->len; i++)
    signet_ui_registry_add_repository (copy, g_ptr_array_index (self->repositories, i));
  return copy;
}

const char *
signet_ui_registry_get_name (SignetUiRegistry *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_REGISTRY (self), NULL);
  return self->name;
}

const char *
signet_ui_registry_get_url (SignetUiRegistry *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_REGISTRY (self), NULL);
  return self->url;
}

const char *
signet_ui_registry_get_notary_url (SignetUiRegistry *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_REGISTRY (self), NULL);
  return self->notary_url;
}

static char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

void
signet_ui_registry_set_notary_url (SignetUiRegistry *self,
                                   const char       *url)
{
  g_autofree char *value = nonempty (url);

  g_return_if_fail (SIGNET_UI_IS_REGISTRY (self));
  if (set_str (&self->notary_url, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTARY_URL]);
}

const char *
signet_ui_registry_get_ca_file (SignetUiRegistry *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_REGISTRY (self), NULL);
  return self->ca_file;
}

void
signet_ui_registry_set_ca_file (SignetUiRegistry *self,
                                const char       *path)
{
  g_autofree char *value = nonempty (path);

  g_return_if_fail (SIGNET_UI_IS_REGISTRY (self));
  if (set_str (&self->ca_file, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);
}

const char *
signet_ui_registry_get_username (SignetUiRegistry *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_REGISTRY (self), NULL);
  return self->username;
}

void
signet_ui_registry_set_username (SignetUiRegistry *self,
                                 const char       *username)
{
  g_autofree char *value = nonempty (username);

  g_return_if_fail (SIGNET_UI_IS_REGISTRY (self));
  if (set_str (&self->username, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

gboolean
signet_ui_registry_get_has_catalog (SignetUiRegistry *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_REGISTRY (self), FALSE);
  return g_strcmp0 (self->name, "docker.io") != 0;
}

const char * const *
signet_ui_registry_get_repositories (SignetUiRegistry *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (SIGNET_UI_IS_REGISTRY (self), NULL);
  if (self->repositories->pdata == NULL)
    return none;
  return (const char * const *) self->repositories->pdata;
}

/* FALSE when it was there already. */
gboolean
signet_ui_registry_add_repository (SignetUiRegistry *self,
                                   const char       *repository)
{
  g_return_val_if_fail (SIGNET_UI_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (repository != NULL, FALSE);

  for (guint i = 0; i < self->repositories->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->repositories, i), repository) == 0)
      return FALSE;
  g_ptr_array_add (self->repositories, g_strdup (repository));
  return TRUE;
}

gboolean
signet_ui_registry_parse_url (const char  *text,
                              char       **name,
                              char       **url,
                              GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *host;
  const char *path;
  int port;

  g_return_val_if_fail (text != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                           _("Enter the registry’s address, for example registry.example.com"));
      return FALSE;
    }
  if (strstr (trimmed, "://") != NULL)
    with_scheme = g_strdup (trimmed);
  else
    with_scheme = g_strconcat ("https://", trimmed, NULL);

  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid address: %s"), trimmed, local_error->message);
      return FALSE;
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   _("“%s” must use https:// (content trust needs a secure connection)"), trimmed);
      return FALSE;
    }
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   _("“%s” has no host name"), trimmed);
      return FALSE;
    }
  path = g_uri_get_path (uri);
  if ((path != NULL && *path != '\0' && g_strcmp0 (path, "/") != 0 && g_strcmp0 (path, "/v2/") != 0 &&
       g_strcmp0 (path, "/v2") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   _("“%s” must be just a host name and port, without a path or login"), trimmed);
      return FALSE;
    }
  for (const char *p = host; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == ':' || *p == '[' || *p == ']'))
      {
        g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a valid host name"), host);
        return FALSE;
      }

  port = g_uri_get_port (uri);
  {
    g_autofree char *lower = g_ascii_strdown (host, -1);
    g_autofree char *hostport = NULL;

    if (strchr (lower, ':') != NULL && lower[0] != '[')
      hostport = port > 0 ? g_strdup_printf ("[%s]:%d", lower, port) : g_strdup_printf ("[%s]", lower);
    else
      hostport = port > 0 ? g_strdup_printf ("%s:%d", lower, port) : g_strdup (lower);

    if (g_strcmp0 (hostport, "docker.io") == 0 || g_strcmp0 (hostport, "index.docker.io") == 0 ||
        g_strcmp0 (hostport, "registry-1.docker.io") == 0)
      {
        if (name != NULL)
          *name = g_strdup ("docker.io");
        if (url != NULL)
          *url = g_strdup ("https://registry-1.docker.io");
        return TRUE;
      }
    if (url != NULL)
      *url = g_strconcat ("https://", hostport, NULL);
    if (name != NULL)
      *name = g_steal_pointer (&hostport);
  }
  return TRUE;
}

char *
signet_ui_registry_derive_notary_url (const char *name)
{
  const char *env = g_getenv ("DOCKER_CONTENT_TRUST_SERVER");

  g_return_val_if_fail (name != NULL, NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (g_strcmp0 (name, "docker.io") == 0)
    return g_strdup ("https://notary.docker.io");
  return g_strconcat ("https://", name, NULL);
}

GFile *
signet_ui_registries_default_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "signet", "registries.json", NULL);

  return g_file_new_for_path (path);
}

/* Loading ------------------------------------------------------------------------------ */

static GListStore *
parse_registries (GBytes  *bytes,
                  GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GListStore) store = g_list_store_new (SIGNET_UI_TYPE_REGISTRY);
  JsonNode *root;
  JsonArray *array;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!json_parser_load_from_data (parser, data, size, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "registries") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "registries")))
    {
      g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           _("The registries file has no “registries” list"));
      return NULL;
    }
  array = json_object_get_array_member (json_node_get_object (root), "registries");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *obj;
      g_autoptr(SignetUiRegistry) registry = NULL;
      g_autofree char *name = NULL;
      g_autofree char *url = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      obj = json_node_get_object (node);
      if (!signet_ui_registry_parse_url (json_object_get_string_member_with_default (obj, "url", ""),
                                         &name, &url, NULL))
        continue;
      registry = signet_ui_registry_new (name, url);
      signet_ui_registry_set_notary_url (registry, json_object_get_string_member_with_default (obj, "notary-url", NULL));
      signet_ui_registry_set_ca_file (registry, json_object_get_string_member_with_default (obj, "ca-file", NULL));
      signet_ui_registry_set_username (registry, json_object_get_string_member_with_default (obj, "username", NULL));
      if (json_object_has_member (obj, "repositories") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "repositories")))
        {
          JsonArray *repos = json_object_get_array_member (obj, "repositories");

          for (guint j = 0; j < json_array_get_length (repos); j++)
            {
              JsonNode *r = json_array_get_element (repos, j);

              if (JSON_NODE_HOLDS_VALUE (r) && json_node_get_value_type (r) == G_TYPE_STRING)
                signet_ui_registry_add_repository (registry, json_node_get_string (r));
            }
        }
      g_list_store_append (store, registry);
    }
  return g_steal_pointer (&store);
}

static void
load_contents_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GListStore *store;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_task_return_pointer (task, g_list_store_new (SIGNET_UI_TYPE_REGISTRY), g_object_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  store = parse_registries (bytes, &error);
  if (store == NULL)
    {
      g_autofree char *path = g_file_get_path (G_FILE (object));

      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: %s", path, error->message);
      return;
    }
  g_task_return_pointer (task, store, g_object_unref);
}

void
signet_ui_registries_load_async (GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, signet_ui_registries_load_async);
  g_file_load_bytes_async (file, cancellable, load_contents_cb, task);
}

GListStore *
signet_ui_registries_load_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Saving ------------------------------------------------------------------------------- */

static char *
serialize_registries (GListModel *registries)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "registries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (registries); i++)
    {
      g_autoptr(SignetUiRegistry) registry = g_list_model_get_item (registries, i);
      const char * const *repos = signet_ui_registry_get_repositories (registry);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, registry->url);
      if (registry->notary_url != NULL)
        {
          json_builder_set_member_name (builder, "notary-url");
          json_builder_add_string_value (builder, registry->notary_url);
        }
      if (registry->ca_file != NULL)
        {
          json_builder_set_member_name (builder, "ca-file");
          json_builder_add_string_value (builder, registry->ca_file);
        }
      if (registry->username != NULL)
        {
          json_builder_set_member_name (builder, "username");
          json_builder_add_string_value (builder, registry->username);
        }
      json_builder_set_member_name (builder, "repositories");
      json_builder_begin_array (builder);
      for (guint j = 0; repos[j] != NULL; j++)
        json_builder_add_string_value (builder, repos[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static void
replace_contents_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
make_dir_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_task_get_task_data (task);
  GFile *file = g_object_get_data (G_OBJECT (task), "file");

  if (!g_file_make_directory_finish (G_FILE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                       g_task_get_cancellable (task), replace_contents_cb,
                                       g_object_ref (task));
}

void
signet_ui_registries_save_async (GListModel          *registries,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  char *text = serialize_registries (registries);

  g_task_set_source_tag (task, signet_ui_registries_save_async);
  g_task_set_task_data (task, g_bytes_new_take (text, strlen (text)), (GDestroyNotify) g_bytes_unref);
  g_object_set_data_full (G_OBJECT (task), "file", g_object_ref (file), g_object_unref);
  /* the parent only (the config dir itself exists or is made by GLib's callers) */
  g_file_make_directory_async (parent, G_PRIORITY_DEFAULT, cancellable, make_dir_cb, g_object_ref (task));
}

gboolean
signet_ui_registries_save_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* docker's config.json ------------------------------------------------------------------ */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
known_registries_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  const char *dir = g_getenv ("DOCKER_CONFIG");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  static const char * const sections[] = { "auths", "credHelpers" };
  JsonNode *root;

  if (dir != NULL && *dir != '\0')
    path = g_build_filename (dir, "config.json", NULL);
  else
    path = g_build_filename (g_get_home_dir (), ".docker", "config.json", NULL);

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_task_return_pointer (task, g_new0 (char *, 1), (GDestroyNotify) g_strfreev);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!json_parser_load_from_data (parser, contents, -1, &error))
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s: %s", path, error->message);
      return;
    }
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
      {
        JsonNode *node = json_object_get_member (json_node_get_object (root), sections[s]);
        g_autoptr(GList) members = NULL;

        if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
          continue;
        members = json_object_get_members (json_node_get_object (node));
        for (const GList *l = members; l != NULL; l = l->next)
          {
            char *name = NULL;

            if (!signet_ui_registry_parse_url (l->data, &name, NULL, NULL))
              {
                /* "https://index.docker.io/v1/" has a path */
                if (strstr (l->data, "docker.io") != NULL)
                  name = g_strdup ("docker.io");
                else
                  continue;
              }
            if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
              g_ptr_array_add (names, name);
            else
              g_free (name);
          }
      }
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  g_task_return_pointer (task, g_ptr_array_steal (names, NULL), (GDestroyNotify) g_strfreev);
}

void
signet_ui_docker_known_registries_async (GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, signet_ui_docker_known_registries_async);
  g_task_run_in_thread (task, known_registries_thread);
}

GStrv
signet_ui_docker_known_registries_finish (GAsyncResult  *result,
                                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
