/* signet-ui-items.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-ui-items.h"

/* SignetUiRepoItem ----------------------------------------------------------------------- */

struct _SignetUiRepoItem
{
  GObject             parent_instance;

  char               *name;
  SignetUiTrustState  state;
  char               *message;
};

G_DEFINE_FINAL_TYPE (SignetUiRepoItem, signet_ui_repo_item, G_TYPE_OBJECT)

enum {
  REPO_PROP_0,
  REPO_PROP_STATE,
  REPO_N_PROPS
};

static GParamSpec *repo_properties[REPO_N_PROPS];

static void
signet_ui_repo_item_finalize (GObject *object)
{
  SignetUiRepoItem *self = SIGNET_UI_REPO_ITEM (object);

  g_free (self->name);
  g_free (self->message);

  G_OBJECT_CLASS (signet_ui_repo_item_parent_class)->finalize (object);
}

static void
signet_ui_repo_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SignetUiRepoItem *self = SIGNET_UI_REPO_ITEM (object);

  switch (prop_id)
    {
    case REPO_PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_ui_repo_item_class_init (SignetUiRepoItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_ui_repo_item_finalize;
  object_class->get_property = signet_ui_repo_item_get_property;

  repo_properties[REPO_PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, 0, SIGNET_UI_TRUST_FAILED, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, REPO_N_PROPS, repo_properties);
}

static void
signet_ui_repo_item_init (SignetUiRepoItem *self)
{
}

SignetUiRepoItem *
signet_ui_repo_item_new (const char *name)
{
  SignetUiRepoItem *self = g_object_new (SIGNET_UI_TYPE_REPO_ITEM, NULL);

  self->name = g_strdup (name);
  return self;
}

const char *
signet_ui_repo_item_get_name (SignetUiRepoItem *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_REPO_ITEM (self), NULL);
  return self->name;
}

SignetUiTrustState
signet_ui_repo_item_get_state (SignetUiRepoItem *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_REPO_ITEM (self), 0);
  return self->state;
}

const char *
signet_ui_repo_item_get_message (SignetUiRepoItem *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_REPO_ITEM (self), NULL);
  return self->message;
}

void
signet_ui_repo_item_set_state (SignetUiRepoItem   *self,
                               SignetUiTrustState  state,
                               const char         *message)
{
  g_return_if_fail (SIGNET_UI_IS_REPO_ITEM (self));

  g_free (self->message);
  self->message = g_strdup (message);
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), repo_properties[REPO_PROP_STATE]);
    }
}

/* SignetUiTagItem ------------------------------------------------------------------------ */

struct _SignetUiTagItem
{
  GObject         parent_instance;

  char           *name;
  char           *digest;
  gint64          size;
  char           *signers;
  gint64          expires;
  SignetTrustTag *trust;
};

G_DEFINE_FINAL_TYPE (SignetUiTagItem, signet_ui_tag_item, G_TYPE_OBJECT)

enum {
  TAG_PROP_0,
  TAG_PROP_DIGEST,
  TAG_N_PROPS
};

static GParamSpec *tag_properties[TAG_N_PROPS];

static void
signet_ui_tag_item_finalize (GObject *object)
{
  SignetUiTagItem *self = SIGNET_UI_TAG_ITEM (object);

  g_free (self->name);
  g_free (self->digest);
  g_free (self->signers);
  g_clear_object (&self->trust);

  G_OBJECT_CLASS (signet_ui_tag_item_parent_class)->finalize (object);
}

static void
signet_ui_tag_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SignetUiTagItem *self = SIGNET_UI_TAG_ITEM (object);

  switch (prop_id)
    {
    case TAG_PROP_DIGEST:
      g_value_set_string (value, self->digest);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_ui_tag_item_class_init (SignetUiTagItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_ui_tag_item_finalize;
  object_class->get_property = signet_ui_tag_item_get_property;

  tag_properties[TAG_PROP_DIGEST] =
    g_param_spec_string ("digest", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, TAG_N_PROPS, tag_properties);
}

static void
signet_ui_tag_item_init (SignetUiTagItem *self)
{
  self->size = -1;
}

/* "alice, bob", as docker trust inspect names them, with its "Repo Admin" (the targets
 * role itself) in plain words */
static char *
format_signers (SignetTrustTag *trust)
{
  const char * const *signers = signet_trust_tag_get_signers (trust);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; signers != NULL && signers[i] != NULL; i++)
    {
      if (text->len > 0)
        g_string_append (text, ", ");
      if (g_strcmp0 (signers[i], "Repo Admin") == 0)
        g_string_append (text, _("Repository owner"));
      else
        g_string_append (text, signers[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

SignetUiTagItem *
signet_ui_tag_item_new (const char     *name,
                        SignetTrustTag *trust)
{
  SignetUiTagItem *self = g_object_new (SIGNET_UI_TYPE_TAG_ITEM, NULL);

  self->name = g_strdup (name);
  if (trust != NULL)
    {
      const char *digest;

      self->trust = g_object_ref (trust);

      digest = signet_trust_tag_get_digest (trust);
      /* the summary has the bare SHA-256 hex of the manifest, as docker prints it */
      if (digest != NULL && strchr (digest, ':') == NULL)
        self->digest = g_strconcat ("sha256:", digest, NULL);
      else
        self->digest = g_strdup (digest);
      self->size = signet_trust_tag_get_size (trust);
      self->expires = signet_trust_tag_get_expires (trust);
      self->signers = format_signers (trust);
    }
  return self;
}

SignetUiTagItem *
signet_ui_tag_item_new_full (const char *name,
                             const char *digest,
                             gint64      size,
                             const char *signers,
                             gint64      expires)
{
  SignetUiTagItem *self = g_object_new (SIGNET_UI_TYPE_TAG_ITEM, NULL);

  self->name = g_strdup (name);
  self->digest = g_strdup (digest);
  self->size = size;
  self->signers = g_strdup (signers);
  self->expires = expires;
  return self;
}

const char *
signet_ui_tag_item_get_name (SignetUiTagItem *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_TAG_ITEM (self), NULL);
  return self->name;
}

const char *
signet_ui_tag_item_get_digest (SignetUiTagItem *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_TAG_ITEM (self), NULL);
  return self->digest;
}

gint64
signet_ui_tag_item_get_size (SignetUiTagItem *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_TAG_ITEM (self), -1);
  return self->size;
}

gboolean
signet_ui_tag_item_get_signed (SignetUiTagItem *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_TAG_ITEM (self), FALSE);
  return self->signers != NULL;
}

const char *
signet_ui_tag_item_get_signers (SignetUiTagItem *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_TAG_ITEM (self), NULL);
  return self->signers;
}

gint64
signet_ui_tag_item_get_expires (SignetUiTagItem *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_TAG_ITEM (self), 0);
  return self->expires;
}

SignetTrustTag *
signet_ui_tag_item_get_trust (SignetUiTagItem *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_TAG_ITEM (self), NULL);
  return self->trust;
}

void
signet_ui_tag_item_set_manifest (SignetUiTagItem *self,
                                 const char      *digest,
                                 gint64           size)
{
  g_return_if_fail (SIGNET_UI_IS_TAG_ITEM (self));

  /* a signed tag keeps the signed digest; the registry's is compared by the view */
  if (self->trust != NULL)
    return;
  g_free (self->digest);
  self->digest = g_strdup (digest);
  self->size = size;
  g_object_notify_by_pspec (G_OBJECT (self), tag_properties[TAG_PROP_DIGEST]);
}
