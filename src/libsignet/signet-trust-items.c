/* signet-trust-items.c: the items of a trust summary (keys, roles, signers, tags).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-trust-summary-private.h"

static const char * const empty_strv[] = { NULL };

/* ---- SignetTrustKey ---- */
struct _SignetTrustKey
{
  GObject parent_instance;
  char        *id;
  char        *canonical_id;
  char        *key_type;
  gint64      cert_expires;
};

G_DEFINE_FINAL_TYPE (SignetTrustKey, signet_trust_key, G_TYPE_OBJECT)

enum
{
  KEY_PROP_0,
  KEY_PROP_ID,
  KEY_PROP_CANONICAL_ID,
  KEY_PROP_KEY_TYPE,
  KEY_PROP_CERT_EXPIRES,
  KEY_N_PROPS,
};

static GParamSpec *key_properties[KEY_N_PROPS];

static void
signet_trust_key_finalize (GObject *object)
{
  SignetTrustKey *self = ((SignetTrustKey *) object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->canonical_id, g_free);
  g_clear_pointer (&self->key_type, g_free);

  G_OBJECT_CLASS (signet_trust_key_parent_class)->finalize (object);
}

static void
signet_trust_key_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SignetTrustKey *self = ((SignetTrustKey *) object);

  switch (prop_id)
    {
    case KEY_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case KEY_PROP_CANONICAL_ID:
      g_value_set_string (value, self->canonical_id);
      break;
    case KEY_PROP_KEY_TYPE:
      g_value_set_string (value, self->key_type);
      break;
    case KEY_PROP_CERT_EXPIRES:
      g_value_set_int64 (value, self->cert_expires);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_trust_key_class_init (SignetTrustKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_trust_key_finalize;
  object_class->get_property = signet_trust_key_get_property;

  /* TUF key ID */
  key_properties[KEY_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* canonical key ID */
  key_properties[KEY_PROP_CANONICAL_ID] =
    g_param_spec_string ("canonical-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* key type */
  key_properties[KEY_PROP_KEY_TYPE] =
    g_param_spec_string ("key-type", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* certificate expiry (Unix s), 0 without certificate */
  key_properties[KEY_PROP_CERT_EXPIRES] =
    g_param_spec_int64 ("cert-expires", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, KEY_N_PROPS, key_properties);
}

static void
signet_trust_key_init (SignetTrustKey *self)
{
}

const char *
signet_trust_key_get_id (SignetTrustKey *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_KEY (self), NULL);

  return self->id;
}

const char *
signet_trust_key_get_canonical_id (SignetTrustKey *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_KEY (self), NULL);

  return self->canonical_id;
}

const char *
signet_trust_key_get_key_type (SignetTrustKey *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_KEY (self), NULL);

  return self->key_type;
}

gint64
signet_trust_key_get_cert_expires (SignetTrustKey *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_KEY (self), 0);

  return self->cert_expires;
}

SignetTrustKey *
_signet_trust_key_new (const char *id,
                       const char *canonical_id,
                       const char *key_type,
                       gint64      cert_expires)
{
  SignetTrustKey *self = g_object_new (SIGNET_TYPE_TRUST_KEY, NULL);

  self->id = g_strdup (id);
  self->canonical_id = g_strdup (canonical_id);
  self->key_type = g_strdup (key_type);
  self->cert_expires = cert_expires;
  return self;
}

/* ---- SignetTrustRole ---- */
struct _SignetTrustRole
{
  GObject parent_instance;
  char        *name;
  gint64      version;
  gint64      expires;
  guint       threshold;
  GListModel  *keys;
  char        **paths;
  char        **effective_paths;
  gboolean    is_delegation;
};

G_DEFINE_FINAL_TYPE (SignetTrustRole, signet_trust_role, G_TYPE_OBJECT)

enum
{
  ROLE_PROP_0,
  ROLE_PROP_NAME,
  ROLE_PROP_VERSION,
  ROLE_PROP_EXPIRES,
  ROLE_PROP_THRESHOLD,
  ROLE_PROP_KEYS,
  ROLE_PROP_PATHS,
  ROLE_PROP_EFFECTIVE_PATHS,
  ROLE_PROP_IS_DELEGATION,
  ROLE_N_PROPS,
};

static GParamSpec *role_properties[ROLE_N_PROPS];

static void
signet_trust_role_finalize (GObject *object)
{
  SignetTrustRole *self = ((SignetTrustRole *) object);

  g_clear_pointer (&self->name, g_free);
  g_clear_object (&self->keys);
  g_clear_pointer (&self->paths, g_strfreev);
  g_clear_pointer (&self->effective_paths, g_strfreev);

  G_OBJECT_CLASS (signet_trust_role_parent_class)->finalize (object);
}

static void
signet_trust_role_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SignetTrustRole *self = ((SignetTrustRole *) object);

  switch (prop_id)
    {
    case ROLE_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case ROLE_PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;
    case ROLE_PROP_EXPIRES:
      g_value_set_int64 (value, self->expires);
      break;
    case ROLE_PROP_THRESHOLD:
      g_value_set_uint (value, self->threshold);
      break;
    case ROLE_PROP_KEYS:
      g_value_set_object (value, self->keys);
      break;
    case ROLE_PROP_PATHS:
      g_value_set_boxed (value, self->paths);
      break;
    case ROLE_PROP_EFFECTIVE_PATHS:
      g_value_set_boxed (value, self->effective_paths);
      break;
    case ROLE_PROP_IS_DELEGATION:
      g_value_set_boolean (value, self->is_delegation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_trust_role_class_init (SignetTrustRoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_trust_role_finalize;
  object_class->get_property = signet_trust_role_get_property;

  /* role name */
  role_properties[ROLE_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* metadata version */
  role_properties[ROLE_PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* expiry (Unix s) */
  role_properties[ROLE_PROP_EXPIRES] =
    g_param_spec_int64 ("expires", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* signature threshold */
  role_properties[ROLE_PROP_THRESHOLD] =
    g_param_spec_uint ("threshold", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* keys (SignetTrustKey) */
  role_properties[ROLE_PROP_KEYS] =
    g_param_spec_object ("keys", NULL, NULL, G_TYPE_LIST_MODEL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* declared paths */
  role_properties[ROLE_PROP_PATHS] =
    g_param_spec_boxed ("paths", NULL, NULL, G_TYPE_STRV, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* effective paths */
  role_properties[ROLE_PROP_EFFECTIVE_PATHS] =
    g_param_spec_boxed ("effective-paths", NULL, NULL, G_TYPE_STRV, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* whether a delegation */
  role_properties[ROLE_PROP_IS_DELEGATION] =
    g_param_spec_boolean ("is-delegation", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, ROLE_N_PROPS, role_properties);
}

static void
signet_trust_role_init (SignetTrustRole *self)
{
}

const char *
signet_trust_role_get_name (SignetTrustRole *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_ROLE (self), NULL);

  return self->name;
}

gint64
signet_trust_role_get_version (SignetTrustRole *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_ROLE (self), 0);

  return self->version;
}

gint64
signet_trust_role_get_expires (SignetTrustRole *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_ROLE (self), 0);

  return self->expires;
}

guint
signet_trust_role_get_threshold (SignetTrustRole *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_ROLE (self), 0);

  return self->threshold;
}

GListModel *
signet_trust_role_get_keys (SignetTrustRole *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_ROLE (self), NULL);

  return self->keys;
}

const char * const *
signet_trust_role_get_paths (SignetTrustRole *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_ROLE (self), empty_strv);

  return self->paths != NULL ? (const char * const *) self->paths : empty_strv;
}

const char * const *
signet_trust_role_get_effective_paths (SignetTrustRole *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_ROLE (self), empty_strv);

  return self->effective_paths != NULL ? (const char * const *) self->effective_paths : empty_strv;
}

gboolean
signet_trust_role_get_is_delegation (SignetTrustRole *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_ROLE (self), FALSE);

  return self->is_delegation;
}

SignetTrustRole *
_signet_trust_role_new (const char *name,
                        gint64      version,
                        gint64      expires,
                        guint       threshold,
                        GListStore *keys,
                        GPtrArray  *paths,
                        GPtrArray  *effective_paths,
                        gboolean    is_delegation)
{
  SignetTrustRole *self = g_object_new (SIGNET_TYPE_TRUST_ROLE, NULL);

  self->name = g_strdup (name);
  self->version = version;
  self->expires = expires;
  self->threshold = threshold;
  self->keys = G_LIST_MODEL (g_object_ref (keys));
  self->paths = _signet_strv_from_array (paths);
  self->effective_paths = _signet_strv_from_array (effective_paths);
  self->is_delegation = is_delegation;
  return self;
}

/* ---- SignetTrustSigner ---- */
struct _SignetTrustSigner
{
  GObject parent_instance;
  char        *name;
  char        *role_name;
  GListModel  *keys;
  guint       threshold;
  char        **paths;
  gboolean    loaded;
};

G_DEFINE_FINAL_TYPE (SignetTrustSigner, signet_trust_signer, G_TYPE_OBJECT)

enum
{
  SIGNER_PROP_0,
  SIGNER_PROP_NAME,
  SIGNER_PROP_ROLE_NAME,
  SIGNER_PROP_KEYS,
  SIGNER_PROP_THRESHOLD,
  SIGNER_PROP_PATHS,
  SIGNER_PROP_LOADED,
  SIGNER_N_PROPS,
};

static GParamSpec *signer_properties[SIGNER_N_PROPS];

static void
signet_trust_signer_finalize (GObject *object)
{
  SignetTrustSigner *self = ((SignetTrustSigner *) object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->role_name, g_free);
  g_clear_object (&self->keys);
  g_clear_pointer (&self->paths, g_strfreev);

  G_OBJECT_CLASS (signet_trust_signer_parent_class)->finalize (object);
}

static void
signet_trust_signer_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SignetTrustSigner *self = ((SignetTrustSigner *) object);

  switch (prop_id)
    {
    case SIGNER_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case SIGNER_PROP_ROLE_NAME:
      g_value_set_string (value, self->role_name);
      break;
    case SIGNER_PROP_KEYS:
      g_value_set_object (value, self->keys);
      break;
    case SIGNER_PROP_THRESHOLD:
      g_value_set_uint (value, self->threshold);
      break;
    case SIGNER_PROP_PATHS:
      g_value_set_boxed (value, self->paths);
      break;
    case SIGNER_PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_trust_signer_class_init (SignetTrustSignerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_trust_signer_finalize;
  object_class->get_property = signet_trust_signer_get_property;

  /* signer name */
  signer_properties[SIGNER_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* delegation role name */
  signer_properties[SIGNER_PROP_ROLE_NAME] =
    g_param_spec_string ("role-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* keys (SignetTrustKey) */
  signer_properties[SIGNER_PROP_KEYS] =
    g_param_spec_object ("keys", NULL, NULL, G_TYPE_LIST_MODEL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* signature threshold */
  signer_properties[SIGNER_PROP_THRESHOLD] =
    g_param_spec_uint ("threshold", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* declared paths */
  signer_properties[SIGNER_PROP_PATHS] =
    g_param_spec_boxed ("paths", NULL, NULL, G_TYPE_STRV, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* whether its metadata was verified */
  signer_properties[SIGNER_PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, SIGNER_N_PROPS, signer_properties);
}

static void
signet_trust_signer_init (SignetTrustSigner *self)
{
}

const char *
signet_trust_signer_get_name (SignetTrustSigner *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SIGNER (self), NULL);

  return self->name;
}

const char *
signet_trust_signer_get_role_name (SignetTrustSigner *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SIGNER (self), NULL);

  return self->role_name;
}

GListModel *
signet_trust_signer_get_keys (SignetTrustSigner *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SIGNER (self), NULL);

  return self->keys;
}

guint
signet_trust_signer_get_threshold (SignetTrustSigner *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SIGNER (self), 0);

  return self->threshold;
}

const char * const *
signet_trust_signer_get_paths (SignetTrustSigner *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SIGNER (self), empty_strv);

  return self->paths != NULL ? (const char * const *) self->paths : empty_strv;
}

gboolean
signet_trust_signer_get_loaded (SignetTrustSigner *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_SIGNER (self), FALSE);

  return self->loaded;
}

SignetTrustSigner *
_signet_trust_signer_new (const char *name,
                          const char *role_name,
                          GListStore *keys,
                          guint       threshold,
                          GPtrArray  *paths,
                          gboolean    loaded)
{
  SignetTrustSigner *self = g_object_new (SIGNET_TYPE_TRUST_SIGNER, NULL);

  self->name = g_strdup (name);
  self->role_name = g_strdup (role_name);
  self->keys = G_LIST_MODEL (g_object_ref (keys));
  self->threshold = threshold;
  self->paths = _signet_strv_from_array (paths);
  self->loaded = loaded;
  return self;
}

/* ---- SignetTrustTag ---- */
struct _SignetTrustTag
{
  GObject parent_instance;
  char        *name;
  char        *digest;
  gint64      size;
  char        **roles;
  char        *pull_role;
  char        **signers;
  gint64      expires;
  gboolean    released;
};

G_DEFINE_FINAL_TYPE (SignetTrustTag, signet_trust_tag, G_TYPE_OBJECT)

enum
{
  TAG_PROP_0,
  TAG_PROP_NAME,
  TAG_PROP_DIGEST,
  TAG_PROP_SIZE,
  TAG_PROP_ROLES,
  TAG_PROP_PULL_ROLE,
  TAG_PROP_SIGNERS,
  TAG_PROP_EXPIRES,
  TAG_PROP_RELEASED,
  TAG_N_PROPS,
};

static GParamSpec *tag_properties[TAG_N_PROPS];

static void
signet_trust_tag_finalize (GObject *object)
{
  SignetTrustTag *self = ((SignetTrustTag *) object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->digest, g_free);
  g_clear_pointer (&self->roles, g_strfreev);
  g_clear_pointer (&self->pull_role, g_free);
  g_clear_pointer (&self->signers, g_strfreev);

  G_OBJECT_CLASS (signet_trust_tag_parent_class)->finalize (object);
}

static void
signet_trust_tag_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SignetTrustTag *self = ((SignetTrustTag *) object);

  switch (prop_id)
    {
    case TAG_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case TAG_PROP_DIGEST:
      g_value_set_string (value, self->digest);
      break;
    case TAG_PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;
    case TAG_PROP_ROLES:
      g_value_set_boxed (value, self->roles);
      break;
    case TAG_PROP_PULL_ROLE:
      g_value_set_string (value, self->pull_role);
      break;
    case TAG_PROP_SIGNERS:
      g_value_set_boxed (value, self->signers);
      break;
    case TAG_PROP_EXPIRES:
      g_value_set_int64 (value, self->expires);
      break;
    case TAG_PROP_RELEASED:
      g_value_set_boolean (value, self->released);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_trust_tag_class_init (SignetTrustTagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_trust_tag_finalize;
  object_class->get_property = signet_trust_tag_get_property;

  /* tag name */
  tag_properties[TAG_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* sha256 digest, hex */
  tag_properties[TAG_PROP_DIGEST] =
    g_param_spec_string ("digest", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* size in bytes */
  tag_properties[TAG_PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* roles vouching for it */
  tag_properties[TAG_PROP_ROLES] =
    g_param_spec_boxed ("roles", NULL, NULL, G_TYPE_STRV, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* role docker pull uses */
  tag_properties[TAG_PROP_PULL_ROLE] =
    g_param_spec_string ("pull-role", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* signers (docker trust inspect) */
  tag_properties[TAG_PROP_SIGNERS] =
    g_param_spec_boxed ("signers", NULL, NULL, G_TYPE_STRV, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* expiry (Unix s) */
  tag_properties[TAG_PROP_EXPIRES] =
    g_param_spec_int64 ("expires", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* in targets or targets/releases */
  tag_properties[TAG_PROP_RELEASED] =
    g_param_spec_boolean ("released", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, TAG_N_PROPS, tag_properties);
}

static void
signet_trust_tag_init (SignetTrustTag *self)
{
}

const char *
signet_trust_tag_get_name (SignetTrustTag *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_TAG (self), NULL);

  return self->name;
}

const char *
signet_trust_tag_get_digest (SignetTrustTag *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_TAG (self), NULL);

  return self->digest;
}

gint64
signet_trust_tag_get_size (SignetTrustTag *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_TAG (self), 0);

  return self->size;
}

const char * const *
signet_trust_tag_get_roles (SignetTrustTag *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_TAG (self), empty_strv);

  return self->roles != NULL ? (const char * const *) self->roles : empty_strv;
}

const char *
signet_trust_tag_get_pull_role (SignetTrustTag *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_TAG (self), NULL);

  return self->pull_role;
}

const char * const *
signet_trust_tag_get_signers (SignetTrustTag *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_TAG (self), empty_strv);

  return self->signers != NULL ? (const char * const *) self->signers : empty_strv;
}

gint64
signet_trust_tag_get_expires (SignetTrustTag *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_TAG (self), 0);

  return self->expires;
}

gboolean
signet_trust_tag_get_released (SignetTrustTag *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_TAG (self), FALSE);

  return self->released;
}

SignetTrustTag *
_signet_trust_tag_new (const char *name,
                       const char *digest,
                       gint64      size,
                       GPtrArray  *roles,
                       const char *pull_role,
                       GPtrArray  *signers,
                       gint64      expires,
                       gboolean    released)
{
  SignetTrustTag *self = g_object_new (SIGNET_TYPE_TRUST_TAG, NULL);

  self->name = g_strdup (name);
  self->digest = g_strdup (digest);
  self->size = size;
  self->roles = _signet_strv_from_array (roles);
  self->pull_role = g_strdup (pull_role);
  self->signers = _signet_strv_from_array (signers);
  self->expires = expires;
  self->released = released;
  return self;
}
