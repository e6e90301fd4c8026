/* signet-ui-repository-view.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-ui-items.h"
#include "signet-ui-keys.h"
#include "signet-ui-repository-view.h"
#include "signet-ui-signatures.h"

struct _SignetUiRepositoryView
{
  GtkWidget            parent_instance;

  GSettings           *settings;
  SignetUiSession     *session;
  char                *repository;
  GCancellable        *cancellable;
  SignetUiTrustState   trust_state;

  /* what the current load brought */
  guint                pending;
  SignetUiTrustResult *result;
  GError              *trust_error;
  GStrv                registry_tags;
  GError              *tags_error;
  GListModel          *local_keys;
  SignetUiSignatures  *signatures;

  GtkStack            *stack;
  GtkLabel            *loading_label;
  AdwStatusPage       *error_page;
  GtkWidget           *explanation;
  GtkLabel            *what_failed_row;
  GtkLabel            *meaning_row;
  GtkLabel            *advice_row;
  GtkWidget           *banner;
  GtkLabel            *banner_label;
  AdwViewStack        *view_stack;
  GtkSearchEntry      *tag_filter;
  GtkColumnView       *column_view;
  GListStore          *tag_store;
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filter_model;
  GtkSortListModel    *sort_model;
  GtkSingleSelection  *selection;
  GtkWidget           *details_scroller;
  GtkBox              *details;
  GtkWidget           *cosign_section;
  GtkWidget           *notation_section;
  GtkWidget           *trust_scroller;
  GtkWidget           *trust_page;
};

G_DEFINE_FINAL_TYPE (SignetUiRepositoryView, signet_ui_repository_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_TRUST_STATE_CHANGED,
  SIGNAL_SIGNATURES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
warning_days (SignetUiRepositoryView *self)
{
  return g_settings_get_uint (self->settings, "expiry-warning-days");
}

static SignetTrustSummary *
current_summary (SignetUiRepositoryView *self)
{
  return self->result != NULL ? signet_ui_trust_result_get_summary (self->result) : NULL;
}

/* "Repository owner" for targets, the signer's name for targets/<name> */
static char *
role_display_name (const char *role)
{
  if (g_strcmp0 (role, "targets") == 0)
    return g_strdup (_("Repository owner (targets)"));
  if (g_str_has_prefix (role, "targets/"))
    return g_strdup_printf (_("Signer “%s”"), role + strlen ("targets/"));
  return g_strdup (role);
}

static const char *
key_holder (SignetUiRepositoryView *self,
            const char             *role,
            SignetTrustKey         *key)
{
  if (signet_ui_local_keys_contain (self->local_keys, signet_trust_key_get_canonical_id (key)) ||
      signet_ui_local_keys_contain (self->local_keys, signet_trust_key_get_id (key)))
    return _("you (on this computer)");
  if (g_strcmp0 (role, "timestamp") == 0 || g_strcmp0 (role, "snapshot") == 0)
    return _("the notary server");
  return _("nobody known (held elsewhere)");
}

static GtkWidget *
value_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static GtkWidget *
info_row (const char *title,
          GtkWidget  *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  return row;
}

static GtkWidget *
expiry_row (SignetUiRepositoryView *self,
            const char             *title,
            gint64                  expires)
{
  GtkWidget *label = value_label (NULL);

  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  signet_ui_set_expiry_label (GTK_LABEL (label), expires, warning_days (self));
  return info_row (title, label);
}

static GtkWidget *
key_row (SignetUiRepositoryView *self,
         const char             *role,
         SignetTrustKey         *key)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *short_id = signet_ui_short_id (signet_trust_key_get_id (key));
  g_autofree char *title = g_strdup_printf (_("Key %s"), short_id);
  g_autofree char *subtitle = NULL;
  gint64 cert_expires = signet_trust_key_get_cert_expires (key);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  subtitle = g_strdup_printf (_("%s · held by %s"), signet_trust_key_get_key_type (key),
                              key_holder (self, role, key));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, signet_trust_key_get_id (key));
  if (cert_expires > 0)
    {
      GtkWidget *label = value_label (NULL);
      g_autofree char *prefix = NULL;

      gtk_label_set_selectable (GTK_LABEL (label), FALSE);
      gtk_label_set_wrap (GTK_LABEL (label), FALSE);
      signet_ui_set_expiry_label (GTK_LABEL (label), cert_expires, warning_days (self));
      prefix = g_strdup_printf (_("Certificate expires %s"), gtk_label_get_text (GTK_LABEL (label)));
      gtk_label_set_text (GTK_LABEL (label), prefix);
      gtk_widget_set_name (label, "certificate-expiry");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

/* Details of the selected tag ---------------------------------------------------------- */

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
manifest_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SignetUiTagItem) item = user_data;
  g_autoptr(SignetManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;

  manifest = signet_remote_get_manifest_finish (SIGNET_REMOTE (object), result, &error);
  if (manifest != NULL)
    signet_ui_tag_item_set_manifest (item, signet_manifest_get_digest (manifest),
                                     signet_manifest_get_size (manifest));
}

static void update_details (SignetUiRepositoryView *self);

static void
item_digest_cb (SignetUiRepositoryView *self)
{
  update_details (self);
}

/* The cosign and Notation sections of the selected tag, replaced when its lookup ends. */
static void
update_signature_sections (SignetUiRepositoryView *self)
{
  SignetUiTagItem *item = gtk_single_selection_get_selected_item (self->selection);
  SignetSignatureReport *report = NULL;
  const GError *error = NULL;
  SignetUiSignaturesState state = SIGNET_UI_SIGNATURES_UNKNOWN;

  if (self->cosign_section != NULL)
    gtk_box_remove (self->details, self->cosign_section);
  if (self->notation_section != NULL)
    gtk_box_remove (self->details, self->notation_section);
  self->cosign_section = self->notation_section = NULL;
  if (item == NULL || self->signatures == NULL)
    return;
  state = signet_ui_signatures_lookup (self->signatures, signet_ui_tag_item_get_name (item), &report, &error);
  self->cosign_section = signet_ui_signatures_section (state, report, error, SIGNET_SIGNATURE_KIND_COSIGN);
  self->notation_section = signet_ui_signatures_section (state, report, error, SIGNET_SIGNATURE_KIND_NOTATION);
  gtk_box_append (self->details, self->cosign_section);
  gtk_box_append (self->details, self->notation_section);
}

static void
signatures_changed_cb (SignetUiRepositoryView *self,
                       const char             *tag)
{
  SignetUiTagItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item != NULL && g_strcmp0 (signet_ui_tag_item_get_name (item), tag) == 0)
    update_signature_sections (self);
  g_signal_emit (self, signals[SIGNAL_SIGNATURES_CHANGED], 0, tag);
}

static void update_dct_details (SignetUiRepositoryView *self);

static void
update_details (SignetUiRepositoryView *self)
{
  SignetUiTagItem *item = gtk_single_selection_get_selected_item (self->selection);

  self->cosign_section = self->notation_section = NULL;
  update_dct_details (self);
  if (item != NULL && self->signatures != NULL)
    signet_ui_signatures_request (self->signatures, signet_ui_tag_item_get_name (item), TRUE);
  update_signature_sections (self);
}

static void
update_dct_details (SignetUiRepositoryView *self)
{
  SignetUiTagItem *item = gtk_single_selection_get_selected_item (self->selection);
  SignetTrustSummary *summary = current_summary (self);
  SignetTrustTag *trust;
  GtkWidget *group;
  GtkWidget *title;
  const char * const *roles;

  clear_box (self->details);
  if (item == NULL)
    {
      GtkWidget *hint = gtk_label_new (_("Select a tag to see who signed it."));

      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_set_margin_top (hint, 12);
      gtk_box_append (self->details, hint);
      return;
    }

  title = gtk_label_new (signet_ui_tag_item_get_name (item));
  gtk_widget_add_css_class (title, "title-3");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (self->details, title);

  group = adw_preferences_group_new ();
  if (signet_ui_tag_item_get_digest (item) != NULL)
    {
      GtkWidget *digest = value_label (signet_ui_tag_item_get_digest (item));

      gtk_widget_set_name (digest, "full-digest");
      gtk_widget_add_css_class (digest, "monospace");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Digest"), digest));
    }
  else
    {
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 info_row (_("Digest"), value_label (_("Asking the registry…"))));
      if (self->session != NULL)
        {
          g_autofree char *text = signet_ui_session_get_gun (self->session, self->repository);
          g_autofree char *ref_text = g_strconcat (text, ":", signet_ui_tag_item_get_name (item), NULL);
          g_autoptr(SignetReference) ref = signet_reference_parse (ref_text, NULL);

          if (ref != NULL)
            {
              g_signal_connect_object (item, "notify::digest", G_CALLBACK (item_digest_cb), self,
                                       G_CONNECT_SWAPPED);
              signet_remote_get_manifest_async (signet_ui_session_get_remote (self->session), ref, FALSE,
                                                self->cancellable, manifest_cb, g_object_ref (item));
            }
        }
    }
  gtk_box_append (self->details, group);

  trust = signet_ui_tag_item_get_trust (item);
  group = adw_preferences_group_new ();
  if (trust == NULL || summary == NULL)
    {
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Docker Content Trust"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             _("Not signed: nobody vouches for this tag. With content trust, "
                                               "docker refuses to pull it."));
      gtk_widget_set_name (group, "dct-section");
      gtk_box_append (self->details, group);
      return;
    }
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Docker Content Trust"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Signed and verified. Vouched for by:"));
  gtk_widget_set_name (group, "dct-section");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             expiry_row (self, _("Signature chain expires"), signet_trust_tag_get_expires (trust)));
  roles = signet_trust_tag_get_roles (trust);
  for (guint i = 0; roles != NULL && roles[i] != NULL; i++)
    {
      SignetTrustRole *role = signet_trust_summary_lookup_role (summary, roles[i]);
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *name = role_display_name (roles[i]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), name);
      gtk_widget_set_name (expander, roles[i]);
      if (role != NULL)
        {
          GListModel *keys = signet_trust_role_get_keys (role);
          g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u key", "%u keys",
                                                                    g_list_model_get_n_items (keys)),
                                                       g_list_model_get_n_items (keys));

          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                    expiry_row (self, _("Expires"), signet_trust_role_get_expires (role)));
          for (guint k = 0; k < g_list_model_get_n_items (keys); k++)
            {
              g_autoptr(SignetTrustKey) key = g_list_model_get_item (keys, k);

              adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), key_row (self, roles[i], key));
            }
        }
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
    }
  gtk_box_append (self->details, group);
}

static void
selection_changed_cb (SignetUiRepositoryView *self)
{
  update_details (self);
}

/* Columns -------------------------------------------------------------------------------- */

typedef enum
{
  COLUMN_TAG,
  COLUMN_DIGEST,
  COLUMN_SIGNED,
  COLUMN_SIGNERS,
  COLUMN_EXPIRES,
  COLUMN_SIZE,
  COLUMN_COSIGN,
  COLUMN_NOTATION,
} Column;

static gboolean
is_state_column (Column column)
{
  return column == COLUMN_SIGNED || column == COLUMN_COSIGN || column == COLUMN_NOTATION;
}

static void
bind_signature_cell (SignetUiRepositoryView *self,
                     GtkListItem            *list_item,
                     Column                  column)
{
  SignetUiTagItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  GtkWidget *image = gtk_widget_get_first_child (child);
  GtkLabel *label = GTK_LABEL (gtk_widget_get_last_child (child));
  SignetUiSignaturesState state = SIGNET_UI_SIGNATURES_UNKNOWN;
  SignetSignatureReport *report = NULL;
  const GError *error = NULL;
  const char *icon_name = NULL;
  const char *css_class = NULL;
  const char *text;

  if (item == NULL)
    return;
  if (self->signatures == NULL)
    {
      /* tags set without a repository load: nothing to look up */
      gtk_image_set_from_icon_name (GTK_IMAGE (image), NULL);
      gtk_label_set_text (label, "—");
      return;
    }
  state = signet_ui_signatures_lookup (self->signatures, signet_ui_tag_item_get_name (item), &report, &error);
  text = signet_ui_signatures_summarize (state, report,
                                         column == COLUMN_COSIGN ? SIGNET_SIGNATURE_KIND_COSIGN
                                                                 : SIGNET_SIGNATURE_KIND_NOTATION,
                                         &icon_name, &css_class);
  gtk_image_set_from_icon_name (GTK_IMAGE (image), icon_name);
  gtk_label_set_text (label, text);
  gtk_widget_set_tooltip_text (child, error != NULL ? error->message :
                               column == COLUMN_NOTATION && g_strcmp0 (text, _("present")) == 0 ?
                               _("Notation signature present: shown, not verified") : NULL);
  for (guint i = 0; i < 4; i++)
    gtk_widget_remove_css_class (child, (const char *[]) { "success", "warning", "error", "dim-label" }[i]);
  gtk_widget_add_css_class (child, css_class);
}

static void
cell_signatures_changed_cb (GtkListItem *list_item,
                            const char  *tag)
{
  SignetUiTagItem *item = gtk_list_item_get_item (list_item);
  SignetUiRepositoryView *self = g_object_get_data (G_OBJECT (list_item), "view");

  if (item != NULL && g_strcmp0 (signet_ui_tag_item_get_name (item), tag) == 0)
    bind_signature_cell (self, list_item, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (list_item), "column")));
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_SIZE ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_DIGEST)
    gtk_widget_add_css_class (label, "monospace");
  if (is_state_column (column))
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *image = gtk_image_new ();
      SignetUiRepositoryView *self = g_object_get_data (G_OBJECT (factory), "view");

      gtk_box_append (GTK_BOX (box), image);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_item_set_child (list_item, box);
      if (column != COLUMN_SIGNED)
        {
          g_object_set_data (G_OBJECT (list_item), "view", self);
          g_object_set_data (G_OBJECT (list_item), "column", GINT_TO_POINTER (column));
          g_signal_connect_object (self, "signatures-changed", G_CALLBACK (cell_signatures_changed_cb),
                                   list_item, G_CONNECT_SWAPPED);
        }
      return;
    }
  gtk_list_item_set_child (list_item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  SignetUiTagItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  SignetUiRepositoryView *self = g_object_get_data (G_OBJECT (factory), "view");
  g_autofree char *text = NULL;
  GtkLabel *label;

  if (column == COLUMN_COSIGN || column == COLUMN_NOTATION)
    {
      /* looked up lazily: the rows being shown, a few at a time */
      if (self->signatures != NULL && column == COLUMN_COSIGN)
        signet_ui_signatures_request (self->signatures, signet_ui_tag_item_get_name (item), FALSE);
      bind_signature_cell (self, list_item, column);
      return;
    }
  if (column == COLUMN_SIGNED)
    {
      GtkWidget *image = gtk_widget_get_first_child (child);
      SignetUiTrustState state = signet_ui_tag_item_get_signed (item) ? SIGNET_UI_TRUST_SIGNED
                                                                      : SIGNET_UI_TRUST_UNSIGNED;

      label = GTK_LABEL (gtk_widget_get_last_child (child));
      gtk_image_set_from_icon_name (GTK_IMAGE (image), signet_ui_trust_state_icon (state));
      gtk_label_set_text (label, signet_ui_trust_state_label (state));
      gtk_widget_remove_css_class (child, "success");
      gtk_widget_remove_css_class (child, "warning");
      gtk_widget_add_css_class (child, signet_ui_trust_state_css_class (state));
      return;
    }

  label = GTK_LABEL (child);
  gtk_widget_set_tooltip_text (child, NULL);
  switch (column)
    {
    case COLUMN_TAG:
      gtk_label_set_text (label, signet_ui_tag_item_get_name (item));
      break;
    case COLUMN_DIGEST:
      if (signet_ui_tag_item_get_digest (item) != NULL)
        {
          text = signet_ui_short_digest (signet_ui_tag_item_get_digest (item));
          gtk_label_set_text (label, text);
          gtk_widget_set_tooltip_text (child, signet_ui_tag_item_get_digest (item));
        }
      else
        gtk_label_set_text (label, "—");
      break;
    case COLUMN_SIGNERS:
      gtk_label_set_text (label, signet_ui_tag_item_get_signers (item) != NULL ?
                                 signet_ui_tag_item_get_signers (item) : "—");
      break;
    case COLUMN_EXPIRES:
      signet_ui_set_expiry_label (label, signet_ui_tag_item_get_expires (item), warning_days (self));
      break;
    case COLUMN_SIZE:
      if (signet_ui_tag_item_get_size (item) >= 0)
        {
          text = g_format_size (signet_ui_tag_item_get_size (item));
          gtk_label_set_text (label, text);
        }
      else
        gtk_label_set_text (label, "—");
      break;
    case COLUMN_SIGNED:
    case COLUMN_COSIGN:
    case COLUMN_NOTATION:
    default:
      g_assert_not_reached ();
    }
}

static void
unbind_label_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  SignetUiTagItem *item = gtk_list_item_get_item (list_item);
  SignetUiRepositoryView *self = g_object_get_data (G_OBJECT (factory), "view");

  /* out of view before its turn came: not worth asking the registry now */
  if (column == COLUMN_COSIGN && item != NULL && self->signatures != NULL)
    {
      SignetUiTagItem *selected = gtk_single_selection_get_selected_item (self->selection);

      if (selected != item)
        signet_ui_signatures_forget (self->signatures, signet_ui_tag_item_get_name (item));
    }
}

static int
compare_tags (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  SignetUiTagItem *ta = (SignetUiTagItem *) a;
  SignetUiTagItem *tb = (SignetUiTagItem *) b;
  Column column = GPOINTER_TO_INT (user_data);
  gint64 va, vb;

  switch (column)
    {
    case COLUMN_TAG:
      return g_utf8_collate (signet_ui_tag_item_get_name (ta), signet_ui_tag_item_get_name (tb));
    case COLUMN_DIGEST:
      return g_strcmp0 (signet_ui_tag_item_get_digest (ta), signet_ui_tag_item_get_digest (tb));
    case COLUMN_SIGNED:
      va = signet_ui_tag_item_get_signed (ta);
      vb = signet_ui_tag_item_get_signed (tb);
      break;
    case COLUMN_SIGNERS:
      return g_strcmp0 (signet_ui_tag_item_get_signers (ta), signet_ui_tag_item_get_signers (tb));
    case COLUMN_EXPIRES:
      va = signet_ui_tag_item_get_expires (ta);
      vb = signet_ui_tag_item_get_expires (tb);
      break;
    case COLUMN_SIZE:
      va = signet_ui_tag_item_get_size (ta);
      vb = signet_ui_tag_item_get_size (tb);
      break;
    case COLUMN_COSIGN:
    case COLUMN_NOTATION:
      return 0;
    default:
      g_assert_not_reached ();
    }
  return va < vb ? -1 : va > vb ? 1 : 0;
}

static void
add_column (SignetUiRepositoryView *self,
            Column                  column,
            const char             *title,
            gboolean                expand,
            int                     width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;
  g_autoptr(GtkSorter) sorter = NULL;

  g_object_set_data (G_OBJECT (factory), "view", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_label_cb), GINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  if (column != COLUMN_COSIGN && column != COLUMN_NOTATION)
    {
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_tags, GINT_TO_POINTER (column), NULL));
      gtk_column_view_column_set_sorter (col, sorter);
    }
  gtk_column_view_column_set_expand (col, expand);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (col, width);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (self->column_view, col);
  if (column == COLUMN_TAG)
    gtk_column_view_sort_by_column (self->column_view, col, GTK_SORT_ASCENDING);
  g_object_unref (col);
}

static gboolean
filter_tag (gpointer item,
            gpointer user_data)
{
  SignetUiRepositoryView *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->tag_filter));
  g_autofree char *needle = NULL;
  g_autofree char *name = NULL;
  g_autofree char *signers = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  name = g_utf8_casefold (signet_ui_tag_item_get_name (item), -1);
  if (strstr (name, needle) != NULL)
    return TRUE;
  if (signet_ui_tag_item_get_signers (item) == NULL)
    return FALSE;
  signers = g_utf8_casefold (signet_ui_tag_item_get_signers (item), -1);
  return strstr (signers, needle) != NULL;
}

static void
tag_filter_changed_cb (SignetUiRepositoryView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* The trust panel ---------------------------------------------------------------------- */

static void
set_banner (SignetUiRepositoryView *self,
            const char             *css_class,
            const char             *text)
{
  gtk_widget_remove_css_class (self->banner, "success");
  gtk_widget_remove_css_class (self->banner, "warning");
  gtk_widget_remove_css_class (self->banner, "error");
  gtk_widget_add_css_class (self->banner, css_class);
  gtk_label_set_text (self->banner_label, text);
  gtk_widget_set_visible (self->banner, TRUE);
}

static GtkWidget *
role_expander (SignetUiRepositoryView *self,
               SignetTrustRole        *role,
               const char             *title)
{
  GtkWidget *expander = adw_expander_row_new ();
  GListModel *keys = signet_trust_role_get_keys (role);
  g_autofree char *subtitle = NULL;
  g_autofree char *when = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  SignetUiExpiryLevel level = signet_ui_expiry_level (signet_trust_role_get_expires (role), now,
                                                      warning_days (self));

  when = signet_ui_format_relative (signet_trust_role_get_expires (role), now);
  subtitle = g_strdup_printf (_("Version %" G_GINT64_FORMAT " · expires %s · %u of %u keys must sign"),
                              signet_trust_role_get_version (role), when,
                              signet_trust_role_get_threshold (role), g_list_model_get_n_items (keys));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  gtk_widget_set_name (expander, signet_trust_role_get_name (role));
  if (level == SIGNET_UI_EXPIRY_WARNING || level == SIGNET_UI_EXPIRY_EXPIRED)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (level == SIGNET_UI_EXPIRY_EXPIRED ?
                                                      "dialog-error-symbolic" : "dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, signet_ui_expiry_css_class (level));
      gtk_widget_set_tooltip_text (icon, level == SIGNET_UI_EXPIRY_EXPIRED ? _("Expired") : _("Expires soon"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_widget_get_tooltip_text (icon), -1);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), icon);
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            expiry_row (self, _("Expires"), signet_trust_role_get_expires (role)));
  for (guint k = 0; k < g_list_model_get_n_items (keys); k++)
    {
      g_autoptr(SignetTrustKey) key = g_list_model_get_item (keys, k);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                key_row (self, signet_trust_role_get_name (role), key));
    }
  return expander;
}

static void
build_trust_page (SignetUiRepositoryView *self)
{
  SignetTrustSummary *summary = current_summary (self);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group;
  static const struct { const char *role; const char *title; } roles[] = {
    { "root", N_("Root") },
    { "targets", N_("Targets (repository owner)") },
    { "snapshot", N_("Snapshot") },
    { "timestamp", N_("Timestamp") },
  };

  self->trust_page = page;
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->trust_scroller), NULL);
  if (summary == NULL)
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "security-low-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Trust Data"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                       _("Nobody has signed this repository. Sign an image with "
                                         "“docker trust sign” to create its trust data."));
      self->trust_page = status;
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->trust_scroller), status);
      return;
    }

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Roles"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The root vouches for the other roles’ keys; targets for the tags; "
                                           "snapshot and timestamp keep the data consistent and fresh."));
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      SignetTrustRole *role = signet_trust_summary_lookup_role (summary, roles[i].role);

      if (role != NULL)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), role_expander (self, role, _(roles[i].title)));
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Signers"));
  {
    GListModel *signers = signet_trust_summary_get_signers (summary);

    if (g_list_model_get_n_items (signers) == 0)
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             _("No signers: only the repository owner’s key signs tags."));
    for (guint i = 0; i < g_list_model_get_n_items (signers); i++)
      {
        g_autoptr(SignetTrustSigner) signer = g_list_model_get_item (signers, i);
        GListModel *keys = signet_trust_signer_get_keys (signer);
        const char * const *paths = signet_trust_signer_get_paths (signer);
        GtkWidget *expander = adw_expander_row_new ();
        g_autofree char *joined = NULL;
        g_autofree char *subtitle = NULL;

        if (paths == NULL || paths[0] == NULL)
          joined = g_strdup (_("no tags"));
        else if (paths[0][0] == '\0')
          joined = g_strdup (_("every tag"));
        else
          {
            g_autoptr(GString) list = g_string_new (NULL);

            for (guint p = 0; paths[p] != NULL; p++)
              g_string_append_printf (list, "%s“%s”", p > 0 ? ", " : "", paths[p]);
            joined = g_strdup_printf (_("tags starting with %s"), list->str);
          }
        subtitle = g_strdup_printf (_("%u of %u keys must sign · may sign: %s"),
                                    signet_trust_signer_get_threshold (signer),
                                    g_list_model_get_n_items (keys), joined);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), signet_trust_signer_get_name (signer));
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
        gtk_widget_set_name (expander, signet_trust_signer_get_role_name (signer));
        for (guint k = 0; k < g_list_model_get_n_items (keys); k++)
          {
            g_autoptr(SignetTrustKey) key = g_list_model_get_item (keys, k);

            adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                      key_row (self, signet_trust_signer_get_role_name (signer), key));
          }
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
      }
  }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->trust_scroller), page);
}

/* Loading ------------------------------------------------------------------------------ */

static void
set_trust_state (SignetUiRepositoryView *self,
                 SignetUiTrustState      state,
                 const char             *message)
{
  self->trust_state = state;
  g_signal_emit (self, signals[SIGNAL_TRUST_STATE_CHANGED], 0, state, message);
}

static gboolean
is_verification_error (const GError *error)
{
  return signet_ui_error_is_verification (error);
}

static void
set_explanation_row (GtkLabel   *label,
                     const char *text)
{
  gtk_label_set_text (label, text);
}

static void
show_error (SignetUiRepositoryView *self,
            const GError           *error,
            const char             *where)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  if (is_verification_error (error))
    {
      g_autofree char *what = NULL;
      g_autofree char *meaning = NULL;
      g_autofree char *advice = NULL;
      g_autofree char *role = signet_ui_explain_verification (error, &what, &meaning, &advice);
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("The trust data of %s did not pass verification, so none of its "
                                "signatures can be trusted."), where);
      adw_status_page_set_title (self->error_page, error->code == SIGNET_ERROR_EXPIRED ? _("Trust Data Expired")
                                                                                        : _("Verification Failed"));
      adw_status_page_set_description (self->error_page, text);
      adw_status_page_set_icon_name (self->error_page, "security-low-symbolic");
      set_explanation_row (self->what_failed_row, what);
      set_explanation_row (self->meaning_row, meaning);
      set_explanation_row (self->advice_row, advice);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->what_failed_row), error->message);
      gtk_widget_set_visible (self->explanation, TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->error_page), "signet-verification-failed");
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  signet_ui_explain_error (error, where, &title, &description);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  adw_status_page_set_icon_name (self->error_page, "network-error-symbolic");
  gtk_widget_set_visible (self->explanation, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->error_page), "signet-verification-failed");
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* cosign's sha256-<hex>.sig/.att/.sbom and the referrers tag schema's sha256-<hex>: where
 * signatures are stored, not images; they show in the signature columns instead. */
static gboolean
is_signature_tag (const char *tag)
{
  gsize len;

  if (!g_str_has_prefix (tag, "sha256-"))
    return FALSE;
  tag += strlen ("sha256-");
  for (len = 0; g_ascii_isxdigit (tag[len]); len++)
    ;
  if (len != 64)
    return FALSE;
  tag += len;
  return *tag == '\0' || g_str_equal (tag, ".sig") || g_str_equal (tag, ".att") || g_str_equal (tag, ".sbom");
}

static void
fill_tags (SignetUiRepositoryView *self)
{
  SignetTrustSummary *summary = current_summary (self);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (summary != NULL)
    {
      GListModel *tags = signet_trust_summary_get_tags (summary);

      for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
        {
          g_autoptr(SignetTrustTag) tag = g_list_model_get_item (tags, i);
          SignetUiTagItem *item = signet_ui_tag_item_new (signet_trust_tag_get_name (tag), tag);

          g_hash_table_add (seen, (gpointer) signet_ui_tag_item_get_name (item));
          g_ptr_array_add (items, item);
        }
    }
  for (guint i = 0; self->registry_tags != NULL && self->registry_tags[i] != NULL; i++)
    if (!g_hash_table_contains (seen, self->registry_tags[i]) && !is_signature_tag (self->registry_tags[i]))
      g_ptr_array_add (items, signet_ui_tag_item_new (self->registry_tags[i], NULL));

  g_list_store_splice (self->tag_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tag_store)),
                       items->pdata, items->len);
}

static void
finish_load (SignetUiRepositoryView *self)
{
  SignetTrustSummary *summary;

  if (self->result == NULL)
    {
      /* the trust data could not be loaded: say why, never an empty list */
      show_error (self, self->trust_error, self->repository);
      set_trust_state (self,
                       is_verification_error (self->trust_error) ? SIGNET_UI_TRUST_FAILED
                                                                 : SIGNET_UI_TRUST_NOT_LOADED,
                       self->trust_error->message);
      return;
    }
  summary = current_summary (self);
  if (summary == NULL && self->tags_error != NULL)
    {
      show_error (self, self->tags_error, signet_ui_registry_get_name (signet_ui_session_get_registry (self->session)));
      set_trust_state (self, SIGNET_UI_TRUST_UNSIGNED, NULL);
      return;
    }

  fill_tags (self);
  build_trust_page (self);
  update_details (self);

  if (signet_ui_trust_result_get_offline (self->result))
    {
      const GError *why = signet_ui_trust_result_get_error (self->result);
      g_autofree char *text = g_strdup_printf (_("Offline: the notary server cannot be reached (%s). "
                                                 "This is the last verified trust data on this computer; "
                                                 "it may be out of date."),
                                               why != NULL ? why->message : _("unknown reason"));

      set_banner (self, "warning", text);
    }
  else if (summary == NULL)
    set_banner (self, "warning",
                _("Unsigned: this repository has no trust data. Nobody vouches for its images, "
                  "and docker with content trust refuses to pull them."));
  else
    {
      const char * const *warnings = signet_ui_trust_result_get_warnings (self->result);
      g_autofree char *text = NULL;

      if (warnings != NULL && warnings[0] != NULL)
        {
          g_autofree char *joined = g_strjoinv ("\n", (char **) warnings);

          text = g_strdup_printf (_("Verified, with warnings:\n%s"), joined);
          set_banner (self, "warning", text);
        }
      else
        {
          g_autofree char *when = signet_ui_format_relative (signet_trust_summary_get_expires (summary),
                                                             g_get_real_time () / G_USEC_PER_SEC);

          text = g_strdup_printf (_("Verified: every signature checks out and the data is current. "
                                    "The chain of trust expires %s."), when);
          set_banner (self, "success", text);
        }
    }
  if (self->tags_error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s\nThe registry could not list its tags (%s); only "
                                                 "the signed tags are shown."),
                                               gtk_label_get_text (self->banner_label),
                                               self->tags_error->message);

      gtk_label_set_text (self->banner_label, text);
    }
  gtk_stack_set_visible_child_name (self->stack, "content");
  set_trust_state (self, summary != NULL ? SIGNET_UI_TRUST_SIGNED : SIGNET_UI_TRUST_UNSIGNED, NULL);
}

static void
one_done (SignetUiRepositoryView *self)
{
  g_assert (self->pending > 0);
  if (--self->pending == 0)
    finish_load (self);
}

static void
trust_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SignetUiRepositoryView *self = user_data;
  g_autoptr(GError) error = NULL;
  SignetUiTrustResult *res;

  res = signet_ui_session_load_trust_finish (SIGNET_UI_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  self->result = res;
  self->trust_error = g_steal_pointer (&error);
  one_done (self);
  g_object_unref (self);
}

static void
tags_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SignetUiRepositoryView *self = user_data;
  g_autoptr(GError) error = NULL;
  GStrv tags;

  tags = signet_remote_list_tags_finish (SIGNET_REMOTE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  self->registry_tags = tags;
  self->tags_error = g_steal_pointer (&error);
  one_done (self);
  g_object_unref (self);
}

static void
keys_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SignetUiRepositoryView *self = user_data;
  g_autoptr(GError) error = NULL;
  GListStore *keys;

  keys = signet_ui_local_keys_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  /* without the key store the holders are "nobody known": not worth an error */
  self->local_keys = G_LIST_MODEL (keys);
  one_done (self);
  g_object_unref (self);
}

static void
reset (SignetUiRepositoryView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->result);
  g_clear_error (&self->trust_error);
  g_clear_pointer (&self->registry_tags, g_strfreev);
  g_clear_error (&self->tags_error);
  g_clear_object (&self->local_keys);
  if (self->signatures != NULL)
    {
      signet_ui_signatures_cancel (self->signatures);
      g_signal_handlers_disconnect_by_data (self->signatures, self);
      g_clear_object (&self->signatures);
    }
  self->pending = 0;
}

void
signet_ui_repository_view_cancel (SignetUiRepositoryView *self)
{
  g_return_if_fail (SIGNET_UI_IS_REPOSITORY_VIEW (self));

  if (self->pending > 0)
    set_trust_state (self, SIGNET_UI_TRUST_NOT_LOADED, NULL);
  reset (self);
}

void
signet_ui_repository_view_load (SignetUiRepositoryView *self,
                                SignetUiSession        *session,
                                const char             *repository)
{
  g_autofree char *gun = NULL;
  g_autofree char *text = NULL;
  g_autoptr(SignetReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SIGNET_UI_IS_REPOSITORY_VIEW (self));
  g_return_if_fail (SIGNET_UI_IS_SESSION (session));

  signet_ui_repository_view_cancel (self);
  g_set_object (&self->session, session);
  g_free (self->repository);
  self->repository = g_strdup (repository);
  self->cancellable = g_cancellable_new ();
  {
    g_autofree char *trust_dir = signet_default_trust_dir ();
    g_autofree char *gun_text = signet_ui_session_get_gun (session, repository);

    self->signatures = signet_ui_signatures_new (signet_ui_session_get_remote (session), gun_text, trust_dir);
    g_signal_connect_object (self->signatures, "changed", G_CALLBACK (signatures_changed_cb), self,
                             G_CONNECT_SWAPPED);
  }
  g_list_store_remove_all (self->tag_store);
  gtk_widget_set_visible (self->banner, FALSE);
  adw_view_stack_set_visible_child_name (self->view_stack, "tags");

  gun = signet_ui_session_get_gun (session, repository);
  text = g_strdup_printf (_("Loading and verifying %s…"), gun);
  gtk_label_set_text (self->loading_label, text);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  set_trust_state (self, SIGNET_UI_TRUST_LOADING, NULL);

  self->pending = 3;
  signet_ui_session_load_trust_async (session, repository, self->cancellable, trust_loaded_cb, g_object_ref (self));
  signet_ui_local_keys_load_async (self->cancellable, keys_loaded_cb, g_object_ref (self));
  reference = signet_reference_parse (gun, &error);
  if (reference == NULL)
    {
      self->tags_error = g_steal_pointer (&error);
      one_done (self);
      return;
    }
  signet_remote_list_tags_async (signet_ui_session_get_remote (session), reference, self->cancellable,
                                 tags_loaded_cb, g_object_ref (self));
}

void
signet_ui_repository_view_set_tags (SignetUiRepositoryView *self,
                                    GListModel             *tags)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (SIGNET_UI_IS_REPOSITORY_VIEW (self));

  reset (self);
  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    g_ptr_array_add (items, g_list_model_get_item (tags, i));
  g_list_store_splice (self->tag_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tag_store)),
                       items->pdata, items->len);
  gtk_widget_set_visible (self->banner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

/* Getters for the tests ---------------------------------------------------------------- */

const char *
signet_ui_repository_view_get_state (SignetUiRepositoryView *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

SignetUiTrustState
signet_ui_repository_view_get_trust_state (SignetUiRepositoryView *self)
{
  return self->trust_state;
}

AdwStatusPage *
signet_ui_repository_view_get_error_page (SignetUiRepositoryView *self)
{
  return self->error_page;
}

GtkColumnView *
signet_ui_repository_view_get_column_view (SignetUiRepositoryView *self)
{
  return self->column_view;
}

GListModel *
signet_ui_repository_view_get_tags (SignetUiRepositoryView *self)
{
  return G_LIST_MODEL (self->selection);
}

GtkEditable *
signet_ui_repository_view_get_tag_filter (SignetUiRepositoryView *self)
{
  return GTK_EDITABLE (self->tag_filter);
}

GtkLabel *
signet_ui_repository_view_get_banner (SignetUiRepositoryView *self)
{
  return self->banner_label;
}

GtkWidget *
signet_ui_repository_view_get_details (SignetUiRepositoryView *self)
{
  return GTK_WIDGET (self->details);
}

AdwViewStack *
signet_ui_repository_view_get_view_stack (SignetUiRepositoryView *self)
{
  return self->view_stack;
}

GtkWidget *
signet_ui_repository_view_get_trust_page (SignetUiRepositoryView *self)
{
  return self->trust_page;
}

SignetTrustSummary *
signet_ui_repository_view_get_summary (SignetUiRepositoryView *self)
{
  return current_summary (self);
}

SignetUiSignatures *
signet_ui_repository_view_get_signatures (SignetUiRepositoryView *self)
{
  return self->signatures;
}

/* GObject ------------------------------------------------------------------------------ */

static void
retry_cb (SignetUiRepositoryView *self)
{
  if (self->session != NULL && self->repository != NULL)
    {
      g_autoptr(SignetUiSession) session = g_object_ref (self->session);
      g_autofree char *repository = g_strdup (self->repository);

      signet_ui_repository_view_load (self, session, repository);
    }
}

static void
signet_ui_repository_view_dispose (GObject *object)
{
  SignetUiRepositoryView *self = SIGNET_UI_REPOSITORY_VIEW (object);

  reset (self);
  g_clear_object (&self->session);
  g_clear_pointer ((GtkWidget **) &self->stack, gtk_widget_unparent);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (signet_ui_repository_view_parent_class)->dispose (object);
}

static void
signet_ui_repository_view_finalize (GObject *object)
{
  SignetUiRepositoryView *self = SIGNET_UI_REPOSITORY_VIEW (object);

  g_free (self->repository);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (signet_ui_repository_view_parent_class)->finalize (object);
}

static void
signet_ui_repository_view_class_init (SignetUiRepositoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = signet_ui_repository_view_dispose;
  object_class->finalize = signet_ui_repository_view_finalize;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);

  /* (state, message) whenever the repository's trust state changes */
  signals[SIGNAL_TRUST_STATE_CHANGED] =
    g_signal_new ("trust-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
  /* (tag) the cosign and Notation lookup of a tag ended */
  signals[SIGNAL_SIGNATURES_CHANGED] =
    g_signal_new ("signatures-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static GtkWidget *
build_loading (SignetUiRepositoryView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading"), -1);
  gtk_box_append (GTK_BOX (box), spinner);
  self->loading_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->loading_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->loading_label));
  return box;
}

static GtkWidget *
build_tags_page (SignetUiRepositoryView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkSorter *sorter;

  self->tag_filter = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->tag_filter, "placeholder-text", _("Filter Tags or Signers"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tag_filter), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Filter Tags or Signers"), -1);
  gtk_widget_set_margin_start (GTK_WIDGET (self->tag_filter), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->tag_filter), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->tag_filter), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->tag_filter), 6);
  g_signal_connect_swapped (self->tag_filter, "search-changed", G_CALLBACK (tag_filter_changed_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->tag_filter));

  self->tag_store = g_list_store_new (SIGNET_UI_TYPE_TAG_ITEM);
  self->filter = gtk_custom_filter_new (filter_tag, self, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (self->tag_store), GTK_FILTER (self->filter));
  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tags"), -1);
  add_column (self, COLUMN_TAG, _("Tag"), TRUE, -1);
  add_column (self, COLUMN_DIGEST, _("Digest"), FALSE, 170);
  add_column (self, COLUMN_SIGNED, _("DCT"), FALSE, 105);
  add_column (self, COLUMN_COSIGN, _("cosign"), FALSE, 110);
  add_column (self, COLUMN_NOTATION, _("Notation"), FALSE, 105);
  add_column (self, COLUMN_SIGNERS, _("Signers"), TRUE, 160);
  add_column (self, COLUMN_EXPIRES, _("Expires"), FALSE, 120);
  add_column (self, COLUMN_SIZE, _("Size"), FALSE, 90);
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (self->filter_model), g_object_ref (sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sort_model));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->column_view));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_set_size_request (scroller, -1, 160);
  gtk_paned_set_start_child (GTK_PANED (paned), scroller);
  gtk_paned_set_resize_start_child (GTK_PANED (paned), TRUE);

  self->details = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  gtk_widget_set_margin_start (GTK_WIDGET (self->details), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->details), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->details), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->details), 12);
  self->details_scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->details_scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->details_scroller), GTK_WIDGET (self->details));
  gtk_widget_set_size_request (self->details_scroller, -1, 120);
  gtk_paned_set_end_child (GTK_PANED (paned), self->details_scroller);
  gtk_paned_set_position (GTK_PANED (paned), 260);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (box), paned);
  return box;
}

/* A row of the boxed list under a verification failure: a heading and a paragraph. */
static GtkLabel *
explanation_row (GtkWidget  *list,
                 const char *title,
                 const char *name)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *body = gtk_label_new (NULL);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_widget_set_name (body, name);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), body);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (body), GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL, -1);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return GTK_LABEL (body);
}

static void
signet_ui_repository_view_init (SignetUiRepositoryView *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *switcher;
  GtkWidget *retry;
  GtkWidget *error_box;
  AdwViewStackPage *page;

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
  gtk_stack_add_named (self->stack, build_loading (self), "loading");

  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  error_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  self->explanation = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->explanation), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->explanation, "boxed-list");
  gtk_widget_set_visible (self->explanation, FALSE);
  self->what_failed_row = explanation_row (self->explanation, _("What Failed"), "what-failed");
  self->meaning_row = explanation_row (self->explanation, _("What It Means"), "what-it-means");
  self->advice_row = explanation_row (self->explanation, _("What to Do"), "what-to-do");
  gtk_box_append (GTK_BOX (error_box), self->explanation);
  retry = gtk_button_new_with_mnemonic (_("_Try Again"));
  gtk_widget_set_halign (retry, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (retry, "pill");
  gtk_widget_add_css_class (retry, "suggested-action");
  g_signal_connect_swapped (retry, "clicked", G_CALLBACK (retry_cb), self);
  gtk_box_append (GTK_BOX (error_box), retry);
  adw_status_page_set_child (self->error_page, error_box);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");

  self->banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->banner, "signet-banner");
  self->banner_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->banner_label, TRUE);
  gtk_label_set_xalign (self->banner_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->banner_label), TRUE);
  gtk_box_append (GTK_BOX (self->banner), GTK_WIDGET (self->banner_label));
  gtk_widget_set_visible (self->banner, FALSE);
  gtk_box_append (GTK_BOX (content), self->banner);

  self->view_stack = ADW_VIEW_STACK (adw_view_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->view_stack), TRUE);
  switcher = adw_view_switcher_new ();
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), self->view_stack);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (switcher, 6);
  gtk_box_append (GTK_BOX (content), switcher);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->view_stack));

  page = adw_view_stack_add_titled (self->view_stack, build_tags_page (self), "tags", _("Tags"));
  adw_view_stack_page_set_icon_name (page, "view-list-symbolic");
  self->trust_scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->trust_scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  page = adw_view_stack_add_titled (self->view_stack, self->trust_scroller, "trust", _("Trust"));
  adw_view_stack_page_set_icon_name (page, "security-high-symbolic");

  gtk_stack_add_named (self->stack, content, "content");
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

GtkWidget *
signet_ui_repository_view_new (GSettings *settings)
{
  SignetUiRepositoryView *self = g_object_new (SIGNET_UI_TYPE_REPOSITORY_VIEW, NULL);

  self->settings = g_object_ref (settings);
  return GTK_WIDGET (self);
}
