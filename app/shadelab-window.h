/* shadelab-window.h: a Shadelab main window, showing one folder of product photos. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SH_TYPE_WINDOW (sh_window_get_type ())

G_DECLARE_FINAL_TYPE (ShWindow, sh_window, SH, WINDOW, AdwApplicationWindow)

ShWindow *sh_window_new (GtkApplication *application);

/* Opens folder in the window. Reading the folder happens in the background; "folder" and "n-images"
 * change once it is done, or a toast explains why it could not be opened. */
void sh_window_open_folder (ShWindow *self, GFile *folder);

/* The open folder, or NULL when none is open yet. */
GFile *sh_window_get_folder (ShWindow *self);

/* How many photos the open folder holds (0 when none is open). */
guint sh_window_get_n_images (ShWindow *self);

G_END_DECLS
