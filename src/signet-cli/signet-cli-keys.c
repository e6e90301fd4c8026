/* signet-cli-keys.c: signet-cli key generate|load|import|export|passwd|rm|list|cert.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <openssl/pem.h>

#include "signet-cli-keys.h"
#include "signet-cli-private.h"
#include "signet-error.h"
#include "signet-keystore-private.h"

static SignetCliOptions opts;

static GOptionContext *
new_context (const char         *params,
             const char         *summary,
             const GOptionEntry *entries,
             SignetCliOptionFlags flags)
{
  /* the dispatcher set the program name to "signet-cli key COMMAND" */
  return signet_cli_context_new (NULL, params, summary, entries, &opts,
                                 SIGNET_CLI_OPTION_TRUST_DIR | SIGNET_CLI_OPTION_SHORT_D | flags);
}

static gboolean
valid_signer_name (const char *name)
{
  if (!g_ascii_islower (name[0]) && !g_ascii_isdigit (name[0]))
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

/* The name of a signer key, as docker wants it; prints the problem otherwise. */
static gboolean
check_signer_name (GOptionContext *context,
                   const char     *name,
                   int            *code)
{
  if (valid_signer_name (name) && !g_str_equal (name, "releases"))
    return TRUE;
  *code = signet_cli_usage_error (context, _("The name must match ^[a-z0-9][a-z0-9_-]*$ and not be “releases”"));
  return FALSE;
}

/* Stores @key as signer @name, encrypted with a new passphrase. */
static gboolean
add_signer_key (SignetPrivateKey  *key,
                const char        *name,
                GError           **error)
{
  g_autoptr(SignetKeystore) ks = signet_cli_open_keystore (&opts);
  g_autoptr(SignetPassphraseChain) chain = signet_cli_passphrase_chain ();
  g_autoptr(SignetSecret) pass = NULL;

  pass = _signet_passphrase_chain_new_passphrase (chain, _signet_private_key_get_id (key), name, NULL, NULL, error);
  return pass != NULL && _signet_keystore_add (ks, key, name, NULL, pass, error);
}

/* ---- generate ---- */

static char *opt_out_dir = NULL;

static int
key_generate (int    argc,
              char **argv)
{
  const GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_out_dir, N_("Directory for NAME.pub (default: current)"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context ("NAME", _("Generate an ECDSA P-256 signing key, as "
                                                              "'docker trust key generate' does"), entries, 0);
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autofree char *pub_name = NULL;
  g_autofree char *pub_path = NULL;
  g_autofree char *pub_pem = NULL;
  GError *error = NULL;
  const char *name;
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return signet_cli_usage_error (context, _("Give exactly one key name"));
  name = argv[1];
  if (!check_signer_name (context, name, &code))
    return code;

  pub_name = g_strconcat (name, ".pub", NULL);
  pub_path = g_build_filename (opt_out_dir ? opt_out_dir : ".", pub_name, NULL);
  if (g_file_test (pub_path, G_FILE_TEST_EXISTS))
    {
      fprintf (stderr, _("signet-cli: “%s” already exists; not overwriting it\n"), pub_path);
      return SIGNET_CLI_EXIT_FAILED;
    }

  printf (_("Generating key for %s...\n"), name);
  key = _signet_private_key_generate (&error);
  if (key == NULL || !add_signer_key (key, name, &error))
    return signet_cli_fail (error);

  pub_pem = _signet_private_key_public_pem (key, name);
  if (!_signet_file_write_atomic (pub_path, pub_pem, strlen (pub_pem), 0600, FALSE, &error))
    return signet_cli_fail (error);

  printf (_("Successfully generated and loaded private key. Corresponding public key available: %s\n"), pub_path);
  printf (_("Key ID: %s\n"), _signet_private_key_get_id (key));
  return SIGNET_CLI_EXIT_OK;
}

/* ---- load ---- */

static char *opt_name = NULL;

static SignetPrivateKey *
decrypt_file (const char  *path,
              const char  *contents,
              gsize        len,
              const char  *role,
              GError     **error)
{
  GError *local_error = NULL;
  SignetPrivateKey *key;
  const char * const *vars = _signet_passphrase_env_vars (role);

  key = _signet_private_key_from_pem (contents, len, NULL, path, &local_error);
  if (key != NULL || !g_error_matches (local_error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE))
    {
      if (local_error)
        g_propagate_error (error, local_error);
      return key;
    }
  g_clear_error (&local_error);

  for (guint i = 0; vars[i] != NULL; i++)
    {
      const char *value = g_getenv (vars[i]);
      g_autoptr(SignetSecret) pass = NULL;

      if (value == NULL || *value == '\0')
        continue;
      pass = signet_secret_new (value, -1);
      key = _signet_private_key_from_pem (contents, len, pass, path, NULL);
      if (key != NULL)
        return key;
    }

  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autofree char *prompt = g_strdup_printf (_("Enter the passphrase of %s: "), path);
      g_autoptr(SignetSecret) pass = signet_cli_read_secret (prompt);

      if (pass == NULL)
        break;
      key = _signet_private_key_from_pem (contents, len, pass, path, &local_error);
      if (key != NULL)
        return key;
      if (!g_error_matches (local_error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE))
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      fprintf (stderr, _("Wrong passphrase. Please try again.\n"));
      g_clear_error (&local_error);
    }
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE, _("%s: no passphrase decrypts this key"), path);
  return NULL;
}

static int
key_load (int    argc,
          char **argv)
{
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, N_("Signer name (default: signer)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context ("FILE", _("Load a private key file into the trust directory, "
                                                              "as 'docker trust key load' does"), entries, 0);
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autofree char *contents = NULL;
  GError *error = NULL;
  const char *name;
  GStatBuf st;
  gsize len;
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return signet_cli_usage_error (context, _("Give exactly one key file"));
  name = opt_name ? opt_name : "signer";
  if (!check_signer_name (context, name, &code))
    return code;

  if (g_stat (argv[1], &st) != 0)
    {
      fprintf (stderr, "signet-cli: %s: %s\n", argv[1], g_strerror (errno));
      return SIGNET_CLI_EXIT_FAILED;
    }
  if (st.st_mode & 077)
    {
      fprintf (stderr, _("signet-cli: private key file %s must not be readable or writable by others "
                         "(mode %03o; run chmod 600)\n"), argv[1], st.st_mode & 0777);
      return SIGNET_CLI_EXIT_FAILED;
    }
  if (!g_file_get_contents (argv[1], &contents, &len, &error))
    return signet_cli_fail (error);

  key = decrypt_file (argv[1], contents, len, name, &error);
  OPENSSL_cleanse (contents, len);
  if (key == NULL)
    return signet_cli_fail (error);

  if (!add_signer_key (key, name, &error))
    return signet_cli_fail (error);
  printf (_("Successfully imported key from %s\nKey ID: %s\n"), argv[1], _signet_private_key_get_id (key));
  return SIGNET_CLI_EXIT_OK;
}

/* ---- import / export ---- */

static char *opt_role = NULL;
static char *opt_gun = NULL;

static int
key_import (int    argc,
            char **argv)
{
  const GOptionEntry entries[] = {
    { "role", 'r', 0, G_OPTION_ARG_STRING, &opt_role, N_("Role for keys without a role header"), N_("ROLE") },
    { "gun", 'g', 0, G_OPTION_ARG_STRING, &opt_gun, N_("GUN for keys without a gun header"), N_("GUN") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context ("FILE…", _("Import PEM private keys, as 'notary key import' does"),
                                                   entries, 0);
  g_autoptr(SignetKeystore) ks = NULL;
  g_autoptr(SignetPassphraseChain) chain = NULL;
  GError *error = NULL;
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc < 2)
    return signet_cli_usage_error (context, _("Give at least one PEM file"));

  ks = signet_cli_open_keystore (&opts);
  chain = signet_cli_passphrase_chain ();
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *contents = NULL;
      g_autoptr(SignetSecret) pass = NULL;
      g_auto(GStrv) ids = NULL;
      g_autoptr(SignetPemInfo) info = NULL;
      gsize len;

      if (!g_file_get_contents (argv[i], &contents, &len, &error))
        return signet_cli_fail (error);
      info = _signet_pem_info_parse (contents, len, argv[i], &error);
      if (info == NULL)
        return signet_cli_fail (error);
      /* Unencrypted keys get encrypted: ask for a passphrase for them. */
      if (!info->encrypted)
        {
          pass = _signet_passphrase_chain_new_passphrase (chain, NULL, info->role ? info->role : opt_role,
                                                          info->gun ? info->gun : opt_gun, NULL, &error);
          if (pass == NULL)
            return signet_cli_fail (error);
        }
      ids = _signet_keystore_import (ks, contents, len, opt_role, opt_gun, pass, &error);
      OPENSSL_cleanse (contents, len);
      if (ids == NULL)
        return signet_cli_fail (error);
      for (guint j = 0; ids[j] != NULL; j++)
        printf (_("Imported key %s from %s\n"), ids[j], argv[i]);
    }
  return SIGNET_CLI_EXIT_OK;
}

static char **opt_keys = NULL;
static char *opt_output = NULL;

static int
key_export (int    argc,
            char **argv)
{
  const GOptionEntry entries[] = {
    { "key", 'k', 0, G_OPTION_ARG_STRING_ARRAY, &opt_keys, N_("Export only this key ID (repeatable)"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, N_("Write to FILE (mode 0600) instead of stdout"),
      N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context ("", _("Export encrypted private keys with their path headers, "
                                                         "as 'notary key export' does"), entries, 0);
  g_autoptr(SignetKeystore) ks = NULL;
  g_autofree char *out = NULL;
  GError *error = NULL;
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc != 1)
    return signet_cli_usage_error (context, _("Unexpected arguments"));

  ks = signet_cli_open_keystore (&opts);
  out = _signet_keystore_export (ks, (const char * const *) opt_keys, &error);
  if (out == NULL)
    return signet_cli_fail (error);
  if (opt_output != NULL)
    {
      if (!_signet_file_write_atomic (opt_output, out, strlen (out), 0600, FALSE, &error))
        return signet_cli_fail (error);
    }
  else
    fputs (out, stdout);
  return SIGNET_CLI_EXIT_OK;
}

/* ---- passwd ---- */

static gboolean opt_new_stdin = FALSE;

static int
key_passwd (int    argc,
            char **argv)
{
  const GOptionEntry entries[] = {
    { "new-passphrase-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_new_stdin,
      N_("Read the new passphrase from standard input"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context ("KEY-ID", _("Change the passphrase of a private key"), entries, 0);
  g_autoptr(SignetKeystore) ks = NULL;
  g_autoptr(SignetPassphraseChain) chain = NULL;
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autoptr(SignetSecret) old_pass = NULL;
  g_autoptr(SignetSecret) new_pass = NULL;
  g_autoptr(SignetKeyInfo) info = NULL;
  GError *error = NULL;
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return signet_cli_usage_error (context, _("Give exactly one key ID"));

  ks = signet_cli_open_keystore (&opts);
  info = _signet_keystore_find (ks, argv[1], &error);
  if (info == NULL)
    return signet_cli_fail (error);
  chain = signet_cli_passphrase_chain ();
  key = _signet_passphrase_chain_unlock (chain, ks, info->id, &old_pass, NULL, &error);
  if (key == NULL)
    return signet_cli_fail (error);

  if (opt_new_stdin)
    new_pass = signet_cli_read_stdin_secret (_("Nothing was given on standard input"), &error);
  else
    {
      g_autoptr(SignetPassphraseChain) asker = signet_cli_passphrase_chain ();

      _signet_passphrase_chain_set_use_env (asker, FALSE);
      new_pass = _signet_passphrase_chain_new_passphrase (asker, info->id, info->role, info->gun, NULL, &error);
    }
  if (new_pass == NULL)
    return signet_cli_fail (error);

  if (!_signet_keystore_change_passphrase (ks, info->id, old_pass, new_pass, &error))
    return signet_cli_fail (error);
  /* A passphrase remembered for the old one would now be wrong. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL && g_strcmp0 (g_getenv ("SIGNET_NO_KEYRING"), "1") != 0)
    {
      g_autoptr(SignetSecret) remembered = _signet_keyring_lookup_passphrase (info->id, NULL, NULL);

      if (remembered != NULL)
        _signet_keyring_store_passphrase (info->id, info->role, info->gun, new_pass, NULL, NULL);
    }
  printf (_("Changed the passphrase of key %s\n"), info->id);
  return SIGNET_CLI_EXIT_OK;
}

/* ---- rm ---- */

static int
key_rm (int    argc,
        char **argv)
{
  g_autoptr(GOptionContext) context = new_context ("KEY-ID", _("Remove a private key for good"), NULL,
                                                   SIGNET_CLI_OPTION_YES);
  g_autofree char *question = NULL;
  g_autoptr(SignetKeystore) ks = NULL;
  g_autoptr(SignetKeyInfo) info = NULL;
  GError *error = NULL;
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return signet_cli_usage_error (context, _("Give exactly one key ID"));

  ks = signet_cli_open_keystore (&opts);
  info = _signet_keystore_find (ks, argv[1], &error);
  if (info == NULL)
    return signet_cli_fail (error);

  question = g_strdup_printf (_("Remove the %s key %s%s%s (%s)? It cannot be recovered without a backup."),
                              info->role ? info->role : "unknown", info->id, info->gun ? " of " : "",
                              info->gun ? info->gun : "", info->path);
  switch (signet_cli_confirm (opts.yes, question, "yes"))
    {
    case SIGNET_CLI_CONFIRMED:
      break;
    case SIGNET_CLI_NO_TERMINAL:
      return SIGNET_CLI_EXIT_USAGE;
    case SIGNET_CLI_DECLINED:
    default:
      fprintf (stderr, _("Not removed.\n"));
      return SIGNET_CLI_EXIT_FAILED;
    }

  if (!_signet_keystore_remove (ks, info->id, &error))
    return signet_cli_fail (error);
  _signet_keyring_forget_passphrase (info->id, NULL, NULL);
  printf (_("Removed key %s (%s)\n"), info->id, info->path);
  return SIGNET_CLI_EXIT_OK;
}

/* ---- list ---- */

static int
key_list (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = new_context ("", _("List the private keys in the trust directory"), NULL,
                                                   SIGNET_CLI_OPTION_JSON);
  g_autoptr(SignetKeystore) ks = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc != 1)
    return signet_cli_usage_error (context, _("Unexpected arguments"));

  ks = signet_cli_open_keystore (&opts);
  list = _signet_keystore_list (ks, warnings, &error);
  if (list == NULL)
    return signet_cli_fail (error);
  for (guint i = 0; i < warnings->len; i++)
    fprintf (stderr, _("warning: skipped %s\n"), (char *) g_ptr_array_index (warnings, i));

  if (opts.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          SignetKeyInfo *info = g_ptr_array_index (list, i);
          g_autofree char *location = g_path_get_dirname (info->path);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "role");
          json_builder_add_string_value (b, info->role ? info->role : "");
          json_builder_set_member_name (b, "gun");
          json_builder_add_string_value (b, info->gun ? info->gun : "");
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, info->id);
          json_builder_set_member_name (b, "location");
          json_builder_add_string_value (b, location);
          json_builder_set_member_name (b, "path");
          json_builder_add_string_value (b, info->path);
          json_builder_set_member_name (b, "encrypted");
          json_builder_add_boolean_value (b, info->encrypted);
          json_builder_set_member_name (b, "legacy");
          json_builder_add_boolean_value (b, info->legacy);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      signet_cli_print_json_builder (b, 4);
      return SIGNET_CLI_EXIT_OK;
    }

  if (list->len == 0)
    {
      printf (_("No signing keys found.\n"));
      return SIGNET_CLI_EXIT_OK;
    }
  printf ("%-20s %-30s %-64s  %s\n", _("ROLE"), _("GUN"), _("KEY ID"), _("LOCATION"));
  for (guint i = 0; i < list->len; i++)
    {
      SignetKeyInfo *info = g_ptr_array_index (list, i);
      g_autofree char *location = g_path_get_dirname (info->path);

      printf ("%-20s %-30s %-64s  %s\n", info->role ? info->role : "", info->gun ? info->gun : "", info->id, location);
    }
  return SIGNET_CLI_EXIT_OK;
}

/* ---- cert ---- */

static int
key_cert (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = new_context ("KEY-ID GUN", _("Print a root certificate for GUN made with a "
                                                                     "root key, as notary makes it"), NULL, 0);
  g_autoptr(SignetKeystore) ks = NULL;
  g_autoptr(SignetPassphraseChain) chain = NULL;
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autoptr(SignetPublicKey) cert = NULL;
  g_autofree guint8 *pem = NULL;
  GError *error = NULL;
  gsize len;
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc != 3)
    return signet_cli_usage_error (context, _("Give a key ID and a GUN"));

  ks = signet_cli_open_keystore (&opts);
  chain = signet_cli_passphrase_chain ();
  key = _signet_passphrase_chain_unlock (chain, ks, argv[1], NULL, NULL, &error);
  if (key == NULL)
    return signet_cli_fail (error);
  cert = _signet_private_key_new_root_cert (key, argv[2], g_get_real_time () / G_USEC_PER_SEC, &error);
  if (cert == NULL)
    return signet_cli_fail (error);
  pem = g_base64_decode (_signet_public_key_get_public_b64 (cert), &len);
  fwrite (pem, 1, len, stdout);
  fprintf (stderr, _("Certificate key ID: %s\n"), _signet_public_key_get_id (cert));
  return SIGNET_CLI_EXIT_OK;
}

/* ---- migrate ---- */

static int
key_migrate (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = new_context ("", _("Move keys from the legacy private/root_keys and "
                                                         "private/tuf_keys layouts to private/<id>.key"), NULL, 0);
  g_autoptr(SignetKeystore) ks = NULL;
  GError *error = NULL;
  gint moved;
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc != 1)
    return signet_cli_usage_error (context, _("Unexpected arguments"));
  ks = signet_cli_open_keystore (&opts);
  moved = _signet_keystore_migrate_legacy (ks, &error);
  if (moved < 0)
    return signet_cli_fail (error);
  printf (_("Moved %d key(s) to %s\n"), moved, _signet_keystore_get_private_dir (ks));
  return SIGNET_CLI_EXIT_OK;
}

static const SignetCliSubcommand key_commands[] = {
  { "generate", key_generate, N_("Generate a signing key and NAME.pub (docker trust key generate)") },
  { "load", key_load, N_("Load a private key file as a signer key (docker trust key load)") },
  { "import", key_import, N_("Import PEM keys (notary key import)") },
  { "export", key_export, N_("Export PEM keys with path headers (notary key export)") },
  { "passwd", key_passwd, N_("Change a key's passphrase") },
  { "rm", key_rm, N_("Remove a key (asks for confirmation)") },
  { "list", key_list, N_("List keys: role, GUN, key ID, location") },
  { "cert", key_cert, N_("Print a root certificate for a GUN") },
  { "migrate", key_migrate, N_("Move keys out of the legacy layouts (as notary 0.4+ does)") },
  { NULL }
};

int
signet_cli_key_run (int    argc,
                    char **argv)
{
  return signet_cli_dispatch ("key", key_commands, argc, argv);
}
