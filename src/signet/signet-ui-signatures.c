/* signet-ui-signatures.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-ui-signatures.h"
#include "signet-ui-util.h"

typedef struct
{
  SignetUiSignaturesState  state;
  SignetSignatureReport   *report;
  GError                  *error;
} Entry;

struct _SignetUiSignatures
{
  GObject       parent_instance;

  SignetRemote *remote;
  char         *gun;
  char         *trust_dir;
  GCancellable *cancellable;
  GHashTable   *entries;   /* tag → Entry */
  GQueue        queue;     /* tags (owned) waiting for a slot */
  guint         running;
  guint         max_seen;
  guint         started;
};

G_DEFINE_FINAL_TYPE (SignetUiSignatures, signet_ui_signatures, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_free (Entry *e)
{
  g_clear_pointer (&e->report, signet_signature_report_unref);
  g_clear_error (&e->error);
  g_free (e);
}

static void
signet_ui_signatures_dispose (GObject *object)
{
  SignetUiSignatures *self = SIGNET_UI_SIGNATURES (object);

  signet_ui_signatures_cancel (self);
  g_clear_object (&self->remote);

  G_OBJECT_CLASS (signet_ui_signatures_parent_class)->dispose (object);
}

static void
signet_ui_signatures_finalize (GObject *object)
{
  SignetUiSignatures *self = SIGNET_UI_SIGNATURES (object);

  g_queue_clear_full (&self->queue, g_free);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_free (self->gun);
  g_free (self->trust_dir);

  G_OBJECT_CLASS (signet_ui_signatures_parent_class)->finalize (object);
}

static void
signet_ui_signatures_class_init (SignetUiSignaturesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = signet_ui_signatures_dispose;
  object_class->finalize = signet_ui_signatures_finalize;

  /* (tag) a lookup finished */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
signet_ui_signatures_init (SignetUiSignatures *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) entry_free);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->queue);
}

SignetUiSignatures *
signet_ui_signatures_new (SignetRemote *remote,
                          const char   *gun,
                          const char   *trust_dir)
{
  SignetUiSignatures *self;

  g_return_val_if_fail (SIGNET_IS_REMOTE (remote), NULL);
  g_return_val_if_fail (gun != NULL, NULL);

  self = g_object_new (SIGNET_UI_TYPE_SIGNATURES, NULL);
  self->remote = g_object_ref (remote);
  self->gun = g_strdup (gun);
  self->trust_dir = g_strdup (trust_dir);
  return self;
}

typedef struct
{
  SignetUiSignatures *self;
  char               *tag;
} Lookup;

static void pump (SignetUiSignatures *self);

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Lookup *l = user_data;
  g_autoptr(SignetUiSignatures) self = l->self;
  g_autofree char *tag = l->tag;
  g_autoptr(GError) error = NULL;
  SignetSignatureReport *report;
  Entry *e;

  g_free (l);
  report = signet_signatures_discover_finish (result, &error);
  self->running--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->entries == NULL)
    {
      g_clear_pointer (&report, signet_signature_report_unref);
      return;
    }
  e = g_hash_table_lookup (self->entries, tag);
  if (e == NULL)
    {
      g_clear_pointer (&report, signet_signature_report_unref);
      return;
    }
  e->report = report;
  e->error = g_steal_pointer (&error);
  e->state = report != NULL ? SIGNET_UI_SIGNATURES_DONE : SIGNET_UI_SIGNATURES_FAILED;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, tag);
  pump (self);
}

static void
start (SignetUiSignatures *self,
       char               *tag)
{
  g_autofree char *text = g_strconcat (self->gun, ":", tag, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetReference) ref = signet_reference_parse (text, &error);
  Entry *e = g_hash_table_lookup (self->entries, tag);
  Lookup *l;

  if (ref == NULL)
    {
      e->state = SIGNET_UI_SIGNATURES_FAILED;
      e->error = g_steal_pointer (&error);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0, tag);
      g_free (tag);
      return;
    }
  l = g_new0 (Lookup, 1);
  l->self = g_object_ref (self);
  l->tag = tag;
  self->running++;
  self->started++;
  self->max_seen = MAX (self->max_seen, self->running);
  signet_signatures_discover_async (self->remote, ref, self->trust_dir, self->cancellable, discover_cb, l);
}

static void
pump (SignetUiSignatures *self)
{
  while (self->running < SIGNET_UI_SIGNATURES_MAX_RUNNING && !g_queue_is_empty (&self->queue) &&
         !g_cancellable_is_cancelled (self->cancellable))
    start (self, g_queue_pop_head (&self->queue));
}

void
signet_ui_signatures_request (SignetUiSignatures *self,
                              const char         *tag,
                              gboolean            first)
{
  Entry *e;
  GList *queued;

  g_return_if_fail (SIGNET_UI_IS_SIGNATURES (self));
  g_return_if_fail (tag != NULL);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  e = g_hash_table_lookup (self->entries, tag);
  if (e != NULL && e->state != SIGNET_UI_SIGNATURES_UNKNOWN)
    {
      /* the selected tag jumps the queue */
      if (first && e->state == SIGNET_UI_SIGNATURES_PENDING &&
          (queued = g_queue_find_custom (&self->queue, tag, (GCompareFunc) g_strcmp0)) != NULL)
        {
          char *data = queued->data;

          g_queue_delete_link (&self->queue, queued);
          g_queue_push_head (&self->queue, data);
        }
      return;
    }
  if (e == NULL)
    {
      e = g_new0 (Entry, 1);
      g_hash_table_insert (self->entries, g_strdup (tag), e);
    }
  e->state = SIGNET_UI_SIGNATURES_PENDING;
  if (first)
    g_queue_push_head (&self->queue, g_strdup (tag));
  else
    g_queue_push_tail (&self->queue, g_strdup (tag));
  pump (self);
}

void
signet_ui_signatures_forget (SignetUiSignatures *self,
                             const char         *tag)
{
  GList *queued;

  g_return_if_fail (SIGNET_UI_IS_SIGNATURES (self));

  queued = g_queue_find_custom (&self->queue, tag, (GCompareFunc) g_strcmp0);
  if (queued == NULL)
    return;
  g_free (queued->data);
  g_queue_delete_link (&self->queue, queued);
  g_hash_table_remove (self->entries, tag);
}

SignetUiSignaturesState
signet_ui_signatures_lookup (SignetUiSignatures     *self,
                             const char             *tag,
                             SignetSignatureReport **report,
                             const GError          **error)
{
  Entry *e;

  g_return_val_if_fail (SIGNET_UI_IS_SIGNATURES (self), SIGNET_UI_SIGNATURES_UNKNOWN);

  e = self->entries != NULL ? g_hash_table_lookup (self->entries, tag) : NULL;
  if (report != NULL)
    *report = e != NULL ? e->report : NULL;
  if (error != NULL)
    *error = e != NULL ? e->error : NULL;
  return e != NULL ? e->state : SIGNET_UI_SIGNATURES_UNKNOWN;
}

void
signet_ui_signatures_cancel (SignetUiSignatures *self)
{
  g_return_if_fail (SIGNET_UI_IS_SIGNATURES (self));

  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->queue, g_free);
  g_queue_init (&self->queue);
}

guint
signet_ui_signatures_get_running (SignetUiSignatures *self)
{
  return self->running;
}

guint
signet_ui_signatures_get_max_seen (SignetUiSignatures *self)
{
  return self->max_seen;
}

guint
signet_ui_signatures_get_started (SignetUiSignatures *self)
{
  return self->started;
}

/* Words ------------------------------------------------------------------------------- */

static const char *
status_word (SignetSignatureStatus status)
{
  switch (status)
    {
    case SIGNET_SIGNATURE_STATUS_VERIFIED:
      return _("verified");
    case SIGNET_SIGNATURE_STATUS_UNVERIFIED:
      return _("not verified");
    case SIGNET_SIGNATURE_STATUS_KEYLESS:
      return _("keyless");
    case SIGNET_SIGNATURE_STATUS_INVALID:
      return _("invalid");
    case SIGNET_SIGNATURE_STATUS_MALFORMED:
    default:
      return _("malformed");
    }
}

static const char *
status_icon (SignetSignatureStatus status,
             const char          **css_class)
{
  switch (status)
    {
    case SIGNET_SIGNATURE_STATUS_VERIFIED:
      *css_class = "success";
      return "security-high-symbolic";
    case SIGNET_SIGNATURE_STATUS_UNVERIFIED:
    case SIGNET_SIGNATURE_STATUS_KEYLESS:
      *css_class = "warning";
      return "security-medium-symbolic";
    case SIGNET_SIGNATURE_STATUS_INVALID:
    case SIGNET_SIGNATURE_STATUS_MALFORMED:
    default:
      *css_class = "error";
      return "dialog-error-symbolic";
    }
}

/* The worst-first order a column summarises with: a verified one wins, else the most
 * alarming one. */
static int
status_rank (SignetSignatureStatus status)
{
  switch (status)
    {
    case SIGNET_SIGNATURE_STATUS_VERIFIED:
      return 0;
    case SIGNET_SIGNATURE_STATUS_INVALID:
      return 1;
    case SIGNET_SIGNATURE_STATUS_MALFORMED:
      return 2;
    case SIGNET_SIGNATURE_STATUS_KEYLESS:
      return 3;
    case SIGNET_SIGNATURE_STATUS_UNVERIFIED:
    default:
      return 4;
    }
}

const char *
signet_ui_signatures_summarize (SignetUiSignaturesState state,
                                SignetSignatureReport  *report,
                                SignetSignatureKind     kind,
                                const char            **icon_name,
                                const char            **css_class)
{
  GPtrArray *sigs;
  int best = -1;
  guint count = 0;

  *css_class = "dim-label";
  switch (state)
    {
    case SIGNET_UI_SIGNATURES_UNKNOWN:
    case SIGNET_UI_SIGNATURES_PENDING:
      *icon_name = "content-loading-symbolic";
      return _("checking…");
    case SIGNET_UI_SIGNATURES_FAILED:
      *icon_name = "dialog-question-symbolic";
      return _("unknown");
    case SIGNET_UI_SIGNATURES_DONE:
    default:
      break;
    }
  sigs = signet_signature_report_get_signatures (report);
  for (guint i = 0; i < sigs->len; i++)
    {
      SignetImageSignature *sig = g_ptr_array_index (sigs, i);
      int rank = status_rank (signet_image_signature_get_status (sig));

      if (signet_image_signature_get_kind (sig) != kind)
        continue;
      count++;
      if (best < 0 || rank < best)
        best = rank;
    }
  if (count == 0)
    {
      *icon_name = "action-unavailable-symbolic";
      return _("none");
    }
  if (kind == SIGNET_SIGNATURE_KIND_NOTATION)
    {
      /* shown, not verified */
      *icon_name = "security-medium-symbolic";
      *css_class = "warning";
      return _("present");
    }
  for (guint i = 0; i < sigs->len; i++)
    {
      SignetImageSignature *sig = g_ptr_array_index (sigs, i);

      if (signet_image_signature_get_kind (sig) == kind &&
          status_rank (signet_image_signature_get_status (sig)) == best)
        {
          *icon_name = status_icon (signet_image_signature_get_status (sig), css_class);
          return status_word (signet_image_signature_get_status (sig));
        }
    }
  g_assert_not_reached ();
  return NULL;
}

/* Sections ---------------------------------------------------------------------------- */

static GtkWidget *
value (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* short values stay on one line; digests and long names wrap */
  if (text != NULL && g_utf8_strlen (text, -1) > 40)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static void
add_row (GtkWidget  *expander,
         const char *title,
         const char *text,
         gboolean    monospace)
{
  GtkWidget *row;
  GtkWidget *label;

  if (text == NULL || *text == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  label = value (text);
  if (monospace)
    gtk_widget_add_css_class (label, "monospace");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
}

static void
add_time_row (GtkWidget  *expander,
              const char *title,
              gint64      when)
{
  g_autofree char *relative = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;

  if (when <= 0)
    return;
  relative = signet_ui_format_relative (when, g_get_real_time () / G_USEC_PER_SEC);
  date = signet_ui_format_date (when);
  text = g_strdup_printf ("%s (%s)", relative, date);
  add_row (expander, title, text, FALSE);
}

static const char *
source_words (const char *source)
{
  if (g_strcmp0 (source, SIGNET_SIGNATURE_SOURCE_TAG) == 0)
    return _("cosign signature tag (sha256-….sig)");
  if (g_strcmp0 (source, SIGNET_SIGNATURE_SOURCE_REFERRERS) == 0)
    return _("registry referrers API");
  if (g_strcmp0 (source, SIGNET_SIGNATURE_SOURCE_REFERRERS_TAG) == 0)
    return _("referrers tag (sha256-…)");
  return source;
}

static GtkWidget *
cosign_row (SignetImageSignature *sig)
{
  GtkWidget *expander = adw_expander_row_new ();
  SignetSignatureStatus status = signet_image_signature_get_status (sig);
  const char *css_class = NULL;
  GtkWidget *icon = gtk_image_new_from_icon_name (status_icon (status, &css_class));
  g_autofree char *title = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  gtk_widget_add_css_class (icon, css_class);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (expander), icon);
  if (signet_image_signature_get_key_name (sig) != NULL)
    title = g_strdup_printf (_("%s — key “%s”"), status_word (status), signet_image_signature_get_key_name (sig));
  else if (signet_image_signature_get_signer_identity (sig) != NULL)
    title = g_strdup_printf (_("%s — %s"), status_word (status), signet_image_signature_get_signer_identity (sig));
  else
    title = g_strdup (status_word (status));
  title[0] = g_ascii_toupper (title[0]);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), signet_image_signature_get_status_message (sig));
  gtk_widget_set_name (expander, status == SIGNET_SIGNATURE_STATUS_VERIFIED ? "cosign-verified" : "cosign-signature");

  add_row (expander, _("Trusted key"), signet_image_signature_get_key_name (sig), FALSE);
  if (signet_image_signature_get_signer_identity (sig) != NULL || status == SIGNET_SIGNATURE_STATUS_KEYLESS)
    {
      g_autofree char *who = g_strdup_printf (_("%s (not verified offline)"),
                                              signet_image_signature_get_signer_identity (sig) ?
                                              signet_image_signature_get_signer_identity (sig) : _("unknown"));

      add_row (expander, _("Keyless identity"), who, FALSE);
      add_row (expander, _("OIDC issuer"), signet_image_signature_get_oidc_issuer (sig), FALSE);
    }
  add_row (expander, _("Signed digest"), signet_image_signature_get_signed_digest (sig), TRUE);
  add_row (expander, _("Image reference"), signet_image_signature_get_identity (sig), FALSE);
  add_row (expander, _("Created by"), signet_image_signature_get_creator (sig), FALSE);
  add_time_row (expander, _("Signed"), signet_image_signature_get_signed_at (sig));
  if (signet_image_signature_has_tlog_entry (sig))
    {
      g_autofree char *tlog = NULL;

      if (signet_image_signature_get_tlog_index (sig) >= 0)
        tlog = g_strdup_printf (_("entry %" G_GINT64_FORMAT " (not verified offline)"),
                                signet_image_signature_get_tlog_index (sig));
      else
        tlog = g_strdup (_("bundle attached (not verified offline)"));
      add_row (expander, _("Transparency log"), tlog, FALSE);
      add_time_row (expander, _("Logged"), signet_image_signature_get_tlog_time (sig));
    }
  else
    add_row (expander, _("Transparency log"), _("no entry"), FALSE);
  add_row (expander, _("Found in"), source_words (signet_image_signature_get_source (sig)), FALSE);
  return expander;
}

static GtkWidget *
notation_row (SignetImageSignature *sig)
{
  GtkWidget *expander = adw_expander_row_new ();
  const char * const *subjects = signet_image_signature_get_cert_subjects (sig);
  const char * const *thumbprints = signet_image_signature_get_cert_thumbprints (sig);
  const char *envelope = signet_image_signature_get_envelope (sig);
  g_autofree char *title = NULL;
  GtkWidget *icon = gtk_image_new_from_icon_name ("security-medium-symbolic");

  gtk_widget_add_css_class (icon, signet_image_signature_get_status (sig) == SIGNET_SIGNATURE_STATUS_MALFORMED ?
                                  "error" : "warning");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (expander), icon);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  title = g_strdup_printf (_("%s signature — shown, not verified"),
                           g_strcmp0 (envelope, "cose") == 0 ? "COSE" : g_strcmp0 (envelope, "jws") == 0 ? "JWS"
                                                                                                         : _("Notation"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), signet_image_signature_get_status_message (sig));
  gtk_widget_set_name (expander, "notation-signature");
  add_row (expander, _("Envelope"), envelope, FALSE);
  add_row (expander, _("Algorithm"), signet_image_signature_get_algorithm (sig), FALSE);
  add_row (expander, _("Signing scheme"), signet_image_signature_get_signing_scheme (sig), FALSE);
  add_time_row (expander, _("Signing time"), signet_image_signature_get_signed_at (sig));
  if (signet_image_signature_get_expires (sig) > 0)
    add_time_row (expander, _("Expires"), signet_image_signature_get_expires (sig));
  else
    add_row (expander, _("Expires"), _("never"), FALSE);
  add_row (expander, _("Signed digest"), signet_image_signature_get_signed_digest (sig), TRUE);
  add_row (expander, _("Signing agent"), signet_image_signature_get_creator (sig), FALSE);
  for (guint i = 0; subjects != NULL && subjects[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *which = g_strdup_printf (i == 0 ? _("Certificate (leaf)") : _("Certificate %u"), i + 1);
      g_autofree char *thumb = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), subjects[i]);
      if (thumbprints != NULL && g_strv_length ((char **) thumbprints) > i)
        thumb = g_strdup_printf (_("%s · SHA-256 %s"), which, thumbprints[i]);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), thumb ? thumb : which);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }
  add_row (expander, _("Found in"), source_words (signet_image_signature_get_source (sig)), FALSE);
  return expander;
}

GtkWidget *
signet_ui_signatures_section (SignetUiSignaturesState state,
                              SignetSignatureReport  *report,
                              const GError           *error,
                              SignetSignatureKind     kind)
{
  GtkWidget *group = adw_preferences_group_new ();
  gboolean cosign = kind == SIGNET_SIGNATURE_KIND_COSIGN;
  guint count = 0;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), cosign ? _("cosign") : _("Notation"));
  gtk_widget_set_name (group, cosign ? "cosign-section" : "notation-section");
  if (state == SIGNET_UI_SIGNATURES_FAILED)
    {
      g_autofree char *text = g_strdup_printf (_("Could not look for signatures: %s"),
                                               error != NULL ? error->message : _("unknown reason"));

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), text);
      return group;
    }
  if (state != SIGNET_UI_SIGNATURES_DONE)
    {
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             cosign ? _("Looking for cosign signatures in the registry…")
                                                    : _("Looking for Notation signatures in the registry…"));
      return group;
    }
  for (guint i = 0; i < signet_signature_report_get_signatures (report)->len; i++)
    {
      SignetImageSignature *sig = g_ptr_array_index (signet_signature_report_get_signatures (report), i);

      if (signet_image_signature_get_kind (sig) != kind)
        continue;
      count++;
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), cosign ? cosign_row (sig) : notation_row (sig));
    }
  if (count == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           cosign ? _("No cosign signatures for this digest.")
                                                  : _("No Notation signatures for this digest."));
  else if (cosign)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("Checked against the cosign keys you trust. Keyless identities "
                                             "and transparency-log entries are shown, not verified offline."));
  else
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("Notation signatures are shown, not verified: Signet does not "
                                             "check their certificates or trust policy."));
  return group;
}
