/* signet-cli-backup.c: signet-cli backup --to DIR | --verify ARCHIVE, signet-cli restore ARCHIVE.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "signet-backup-private.h"
#include "signet-cli-keys.h"
#include "signet-cli-private.h"
#include "signet-error.h"

static char *opt_trust_dir = NULL;
static char *opt_to = NULL;
static char *opt_verify = NULL;
static int opt_keep = 0;

static int
fail (GError *error)
{
  int code = signet_cli_exit_for_error (error);

  fprintf (stderr, "signet-cli: %s\n", error->message);
  g_error_free (error);
  return code;
}

static SignetKeystore *
open_keystore (void)
{
  g_autofree char *dir = opt_trust_dir ? g_strdup (opt_trust_dir) : _signet_default_trust_dir ();

  return _signet_keystore_new (dir);
}

static int
verify (const char *archive)
{
  g_autoptr(SignetBackup) backup = NULL;
  g_autoptr(SignetPassphraseChain) chain = NULL;
  GError *error = NULL;
  GPtrArray *entries;

  backup = _signet_backup_read (archive, &error);
  if (backup == NULL)
    return fail (error);
  entries = _signet_backup_get_entries (backup);
  printf (_("%s: backup of %s, %u keys, sizes and SHA-256 sums match\n"), archive,
          _signet_backup_get_created (backup), entries->len);
  chain = signet_cli_passphrase_chain ();
  if (!_signet_backup_verify_keys (backup, chain, &error))
    return fail (error);
  for (guint i = 0; i < entries->len; i++)
    {
      SignetBackupEntry *e = g_ptr_array_index (entries, i);

      if (g_strcmp0 (e->kind, SIGNET_BACKUP_KIND_COSIGN) == 0)
        printf ("  %-20s %-30s %s  %s\n", "cosign", "", e->name, _("decrypts"));
      else
        printf ("  %-20s %-30s %s  %s\n", e->role ? e->role : "", e->gun ? e->gun : "", e->id, _("decrypts"));
    }
  printf (_("Every key in the backup decrypts.\n"));
  return SIGNET_CLI_EXIT_OK;
}

int
signet_cli_backup_run (int    argc,
                       char **argv)
{
  const GOptionEntry entries[] = {
    { "trust-dir", 'd', 0, G_OPTION_ARG_FILENAME, &opt_trust_dir,
      N_("Trust directory (default: ${DOCKER_CONFIG:-~/.docker}/trust)"), N_("DIR") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &opt_to, N_("Write a new backup archive into DIR"), N_("DIR") },
    { "keep", 0, 0, G_OPTION_ARG_INT, &opt_keep, N_("Keep only the newest N archives in DIR"), N_("N") },
    { "verify", 0, 0, G_OPTION_ARG_FILENAME, &opt_verify, N_("Check an archive and that every key decrypts"),
      N_("ARCHIVE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(SignetKeystore) ks = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *state = NULL;
  GError *error = NULL;

  g_option_context_set_summary (context, _("Back up the private keys of the trust directory into a verified tar "
                                           "archive, or verify an archive"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &parse_error))
    {
      fprintf (stderr, "signet-cli: %s\n", parse_error->message);
      return SIGNET_CLI_EXIT_USAGE;
    }
  if (argc != 1 || (opt_to == NULL) == (opt_verify == NULL) || opt_keep < 0)
    {
      fprintf (stderr, _("signet-cli: use either backup --to DIR [--keep N] or backup --verify ARCHIVE\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  if (opt_verify != NULL)
    return verify (opt_verify);

  ks = open_keystore ();
  archive = _signet_backup_create (ks, opt_to, opt_keep, &error);
  if (archive == NULL)
    return fail (error);
  state = _signet_backup_state_path ();
  printf (_("Wrote and verified %s\nRecorded in %s\n"), archive, state);
  return SIGNET_CLI_EXIT_OK;
}

int
signet_cli_restore_run (int    argc,
                        char **argv)
{
  const GOptionEntry entries[] = {
    { "trust-dir", 'd', 0, G_OPTION_ARG_FILENAME, &opt_trust_dir,
      N_("Trust directory (default: ${DOCKER_CONFIG:-~/.docker}/trust)"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("ARCHIVE");
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(SignetKeystore) ks = NULL;
  g_autoptr(SignetBackup) backup = NULL;
  g_autoptr(GPtrArray) restored = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  gboolean ok;

  g_option_context_set_summary (context, _("Restore private keys from a backup archive; existing different keys "
                                           "are never overwritten"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &parse_error))
    {
      fprintf (stderr, "signet-cli: %s\n", parse_error->message);
      return SIGNET_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      fprintf (stderr, _("signet-cli: give exactly one archive\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }

  backup = _signet_backup_read (argv[1], &error);
  if (backup == NULL)
    return fail (error);
  ks = open_keystore ();
  ok = _signet_backup_restore (backup, ks, restored, conflicts, &error);
  for (guint i = 0; i < restored->len; i++)
    printf (_("restored  %s\n"), (char *) g_ptr_array_index (restored, i));
  for (guint i = 0; i < conflicts->len; i++)
    fprintf (stderr, _("conflict  %s exists with different contents; kept it, not overwritten\n"),
             (char *) g_ptr_array_index (conflicts, i));
  if (!ok)
    return fail (error);
  printf (_("Restored %u key(s); %u already present.\n"), restored->len,
          _signet_backup_get_entries (backup)->len - restored->len);
  return SIGNET_CLI_EXIT_OK;
}
