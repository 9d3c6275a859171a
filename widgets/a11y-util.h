/* SPDX-License-Identifier: GPL-3.0-or-later */
/* a11y-util.h: small accessibility helpers shared by the widgets and the windows.
 *
 * sh_accessible_set_label () is the one way the code gives a widget its accessible name (what a screen
 * reader says for it). GTK 4.8 has no getter for accessible properties, so the helper also keeps the text
 * in the object's data, where sh_accessible_get_label () reads it back: the accessibility checks use this
 * to see that every custom view and every icon-only button made in code has a name.
 *
 * F6 / Shift+F6 move the keyboard focus between the large parts of a window (list, canvas, side panel,
 * header bar), as in other GNOME applications; sh_accessible_focus_next_pane () does the moving.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* accessible: any GtkAccessible (usually a widget). label NULL or "" clears the name. */
void sh_accessible_set_label (gpointer accessible, const char *label);
/* The label last set with sh_accessible_set_label (), or NULL. */
const char *sh_accessible_get_label (gpointer accessible);

/* Moves the focus of window to the next (or previous) of panes that is visible and can take the focus,
 * starting from the pane that holds the focus now (from the first when none does). Returns whether the
 * focus moved. */
gboolean sh_accessible_focus_next_pane (GtkWindow        *window,
                                        GtkWidget *const *panes,
                                        guint             n_panes,
                                        gboolean          forward);

G_END_DECLS
