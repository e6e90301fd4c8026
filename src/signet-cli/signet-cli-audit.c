/* signet-cli-audit.c: `signet-cli audit`, which images would pull with content trust on.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit status: 0 when every image would pull with DOCKER_CONTENT_TRUST=1 (so it can gate a
 * CI job), 1 when one would not, 3 when the only failures are servers that could not be
 * reached, 2 for bad arguments or input files that do not parse.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <signet/signet.h>

#include "signet-cli-audit.h"
#include "signet-cli-private.h"

#define DEFAULT_EXPIRY_WARNING_DAYS 30

typedef enum
{
  FORMAT_TABLE,
  FORMAT_JSON,
  FORMAT_CSV,
} Format;

typedef struct
{
  GMainLoop     *loop;
  GCancellable  *cancellable;
  SignetRemote  *remote;
  char          *trust_dir;
  guint          jobs;
  gboolean       progress;
  gboolean       unicode;
  GPtrArray     *inputs;
  GStrv          notes;
  GPtrArray     *results;
  GError        *error;
} Audit;

/* ---- Output helpers ----------------------------------------------------------------- */

static char *
short_digest (const char *digest)
{
  const char *hex;

  if (digest == NULL)
    return NULL;
  hex = g_str_has_prefix (digest, "sha256:") ? digest + strlen ("sha256:") : digest;
  return g_strndup (hex, 12);
}

/* @unix_seconds in UTC as @format; NULL when unset */
static char *
format_utc (gint64      unix_seconds,
            const char *format)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (unix_seconds);
  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, format);
}

static char *
format_date (gint64 unix_seconds)
{
  return format_utc (unix_seconds, "%Y-%m-%d");
}

static char *
format_rfc3339 (gint64 unix_seconds)
{
  return format_utc (unix_seconds, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
expires_soon (SignetAuditResult *result,
              guint              days)
{
  gint64 expires = signet_audit_result_get_expires (result);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return expires > 0 && expires - now < (gint64) days * 86400;
}

static const char *
trust_label (SignetAuditTrust trust,
             gboolean         unicode)
{
  switch (trust)
    {
    case SIGNET_AUDIT_TRUST_SIGNED:      return unicode ? "✔ signed" : "+ signed";
    case SIGNET_AUDIT_TRUST_UNSIGNED:    return unicode ? "✖ unsigned" : "x unsigned";
    case SIGNET_AUDIT_TRUST_INVALID:     return unicode ? "✖ verification failed" : "x verification failed";
    case SIGNET_AUDIT_TRUST_NO_SERVER:   return unicode ? "✖ no trust server" : "x no trust server";
    case SIGNET_AUDIT_TRUST_UNREACHABLE: return unicode ? "! unreachable" : "! unreachable";
    case SIGNET_AUDIT_TRUST_ERROR:
    default:                             return unicode ? "! error" : "! error";
    }
}

static const char *
dash (gboolean unicode)
{
  return unicode ? "—" : "-";
}

static void
print_padded (const char *text,
              guint       width,
              gboolean    last)
{
  glong len = g_utf8_strlen (text, -1);

  fputs (text, stdout);
  if (last)
    return;
  for (glong i = len; i < (glong) width + 3; i++)
    fputc (' ', stdout);
}

/* ---- Table -------------------------------------------------------------------------- */

enum { COL_IMAGE, COL_SERVICE, COL_TRUST, COL_SIGNERS, COL_EXPIRES, COL_DIGEST, COL_PULL, N_COLS };

static void
print_table (Audit *self,
             guint  warn_days)
{
  static const char *headers[N_COLS] = {
    N_("IMAGE"), N_("SERVICE"), N_("TRUST"), N_("SIGNERS"), N_("EXPIRES"), N_("DIGEST"), N_("PULL"),
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint widths[N_COLS] = { 0 };
  gboolean any_service = FALSE;
  guint n_pull = 0;
  gboolean details_header = FALSE;

  for (guint i = 0; i < self->results->len; i++)
    if (signet_audit_result_get_service (g_ptr_array_index (self->results, i)) != NULL)
      any_service = TRUE;

  for (guint c = 0; c < N_COLS; c++)
    widths[c] = g_utf8_strlen (_(headers[c]), -1);

  for (guint i = 0; i < self->results->len; i++)
    {
      SignetAuditResult *r = g_ptr_array_index (self->results, i);
      const char * const *signers = signet_audit_result_get_signers (r);
      g_autofree char *date = format_date (signet_audit_result_get_expires (r));
      g_autofree char *current = short_digest (signet_audit_result_get_current_digest (r));
      g_autofree char *signed_digest = short_digest (signet_audit_result_get_signed_digest (r));
      char **row = g_new0 (char *, N_COLS + 1);

      row[COL_IMAGE] = g_strdup (signet_audit_result_get_reference (r));
      row[COL_SERVICE] = g_strdup (signet_audit_result_get_service (r) ?: dash (self->unicode));
      row[COL_TRUST] = g_strdup (trust_label (signet_audit_result_get_trust (r), self->unicode));
      row[COL_SIGNERS] = signers[0] != NULL ? g_strjoinv (", ", (GStrv) signers)
                                             : g_strdup (dash (self->unicode));
      if (date == NULL)
        row[COL_EXPIRES] = g_strdup (dash (self->unicode));
      else if (expires_soon (r, warn_days))
        row[COL_EXPIRES] = g_strdup_printf ("%s %s", self->unicode ? "⚠" : "!", date);
      else
        row[COL_EXPIRES] = g_steal_pointer (&date);
      if (signet_audit_result_get_digest_differs (r))
        row[COL_DIGEST] = g_strdup_printf ("%s %s %s", current, self->unicode ? "≠" : "!=",
                                           signed_digest);
      else if (current != NULL || signed_digest != NULL)
        row[COL_DIGEST] = g_strdup (current ? current : signed_digest);
      else
        row[COL_DIGEST] = g_strdup (dash (self->unicode));
      row[COL_PULL] = g_strdup (signet_audit_result_get_would_pull (r) ? _("yes") : _("NO"));
      if (signet_audit_result_get_would_pull (r))
        n_pull++;

      for (guint c = 0; c < N_COLS; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row[c], -1));
      g_ptr_array_add (rows, row);
    }

  for (guint c = 0; c < N_COLS; c++)
    if (c != COL_SERVICE || any_service)
      print_padded (_(headers[c]), widths[c], c == N_COLS - 1);
  fputc ('\n', stdout);

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      for (guint c = 0; c < N_COLS; c++)
        if (c != COL_SERVICE || any_service)
          print_padded (row[c], widths[c], c == N_COLS - 1);
      fputc ('\n', stdout);
    }

  /* Why, for every image that needs attention. */
  for (guint i = 0; i < self->results->len; i++)
    {
      SignetAuditResult *r = g_ptr_array_index (self->results, i);
      const char * const *warnings = signet_audit_result_get_warnings (r);
      const char *trust_message = signet_audit_result_get_trust_message (r);
      const char *registry_message = signet_audit_result_get_registry_message (r);
      gboolean differs = signet_audit_result_get_digest_differs (r);
      gboolean soon = expires_soon (r, warn_days);

      if (signet_audit_result_get_would_pull (r) && !differs && !soon && warnings[0] == NULL)
        continue;

      if (!details_header)
        {
          printf ("\n");
          details_header = TRUE;
        }

      printf ("%s", signet_audit_result_get_reference (r));
      if (signet_audit_result_get_origin (r) != NULL)
        printf (" (%s)", signet_audit_result_get_origin (r));
      printf ("\n");
      if (registry_message != NULL)
        printf (_("  registry: %s\n"), registry_message);
      if (trust_message != NULL && g_strcmp0 (trust_message, registry_message) != 0)
        printf (_("  trust: %s\n"), trust_message);
      if (differs)
        printf (_("  the registry serves %s for this tag, but the signed digest is %s\n"),
                signet_audit_result_get_current_digest (r),
                signet_audit_result_get_signed_digest (r));
      if (soon)
        {
          g_autofree char *date = format_date (signet_audit_result_get_expires (r));
          gint64 days = (signet_audit_result_get_expires (r) - g_get_real_time () / G_USEC_PER_SEC) / 86400;

          printf (_("  the signature expires on %s (in %" G_GINT64_FORMAT " days): re-sign before then\n"),
                  date, days);
        }
      for (guint w = 0; warnings[w] != NULL; w++)
        printf ("  %s\n", warnings[w]);
    }

  printf (_("\n%u of %u images would pull with DOCKER_CONTENT_TRUST=1.\n"), n_pull,
          self->results->len);
}

/* ---- JSON --------------------------------------------------------------------------- */

static void
print_json (Audit *self,
            guint  warn_days)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n_pull = 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "images");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->results->len; i++)
    {
      SignetAuditResult *r = g_ptr_array_index (self->results, i);
      g_autofree char *expires = format_rfc3339 (signet_audit_result_get_expires (r));

      if (signet_audit_result_get_would_pull (r))
        n_pull++;

      json_builder_begin_object (b);
      signet_cli_json_add_string (b, "reference", signet_audit_result_get_reference (r));
      signet_cli_json_add_string (b, "origin", signet_audit_result_get_origin (r));
      signet_cli_json_add_string (b, "service", signet_audit_result_get_service (r));
      signet_cli_json_add_string (b, "registry", signet_audit_result_get_registry (r));
      signet_cli_json_add_string (b, "repository", signet_audit_result_get_repository (r));
      signet_cli_json_add_string (b, "tag", signet_audit_result_get_tag (r));
      signet_cli_json_add_string (b, "pinned_digest", signet_audit_result_get_pinned_digest (r));
      signet_cli_json_add_string (b, "gun", signet_audit_result_get_gun (r));
      signet_cli_json_add_string (b, "registry_state",
                         signet_audit_registry_to_string (signet_audit_result_get_registry_state (r)));
      signet_cli_json_add_string (b, "registry_message", signet_audit_result_get_registry_message (r));
      signet_cli_json_add_string (b, "current_digest", signet_audit_result_get_current_digest (r));
      signet_cli_json_add_string (b, "trust",
                         signet_audit_trust_to_string (signet_audit_result_get_trust (r)));
      signet_cli_json_add_string (b, "trust_message", signet_audit_result_get_trust_message (r));
      signet_cli_json_add_string (b, "signed_digest", signet_audit_result_get_signed_digest (r));
      signet_cli_json_add_strv (b, "signers", signet_audit_result_get_signers (r));
      signet_cli_json_add_string (b, "expires", expires);
      json_builder_set_member_name (b, "expires_soon");
      json_builder_add_boolean_value (b, expires_soon (r, warn_days));
      json_builder_set_member_name (b, "digest_differs");
      json_builder_add_boolean_value (b, signet_audit_result_get_digest_differs (r));
      json_builder_set_member_name (b, "would_pull");
      json_builder_add_boolean_value (b, signet_audit_result_get_would_pull (r));
      signet_cli_json_add_strv (b, "warnings", signet_audit_result_get_warnings (r));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  signet_cli_json_add_strv (b, "notes", (const char * const *) self->notes);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, self->results->len);
  json_builder_set_member_name (b, "would_pull");
  json_builder_add_int_value (b, n_pull);
  json_builder_end_object (b);
  signet_cli_print_json_builder (b, 2);
}

/* ---- CSV (RFC 4180) ----------------------------------------------------------------- */

static void
csv_field (GString    *line,
           const char *value,
           gboolean    first)
{
  if (!first)
    g_string_append_c (line, ',');
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (line, value);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static void
print_csv (Audit *self,
           guint  warn_days)
{
  g_autoptr(GString) line = g_string_new (NULL);

  fputs ("reference,origin,service,registry,repository,tag,pinned_digest,registry_state,"
         "current_digest,trust,signed_digest,signers,expires,expires_soon,digest_differs,"
         "would_pull,message\r\n", stdout);

  for (guint i = 0; i < self->results->len; i++)
    {
      SignetAuditResult *r = g_ptr_array_index (self->results, i);
      g_autofree char *signers = g_strjoinv (";", (GStrv) signet_audit_result_get_signers (r));
      g_autofree char *expires = format_rfc3339 (signet_audit_result_get_expires (r));
      g_autoptr(GPtrArray) messages = g_ptr_array_new ();
      const char * const *warnings = signet_audit_result_get_warnings (r);
      g_autofree char *message = NULL;

      if (signet_audit_result_get_registry_message (r) != NULL)
        g_ptr_array_add (messages, (gpointer) signet_audit_result_get_registry_message (r));
      if (signet_audit_result_get_trust_message (r) != NULL &&
          g_strcmp0 (signet_audit_result_get_trust_message (r),
                     signet_audit_result_get_registry_message (r)) != 0)
        g_ptr_array_add (messages, (gpointer) signet_audit_result_get_trust_message (r));
      for (guint w = 0; warnings[w] != NULL; w++)
        g_ptr_array_add (messages, (gpointer) warnings[w]);
      g_ptr_array_add (messages, NULL);
      message = g_strjoinv (" | ", (GStrv) messages->pdata);

      g_string_truncate (line, 0);
      csv_field (line, signet_audit_result_get_reference (r), TRUE);
      csv_field (line, signet_audit_result_get_origin (r), FALSE);
      csv_field (line, signet_audit_result_get_service (r), FALSE);
      csv_field (line, signet_audit_result_get_registry (r), FALSE);
      csv_field (line, signet_audit_result_get_repository (r), FALSE);
      csv_field (line, signet_audit_result_get_tag (r), FALSE);
      csv_field (line, signet_audit_result_get_pinned_digest (r), FALSE);
      csv_field (line, signet_audit_registry_to_string (signet_audit_result_get_registry_state (r)), FALSE);
      csv_field (line, signet_audit_result_get_current_digest (r), FALSE);
      csv_field (line, signet_audit_trust_to_string (signet_audit_result_get_trust (r)), FALSE);
      csv_field (line, signet_audit_result_get_signed_digest (r), FALSE);
      csv_field (line, signers, FALSE);
      csv_field (line, expires, FALSE);
      csv_field (line, expires_soon (r, warn_days) ? "true" : "false", FALSE);
      csv_field (line, signet_audit_result_get_digest_differs (r) ? "true" : "false", FALSE);
      csv_field (line, signet_audit_result_get_would_pull (r) ? "true" : "false", FALSE);
      csv_field (line, message, FALSE);
      g_string_append (line, "\r\n");
      fputs (line->str, stdout);
    }
}

/* ---- Running ------------------------------------------------------------------------ */

static void
progress_cb (SignetAuditResult *result,
             guint              n_done,
             guint              n_total,
             gpointer           user_data)
{
  Audit *self = user_data;

  if (!self->progress)
    return;

  fprintf (stderr, "\r\033[K");
  fprintf (stderr, _("Checked %u of %u: %s"), n_done, n_total,
           signet_audit_result_get_reference (result));
  fflush (stderr);
}

static void
run_cb (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  Audit *self = user_data;

  self->results = signet_audit_run_finish (res, &self->error);
  if (self->progress)
    fprintf (stderr, "\r\033[K");
  g_main_loop_quit (self->loop);
}

static void
load_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  Audit *self = user_data;

  self->inputs = signet_audit_load_inputs_finish (res, &self->notes, &self->error);
  if (self->inputs == NULL || self->inputs->len == 0)
    {
      g_main_loop_quit (self->loop);
      return;
    }

  if (self->progress)
    {
      fprintf (stderr, _("Checking %u images…"), self->inputs->len);
      fflush (stderr);
    }

  signet_audit_run_async (self->remote, self->trust_dir, self->inputs, self->jobs, progress_cb,
                          self, NULL, self->cancellable, run_cb, self);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  Audit *self = user_data;

  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_CONTINUE;
}

static int
exit_status (GPtrArray *results)
{
  gboolean any_failed = FALSE;
  gboolean only_unreachable = TRUE;

  for (guint i = 0; i < results->len; i++)
    {
      SignetAuditResult *r = g_ptr_array_index (results, i);

      if (signet_audit_result_get_would_pull (r))
        continue;
      any_failed = TRUE;
      if (signet_audit_result_get_registry_state (r) != SIGNET_AUDIT_REGISTRY_UNREACHABLE &&
          signet_audit_result_get_trust (r) != SIGNET_AUDIT_TRUST_UNREACHABLE)
        only_unreachable = FALSE;
    }

  if (!any_failed)
    return SIGNET_CLI_EXIT_OK;
  return only_unreachable ? SIGNET_CLI_EXIT_UNREACHABLE : SIGNET_CLI_EXIT_FAILED;
}

int
signet_cli_audit_run (int    argc,
                      char **argv)
{
  g_auto(GStrv) compose_files = NULL;
  g_auto(GStrv) ref_files = NULL;
  g_auto(GStrv) images = NULL;
  g_auto(SignetCliOptions) opts = { 0 };
  gboolean csv = FALSE;
  gboolean quiet = FALSE;
  int jobs = 4;
  int warn_days = DEFAULT_EXPIRY_WARNING_DAYS;
  const GOptionEntry entries[] = {
    { "compose-file", 'f', 0, G_OPTION_ARG_FILENAME_ARRAY, &compose_files,
      N_("A Compose file (repeat to merge several, as docker compose -f does)"), N_("FILE") },
    { "file", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &ref_files,
      N_("Image references, one per line ('#' comments; '-' reads standard input)"), N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV"), NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, N_("Check N images at a time (default 4)"), N_("N") },
    { "expiry-warning", 0, 0, G_OPTION_ARG_INT, &warn_days,
      N_("Flag signatures that expire within DAYS (default 30)"), N_("DAYS") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("No progress on the terminal"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &images, NULL, N_("IMAGE…") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(SignetRemote) remote = NULL;
  Audit self = { 0 };
  Format format;
  guint sigint;
  int status;

  if (!signet_cli_parse (&argc, &argv, "audit", NULL,
                         _("Checks each image as `docker pull` with DOCKER_CONTENT_TRUST=1 would: the digest the\n"
                           "registry serves, the verified trust data, signers and expiry. Exit status 0 only when\n"
                           "every image would pull: 1 when one would not, 3 when the only failures are servers\n"
                           "that could not be reached, 2 for bad arguments or input files."),
                         entries, &opts, FALSE, TRUE, &status))
    return status;

  if (opts.json && csv)
    {
      fprintf (stderr, _("signet-cli audit: --json and --csv exclude each other\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  if (jobs < 1 || jobs > 64)
    {
      fprintf (stderr, _("signet-cli audit: --jobs takes a number from 1 to 64\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  if (warn_days < 0)
    {
      fprintf (stderr, _("signet-cli audit: --expiry-warning takes a number of days\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  if ((compose_files == NULL || compose_files[0] == NULL) &&
      (ref_files == NULL || ref_files[0] == NULL) &&
      (images == NULL || images[0] == NULL))
    {
      fprintf (stderr, _("signet-cli audit: nothing to audit: give images, --file or -f\n"
                         "Usage: signet-cli audit [-f COMPOSE]… [--file REFS]… [IMAGE…] "
                         "[--json|--csv] [--jobs N]\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  format = opts.json ? FORMAT_JSON : csv ? FORMAT_CSV : FORMAT_TABLE;

  remote = signet_cli_remote_new (&opts, NULL, &error);
  if (remote == NULL)
    {
      fprintf (stderr, "signet-cli audit: %s\n", error->message);
      return SIGNET_CLI_EXIT_FAILED;
    }

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  self.loop = loop;
  self.cancellable = cancellable;
  self.remote = remote;
  self.trust_dir = opts.trust_dir;
  self.jobs = jobs;
  self.progress = !quiet && isatty (STDERR_FILENO);
  self.unicode = g_get_charset (NULL);

  signet_audit_load_inputs_async ((const char * const *) compose_files,
                                  (const char * const *) ref_files,
                                  (const char * const *) images, cancellable, load_cb, &self);
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &self);
  g_main_loop_run (loop);
  g_source_remove (sigint);

  if (self.inputs == NULL)
    {
      gboolean cancelled = g_error_matches (self.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      fprintf (stderr, "signet-cli audit: %s\n", self.error->message);
      g_clear_error (&self.error);
      g_strfreev (self.notes);
      return cancelled ? SIGNET_CLI_EXIT_FAILED : SIGNET_CLI_EXIT_USAGE;
    }

  for (guint i = 0; self.notes != NULL && self.notes[i] != NULL; i++)
    fprintf (stderr, _("note: %s\n"), self.notes[i]);

  if (self.inputs->len == 0)
    {
      self.results = g_ptr_array_new ();
      if (format == FORMAT_TABLE)
        fprintf (stderr, _("No images to audit.\n"));
    }
  else if (self.results == NULL)
    {
      fprintf (stderr, "signet-cli audit: %s\n", self.error->message);
      g_clear_error (&self.error);
      g_clear_pointer (&self.inputs, g_ptr_array_unref);
      g_strfreev (self.notes);
      return SIGNET_CLI_EXIT_FAILED;
    }

  switch (format)
    {
    case FORMAT_JSON:
      print_json (&self, warn_days);
      break;
    case FORMAT_CSV:
      print_csv (&self, warn_days);
      break;
    case FORMAT_TABLE:
    default:
      if (self.results->len > 0)
        print_table (&self, warn_days);
      break;
    }
  fflush (stdout);

  status = exit_status (self.results);
  g_clear_pointer (&self.results, g_ptr_array_unref);
  g_clear_pointer (&self.inputs, g_ptr_array_unref);
  g_strfreev (self.notes);

  return status;
}
