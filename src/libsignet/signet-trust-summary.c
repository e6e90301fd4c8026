/* signet-trust-summary.c: what a repository's verified trust data says, in one place.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the app and the CLI (`docker trust inspect` needs: notary-v1.md §8). Unlike
 * docker, a delegation only counts as a signer of a tag under its effective paths (§13).
 */

#include "config.h"

#include <string.h>

#include "signet-docker-format-private.h"
#include "signet-trust-summary-private.h"

#define EXPIRY_WARNING_DAYS      30
#define CERT_EXPIRY_WARNING_DAYS 182

struct _SignetTrustSummary
{
  GObject     parent_instance;
  char       *gun;
  GListStore *roles;
  GListStore *signers;
  GListStore *tags;
  char      **warnings;
  gint64      timestamp_expires;
  gint64      expires;
  char      **root_key_ids;
  char      **repository_key_ids;
};

G_DEFINE_FINAL_TYPE (SignetTrustSummary, signet_trust_summary, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_GUN,
  PROP_ROLES,
  PROP_SIGNERS,
  PROP_TAGS,
  PROP_WARNINGS,
  PROP_TIMESTAMP_EXPIRES,
  PROP_EXPIRES,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];
static const char * const empty_strv[] = { NULL };

static void
signet_trust_summary_finalize (GObject *object)
{
  SignetTrustSummary *self = (SignetTrustSummary *) object;

  g_clear_pointer (&self->gun, g_free);
  g_clear_object (&self->roles);
  g_clear_object (&self->signers);
  g_clear_object (&self->tags);
  g_clear_pointer (&self->warnings, g_strfreev);
  g_clear_pointer (&self->root_key_ids, g_strfreev);
  g_clear_pointer (&self->repository_key_ids, g_strfreev);

  G_OBJECT_CLASS (signet_trust_summary_parent_class)->finalize (object);
}

static void
signet_trust_summary_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SignetTrustSummary *self = (SignetTrustSummary *) object;

  switch (prop_id)
    {
    case PROP_GUN:
      g_value_set_string (value, self->gun);
      break;
    case PROP_ROLES:
      g_value_set_object (value, self->roles);
      break;
    case PROP_SIGNERS:
      g_value_set_object (value, self->signers);
      break;
    case PROP_TAGS:
      g_value_set_object (value, self->tags);
      break;
    case PROP_WARNINGS:
      g_value_set_boxed (value, self->warnings);
      break;
    case PROP_TIMESTAMP_EXPIRES:
      g_value_set_int64 (value, self->timestamp_expires);
      break;
    case PROP_EXPIRES:
      g_value_set_int64 (value, self->expires);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_trust_summary_class_init (SignetTrustSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_trust_summary_finalize;
  object_class->get_property = signet_trust_summary_get_property;

  properties[PROP_GUN] =
    g_param_spec_string ("gun", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLES] =
    g_param_spec_object ("roles", NULL, NULL, G_TYPE_LIST_MODEL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNERS] =
    g_param_spec_object ("signers", NULL, NULL, G_TYPE_LIST_MODEL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TAGS] =
    g_param_spec_object ("tags", NULL, NULL, G_TYPE_LIST_MODEL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WARNINGS] =
    g_param_spec_boxed ("warnings", NULL, NULL, G_TYPE_STRV, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMESTAMP_EXPIRES] =
    g_param_spec_int64 ("timestamp-expires", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPIRES] =
    g_param_spec_int64 ("expires", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_trust_summary_init (SignetTrustSummary *self)
{
  self->roles = g_list_store_new (SIGNET_TYPE_TRUST_ROLE);
  self->signers = g_list_store_new (SIGNET_TYPE_TRUST_SIGNER);
  self->tags = g_list_store_new (SIGNET_TYPE_TRUST_TAG);
}

/* ---- Getters ---------------------------------------------------------------------- */

const char *
signet_trust_summary_get_gun (SignetTrustSummary *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SUMMARY (self), NULL);
  return self->gun;
}

GListModel *
signet_trust_summary_get_roles (SignetTrustSummary *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SUMMARY (self), NULL);
  return G_LIST_MODEL (self->roles);
}

SignetTrustRole *
signet_trust_summary_lookup_role (SignetTrustSummary *self,
                                  const char         *name)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SUMMARY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->roles)); i++)
    {
      g_autoptr(SignetTrustRole) role = g_list_model_get_item (G_LIST_MODEL (self->roles), i);

      if (g_strcmp0 (signet_trust_role_get_name (role), name) == 0)
        return role;
    }
  return NULL;
}

GListModel *
signet_trust_summary_get_signers (SignetTrustSummary *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SUMMARY (self), NULL);
  return G_LIST_MODEL (self->signers);
}

GListModel *
signet_trust_summary_get_tags (SignetTrustSummary *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SUMMARY (self), NULL);
  return G_LIST_MODEL (self->tags);
}

SignetTrustTag *
signet_trust_summary_lookup_tag (SignetTrustSummary *self,
                                 const char         *name)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SUMMARY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tags)); i++)
    {
      g_autoptr(SignetTrustTag) tag = g_list_model_get_item (G_LIST_MODEL (self->tags), i);

      if (g_strcmp0 (signet_trust_tag_get_name (tag), name) == 0)
        return tag;
    }
  return NULL;
}

const char * const *
signet_trust_summary_get_warnings (SignetTrustSummary *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SUMMARY (self), empty_strv);
  return self->warnings != NULL ? (const char * const *) self->warnings : empty_strv;
}

gint64
signet_trust_summary_get_timestamp_expires (SignetTrustSummary *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SUMMARY (self), 0);
  return self->timestamp_expires;
}

gint64
signet_trust_summary_get_expires (SignetTrustSummary *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SUMMARY (self), 0);
  return self->expires;
}

const char * const *
signet_trust_summary_get_root_key_ids (SignetTrustSummary *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SUMMARY (self), empty_strv);
  return self->root_key_ids != NULL ? (const char * const *) self->root_key_ids : empty_strv;
}

const char * const *
signet_trust_summary_get_repository_key_ids (SignetTrustSummary *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SUMMARY (self), empty_strv);
  return self->repository_key_ids != NULL ? (const char * const *) self->repository_key_ids : empty_strv;
}

/* ---- Helpers ---------------------------------------------------------------------- */

char **
_signet_strv_from_array (GPtrArray *array)
{
  char **strv;

  if (array == NULL)
    return NULL;
  strv = g_new0 (char *, array->len + 1);
  for (guint i = 0; i < array->len; i++)
    strv[i] = g_strdup (g_ptr_array_index (array, i));
  return strv;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_natural_ptr (gconstpointer a,
                     gconstpointer b)
{
  return _signet_natural_compare (*(const char * const *) a, *(const char * const *) b);
}

static char *
date_words (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("an unknown date");
}

static GListStore *
keys_store (GHashTable *keys,
            GPtrArray  *keyids)
{
  GListStore *store = g_list_store_new (SIGNET_TYPE_TRUST_KEY);

  for (guint i = 0; i < keyids->len; i++)
    {
      const char *keyid = g_ptr_array_index (keyids, i);
      SignetPublicKey *key = g_hash_table_lookup (keys, keyid);
      g_autoptr(SignetTrustKey) item = NULL;
      gint64 not_after = 0;

      if (key == NULL)
        continue;
      if (!_signet_public_key_get_cert_validity (key, NULL, &not_after))
        not_after = 0;
      item = _signet_trust_key_new (keyid, _signet_public_key_get_canonical_id (key),
                                    _signet_public_key_get_keytype (key), not_after);
      g_list_store_append (store, item);
    }
  return store;
}

static GPtrArray *
sorted_ids (GPtrArray *keyids)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < keyids->len; i++)
    g_ptr_array_add (ids, g_strdup (g_ptr_array_index (keyids, i)));
  g_ptr_array_sort (ids, compare_strings);
  return ids;
}

/* The expiry of @role and of every loaded ancestor: a delegation can only be trusted
 * while its parents are. */
static gint64
chain_expires (SignetTufRepo *repo,
               const char    *role)
{
  g_autofree char *name = g_strdup (role);
  gint64 expires = G_MAXINT64;

  while (name != NULL && *name != '\0')
    {
      SignetTufMetadata *md = _signet_tuf_repo_get_targets (repo, name);
      char *parent;

      if (md == NULL)
        break;
      expires = MIN (expires, md->expires);
      if (g_str_equal (name, "targets"))
        break;
      parent = _signet_tuf_role_parent (name);
      g_free (name);
      name = parent;
    }
  return expires;
}

static gboolean
same_sha256 (SignetTufFileMeta *a,
             SignetTufFileMeta *b)
{
  GBytes *x = g_hash_table_lookup (a->hashes, "sha256");
  GBytes *y = g_hash_table_lookup (b->hashes, "sha256");

  return x != NULL && y != NULL && g_bytes_equal (x, y);
}

static void
warn_expiry (GPtrArray  *warnings,
             const char *role,
             gint64      expires,
             gint64      now)
{
  gint64 days;
  g_autofree char *when = NULL;

  if (expires <= now)
    return;  /* expired roles are reported by the verifier */
  days = (expires - now) / 86400;
  if (days >= EXPIRY_WARNING_DAYS)
    return;
  when = date_words (expires);
  g_ptr_array_add (warnings,
                   g_strdup_printf ("The %s metadata expires in %" G_GINT64_FORMAT " day%s (%s): "
                                    "sign it again before then.",
                                    role, days, days == 1 ? "" : "s", when));
}

/* ---- Construction ----------------------------------------------------------------- */

static void
add_roles (SignetTrustSummary *self,
           SignetTufRepo      *repo)
{
  static const char * const base[] = { "root", "targets", "snapshot", "timestamp" };
  SignetTufMetadata *root = _signet_tuf_repo_get_root (repo);
  GPtrArray *target_roles = _signet_tuf_repo_get_target_roles (repo);

  for (guint i = 0; i < G_N_ELEMENTS (base); i++)
    {
      SignetTufRole *entry = g_hash_table_lookup (root->roles, base[i]);
      SignetTufMetadata *md;
      g_autoptr(GListStore) keys = keys_store (root->keys, entry->keyids);
      g_autoptr(SignetTrustRole) role = NULL;

      if (g_str_equal (base[i], "root"))
        md = root;
      else if (g_str_equal (base[i], "snapshot"))
        md = _signet_tuf_repo_get_snapshot (repo);
      else if (g_str_equal (base[i], "timestamp"))
        md = _signet_tuf_repo_get_timestamp (repo);
      else
        md = _signet_tuf_repo_get_targets (repo, "targets");
      role = _signet_trust_role_new (base[i], md->version, md->expires, entry->threshold, keys,
                                     NULL, _signet_tuf_repo_get_effective_paths (repo, base[i]),
                                     FALSE);
      g_list_store_append (self->roles, role);
    }

  for (guint i = 0; i < target_roles->len; i++)
    {
      const char *name = g_ptr_array_index (target_roles, i);
      SignetTufMetadata *parent = NULL;
      SignetTufRole *entry;
      SignetTufMetadata *md = _signet_tuf_repo_get_targets (repo, name);
      g_autoptr(GListStore) keys = NULL;
      g_autoptr(SignetTrustRole) role = NULL;

      if (g_str_equal (name, "targets"))
        continue;
      entry = _signet_tuf_repo_get_delegation (repo, name, &parent);
      keys = keys_store (parent->keys, entry->keyids);
      role = _signet_trust_role_new (name, md->version, md->expires, entry->threshold, keys,
                                     entry->paths, _signet_tuf_repo_get_effective_paths (repo, name),
                                     TRUE);
      g_list_store_append (self->roles, role);
    }
}

static int
compare_signers (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (signet_trust_signer_get_name ((SignetTrustSigner *) a),
                 signet_trust_signer_get_name ((SignetTrustSigner *) b));
}

static void
add_signers (SignetTrustSummary *self,
             SignetTufRepo      *repo)
{
  GPtrArray *target_roles = _signet_tuf_repo_get_target_roles (repo);

  /* every delegation listed by a verified targets file, releases excepted */
  for (guint i = 0; i < target_roles->len; i++)
    {
      SignetTufMetadata *md = _signet_tuf_repo_get_targets (repo, g_ptr_array_index (target_roles, i));

      for (guint j = 0; j < md->delegations->len; j++)
        {
          SignetTufRole *d = g_ptr_array_index (md->delegations, j);
          g_autoptr(GListStore) keys = NULL;
          g_autoptr(SignetTrustSigner) signer = NULL;

          if (g_str_equal (d->name, "targets/releases"))
            continue;
          keys = keys_store (md->keys, d->keyids);
          signer = _signet_trust_signer_new (d->name + strlen ("targets/"), d->name, keys,
                                             d->threshold, d->paths,
                                             _signet_tuf_repo_get_targets (repo, d->name) != NULL);
          g_list_store_insert_sorted (self->signers, signer, compare_signers, NULL);
        }
    }
}

static void
add_tags (SignetTrustSummary *self,
          SignetTufRepo      *repo,
          GPtrArray          *warnings)
{
  static const char * const pull_roles[] = { "targets/releases", "targets", NULL };
  GPtrArray *target_roles = _signet_tuf_repo_get_target_roles (repo);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  gint64 base_expires = MIN (_signet_tuf_repo_get_root (repo)->expires,
                             _signet_tuf_repo_get_snapshot (repo)->expires);

  for (guint i = 0; i < target_roles->len; i++)
    {
      const char *role = g_ptr_array_index (target_roles, i);
      SignetTufMetadata *md = _signet_tuf_repo_get_targets (repo, role);
      GHashTableIter iter;
      gpointer k;

      g_hash_table_iter_init (&iter, md->targets);
      while (g_hash_table_iter_next (&iter, &k, NULL))
        if (!g_hash_table_contains (seen, k) && _signet_tuf_repo_get_target (repo, role, k) != NULL)
          {
            g_hash_table_add (seen, k);
            g_ptr_array_add (names, k);
          }
    }
  g_ptr_array_sort (names, compare_natural_ptr);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const char *pull_role = NULL;
      const char *ref_role = NULL;
      SignetTufFileMeta *ref;
      g_autoptr(GPtrArray) roles = g_ptr_array_new ();
      g_autoptr(GPtrArray) signers = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *digest = NULL;
      g_autoptr(SignetTrustTag) tag = NULL;
      gint64 expires = base_expires;

      ref = _signet_tuf_repo_lookup_target (repo, name, pull_roles, &pull_role);
      ref_role = pull_role;
      for (guint j = 0; ref == NULL && j < target_roles->len; j++)
        {
          ref_role = g_ptr_array_index (target_roles, j);
          ref = _signet_tuf_repo_get_target (repo, ref_role, name);
        }
      g_assert (ref != NULL);

      for (guint j = 0; j < target_roles->len; j++)
        {
          const char *role = g_ptr_array_index (target_roles, j);
          SignetTufFileMeta *meta = _signet_tuf_repo_get_target (repo, role, name);

          if (meta == NULL)
            continue;
          if (meta->length != ref->length || !_signet_tuf_file_meta_same_hashes (meta, ref))
            {
              g_ptr_array_add (warnings,
                               g_strdup_printf ("The tag “%s” has another digest in %s than in %s: "
                                                "%s does not vouch for it.", name, role, ref_role, role));
              continue;
            }
          g_ptr_array_add (roles, (gpointer) role);
          expires = MIN (expires, chain_expires (repo, role));
          /* docker trust inspect: the other delegations holding the same sha256 */
          if (!g_str_equal (role, "targets") && !g_str_equal (role, "targets/releases") &&
              same_sha256 (meta, ref))
            g_ptr_array_add (signers, g_strdup (role + strlen ("targets/")));
        }
      g_ptr_array_sort (signers, compare_strings);
      if (signers->len == 0)
        g_ptr_array_add (signers, g_strdup ("Repo Admin"));

      digest = _signet_tuf_file_meta_get_sha256_hex (ref);
      tag = _signet_trust_tag_new (name, digest, ref->length, roles, pull_role, signers, expires,
                                   pull_role != NULL);
      g_list_store_append (self->tags, tag);
    }
}

static void
add_warnings (SignetTrustSummary *self,
              SignetTufRepo      *repo,
              GPtrArray          *warnings)
{
  SignetTufMetadata *root = _signet_tuf_repo_get_root (repo);
  SignetTufRole *root_role = g_hash_table_lookup (root->roles, "root");
  GPtrArray *target_roles = _signet_tuf_repo_get_target_roles (repo);
  gint64 now = _signet_tuf_repo_get_now (repo);

  warn_expiry (warnings, "root", root->expires, now);
  warn_expiry (warnings, "snapshot", _signet_tuf_repo_get_snapshot (repo)->expires, now);
  for (guint i = 0; i < target_roles->len; i++)
    {
      const char *role = g_ptr_array_index (target_roles, i);

      warn_expiry (warnings, role, _signet_tuf_repo_get_targets (repo, role)->expires, now);
    }

  for (guint i = 0; i < root_role->keyids->len; i++)
    {
      const char *keyid = g_ptr_array_index (root_role->keyids, i);
      SignetPublicKey *key = g_hash_table_lookup (root->keys, keyid);
      gint64 not_after;

      if (key != NULL && _signet_public_key_get_cert_validity (key, NULL, &not_after) &&
          not_after > now && not_after - now < CERT_EXPIRY_WARNING_DAYS * 86400LL)
        {
          g_autofree char *when = date_words (not_after);

          g_ptr_array_add (warnings,
                           g_strdup_printf ("The root certificate %.12s… expires on %s: rotate the "
                                            "root key before then, or the repository becomes "
                                            "unreadable.", keyid, when));
        }
    }
}

SignetTrustSummary *
_signet_trust_summary_new_from_repo (SignetTufRepo *repo)
{
  SignetTrustSummary *self;
  SignetTufMetadata *root;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) root_ids = NULL;
  g_autoptr(GPtrArray) repo_ids = NULL;
  GPtrArray *repo_warnings;

  g_return_val_if_fail (repo != NULL, NULL);

  self = g_object_new (SIGNET_TYPE_TRUST_SUMMARY, NULL);
  root = _signet_tuf_repo_get_root (repo);
  self->gun = g_strdup (_signet_tuf_repo_get_gun (repo));

  repo_warnings = _signet_tuf_repo_get_warnings (repo);
  for (guint i = 0; i < repo_warnings->len; i++)
    g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (repo_warnings, i)));

  add_roles (self, repo);
  add_signers (self, repo);
  add_tags (self, repo, warnings);
  add_warnings (self, repo, warnings);

  self->timestamp_expires = _signet_tuf_repo_get_timestamp (repo)->expires;
  self->expires = MIN (MIN (root->expires, _signet_tuf_repo_get_snapshot (repo)->expires),
                       _signet_tuf_repo_get_targets (repo, "targets")->expires);
  root_ids = sorted_ids (((SignetTufRole *) g_hash_table_lookup (root->roles, "root"))->keyids);
  repo_ids = sorted_ids (((SignetTufRole *) g_hash_table_lookup (root->roles, "targets"))->keyids);
  self->root_key_ids = _signet_strv_from_array (root_ids);
  self->repository_key_ids = _signet_strv_from_array (repo_ids);
  self->warnings = _signet_strv_from_array (warnings);
  return self;
}
