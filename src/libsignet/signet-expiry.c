/* signet-expiry.c: which roles, delegations and root certificates expire soon.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every repository is loaded through the repository driver, so what is reported was
 * verified: an offline load of the cache first (it keeps an expired delegation, which an
 * online refresh drops), then the refresh unless offline. The items come from the trust
 * summary of the refreshed set (or of the cache when the refresh failed), plus the
 * delegations the cache had that the refresh dropped because they expired.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-error.h"
#include "signet-expiry-private.h"
#include "signet-keystore-private.h"
#include "signet-repository-private.h"
#include "signet-trust-summary-private.h"

#define MAX_PARALLEL     4
#define MAX_CACHE_DEPTH  8
#define MAX_REGISTRIES_FILE_SIZE (1024 * 1024)

/* ---- Enums ---------------------------------------------------------------------------- */

const char *
signet_expiry_kind_to_string (SignetExpiryKind kind)
{
  switch (kind)
    {
    case SIGNET_EXPIRY_KIND_ROLE:             return "role";
    case SIGNET_EXPIRY_KIND_DELEGATION:       return "delegation";
    case SIGNET_EXPIRY_KIND_ROOT_CERTIFICATE: return "root-certificate";
    default:                                  return "unknown";
    }
}

const char *
signet_expiry_state_to_string (SignetExpiryState state)
{
  switch (state)
    {
    case SIGNET_EXPIRY_STATE_OK:       return "ok";
    case SIGNET_EXPIRY_STATE_EXPIRING: return "expiring";
    case SIGNET_EXPIRY_STATE_EXPIRED:  return "expired";
    default:                           return "unknown";
    }
}

const char *
signet_expiry_action_to_string (SignetExpiryAction action)
{
  switch (action)
    {
    case SIGNET_EXPIRY_ACTION_NONE:                return "none";
    case SIGNET_EXPIRY_ACTION_RESIGN:              return "re-sign";
    case SIGNET_EXPIRY_ACTION_ROTATE_ROOT:         return "rotate-root";
    case SIGNET_EXPIRY_ACTION_ASK_SERVER_OPERATOR: return "ask-server-operator";
    default:                                       return "unknown";
    }
}

/* ---- SignetExpiryItem ----------------------------------------------------------------- */

struct _SignetExpiryItem
{
  GObject             parent_instance;
  char               *gun;
  char               *role;
  char               *key_id;
  char               *advice;
  char               *command;
  gint64              expires;
  SignetExpiryKind    kind;
  SignetExpiryState   state;
  SignetExpiryAction  action;
};

G_DEFINE_FINAL_TYPE (SignetExpiryItem, signet_expiry_item, G_TYPE_OBJECT)

enum
{
  ITEM_PROP_0,
  ITEM_PROP_GUN,
  ITEM_PROP_ROLE,
  ITEM_PROP_KIND,
  ITEM_PROP_KEY_ID,
  ITEM_PROP_EXPIRES,
  ITEM_PROP_STATE,
  ITEM_PROP_ACTION,
  ITEM_PROP_ADVICE,
  ITEM_PROP_COMMAND,
  ITEM_N_PROPS,
};

static GParamSpec *item_properties[ITEM_N_PROPS];

static void
signet_expiry_item_finalize (GObject *object)
{
  SignetExpiryItem *self = (SignetExpiryItem *) object;

  g_clear_pointer (&self->gun, g_free);
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->key_id, g_free);
  g_clear_pointer (&self->advice, g_free);
  g_clear_pointer (&self->command, g_free);

  G_OBJECT_CLASS (signet_expiry_item_parent_class)->finalize (object);
}

static void
signet_expiry_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SignetExpiryItem *self = (SignetExpiryItem *) object;

  switch (prop_id)
    {
    case ITEM_PROP_GUN:
      g_value_set_string (value, self->gun);
      break;
    case ITEM_PROP_ROLE:
      g_value_set_string (value, self->role);
      break;
    case ITEM_PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case ITEM_PROP_KEY_ID:
      g_value_set_string (value, self->key_id);
      break;
    case ITEM_PROP_EXPIRES:
      g_value_set_int64 (value, self->expires);
      break;
    case ITEM_PROP_STATE:
      g_value_set_uint (value, self->state);
      break;
    case ITEM_PROP_ACTION:
      g_value_set_uint (value, self->action);
      break;
    case ITEM_PROP_ADVICE:
      g_value_set_string (value, self->advice);
      break;
    case ITEM_PROP_COMMAND:
      g_value_set_string (value, self->command);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_expiry_item_class_init (SignetExpiryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = signet_expiry_item_finalize;
  object_class->get_property = signet_expiry_item_get_property;

  item_properties[ITEM_PROP_GUN] = g_param_spec_string ("gun", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_KIND] = g_param_spec_uint ("kind", NULL, NULL, 0, G_MAXUINT, 0, flags);
  item_properties[ITEM_PROP_KEY_ID] = g_param_spec_string ("key-id", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_EXPIRES] =
    g_param_spec_int64 ("expires", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  item_properties[ITEM_PROP_STATE] = g_param_spec_uint ("state", NULL, NULL, 0, G_MAXUINT, 0, flags);
  item_properties[ITEM_PROP_ACTION] = g_param_spec_uint ("action", NULL, NULL, 0, G_MAXUINT, 0, flags);
  item_properties[ITEM_PROP_ADVICE] = g_param_spec_string ("advice", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_COMMAND] = g_param_spec_string ("command", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
signet_expiry_item_init (SignetExpiryItem *self)
{
}

const char *
signet_expiry_item_get_gun (SignetExpiryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_ITEM (self), NULL);
  return self->gun;
}

const char *
signet_expiry_item_get_role (SignetExpiryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_ITEM (self), NULL);
  return self->role;
}

SignetExpiryKind
signet_expiry_item_get_kind (SignetExpiryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_ITEM (self), SIGNET_EXPIRY_KIND_ROLE);
  return self->kind;
}

const char *
signet_expiry_item_get_key_id (SignetExpiryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_ITEM (self), NULL);
  return self->key_id;
}

gint64
signet_expiry_item_get_expires (SignetExpiryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_ITEM (self), 0);
  return self->expires;
}

SignetExpiryState
signet_expiry_item_get_state (SignetExpiryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_ITEM (self), SIGNET_EXPIRY_STATE_OK);
  return self->state;
}

SignetExpiryAction
signet_expiry_item_get_action (SignetExpiryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_ITEM (self), SIGNET_EXPIRY_ACTION_NONE);
  return self->action;
}

const char *
signet_expiry_item_get_advice (SignetExpiryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_ITEM (self), NULL);
  return self->advice;
}

const char *
signet_expiry_item_get_command (SignetExpiryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_ITEM (self), NULL);
  return self->command;
}

/* ---- SignetExpiryReport --------------------------------------------------------------- */

struct _SignetExpiryReport
{
  GObject     parent_instance;
  GListStore *items;
  char      **repositories;
  char      **failed;
  GHashTable *failures;     /* gun -> message */
  char      **notes;
  guint       within_days;
  gint64      checked_at;
};

G_DEFINE_FINAL_TYPE (SignetExpiryReport, signet_expiry_report, G_TYPE_OBJECT)

static const char * const empty_strv[] = { NULL };

static void
signet_expiry_report_finalize (GObject *object)
{
  SignetExpiryReport *self = (SignetExpiryReport *) object;

  g_clear_object (&self->items);
  g_clear_pointer (&self->repositories, g_strfreev);
  g_clear_pointer (&self->failed, g_strfreev);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  g_clear_pointer (&self->notes, g_strfreev);

  G_OBJECT_CLASS (signet_expiry_report_parent_class)->finalize (object);
}

static void
signet_expiry_report_class_init (SignetExpiryReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_expiry_report_finalize;
}

static void
signet_expiry_report_init (SignetExpiryReport *self)
{
  self->items = g_list_store_new (SIGNET_TYPE_EXPIRY_ITEM);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

GListModel *
signet_expiry_report_get_items (SignetExpiryReport *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_REPORT (self), NULL);
  return G_LIST_MODEL (self->items);
}

guint
signet_expiry_report_get_n_due (SignetExpiryReport *self)
{
  guint n = 0;

  g_return_val_if_fail (SIGNET_IS_EXPIRY_REPORT (self), 0);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(SignetExpiryItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (item->state != SIGNET_EXPIRY_STATE_OK)
        n++;
    }
  return n;
}

const char * const *
signet_expiry_report_get_repositories (SignetExpiryReport *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_REPORT (self), empty_strv);
  return self->repositories != NULL ? (const char * const *) self->repositories : empty_strv;
}

const char * const *
signet_expiry_report_get_failed (SignetExpiryReport *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_REPORT (self), empty_strv);
  return self->failed != NULL ? (const char * const *) self->failed : empty_strv;
}

const char *
signet_expiry_report_get_failure (SignetExpiryReport *self,
                                  const char         *gun)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_REPORT (self), NULL);
  g_return_val_if_fail (gun != NULL, NULL);
  return g_hash_table_lookup (self->failures, gun);
}

const char * const *
signet_expiry_report_get_notes (SignetExpiryReport *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_REPORT (self), empty_strv);
  return self->notes != NULL ? (const char * const *) self->notes : empty_strv;
}

guint
signet_expiry_report_get_within_days (SignetExpiryReport *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_REPORT (self), 0);
  return self->within_days;
}

gint64
signet_expiry_report_get_checked_at (SignetExpiryReport *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPIRY_REPORT (self), 0);
  return self->checked_at;
}

/* ---- Discovery (worker thread) -------------------------------------------------------- */

char *
signet_expiry_default_registries_file (void)
{
  return g_build_filename (g_get_user_config_dir (), "signet", "registries.json", NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
walk_cache (const char *dir,
            const char *rel,
            guint       depth,
            GPtrArray  *out)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (depth > MAX_CACHE_DEPTH)
    return;
  if (rel != NULL)
    {
      g_autofree char *root = g_build_filename (dir, "metadata", "root.json", NULL);

      if (g_file_test (root, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (out, g_strdup (rel));
    }
  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *sub = NULL;

      if (rel != NULL && (g_str_equal (name, "metadata") || g_str_equal (name, "changelist")))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      sub = rel != NULL ? g_strconcat (rel, "/", name, NULL) : g_strdup (name);
      walk_cache (path, sub, depth + 1, out);
    }
}

GPtrArray *
_signet_expiry_list_cached (const char *trust_dir)
{
  g_autofree char *tuf = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (trust_dir != NULL, out);

  tuf = g_build_filename (trust_dir, "tuf", NULL);
  walk_cache (tuf, NULL, 0, out);
  g_ptr_array_sort (out, compare_strings);
  return out;
}

typedef struct
{
  char *name;        /* "host:port" */
  char *url;         /* "https://host:port" */
  char *notary_url;  /* or NULL */
} RegistryEntry;

static void
registry_entry_free (gpointer data)
{
  RegistryEntry *entry = data;

  g_free (entry->name);
  g_free (entry->url);
  g_free (entry->notary_url);
  g_free (entry);
}

static char *
registry_name_from_url (const char *text)
{
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (text == NULL || *text == '\0')
    return NULL;
  with_scheme = strstr (text, "://") != NULL ? g_strdup (text) : g_strconcat ("https://", text, NULL);
  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL || *host == '\0')
    return NULL;
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", host, g_uri_get_port (uri));
  return g_strdup (host);
}

/* Reads the app's registries file: RegistryEntry* into @registries, GUNs into @guns. A
 * missing file is no error. */
static gboolean
read_registries (const char  *path,
                 GPtrArray   *registries,
                 GPtrArray   *guns,
                 GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  gsize len;
  JsonNode *root;
  JsonArray *array;

  if (!g_file_get_contents (path, &data, &len, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (len > MAX_REGISTRIES_FILE_SIZE)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                   "The registries file %s is larger than 1 MiB", path);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, data, len, &local))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "The registries file %s is not valid JSON: %s", path, local->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "registries") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "registries")))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "The registries file %s has no “registries” list", path);
      return FALSE;
    }
  array = json_object_get_array_member (json_node_get_object (root), "registries");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *obj;
      RegistryEntry *entry;
      char *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      obj = json_node_get_object (node);
      name = registry_name_from_url (json_object_get_string_member_with_default (obj, "url", NULL));
      if (name == NULL)
        continue;
      entry = g_new0 (RegistryEntry, 1);
      entry->name = name;
      entry->url = g_strdup (json_object_get_string_member_with_default (obj, "url", NULL));
      entry->notary_url = g_strdup (json_object_get_string_member_with_default (obj, "notary-url", NULL));
      g_ptr_array_add (registries, entry);
      if (json_object_has_member (obj, "repositories") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "repositories")))
        {
          JsonArray *repos = json_object_get_array_member (obj, "repositories");

          for (guint j = 0; j < json_array_get_length (repos); j++)
            {
              JsonNode *r = json_array_get_element (repos, j);

              if (JSON_NODE_HOLDS_VALUE (r) && json_node_get_value_type (r) == G_TYPE_STRING &&
                  *json_node_get_string (r) != '\0')
                g_ptr_array_add (guns, g_strdup_printf ("%s/%s", name, json_node_get_string (r)));
            }
        }
    }
  return TRUE;
}

/* ---- The scan ------------------------------------------------------------------------- */

typedef struct
{
  SignetRemote          *remote;
  char                  *trust_dir;
  char                  *registries_file;
  char                 **guns_given;
  guint                  within_days;
  SignetExpiryScanFlags  flags;
  gint64                 now;

  /* from the discovery thread */
  GPtrArray             *guns;          /* char *, sorted, unique */
  GHashTable            *cached;        /* gun -> gun: has a cache */
  GPtrArray             *registries;    /* RegistryEntry * */
  GHashTable            *local_keys;    /* canonical key IDs in the key store */
  GPtrArray             *notes;         /* char * */

  /* the loads */
  guint                  next;
  guint                  running;
  GPtrArray             *items;         /* SignetExpiryItem * */
  GPtrArray             *checked;       /* char * */
  GHashTable            *failures;      /* gun -> message */
} ScanData;

static void
scan_data_free (gpointer data)
{
  ScanData *d = data;

  g_clear_object (&d->remote);
  g_free (d->trust_dir);
  g_free (d->registries_file);
  g_strfreev (d->guns_given);
  g_clear_pointer (&d->guns, g_ptr_array_unref);
  g_clear_pointer (&d->cached, g_hash_table_unref);
  g_clear_pointer (&d->registries, g_ptr_array_unref);
  g_clear_pointer (&d->local_keys, g_hash_table_unref);
  g_clear_pointer (&d->notes, g_ptr_array_unref);
  g_clear_pointer (&d->items, g_ptr_array_unref);
  g_clear_pointer (&d->checked, g_ptr_array_unref);
  g_clear_pointer (&d->failures, g_hash_table_unref);
  g_free (d);
}

static void
discover_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ScanData *d = task_data;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cached = _signet_expiry_list_cached (d->trust_dir);
  g_autoptr(SignetKeystore) keystore = _signet_keystore_new (d->trust_dir);
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < cached->len; i++)
    g_hash_table_add (d->cached, g_strdup (g_ptr_array_index (cached, i)));

  if (d->registries_file != NULL && *d->registries_file != '\0')
    {
      g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);

      if (!read_registries (d->registries_file, d->registries, listed, &error))
        {
          g_ptr_array_add (d->notes, g_strdup (error->message));
          g_clear_error (&error);
        }
      if (d->guns_given == NULL)
        for (guint i = 0; i < listed->len; i++)
          g_ptr_array_add (all, g_strdup (g_ptr_array_index (listed, i)));
    }

  if (d->guns_given != NULL)
    for (guint i = 0; d->guns_given[i] != NULL; i++)
      g_ptr_array_add (all, g_strdup (d->guns_given[i]));
  else
    for (guint i = 0; i < cached->len; i++)
      g_ptr_array_add (all, g_strdup (g_ptr_array_index (cached, i)));

  g_ptr_array_sort (all, compare_strings);
  for (guint i = 0; i < all->len; i++)
    {
      const char *gun = g_ptr_array_index (all, i);

      if (d->guns->len == 0 || !g_str_equal (g_ptr_array_index (d->guns, d->guns->len - 1), gun))
        g_ptr_array_add (d->guns, g_strdup (gun));
    }

  keys = _signet_keystore_list (keystore, NULL, &error);
  if (keys == NULL)
    {
      g_ptr_array_add (d->notes, g_strdup_printf ("The key store could not be read: %s", error->message));
      g_clear_error (&error);
    }
  for (guint i = 0; keys != NULL && i < keys->len; i++)
    {
      const SignetKeyInfo *info = g_ptr_array_index (keys, i);

      g_hash_table_add (d->local_keys, g_ascii_strdown (info->id, -1));
    }

  g_task_return_boolean (task, TRUE);
}

static SignetExpiryItem *
item_new (const char         *gun,
          const char         *role,
          SignetExpiryKind    kind,
          const char         *key_id,
          gint64              expires,
          SignetExpiryState   state,
          SignetExpiryAction  action,
          char               *advice,
          char               *command)
{
  SignetExpiryItem *item = g_object_new (SIGNET_TYPE_EXPIRY_ITEM, NULL);

  item->gun = g_strdup (gun);
  item->role = g_strdup (role);
  item->kind = kind;
  item->key_id = g_strdup (key_id);
  item->expires = expires;
  item->state = state;
  item->action = state == SIGNET_EXPIRY_STATE_OK ? SIGNET_EXPIRY_ACTION_NONE : action;
  item->advice = state == SIGNET_EXPIRY_STATE_OK ? (g_free (advice), NULL) : advice;
  item->command = state == SIGNET_EXPIRY_STATE_OK ? (g_free (command), NULL) : command;
  return item;
}

static SignetExpiryState
state_for (gint64 expires,
           gint64 now,
           guint  window_days)
{
  if (expires <= now)
    return SIGNET_EXPIRY_STATE_EXPIRED;
  if (expires - now < (gint64) window_days * 86400)
    return SIGNET_EXPIRY_STATE_EXPIRING;
  return SIGNET_EXPIRY_STATE_OK;
}

static gboolean
has_local_key (ScanData        *d,
               SignetTrustRole *role)
{
  GListModel *keys = signet_trust_role_get_keys (role);

  for (guint i = 0; i < g_list_model_get_n_items (keys); i++)
    {
      g_autoptr(SignetTrustKey) key = g_list_model_get_item (keys, i);
      g_autofree char *id = g_ascii_strdown (signet_trust_key_get_id (key), -1);
      g_autofree char *canonical = g_ascii_strdown (signet_trust_key_get_canonical_id (key), -1);

      if (g_hash_table_contains (d->local_keys, id) || g_hash_table_contains (d->local_keys, canonical))
        return TRUE;
    }
  return FALSE;
}

static char *
resign_command (const char *gun,
                const char *role)
{
  return g_strdup_printf ("notary witness %s %s && notary publish %s", gun, role, gun);
}

static void
add_role_item (ScanData        *d,
               const char      *gun,
               SignetTrustRole *role)
{
  const char *name = signet_trust_role_get_name (role);
  gint64 expires = signet_trust_role_get_expires (role);
  SignetExpiryState state = state_for (expires, d->now, d->within_days);
  SignetExpiryKind kind = signet_trust_role_get_is_delegation (role) ? SIGNET_EXPIRY_KIND_DELEGATION
                                                                     : SIGNET_EXPIRY_KIND_ROLE;
  SignetExpiryAction action = SIGNET_EXPIRY_ACTION_RESIGN;
  char *advice;
  char *command;

  if (g_str_equal (name, "timestamp"))
    {
      /* the server renews it on the next read once it expires: only an expired one that
       * the server still serves is a problem */
      if (state == SIGNET_EXPIRY_STATE_EXPIRING)
        state = SIGNET_EXPIRY_STATE_OK;
      action = SIGNET_EXPIRY_ACTION_ASK_SERVER_OPERATOR;
      advice = g_strdup ("The notary server signs the timestamp and renews it by itself, but "
                         "this one has expired: ask the server operator to check the server "
                         "and its timestamp key.");
      command = NULL;
    }
  else if (g_str_equal (name, "snapshot") && !has_local_key (d, role))
    {
      action = SIGNET_EXPIRY_ACTION_ASK_SERVER_OPERATOR;
      advice = g_strdup ("The notary server holds the snapshot key: ask the server operator to "
                         "sign the snapshot again.");
      command = NULL;
    }
  else if (g_str_equal (name, "snapshot"))
    {
      advice = g_strdup ("Sign the snapshot again with its key (in this trust folder): any "
                         "publish signs a new snapshot.");
      command = resign_command (gun, "targets");
    }
  else if (g_str_equal (name, "root"))
    {
      advice = g_strdup ("Sign root again with the root key: a publish made with the root key "
                         "signs root again when it expires within six months.");
      command = resign_command (gun, "targets");
    }
  else if (g_str_equal (name, "targets"))
    {
      advice = g_strdup ("Sign targets again with the repository key.");
      command = resign_command (gun, "targets");
    }
  else
    {
      advice = g_strdup_printf ("Sign the delegation %s again with one of its keys (signer “%s”).",
                                name, name + strlen ("targets/"));
      command = resign_command (gun, name);
    }

  g_ptr_array_add (d->items, item_new (gun, name, kind, NULL, expires, state, action, advice, command));

  if (g_str_equal (name, "root"))
    {
      GListModel *keys = signet_trust_role_get_keys (role);
      guint window = MAX (d->within_days, SIGNET_EXPIRY_CERT_WARNING_DAYS);

      for (guint i = 0; i < g_list_model_get_n_items (keys); i++)
        {
          g_autoptr(SignetTrustKey) key = g_list_model_get_item (keys, i);
          gint64 not_after = signet_trust_key_get_cert_expires (key);

          if (not_after <= 0)
            continue;
          g_ptr_array_add (d->items,
                           item_new (gun, "root", SIGNET_EXPIRY_KIND_ROOT_CERTIFICATE,
                                     signet_trust_key_get_id (key), not_after,
                                     state_for (not_after, d->now, window),
                                     SIGNET_EXPIRY_ACTION_ROTATE_ROOT,
                                     g_strdup ("Rotate the root key before its certificate "
                                               "expires: clients refuse a repository whose root "
                                               "certificate has expired."),
                                     g_strdup_printf ("notary key rotate %s root", gun)));
        }
    }
}

static gboolean
role_loaded (SignetTufRepo *repo,
             const char    *name)
{
  return _signet_tuf_repo_get_targets (repo, name) != NULL;
}

static void
add_repository (ScanData      *d,
                const char    *gun,
                SignetTufRepo *repo,
                SignetTufRepo *cached)
{
  g_autoptr(SignetTrustSummary) summary = _signet_trust_summary_new_from_repo (repo);
  GListModel *roles = signet_trust_summary_get_roles (summary);

  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(SignetTrustRole) role = g_list_model_get_item (roles, i);

      add_role_item (d, gun, role);
    }

  /* A delegation the refresh dropped because it expired: the cache had it verified. */
  if (cached != NULL && cached != repo)
    {
      GPtrArray *names = _signet_tuf_repo_get_target_roles (cached);

      for (guint i = 0; i < names->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);
          SignetTufMetadata *md = _signet_tuf_repo_get_targets (cached, name);
          g_autofree char *parent = NULL;
          SignetTufMetadata *parent_md;

          if (role_loaded (repo, name) || md->expires > d->now || !_signet_tuf_is_delegation_name (name))
            continue;
          parent = _signet_tuf_role_parent (name);
          parent_md = _signet_tuf_repo_get_targets (repo, parent);
          if (parent_md == NULL || _signet_tuf_metadata_get_delegation (parent_md, name) == NULL)
            continue;
          g_ptr_array_add (d->items,
                           item_new (gun, name, SIGNET_EXPIRY_KIND_DELEGATION, NULL, md->expires,
                                     SIGNET_EXPIRY_STATE_EXPIRED, SIGNET_EXPIRY_ACTION_RESIGN,
                                     g_strdup_printf ("Sign the delegation %s again with one of its "
                                                      "keys (signer “%s”): clients ignore it "
                                                      "until then.", name,
                                                      name + strlen ("targets/")),
                                     resign_command (gun, name)));
        }
    }
  g_ptr_array_add (d->checked, g_strdup (gun));
}

/* One repository: the cache offline, then (unless offline) the refresh. */
typedef struct
{
  GTask            *task;   /* the scan's; borrowed */
  char             *gun;
  SignetRepository *cached;
  GError           *cached_error;
} GunScan;

static void
gun_scan_free (GunScan *g)
{
  g_free (g->gun);
  g_clear_object (&g->cached);
  g_clear_error (&g->cached_error);
  g_free (g);
}

static void start_next (GTask *task);

static void
gun_done (GunScan *g)
{
  GTask *task = g->task;
  ScanData *d = g_task_get_task_data (task);

  gun_scan_free (g);
  d->running--;
  start_next (task);
  g_object_unref (task);
}

static void
fail_gun (ScanData   *d,
          const char *gun,
          const char *message)
{
  if (!g_hash_table_contains (d->failures, gun))
    g_hash_table_insert (d->failures, g_strdup (gun), g_strdup (message));
}

static void
online_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GunScan *g = user_data;
  ScanData *d = g_task_get_task_data (g->task);
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(GError) error = NULL;

  repo = signet_repository_load_finish (result, &error);
  if (repo != NULL)
    add_repository (d, g->gun, _signet_repository_get_tuf_repo (repo),
                    g->cached != NULL ? _signet_repository_get_tuf_repo (g->cached) : NULL);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;
  else if (g->cached != NULL)
    {
      g_ptr_array_add (d->notes, g_strdup_printf ("%s: the refresh failed, so the cached trust data "
                                                  "was checked: %s", g->gun, error->message));
      add_repository (d, g->gun, _signet_repository_get_tuf_repo (g->cached), NULL);
    }
  else if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND) &&
           d->guns_given == NULL && !g_hash_table_contains (d->cached, g->gun))
    /* no trust data on the server and none cached: nothing can expire */
    ;
  else
    fail_gun (d, g->gun, error->message);
  gun_done (g);
}

static void
offline_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GunScan *g = user_data;
  ScanData *d = g_task_get_task_data (g->task);

  g->cached = signet_repository_load_finish (result, &g->cached_error);
  if (g_error_matches (g->cached_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gun_done (g);
      return;
    }
  if (d->flags & SIGNET_EXPIRY_SCAN_OFFLINE)
    {
      if (g->cached != NULL)
        add_repository (d, g->gun, _signet_repository_get_tuf_repo (g->cached), NULL);
      else if (!(g_error_matches (g->cached_error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND) &&
                 d->guns_given == NULL && !g_hash_table_contains (d->cached, g->gun)))
        fail_gun (d, g->gun, g->cached_error->message);
      gun_done (g);
      return;
    }
  if (g->cached_error != NULL && g_hash_table_contains (d->cached, g->gun))
    g_ptr_array_add (d->notes, g_strdup_printf ("%s: %s", g->gun, g->cached_error->message));
  _signet_repository_load_at_async (d->remote, d->trust_dir, g->gun, SIGNET_REPOSITORY_LOAD_NONE,
                                    d->now, g_task_get_cancellable (g->task), online_cb, g);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  SignetExpiryItem *x = *(SignetExpiryItem * const *) a;
  SignetExpiryItem *y = *(SignetExpiryItem * const *) b;
  int c;

  if (x->expires != y->expires)
    return x->expires < y->expires ? -1 : 1;
  if ((c = strcmp (x->gun, y->gun)) != 0)
    return c;
  if ((c = strcmp (x->role, y->role)) != 0)
    return c;
  return (int) x->kind - (int) y->kind;
}

static void
finish_scan (GTask *task)
{
  ScanData *d = g_task_get_task_data (task);
  SignetExpiryReport *report;
  g_autoptr(GPtrArray) failed = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  if (g_task_return_error_if_cancelled (task))
    return;

  report = g_object_new (SIGNET_TYPE_EXPIRY_REPORT, NULL);
  g_ptr_array_sort (d->items, compare_items);
  for (guint i = 0; i < d->items->len; i++)
    g_list_store_append (report->items, g_ptr_array_index (d->items, i));
  g_ptr_array_sort (d->checked, compare_strings);
  report->repositories = _signet_strv_from_array (d->checked);
  g_hash_table_iter_init (&iter, d->failures);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (failed, key);
      g_hash_table_insert (report->failures, g_strdup (key), g_strdup (value));
    }
  g_ptr_array_sort (failed, compare_strings);
  report->failed = _signet_strv_from_array (failed);
  report->notes = _signet_strv_from_array (d->notes);
  report->within_days = d->within_days;
  report->checked_at = d->now;
  g_task_return_pointer (task, report, g_object_unref);
}

static void
start_next (GTask *task)
{
  ScanData *d = g_task_get_task_data (task);

  while (d->running < MAX_PARALLEL && d->next < d->guns->len &&
         !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      GunScan *g = g_new0 (GunScan, 1);

      g->task = g_object_ref (task);
      g->gun = g_strdup (g_ptr_array_index (d->guns, d->next++));
      d->running++;
      _signet_repository_load_at_async (NULL, d->trust_dir, g->gun, SIGNET_REPOSITORY_LOAD_OFFLINE,
                                        d->now, g_task_get_cancellable (task), offline_cb, g);
    }
  if (d->running == 0)
    finish_scan (task);
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScanData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (d->remote != NULL && !(d->flags & SIGNET_EXPIRY_SCAN_OFFLINE))
    for (guint i = 0; i < d->registries->len; i++)
      {
        RegistryEntry *entry = g_ptr_array_index (d->registries, i);

        if (entry->url != NULL && g_str_has_prefix (entry->url, "https://") &&
            !signet_remote_set_registry_endpoint (d->remote, entry->name, entry->url, &error))
          {
            g_ptr_array_add (d->notes, g_strdup_printf ("%s: %s", entry->name, error->message));
            g_clear_error (&error);
          }
        if (entry->notary_url != NULL &&
            !signet_remote_set_trust_server (d->remote, entry->name, entry->notary_url, &error))
          {
            g_ptr_array_add (d->notes, g_strdup_printf ("%s: %s", entry->name, error->message));
            g_clear_error (&error);
          }
      }

  start_next (task);
}

void
_signet_expiry_scan_at_async (SignetRemote           *remote,
                              const char             *trust_dir,
                              const char             *registries_file,
                              const char * const     *guns,
                              guint                   within_days,
                              SignetExpiryScanFlags   flags,
                              gint64                  now,
                              GCancellable           *cancellable,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) discover = NULL;
  ScanData *d;

  g_return_if_fail (remote == NULL || SIGNET_IS_REMOTE (remote));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_expiry_scan_async);

  if (remote == NULL && !(flags & SIGNET_EXPIRY_SCAN_OFFLINE))
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                               "An online expiry check needs a remote");
      return;
    }
  for (guint i = 0; guns != NULL && guns[i] != NULL; i++)
    if (*guns[i] == '\0' || strstr (guns[i], "..") != NULL || guns[i][0] == '/')
      {
        g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                                 "“%s” is not a repository name (GUN)", guns[i]);
        return;
      }

  d = g_new0 (ScanData, 1);
  d->remote = remote != NULL ? g_object_ref (remote) : NULL;
  d->trust_dir = trust_dir != NULL ? g_strdup (trust_dir) : signet_default_trust_dir ();
  d->registries_file = registries_file != NULL ? g_strdup (registries_file)
                                               : signet_expiry_default_registries_file ();
  d->guns_given = guns != NULL ? g_strdupv ((char **) guns) : NULL;
  d->within_days = within_days;
  d->flags = flags;
  d->now = now > 0 ? now : g_get_real_time () / G_USEC_PER_SEC;
  d->guns = g_ptr_array_new_with_free_func (g_free);
  d->cached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->registries = g_ptr_array_new_with_free_func (registry_entry_free);
  d->local_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->notes = g_ptr_array_new_with_free_func (g_free);
  d->items = g_ptr_array_new_with_free_func (g_object_unref);
  d->checked = g_ptr_array_new_with_free_func (g_free);
  d->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_task_set_task_data (task, d, scan_data_free);

  /* the discovery thread only touches @d's discovery fields before it returns */
  discover = g_task_new (NULL, cancellable, discover_cb, g_steal_pointer (&task));
  g_task_set_source_tag (discover, discover_thread);
  g_task_set_task_data (discover, d, NULL);
  g_task_run_in_thread (discover, discover_thread);
}

void
signet_expiry_scan_async (SignetRemote           *remote,
                          const char             *trust_dir,
                          const char             *registries_file,
                          const char * const     *guns,
                          guint                   within_days,
                          SignetExpiryScanFlags   flags,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  _signet_expiry_scan_at_async (remote, trust_dir, registries_file, guns, within_days, flags, 0,
                                cancellable, callback, user_data);
}

SignetExpiryReport *
signet_expiry_scan_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == signet_expiry_scan_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
