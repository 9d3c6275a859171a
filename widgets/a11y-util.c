/* SPDX-License-Identifier: GPL-3.0-or-later */
/* a11y-util.c: accessibility helpers (see a11y-util.h). */
#define G_LOG_DOMAIN "shadelab-widgets"
#include "config.h"

#include "a11y-util.h"

#define LABEL_KEY "sh-accessible-label"

void
sh_accessible_set_label (gpointer accessible, const char *label)
{
  g_return_if_fail (GTK_IS_ACCESSIBLE (accessible));

  if (label == NULL || *label == '\0')
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (accessible), GTK_ACCESSIBLE_PROPERTY_LABEL);
      g_object_set_data (G_OBJECT (accessible), LABEL_KEY, NULL);
      return;
    }
  /* Views relabel themselves on every change; a screen reader is only told when the text differs. */
  if (g_strcmp0 (g_object_get_data (G_OBJECT (accessible), LABEL_KEY), label) == 0)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (accessible), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (accessible), LABEL_KEY, g_strdup (label), g_free);
}

const char *
sh_accessible_get_label (gpointer accessible)
{
  g_return_val_if_fail (G_IS_OBJECT (accessible), NULL);

  return g_object_get_data (G_OBJECT (accessible), LABEL_KEY);
}

static gboolean
pane_can_take_focus (GtkWidget *pane)
{
  return pane != NULL && gtk_widget_is_drawable (pane) && gtk_widget_is_sensitive (pane);
}

gboolean
sh_accessible_focus_next_pane (GtkWindow        *window,
                               GtkWidget *const *panes,
                               guint             n_panes,
                               gboolean          forward)
{
  GtkWidget *focus;
  int current = -1;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);
  if (n_panes == 0)
    return FALSE;

  focus = gtk_window_get_focus (window);
  for (guint i = 0; focus != NULL && i < n_panes && current < 0; i++)
    {
      if (panes[i] != NULL && (focus == panes[i] || gtk_widget_is_ancestor (focus, panes[i])))
        current = (int) i;
    }

  for (guint step = 1; step <= n_panes; step++)
    {
      int index;
      GtkWidget *pane;

      if (current < 0)
        index = forward ? (int) step - 1 : (int) (n_panes - step);
      else
        index = (int) (((guint) current + (forward ? step : n_panes - step)) % n_panes);
      pane = panes[index];
      if (index == current || !pane_can_take_focus (pane))
        continue;
      /* A pane that can hold the focus itself (the canvas) takes it; otherwise its first focusable child. */
      if (gtk_widget_get_focusable (pane) && gtk_widget_grab_focus (pane))
        return TRUE;
      if (gtk_widget_child_focus (pane, GTK_DIR_TAB_FORWARD))
        return TRUE;
    }
  return FALSE;
}
