/* signet-migrate.c: from Docker Content Trust to cosign, for `signet-cli migrate` and the
 * app's "Move to cosign" dialog.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One tag after the other: discover its cosign signatures (which also resolves the digest
 * the registry serves), compare with the digest DCT signed, and, when selected and allowed,
 * sign in cosign format with that digest as the expected one (so a tag that moves in
 * between is refused by the signer).
 */

#include "config.h"

#include "signet-error.h"
#include "signet-migrate.h"
#include "signet-signatures.h"

struct _SignetMigrateItem
{
  GObject              parent_instance;

  char                *tag;
  char                *dct_digest;
  char                *registry_digest;
  SignetMigrateCosign  cosign;
  char                *cosign_key;
  SignetMigrateAction  action;
  char                *reason;
  GError              *error;
  gboolean             selected;
};

G_DEFINE_FINAL_TYPE (SignetMigrateItem, signet_migrate_item, G_TYPE_OBJECT)

static void
signet_migrate_item_finalize (GObject *object)
{
  SignetMigrateItem *self = SIGNET_MIGRATE_ITEM (object);

  g_free (self->tag);
  g_free (self->dct_digest);
  g_free (self->registry_digest);
  g_free (self->cosign_key);
  g_free (self->reason);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (signet_migrate_item_parent_class)->finalize (object);
}

static void
signet_migrate_item_class_init (SignetMigrateItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_migrate_item_finalize;
}

static void
signet_migrate_item_init (SignetMigrateItem *self)
{
}

const char *
signet_migrate_item_get_tag (SignetMigrateItem *self)
{
  g_return_val_if_fail (SIGNET_IS_MIGRATE_ITEM (self), NULL);
  return self->tag;
}

const char *
signet_migrate_item_get_dct_digest (SignetMigrateItem *self)
{
  g_return_val_if_fail (SIGNET_IS_MIGRATE_ITEM (self), NULL);
  return self->dct_digest;
}

const char *
signet_migrate_item_get_registry_digest (SignetMigrateItem *self)
{
  g_return_val_if_fail (SIGNET_IS_MIGRATE_ITEM (self), NULL);
  return self->registry_digest;
}

SignetMigrateCosign
signet_migrate_item_get_cosign (SignetMigrateItem *self)
{
  g_return_val_if_fail (SIGNET_IS_MIGRATE_ITEM (self), SIGNET_MIGRATE_COSIGN_UNKNOWN);
  return self->cosign;
}

const char *
signet_migrate_item_get_cosign_key (SignetMigrateItem *self)
{
  g_return_val_if_fail (SIGNET_IS_MIGRATE_ITEM (self), NULL);
  return self->cosign_key;
}

SignetMigrateAction
signet_migrate_item_get_action (SignetMigrateItem *self)
{
  g_return_val_if_fail (SIGNET_IS_MIGRATE_ITEM (self), SIGNET_MIGRATE_ACTION_LISTED);
  return self->action;
}

const char *
signet_migrate_item_get_reason (SignetMigrateItem *self)
{
  g_return_val_if_fail (SIGNET_IS_MIGRATE_ITEM (self), NULL);
  return self->reason;
}

const GError *
signet_migrate_item_get_error (SignetMigrateItem *self)
{
  g_return_val_if_fail (SIGNET_IS_MIGRATE_ITEM (self), NULL);
  return self->error;
}

gboolean
signet_migrate_item_get_selected (SignetMigrateItem *self)
{
  g_return_val_if_fail (SIGNET_IS_MIGRATE_ITEM (self), FALSE);
  return self->selected;
}

gboolean
signet_migrate_item_get_can_carry_over (SignetMigrateItem *self)
{
  g_return_val_if_fail (SIGNET_IS_MIGRATE_ITEM (self), FALSE);
  return self->dct_digest != NULL && self->registry_digest != NULL &&
         g_str_equal (self->dct_digest, self->registry_digest) &&
         self->cosign != SIGNET_MIGRATE_COSIGN_VERIFIED && self->cosign != SIGNET_MIGRATE_COSIGN_UNKNOWN;
}

/* The run ----------------------------------------------------------------------------- */

typedef struct
{
  SignetRemote       *remote;
  SignetReference    *repository;
  GListModel         *tags;
  char               *trust_dir;
  char               *key_name;
  SignetSecret       *passphrase;
  GStrv               selected;
  gboolean            all;
  guint               index;
  GPtrArray          *items;
  SignetMigrateItem  *current;
  SignetReference    *current_ref;
  char               *stop_reason;      /* signing stopped (wrong passphrase) */
} Migrate;

static void
migrate_free (Migrate *m)
{
  g_clear_object (&m->remote);
  g_clear_pointer (&m->repository, signet_reference_unref);
  g_clear_object (&m->tags);
  g_free (m->trust_dir);
  g_free (m->key_name);
  g_clear_pointer (&m->passphrase, signet_secret_unref);
  g_strfreev (m->selected);
  g_clear_pointer (&m->items, g_ptr_array_unref);
  g_clear_object (&m->current);
  g_clear_pointer (&m->current_ref, signet_reference_unref);
  g_free (m->stop_reason);
  g_free (m);
}

static gboolean
is_selected (Migrate    *m,
             const char *tag)
{
  if (m->key_name == NULL)
    return FALSE;
  return m->all || (m->selected != NULL && g_strv_contains ((const char * const *) m->selected, tag));
}

static void next_tag (GTask *task);

static void
tag_done (GTask *task)
{
  Migrate *m = g_task_get_task_data (task);

  g_ptr_array_add (m->items, g_steal_pointer (&m->current));
  g_clear_pointer (&m->current_ref, signet_reference_unref);
  m->index++;
  next_tag (task);
}

static void
sign_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Migrate *m = g_task_get_task_data (task);
  SignetMigrateItem *item = m->current;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;

  digest = signet_cosign_sign_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (digest == NULL)
    {
      item->reason = g_strdup (error->message);
      if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE))
        m->stop_reason = g_strdup_printf ("Not tried: the passphrase does not open cosign key “%s”",
                                          m->key_name);
      item->error = g_steal_pointer (&error);
      tag_done (g_steal_pointer (&task));
      return;
    }
  item->action = SIGNET_MIGRATE_ACTION_SIGNED;
  item->cosign = SIGNET_MIGRATE_COSIGN_VERIFIED;
  g_free (item->cosign_key);
  item->cosign_key = g_strdup (m->key_name);
  item->reason = g_strdup_printf ("DCT signature verified; carried over to cosign with key “%s”", m->key_name);
  tag_done (g_steal_pointer (&task));
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Migrate *m = g_task_get_task_data (task);
  SignetMigrateItem *item = m->current;
  g_autoptr(SignetSignatureReport) report = NULL;
  g_autoptr(GError) error = NULL;
  SignetImageSignature *verified;

  report = signet_signatures_discover_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (report == NULL)
    {
      item->cosign = SIGNET_MIGRATE_COSIGN_UNKNOWN;
      item->reason = g_strdup (error->message);
      item->error = g_steal_pointer (&error);
      tag_done (g_steal_pointer (&task));
      return;
    }
  item->registry_digest = g_strdup (signet_signature_report_get_digest (report));
  verified = signet_signature_report_get_verified_cosign (report);
  if (verified != NULL)
    {
      item->cosign = SIGNET_MIGRATE_COSIGN_VERIFIED;
      item->cosign_key = g_strdup (signet_image_signature_get_key_name (verified));
    }
  else if (signet_signature_report_get_signatures (report)->len > 0)
    item->cosign = SIGNET_MIGRATE_COSIGN_PRESENT;
  else
    item->cosign = SIGNET_MIGRATE_COSIGN_NONE;

  if (g_strcmp0 (item->registry_digest, item->dct_digest) != 0)
    item->reason = g_strdup ("The registry serves another digest than DCT signed; not carried over");
  else if (item->selected && verified != NULL)
    item->reason = g_strdup_printf ("Already signed in cosign by trusted key “%s”", item->cosign_key);
  else if (item->selected && m->stop_reason != NULL)
    item->reason = g_strdup (m->stop_reason);
  else if (item->selected)
    {
      /* expected digest = what DCT signed: refused if the tag moved in between */
      GCancellable *cancellable = g_task_get_cancellable (task);

      signet_cosign_sign_async (m->remote, m->current_ref, m->trust_dir, m->key_name, m->passphrase,
                                item->dct_digest, cancellable, sign_cb, g_steal_pointer (&task));
      return;
    }
  tag_done (g_steal_pointer (&task));
}

static void
add_unknown_tags (Migrate *m)
{
  for (guint i = 0; m->key_name != NULL && m->selected != NULL && m->selected[i] != NULL; i++)
    {
      gboolean found = FALSE;
      SignetMigrateItem *item;

      for (guint k = 0; k < m->items->len && !found; k++)
        found = g_str_equal (((SignetMigrateItem *) g_ptr_array_index (m->items, k))->tag, m->selected[i]);
      if (found)
        continue;
      item = g_object_new (SIGNET_TYPE_MIGRATE_ITEM, NULL);
      item->tag = g_strdup (m->selected[i]);
      item->selected = TRUE;
      item->action = SIGNET_MIGRATE_ACTION_SKIPPED;
      item->reason = g_strdup ("Not signed with Docker Content Trust");
      g_ptr_array_add (m->items, item);
    }
}

static void
next_tag (GTask *task)
{
  Migrate *m = g_task_get_task_data (task);
  g_autoptr(SignetTrustTag) tt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  SignetMigrateItem *item;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (m->index >= g_list_model_get_n_items (m->tags))
    {
      add_unknown_tags (m);
      g_task_return_pointer (task, g_steal_pointer (&m->items), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  tt = g_list_model_get_item (m->tags, m->index);
  item = m->current = g_object_new (SIGNET_TYPE_MIGRATE_ITEM, NULL);
  item->tag = g_strdup (signet_trust_tag_get_name (tt));
  item->dct_digest = g_strconcat ("sha256:", signet_trust_tag_get_digest (tt), NULL);
  item->selected = is_selected (m, item->tag);
  item->action = item->selected ? SIGNET_MIGRATE_ACTION_SKIPPED : SIGNET_MIGRATE_ACTION_LISTED;

  text = g_strdup_printf ("%s/%s:%s", signet_reference_get_registry (m->repository),
                          signet_reference_get_repository (m->repository), item->tag);
  m->current_ref = signet_reference_parse (text, &error);
  if (m->current_ref == NULL)
    {
      item->reason = g_strdup_printf ("The tag name cannot be used in a registry reference: %s",
                                      error->message);
      tag_done (task);
      return;
    }
  signet_signatures_discover_async (m->remote, m->current_ref, m->trust_dir, g_task_get_cancellable (task),
                                    discover_cb, task);
}

void
signet_migrate_async (SignetRemote        *remote,
                      SignetReference     *repository,
                      SignetTrustSummary  *summary,
                      const char          *trust_dir,
                      const char          *key_name,
                      SignetSecret        *passphrase,
                      const char * const  *tags,
                      gboolean             all,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;
  Migrate *m;

  g_return_if_fail (SIGNET_IS_REMOTE (remote));
  g_return_if_fail (repository != NULL);
  g_return_if_fail (SIGNET_IS_TRUST_SUMMARY (summary));
  g_return_if_fail (key_name == NULL || passphrase != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_migrate_async);
  m = g_new0 (Migrate, 1);
  m->remote = g_object_ref (remote);
  m->repository = signet_reference_ref (repository);
  m->tags = g_object_ref (signet_trust_summary_get_tags (summary));
  m->trust_dir = g_strdup (trust_dir);
  m->key_name = g_strdup (key_name);
  m->passphrase = passphrase != NULL ? signet_secret_ref (passphrase) : NULL;
  m->selected = g_strdupv ((char **) tags);
  m->all = all;
  m->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, m, (GDestroyNotify) migrate_free);
  next_tag (task);
}

GPtrArray *
signet_migrate_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == signet_migrate_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
