/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-export-dialog.h: Export…, the dialog that writes a project as training data or try-on materials with
 * the same code as `shadelab-cli export` (core/formats/export.h): format, folder (chosen with the file chooser), the
 * train / validation / test shares, the seed and whether new photos with boxes go too.
 *
 * The export runs on a worker thread on its own read-only connection to the project (the labeling window
 * keeps working), with a progress bar. When it is done the dialog emits "exported" (const char *folder,
 * const char *summary) and closes; a refused or failed export keeps the dialog open with the reason. */
#pragma once

#include <adwaita.h>

#include "core/formats/export.h"

G_BEGIN_DECLS

#define SH_TYPE_EXPORT_DIALOG (sh_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ShExportDialog, sh_export_dialog, SH, EXPORT_DIALOG, AdwWindow)

/* folder: the folder proposed (may be NULL). */
ShExportDialog *sh_export_dialog_new (GtkWindow *parent, const char *project_path, const char *folder);

void sh_export_dialog_set_format (ShExportDialog *self, ShExportFormat format);
void sh_export_dialog_set_folder (ShExportDialog *self, const char *folder);
const char *sh_export_dialog_get_folder (ShExportDialog *self);
void sh_export_dialog_set_split (ShExportDialog *self, double train, double val, double test);
void sh_export_dialog_set_seed (ShExportDialog *self, guint64 seed);
void sh_export_dialog_set_include_new (ShExportDialog *self, gboolean include_new);

/* Reads the options as the CLI checks them (FALSE, with the reason shown, when one is refused). */
gboolean sh_export_dialog_get_options (ShExportDialog *self, ShExportOptions *options);
/* Export, as the button does: FALSE when the options are refused or an export runs. */
gboolean sh_export_dialog_start (ShExportDialog *self);
gboolean sh_export_dialog_is_running (ShExportDialog *self);
/* How far the running export is, as its progress bar shows it (0 to 1; negative while it cannot tell). */
double sh_export_dialog_get_fraction (ShExportDialog *self);
/* The reason shown under the form, or NULL. */
const char *sh_export_dialog_get_error (ShExportDialog *self);

G_END_DECLS
