/* signet-cli-cosign.c: `signet-cli cosign …`, `signet-cli signatures` and `signet-cli migrate`.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "signet-cli-cosign.h"
#include "signet-cli-keys.h"
#include "signet-cli-private.h"
#include "signet-cosign-private.h"
#include "signet-secrets-private.h"
#include "signet-trust-summary-private.h"

/* The passphrase of cosign key @name: $COSIGN_PASSWORD (cosign's own variable), the keyring,
 * then the terminal. */
SignetSecret *
signet_cli_cosign_passphrase (const char *name,
                              gboolean    creating)
{
  const char *env = g_getenv ("COSIGN_PASSWORD");
  g_autofree char *prompt = NULL;

  if (env != NULL)
    return signet_secret_new (env, -1);
  if (!creating && g_strcmp0 (g_getenv ("SIGNET_NO_KEYRING"), "1") != 0 &&
      g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    {
      g_autofree char *id = _signet_cosign_keyring_id (name);
      SignetSecret *found = _signet_keyring_lookup_passphrase (id, NULL, NULL);

      if (found != NULL)
        return found;
    }
  if (!isatty (STDIN_FILENO))
    {
      fprintf (stderr, _("No terminal to ask for the passphrase of cosign key “%s”; set COSIGN_PASSWORD.\n"),
               name);
      return NULL;
    }
  prompt = g_strdup_printf (creating ? _("Enter a passphrase for the new cosign key “%s”: ")
                                     : _("Enter the passphrase of cosign key “%s”: "), name);
  if (creating)
    {
      g_autoptr(SignetSecret) pass = signet_cli_read_secret (prompt);
      g_autoptr(SignetSecret) again = NULL;

      if (pass == NULL)
        return NULL;
      again = signet_cli_read_secret (_("Repeat the passphrase: "));
      if (again == NULL || !signet_secret_equal (pass, again))
        {
          fprintf (stderr, _("The passphrases do not match.\n"));
          return NULL;
        }
      return g_steal_pointer (&pass);
    }
  return signet_cli_read_secret (prompt);
}

/* ---- cosign keys ---- */

static int
cosign_generate (const char *trust_dir,
                 int         argc,
                 char      **argv,
                 gboolean    remember)
{
  g_autoptr(SignetSecret) pass = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pub = NULL;
  SignetCliWait w = { 0 };

  if (argc != 1)
    {
      fprintf (stderr, _("signet-cli: cosign generate: give one NAME\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  if (!_signet_cosign_name_valid (argv[0], &error))
    return signet_cli_report ("cosign generate", error, FALSE);
  if ((pass = signet_cli_cosign_passphrase (argv[0], TRUE)) == NULL)
    return SIGNET_CLI_EXIT_FAILED;
  signet_cosign_generate_key_async (trust_dir, argv[0], pass, NULL, signet_cli_wait_cb, &w);
  signet_cli_wait (&w.done);
  if (!signet_cosign_generate_key_finish (w.result, &error))
    {
      g_object_unref (w.result);
      return signet_cli_report ("cosign generate", error, FALSE);
    }
  g_object_unref (w.result);
  if (remember)
    {
      g_autofree char *id = _signet_cosign_keyring_id (argv[0]);

      if (!_signet_keyring_store_passphrase (id, "cosign", NULL, pass, NULL, &error))
        fprintf (stderr, _("signet-cli: the passphrase was not stored in the keyring: %s\n"),
                 error->message);
    }
  pub = _signet_cosign_public_path (trust_dir, argv[0]);
  printf (_("Generated cosign key “%s”; public key: %s\n"), argv[0], pub);
  return SIGNET_CLI_EXIT_OK;
}

static int
cosign_keys (const char *trust_dir,
             gboolean    json)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keys = _signet_cosign_store_list (trust_dir, warnings);
  guint i;

  for (i = 0; i < warnings->len; i++)
    fprintf (stderr, "signet-cli: warning: %s\n", (char *) g_ptr_array_index (warnings, i));
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (i = 0; i < keys->len; i++)
        {
          SignetCosignKeyEntry *e = g_ptr_array_index (keys, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, e->name);
          json_builder_set_member_name (b, "fingerprint");
          if (e->fingerprint)
            json_builder_add_string_value (b, e->fingerprint);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "trusted");
          json_builder_add_boolean_value (b, e->pkey != NULL);
          json_builder_set_member_name (b, "private");
          json_builder_add_boolean_value (b, e->has_private);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      signet_cli_print_json_builder (b, 2);
      return SIGNET_CLI_EXIT_OK;
    }
  if (keys->len == 0)
    {
      printf (_("No cosign keys.\n"));
      return SIGNET_CLI_EXIT_OK;
    }
  printf ("%-20s %-8s %-8s %s\n", _("NAME"), _("TRUSTED"), _("PRIVATE"), _("FINGERPRINT"));
  for (i = 0; i < keys->len; i++)
    {
      SignetCosignKeyEntry *e = g_ptr_array_index (keys, i);

      printf ("%-20s %-8s %-8s %s\n", e->name, e->pkey ? _("yes") : _("no"),
              e->has_private ? _("yes") : _("no"), e->fingerprint ? e->fingerprint : "-");
    }
  return SIGNET_CLI_EXIT_OK;
}

static int
cosign_file_cmd (const char *trust_dir,
                 const char *cmd,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  if (argc != 2)
    {
      fprintf (stderr, _("signet-cli: cosign %s: give NAME FILE\n"), cmd);
      return SIGNET_CLI_EXIT_USAGE;
    }
  if (!g_file_get_contents (argv[1], &data, &len, &error))
    return signet_cli_report (cmd, error, FALSE);
  if (g_str_equal (cmd, "trust"))
    {
      if (!signet_cosign_trust_key (trust_dir, argv[0], data, len, &error))
        return signet_cli_report ("cosign trust", error, FALSE);
      printf (_("Trusted cosign public key “%s”\n"), argv[0]);
    }
  else
    {
      g_autoptr(SignetSecret) pass = signet_cli_cosign_passphrase (argv[0], FALSE);

      if (pass == NULL)
        return SIGNET_CLI_EXIT_FAILED;
      if (!_signet_cosign_store_import (trust_dir, argv[0], data, len, pass, &error))
        return signet_cli_report ("cosign import", error, FALSE);
      printf (_("Imported cosign key “%s”\n"), argv[0]);
    }
  return SIGNET_CLI_EXIT_OK;
}

/* ---- sign ---- */

static int
sign_refs (SignetCliOptions  *opts,
           const char        *trust_dir,
           const char        *key,
           int                argc,
           char             **argv)
{
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_reference_unref);
  g_autoptr(SignetRemote) remote = NULL;
  g_autoptr(SignetSecret) pass = NULL;
  g_autoptr(GError) error = NULL;
  int code = SIGNET_CLI_EXIT_OK;
  int i;

  if (key == NULL || argc < 1)
    {
      fprintf (stderr, _("signet-cli: cosign sign: give --key NAME and at least one IMAGE:TAG\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  for (i = 0; i < argc; i++)
    {
      SignetReference *ref = signet_reference_parse (argv[i], &error);

      if (ref == NULL)
        return signet_cli_report (argv[i], error, FALSE);
      if (signet_reference_get_tag (ref) == NULL)
        {
          signet_reference_unref (ref);
          fprintf (stderr, _("signet-cli: %s: give a tag (IMAGE:TAG)\n"), argv[i]);
          return SIGNET_CLI_EXIT_USAGE;
        }
      g_ptr_array_add (refs, ref);
    }
  if ((remote = signet_cli_remote_new (opts, refs, &error)) == NULL)
    return signet_cli_report ("cosign sign", error, FALSE);
  if ((pass = signet_cli_cosign_passphrase (key, FALSE)) == NULL)
    return SIGNET_CLI_EXIT_FAILED;
  for (i = 0; i < (int) refs->len; i++)
    {
      g_autofree char *digest = NULL;
      SignetCliWait w = { 0 };

      signet_cosign_sign_async (remote, g_ptr_array_index (refs, i), trust_dir, key, pass, NULL,
                                NULL, signet_cli_wait_cb, &w);
      signet_cli_wait (&w.done);
      digest = signet_cosign_sign_finish (w.result, &error);
      g_object_unref (w.result);
      if (digest == NULL)
        {
          code = signet_cli_merge_exit (code, signet_cli_report (argv[i], error, FALSE));
          g_clear_error (&error);
          continue;
        }
      printf (_("Signed %s (%s) with cosign key “%s”\n"), argv[i], digest, key);
    }
  return code;
}

/* ---- signatures / verify ---- */

static const char *
status_word (SignetSignatureStatus status)
{
  switch (status)
    {
    case SIGNET_SIGNATURE_STATUS_VERIFIED: return "verified";
    case SIGNET_SIGNATURE_STATUS_UNVERIFIED: return "unverified";
    case SIGNET_SIGNATURE_STATUS_KEYLESS: return "keyless-not-verified-offline";
    case SIGNET_SIGNATURE_STATUS_INVALID: return "invalid";
    case SIGNET_SIGNATURE_STATUS_MALFORMED: return "malformed";
    default: return "unknown";
    }
}

static void
signature_json (JsonBuilder          *b,
                SignetImageSignature *sig)
{
  json_builder_begin_object (b);
  signet_cli_json_add_string (b, "kind", signet_image_signature_get_kind (sig) == SIGNET_SIGNATURE_KIND_COSIGN ? "cosign" : "notation");
  signet_cli_json_add_string (b, "status", status_word (signet_image_signature_get_status (sig)));
  signet_cli_json_add_string (b, "message", signet_image_signature_get_status_message (sig));
  signet_cli_json_add_string (b, "source", signet_image_signature_get_source (sig));
  signet_cli_json_add_string (b, "artifact", signet_image_signature_get_artifact_digest (sig));
  signet_cli_json_add_string (b, "signedDigest", signet_image_signature_get_signed_digest (sig));
  signet_cli_json_add_string (b, "identity", signet_image_signature_get_identity (sig));
  signet_cli_json_add_string (b, "creator", signet_image_signature_get_creator (sig));
  json_builder_set_member_name (b, "signedAt");
  json_builder_add_int_value (b, signet_image_signature_get_signed_at (sig));
  json_builder_set_member_name (b, "expires");
  json_builder_add_int_value (b, signet_image_signature_get_expires (sig));
  signet_cli_json_add_string (b, "keyOrigin", signet_image_signature_get_key_origin (sig));
  signet_cli_json_add_string (b, "key", signet_image_signature_get_key_name (sig));
  signet_cli_json_add_string (b, "signerIdentity", signet_image_signature_get_signer_identity (sig));
  signet_cli_json_add_string (b, "oidcIssuer", signet_image_signature_get_oidc_issuer (sig));
  json_builder_set_member_name (b, "tlog");
  json_builder_add_boolean_value (b, signet_image_signature_has_tlog_entry (sig));
  json_builder_set_member_name (b, "tlogIndex");
  json_builder_add_int_value (b, signet_image_signature_get_tlog_index (sig));
  signet_cli_json_add_string (b, "envelope", signet_image_signature_get_envelope (sig));
  signet_cli_json_add_string (b, "algorithm", signet_image_signature_get_algorithm (sig));
  signet_cli_json_add_string (b, "signingScheme", signet_image_signature_get_signing_scheme (sig));
  signet_cli_json_add_strv (b, "certificateSubjects", signet_image_signature_get_cert_subjects (sig));
  signet_cli_json_add_strv (b, "certificateThumbprints", signet_image_signature_get_cert_thumbprints (sig));
  json_builder_end_object (b);
}

static void
print_signature (SignetImageSignature *sig)
{
  const char * const *subjects = signet_image_signature_get_cert_subjects (sig);
  const char * const *prints = signet_image_signature_get_cert_thumbprints (sig);
  gint64 at = signet_image_signature_get_signed_at (sig);
  gint64 exp = signet_image_signature_get_expires (sig);
  guint i;

  printf ("  %-8s %-12s %s\n",
          signet_image_signature_get_kind (sig) == SIGNET_SIGNATURE_KIND_COSIGN ? "cosign" : "notation",
          status_word (signet_image_signature_get_status (sig)),
          signet_image_signature_get_status_message (sig));
  printf ("           %s: %s", _("found via"), signet_image_signature_get_source (sig));
  if (signet_image_signature_get_artifact_digest (sig))
    printf (" (%s)", signet_image_signature_get_artifact_digest (sig));
  printf ("\n");
  if (signet_image_signature_get_identity (sig))
    printf ("           %s: %s\n", _("identity"), signet_image_signature_get_identity (sig));
  if (signet_image_signature_get_creator (sig))
    printf ("           %s: %s\n", _("creator"), signet_image_signature_get_creator (sig));
  if (at > 0)
    {
      g_autofree char *d = signet_cli_format_rfc3339 (at);
      printf ("           %s: %s\n", _("signed at"), d);
    }
  if (exp > 0)
    {
      g_autofree char *d = signet_cli_format_rfc3339 (exp);
      printf ("           %s: %s\n", _("expires"), d);
    }
  if (signet_image_signature_get_envelope (sig))
    printf ("           %s: %s, %s, %s\n", _("envelope"), signet_image_signature_get_envelope (sig),
            signet_image_signature_get_algorithm (sig) ? signet_image_signature_get_algorithm (sig) : "?",
            signet_image_signature_get_signing_scheme (sig) ? signet_image_signature_get_signing_scheme (sig) : "?");
  if (signet_image_signature_has_tlog_entry (sig))
    printf ("           %s: %" G_GINT64_FORMAT "\n", _("transparency log index"),
            signet_image_signature_get_tlog_index (sig));
  for (i = 0; subjects && subjects[i]; i++)
    printf ("           %s %u: %s (SHA-256 %s)\n", _("certificate"), i + 1, subjects[i],
            prints && prints[i] ? prints[i] : "?");
}

static int
discover_and_print (SignetCliOptions  *opts,
                    const char        *trust_dir,
                    int                argc,
                    char             **argv,
                    gboolean           with_dct,
                    gboolean           require_verified)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_reference_unref);
  g_autoptr(SignetRemote) remote = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = opts->json;
  int code = SIGNET_CLI_EXIT_OK;
  int i;

  for (i = 0; i < argc; i++)
    {
      SignetReference *ref = signet_reference_parse (argv[i], &error);

      if (ref == NULL)
        return signet_cli_report (argv[i], error, FALSE);
      g_ptr_array_add (refs, ref);
    }
  if ((remote = signet_cli_remote_new (opts, refs, &error)) == NULL)
    return signet_cli_report ("signatures", error, FALSE);
  if (with_dct)
    targets = signet_cli_load_targets (opts, argc, argv, &code);
  code = SIGNET_CLI_EXIT_OK;

  if (json)
    json_builder_begin_array (b);
  for (i = 0; i < argc; i++)
    {
      SignetReference *ref = g_ptr_array_index (refs, i);
      g_autoptr(SignetSignatureReport) report = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *tag = signet_reference_get_tag (ref) ? signet_reference_get_tag (ref) : "latest";
      const char *dct_state = NULL;
      g_autofree char *dct_digest = NULL;
      SignetCliWait w = { 0 };
      GPtrArray *sigs;
      guint k;

      signet_signatures_discover_async (remote, ref, trust_dir, NULL, signet_cli_wait_cb, &w);
      signet_cli_wait (&w.done);
      report = signet_signatures_discover_finish (w.result, &local_error);
      g_object_unref (w.result);
      if (report == NULL)
        {
          code = signet_cli_merge_exit (code, signet_cli_report (argv[i], local_error, FALSE));
          continue;
        }

      if (targets != NULL)
        {
          SignetCliTarget *t = g_ptr_array_index (targets, i);

          if (t->repo == NULL)
            dct_state = g_error_matches (t->error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND) ? "unsigned" : "error";
          else
            {
              g_autoptr(SignetTrustSummary) summary =
                _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (t->repo));
              SignetTrustTag *tt = summary ? signet_trust_summary_lookup_tag (summary, tag) : NULL;

              if (tt == NULL)
                dct_state = "unsigned";
              else
                {
                  dct_digest = g_strconcat ("sha256:", signet_trust_tag_get_digest (tt), NULL);
                  dct_state = g_str_equal (dct_digest, signet_signature_report_get_digest (report))
                                ? "verified" : "digest-mismatch";
                }
            }
        }

      sigs = signet_signature_report_get_signatures (report);
      if (require_verified && signet_signature_report_get_verified_cosign (report) == NULL)
        code = signet_cli_merge_exit (code, SIGNET_CLI_EXIT_FAILED);

      if (json)
        {
          const char * const *notes = signet_signature_report_get_notes (report);

          json_builder_begin_object (b);
          signet_cli_json_add_string (b, "image", argv[i]);
          signet_cli_json_add_string (b, "digest", signet_signature_report_get_digest (report));
          if (with_dct)
            {
              json_builder_set_member_name (b, "dct");
              json_builder_begin_object (b);
              signet_cli_json_add_string (b, "status", dct_state);
              signet_cli_json_add_string (b, "digest", dct_digest);
              if (targets != NULL && ((SignetCliTarget *) g_ptr_array_index (targets, i))->error)
                signet_cli_json_add_string (b, "error", ((SignetCliTarget *) g_ptr_array_index (targets, i))->error->message);
              json_builder_end_object (b);
            }
          json_builder_set_member_name (b, "signatures");
          json_builder_begin_array (b);
          for (k = 0; k < sigs->len; k++)
            signature_json (b, g_ptr_array_index (sigs, k));
          json_builder_end_array (b);
          signet_cli_json_add_strv (b, "notes", notes);
          json_builder_end_object (b);
          continue;
        }

      printf ("%s  %s\n", argv[i], signet_signature_report_get_digest (report));
      if (with_dct)
        {
          SignetCliTarget *t = g_ptr_array_index (targets, i);

          if (g_strcmp0 (dct_state, "verified") == 0)
            printf ("  %-8s %-12s %s\n", "dct", "verified", _("Docker Content Trust signs this digest"));
          else if (g_strcmp0 (dct_state, "digest-mismatch") == 0)
            printf ("  %-8s %-12s %s %s\n", "dct", "mismatch", _("DCT signs another digest:"), dct_digest);
          else if (g_strcmp0 (dct_state, "unsigned") == 0)
            printf ("  %-8s %-12s %s\n", "dct", "unsigned", _("No Docker Content Trust signature for this tag"));
          else
            printf ("  %-8s %-12s %s\n", "dct", "error", t->error ? t->error->message : "?");
        }
      if (sigs->len == 0)
        printf ("  %s\n", _("No cosign or Notation signatures"));
      for (k = 0; k < sigs->len; k++)
        print_signature (g_ptr_array_index (sigs, k));
      for (const char * const *n = signet_signature_report_get_notes (report); n && *n; n++)
        printf ("  %s: %s\n", _("note"), *n);
    }
  if (json)
    {
      json_builder_end_array (b);
      signet_cli_print_json_builder (b, 2);
    }
  return code;
}

int
signet_cli_signatures_run (int    argc,
                           char **argv)
{
  g_auto(SignetCliOptions) opts = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *trust_dir = NULL;
  gboolean no_dct = FALSE;
  const GOptionEntry entries[] = {
    { "no-dct", 0, 0, G_OPTION_ARG_NONE, &no_dct, N_("Skip Docker Content Trust"), NULL },
    { NULL }
  };
  int code;

  context = signet_cli_context_new ("signatures", _("IMAGE[:TAG]…"),
                                    _("DCT, cosign and Notation signatures of images side by side"),
                                    entries, &opts, SIGNET_CLI_OPTIONS_REMOTE | SIGNET_CLI_OPTION_JSON);
  if (!signet_cli_context_parse (context, &opts, FALSE, &argc, &argv, &code))
    return code;
  if (argc < 2)
    {
      fprintf (stderr, _("signet-cli: signatures: give at least one IMAGE[:TAG]\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  trust_dir = signet_cli_trust_dir (&opts);
  return discover_and_print (&opts, trust_dir, argc - 1, argv + 1, !no_dct, FALSE);
}

int
signet_cli_cosign_run (int    argc,
                       char **argv)
{
  g_auto(SignetCliOptions) opts = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *trust_dir = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  gboolean remember = FALSE;
  const GOptionEntry entries[] = {
    { "key", 'k', 0, G_OPTION_ARG_STRING, &key, N_("cosign key name (sign)"), "NAME" },
    { "remember", 0, 0, G_OPTION_ARG_NONE, &remember, N_("Store the new key's passphrase in the keyring"), NULL },
    { NULL }
  };
  const char *cmd;
  int code;

  context = signet_cli_context_new ("cosign",
                                    _("generate NAME | import NAME FILE | trust NAME FILE.pub | untrust NAME | keys | "
                                      "public-key NAME | sign --key NAME IMAGE:TAG… | verify IMAGE[:TAG]…"),
                                    _("cosign keys and signatures"),
                                    entries, &opts, SIGNET_CLI_OPTIONS_REMOTE | SIGNET_CLI_OPTION_JSON);
  if (!signet_cli_context_parse (context, &opts, FALSE, &argc, &argv, &code))
    return code;
  if (argc < 2)
    {
      fprintf (stderr, _("signet-cli: cosign: give a command (generate, import, trust, untrust, keys, "
                         "public-key, sign, verify)\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  trust_dir = signet_cli_trust_dir (&opts);
  cmd = argv[1];
  argc -= 2;
  argv += 2;
  if (g_str_equal (cmd, "generate"))
    return cosign_generate (trust_dir, argc, argv, remember);
  if (g_str_equal (cmd, "keys"))
    return cosign_keys (trust_dir, opts.json);
  if (g_str_equal (cmd, "trust") || g_str_equal (cmd, "import"))
    return cosign_file_cmd (trust_dir, cmd, argc, argv);
  if (g_str_equal (cmd, "untrust") && argc == 1)
    {
      if (!_signet_cosign_store_untrust (trust_dir, argv[0], &error))
        return signet_cli_report ("cosign untrust", error, FALSE);
      return SIGNET_CLI_EXIT_OK;
    }
  if (g_str_equal (cmd, "public-key") && argc == 1)
    {
      g_autofree char *pem = signet_cosign_get_public_key (trust_dir, argv[0], &error);

      if (pem == NULL)
        return signet_cli_report ("cosign public-key", error, FALSE);
      fputs (pem, stdout);
      return SIGNET_CLI_EXIT_OK;
    }
  if (g_str_equal (cmd, "sign"))
    return sign_refs (&opts, trust_dir, key, argc, argv);
  if (g_str_equal (cmd, "verify") && argc >= 1)
    return discover_and_print (&opts, trust_dir, argc, argv, FALSE, TRUE);
  fprintf (stderr, _("signet-cli: cosign: unknown command or wrong arguments: %s\n"), cmd);
  return SIGNET_CLI_EXIT_USAGE;
}
