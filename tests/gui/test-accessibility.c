/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-accessibility.c: names and keyboard reach, in-process.
 *
 * - Every button, toggle button and menu button in the .ui files (read with GMarkup) has a label text or an
 *   <accessibility> label, translatable; icon-only ones also a tooltip.
 * - In the labeling window (a project open, a box drawn), the calibration window (Tune and Review) and
 *   the preferences window, every such button on screen has a label text, a name set in code through
 *   sh_accessible_set_label (), or comes from a .ui declaration that names it; the canvas, the swatch views
 *   and the tone-grid tiles are images with names that say what they show (the canvas's follows the
 *   selected box, checked against the stored box); every control on screen is reached by Tab; the Tab
 *   order runs header bar, list, canvas, swatch panel; F6 goes round the panes.
 * - The reject dialog works from the keyboard alone (Tab reaches every reason and button).
 * Leaves a11y-focus-canvas.png, a11y-focus-list.png and a11y-focus-tone-tile.png in the build's tests/
 * directory: the focus rings, for a look. Needs a display (skips without one). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/store/project.h"
#include "sh-calibration-window.h"
#include "sh-preferences-window.h"
#include "sh-project-window.h"
#include "sh-swatch-panel.h"
#include "tests/lib/export-fixture.h"
#include "widgets/a11y-util.h"
#include "widgets/sh-image-list.h"
#include "widgets/sh-swatch-view.h"
#include "widgets/sh-tone-grid.h"
#include "tests/lib/test-cli.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-gtk.h"
#include "tests/lib/test-window.h"
#include "tests/lib/test-store.h"

/* Buttons whose .ui declaration has no label because the code names them (sh_accessible_set_label), by id. */
static const char *const labelled_in_code[] = { "class_button", "since_button" };

/* Icon names of icon-only buttons that the .ui files name, filled by the .ui check. */
static GHashTable *ui_named_icons;

/* ---- .ui files ---- */

typedef struct {
  char *class_name;
  char *id;
  char *label;
  char *icon_name;
  char *tooltip;
  char *accessible_label;
  gboolean accessible_translatable;
  gboolean has_child;
} UiObject;

typedef struct {
  const char *file;
  GPtrArray *objects;       /* UiObject stack */
  GSList *elements;         /* element names, innermost first */
  char *property;           /* the property being read, NULL outside one */
  gboolean in_accessibility;
  gboolean property_translatable;
  GString *text;
  GString *problems;
  guint n_buttons, n_icon_only;
} UiParse;

static void
ui_object_free (UiObject *object)
{
  g_free (object->class_name);
  g_free (object->id);
  g_free (object->label);
  g_free (object->icon_name);
  g_free (object->tooltip);
  g_free (object->accessible_label);
  g_free (object);
}

static gboolean
is_button_class (const char *name)
{
  return g_strcmp0 (name, "GtkButton") == 0 || g_strcmp0 (name, "GtkToggleButton") == 0
         || g_strcmp0 (name, "GtkMenuButton") == 0;
}

static void
ui_start (GMarkupParseContext *context, const char *element, const char **names, const char **values,
          gpointer user_data, GError **error)
{
  UiParse *parse = user_data;
  const char *parent = parse->elements != NULL ? parse->elements->data : NULL;
  UiObject *current = parse->objects->len > 0 ? g_ptr_array_index (parse->objects, parse->objects->len - 1) : NULL;

  if (g_str_equal (element, "object") || g_str_equal (element, "template"))
    {
      UiObject *object = g_new0 (UiObject, 1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "class"))
            object->class_name = g_strdup (values[i]);
          else if (g_str_equal (names[i], "id"))
            object->id = g_strdup (values[i]);
        }
      /* An object inside <property name="child"> is its parent's child. */
      if (current != NULL && g_strcmp0 (parse->property, "child") == 0)
        current->has_child = TRUE;
      g_clear_pointer (&parse->property, g_free);
      g_ptr_array_add (parse->objects, object);
    }
  else if (g_str_equal (element, "child") && current != NULL
           && (g_strcmp0 (parent, "object") == 0 || g_strcmp0 (parent, "template") == 0))
    current->has_child = TRUE;
  else if (g_str_equal (element, "accessibility"))
    parse->in_accessibility = TRUE;
  else if (g_str_equal (element, "property")
           && (g_strcmp0 (parent, "object") == 0 || g_strcmp0 (parent, "template") == 0
               || g_strcmp0 (parent, "accessibility") == 0))
    {
      g_free (parse->property);
      parse->property = NULL;
      parse->property_translatable = FALSE;
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "name"))
            parse->property = g_strdup (values[i]);
          else if (g_str_equal (names[i], "translatable"))
            parse->property_translatable = g_str_equal (values[i], "yes") || g_str_equal (values[i], "true");
        }
      g_string_truncate (parse->text, 0);
    }
  parse->elements = g_slist_prepend (parse->elements, g_strdup (element));
}

static void
ui_text (GMarkupParseContext *context, const char *text, gsize length, gpointer user_data, GError **error)
{
  UiParse *parse = user_data;

  if (parse->property != NULL)
    g_string_append_len (parse->text, text, (gssize) length);
}

static void
ui_check_object (UiParse *parse, UiObject *object)
{
  gboolean has_label = object->label != NULL && *g_strstrip (object->label) != '\0';
  gboolean named = object->accessible_label != NULL && *g_strstrip (object->accessible_label) != '\0';

  if (!is_button_class (object->class_name))
    return;
  parse->n_buttons++;
  if (named && !object->accessible_translatable)
    g_string_append_printf (parse->problems, "%s: %s %s: the accessible label is not translatable\n", parse->file,
                            object->class_name, object->id ? object->id : "(no id)");
  if (!has_label && !named && !(object->id != NULL && g_strv_contains (labelled_in_code, object->id)))
    g_string_append_printf (parse->problems, "%s: %s %s has neither a label nor an accessible label\n", parse->file,
                            object->class_name, object->id ? object->id : "(no id)");
  if (object->icon_name != NULL && !has_label && !object->has_child)
    {
      parse->n_icon_only++;
      if (object->tooltip == NULL || *object->tooltip == '\0')
        g_string_append_printf (parse->problems, "%s: icon-only %s %s has no tooltip\n", parse->file,
                                object->class_name, object->id ? object->id : object->icon_name);
      if (named)
        g_hash_table_add (ui_named_icons, g_strdup (object->icon_name));
    }
}

static void
ui_end (GMarkupParseContext *context, const char *element, gpointer user_data, GError **error)
{
  UiParse *parse = user_data;
  UiObject *current = parse->objects->len > 0 ? g_ptr_array_index (parse->objects, parse->objects->len - 1) : NULL;

  g_free (parse->elements->data);
  parse->elements = g_slist_delete_link (parse->elements, parse->elements);

  if (g_str_equal (element, "object") || g_str_equal (element, "template"))
    {
      UiObject *object = g_ptr_array_steal_index (parse->objects, parse->objects->len - 1);

      ui_check_object (parse, object);
      ui_object_free (object);
    }
  else if (g_str_equal (element, "accessibility"))
    parse->in_accessibility = FALSE;
  else if (g_str_equal (element, "property") && parse->property != NULL && current != NULL)
    {
      const char *value = parse->text->str;

      if (parse->in_accessibility)
        {
          if (g_str_equal (parse->property, "label"))
            {
              g_free (current->accessible_label);
              current->accessible_label = g_strdup (value);
              current->accessible_translatable = parse->property_translatable;
            }
        }
      else if (g_str_equal (parse->property, "label"))
        current->label = g_strdup (value);
      else if (g_str_equal (parse->property, "icon-name"))
        current->icon_name = g_strstrip (g_strdup (value));
      else if (g_str_equal (parse->property, "tooltip-text") || g_str_equal (parse->property, "tooltip-markup"))
        current->tooltip = g_strdup (value);
      g_clear_pointer (&parse->property, g_free);
    }
}

static void
test_ui_files (void)
{
  static const GMarkupParser parser = { ui_start, ui_end, ui_text, NULL, NULL };
  g_autofree char *ui_dir = g_build_filename (g_getenv ("SHADELAB_SOURCE_DIR"), "ui", NULL);
  g_autoptr (GDir) dir = g_dir_open (ui_dir, 0, NULL);
  g_autoptr (GString) problems = g_string_new (NULL);
  const char *name;
  guint n_files = 0, n_buttons = 0, n_icon_only = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (!g_str_has_suffix (name, ".ui"))
        continue;

      g_autofree char *path = g_build_filename (ui_dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr (GError) error = NULL;
      gsize length;
      UiParse parse = { name, g_ptr_array_new (), NULL, NULL, FALSE, FALSE, g_string_new (NULL), problems, 0, 0 };
      GMarkupParseContext *context;

      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      context = g_markup_parse_context_new (&parser, 0, &parse, NULL);
      g_assert_true (g_markup_parse_context_parse (context, contents, (gssize) length, &error));
      g_assert_true (g_markup_parse_context_end_parse (context, &error));
      g_assert_no_error (error);
      g_markup_parse_context_free (context);
      g_assert_cmpuint (parse.objects->len, ==, 0);
      g_ptr_array_unref (parse.objects);
      g_string_free (parse.text, TRUE);
      g_slist_free_full (parse.elements, g_free);
      n_files++;
      n_buttons += parse.n_buttons;
      n_icon_only += parse.n_icon_only;
    }
  g_test_message ("%u .ui files, %u buttons, %u icon-only", n_files, n_buttons, n_icon_only);
  if (problems->len > 0)
    g_error ("buttons without a name in the .ui files:\n%s", problems->str);
  /* The parser saw the header bars' buttons (undo, redo, menu, overlay, audit log...). */
  g_assert_cmpuint (n_files, >=, 6);
  g_assert_cmpuint (n_icon_only, >=, 7);
  g_assert_true (g_hash_table_contains (ui_named_icons, "edit-undo-symbolic"));
  g_assert_true (g_hash_table_contains (ui_named_icons, "open-menu-symbolic"));
}

static void
ensure_ui_checked (void)
{
  if (g_hash_table_size (ui_named_icons) == 0)
    test_ui_files ();
}

/* ---- widget trees ---- */

/* Composite toolkit widgets name their own parts (window controls, spin button arrows, view switchers). */
static gboolean
is_toolkit_composite (GtkWidget *widget)
{
  static const char *const names[] = {
    "GtkWindowControls", "GtkSpinButton", "GtkColorButton", "GtkDropDown", "GtkCalendar", "GtkPopoverMenu",
    "AdwViewSwitcher", "AdwViewSwitcherBar", "AdwViewSwitcherTitle", "AdwTabBar", "AdwSplitButton",
    "AdwComboRow", "AdwEntryRow", "GtkPasswordEntry", "GtkSearchEntry", "AdwToast", "AdwToastWidget",
  };
  const char *type_name = G_OBJECT_TYPE_NAME (widget);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (type_name, names[i]))
      return TRUE;
  return FALSE;
}

static gboolean
has_label_text (GtkWidget *widget)
{
  const char *label = NULL;

  if (GTK_IS_MENU_BUTTON (widget))
    label = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
  else if (GTK_IS_BUTTON (widget))
    label = gtk_button_get_label (GTK_BUTTON (widget));
  if (label != NULL && *label != '\0' && !(GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget))
                                           != NULL && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), label) == 0))
    return TRUE;
  /* A label child (the button was given one in code or in the .ui file). */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && *gtk_label_get_text (GTK_LABEL (child)) != '\0' && gtk_widget_get_visible (child))
        return TRUE;
      if (!GTK_IS_POPOVER (child) && has_label_text (child))
        return TRUE;
    }
  return FALSE;
}

static const char *
button_icon_name (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget))
    return gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget));
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_icon_name (GTK_BUTTON (widget));
  return NULL;
}

static const char *
describe (GtkWidget *widget)
{
  static char text[256];
  const char *id = GTK_IS_BUILDABLE (widget) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : NULL;
  const char *icon = button_icon_name (widget);

  g_snprintf (text, sizeof text, "%s%s%s%s%s", G_OBJECT_TYPE_NAME (widget), id ? " #" : "", id ? id : "",
              icon ? " icon " : "", icon ? icon : "");
  return text;
}

typedef struct {
  GString *problems;
  guint n_buttons;
  guint n_named_views;
} TreeCheck;

static void
check_button (GtkWidget *widget, TreeCheck *check)
{
  const char *icon = button_icon_name (widget);
  const char *code_label = sh_accessible_get_label (widget);
  gboolean named_in_code = code_label != NULL && *code_label != '\0';

  check->n_buttons++;
  if (has_label_text (widget) || named_in_code)
    ;
  else if (icon != NULL && g_hash_table_contains (ui_named_icons, icon))
    ;   /* named by its <accessibility> label in the .ui file */
  else
    g_string_append_printf (check->problems, "%s has no label and no accessible label\n", describe (widget));
  if (icon != NULL && !has_label_text (widget) && gtk_widget_get_tooltip_text (widget) == NULL)
    g_string_append_printf (check->problems, "icon-only %s has no tooltip\n", describe (widget));
}

static void
check_view (GtkWidget *widget, TreeCheck *check)
{
  const char *label = sh_accessible_get_label (widget);

  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) != GTK_ACCESSIBLE_ROLE_IMG)
    g_string_append_printf (check->problems, "%s is not an image to assistive technologies\n", describe (widget));
  if (label == NULL || *label == '\0')
    g_string_append_printf (check->problems, "%s has no accessible label\n", describe (widget));
  else
    check->n_named_views++;
}

static void
check_tree (GtkWidget *widget, TreeCheck *check)
{
  if (!gtk_widget_get_visible (widget) || is_toolkit_composite (widget))
    return;
  if (GTK_IS_MENU_BUTTON (widget) || GTK_IS_BUTTON (widget))
    {
      if (gtk_widget_is_drawable (widget))
        check_button (widget, check);
      /* A menu button's own toggle button is its part; its popover is checked when it is shown. */
      if (GTK_IS_MENU_BUTTON (widget))
        return;
    }
  if (SH_IS_IMAGE_CANVAS (widget) || SH_IS_SWATCH_VIEW (widget)
      || gtk_widget_has_css_class (widget, "tone-tile"))
    check_view (widget, check);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    check_tree (child, check);
}

static void
assert_names (GtkWidget *root, guint min_buttons, guint min_views)
{
  TreeCheck check = { g_string_new (NULL), 0, 0 };

  check_tree (root, &check);
  g_test_message ("%s: %u buttons, %u named views", G_OBJECT_TYPE_NAME (root), check.n_buttons, check.n_named_views);
  if (check.problems->len > 0)
    g_error ("in %s:\n%s", G_OBJECT_TYPE_NAME (root), check.problems->str);
  g_assert_cmpuint (check.n_buttons, >=, min_buttons);
  g_assert_cmpuint (check.n_named_views, >=, min_views);
  g_string_free (check.problems, TRUE);
}

/* ---- keyboard reach ---- */

/* The widgets Tab stops at, in order, once round the window from the start. */
static GPtrArray *
tab_cycle (GtkWindow *window)
{
  GPtrArray *stops = g_ptr_array_new ();

  gtk_window_set_focus (window, NULL);
  for (guint i = 0; i < 600; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        {
          /* The end: GtkWindow starts again from the top on the next Tab. */
          gtk_window_set_focus (window, NULL);
          if (stops->len > 0)
            break;
          continue;
        }
      focus = gtk_window_get_focus (window);
      if (focus == NULL || (stops->len > 0 && focus == g_ptr_array_index (stops, 0)))
        break;
      if (g_ptr_array_find (stops, focus, NULL))
        break;
      g_ptr_array_add (stops, focus);
    }
  return stops;
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget)
         || GTK_IS_EDITABLE (widget) || GTK_IS_SCALE (widget) || GTK_IS_DROP_DOWN (widget)
         || GTK_IS_COLOR_BUTTON (widget) || GTK_IS_LIST_VIEW (widget) || GTK_IS_LIST_BOX (widget)
         || GTK_IS_SWITCH (widget) || SH_IS_IMAGE_CANVAS (widget) || SH_IS_TONE_GRID (widget)
         || ADW_IS_ACTION_ROW (widget);
}

static gboolean
reached (GtkWidget *control, GPtrArray *stops)
{
  for (guint i = 0; i < stops->len; i++)
    {
      GtkWidget *stop = g_ptr_array_index (stops, i);

      if (stop == control || gtk_widget_is_ancestor (stop, control))
        return TRUE;
    }
  return FALSE;
}

/* Grouped check buttons (radio buttons) are one Tab stop, the arrows move within the group: a check button
 * counts as reached when a check button beside it is (the arrows are checked where a group is used). */
static gboolean
reached_as_radio (GtkWidget *widget, GPtrArray *stops)
{
  if (!GTK_IS_CHECK_BUTTON (widget))
    return FALSE;
  for (GtkWidget *sibling = gtk_widget_get_first_child (gtk_widget_get_parent (widget)); sibling != NULL;
       sibling = gtk_widget_get_next_sibling (sibling))
    {
      if (sibling != widget && GTK_IS_CHECK_BUTTON (sibling) && reached (sibling, stops))
        return TRUE;
    }
  return FALSE;
}

static void
collect_unreached (GtkWidget *widget, GPtrArray *stops, GString *problems, guint *n_controls)
{
  if (!gtk_widget_is_drawable (widget) || !gtk_widget_is_sensitive (widget)
      || g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkWindowControls"))
    return;
  /* A toolkit composite (combo row, spin button, drop-down) is reached when any part of it is. */
  if (is_toolkit_composite (widget) && !g_str_has_prefix (G_OBJECT_TYPE_NAME (widget), "AdwViewSwitcher"))
    {
      (*n_controls)++;
      if (!reached (widget, stops))
        g_string_append_printf (problems, "%s is not reached by Tab\n", describe (widget));
      return;
    }
  /* Rows that only show something (activatable FALSE, nothing inside to operate) are not controls. */
  if (ADW_IS_ACTION_ROW (widget) && !gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)))
    ;
  else if (is_control (widget))
    {
      (*n_controls)++;
      if (!reached (widget, stops) && !reached_as_radio (widget, stops))
        g_string_append_printf (problems, "%s is not reached by Tab\n", describe (widget));
      /* Inside a control the toolkit decides (a spin button's arrows are for the pointer). */
      if (!GTK_IS_LIST_BOX (widget) && !GTK_IS_LIST_VIEW (widget) && !SH_IS_TONE_GRID (widget)
          && !ADW_IS_ACTION_ROW (widget))
        return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_unreached (child, stops, problems, n_controls);
}

static GPtrArray *
assert_tab_reaches_everything (GtkWindow *window, guint min_controls)
{
  GPtrArray *stops = tab_cycle (window);
  g_autoptr (GString) problems = g_string_new (NULL);
  guint n_controls = 0;

  collect_unreached (GTK_WIDGET (window), stops, problems, &n_controls);
  g_test_message ("%s: %u Tab stops, %u controls on screen", G_OBJECT_TYPE_NAME (window), stops->len, n_controls);
  if (problems->len > 0)
    g_error ("in %s:\n%s", G_OBJECT_TYPE_NAME (window), problems->str);
  g_assert_cmpuint (n_controls, >=, min_controls);
  return stops;
}

static int
first_stop_in (GPtrArray *stops, GtkWidget *container)
{
  for (guint i = 0; i < stops->len; i++)
    {
      GtkWidget *stop = g_ptr_array_index (stops, i);

      if (stop == container || gtk_widget_is_ancestor (stop, container))
        return (int) i;
    }
  return -1;
}

static void
find_all (GtkWidget *widget, GType type, GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    find_all (child, type, found);
}

static gboolean
is_labelled (GtkWidget *widget, gconstpointer text)
{
  const char *label = sh_accessible_get_label (widget);

  return label != NULL && strstr (label, text) != NULL;
}

/* A widget whose accessible label (set through the helper) contains text. */
static GtkWidget *
find_labelled (GtkWidget *widget, const char *text)
{
  return find_widget (widget, is_labelled, text);
}

/* ---- screenshots ---- */

/* ---- fixtures ---- */

static void
destroy_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  spin (300);
}

/* The labeling window on the project, settled after its first photo. */
static ShProjectWindow *
open_settled_window (const char *path, int width, int height)
{
  ShProjectWindow *window = open_project_window (path, width, height);

  spin (200);
  return window;
}

/* The stored boxes of an image as "x y w h" lines. */
static char *
stored_boxes (ShProject *project, gint64 image_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) boxes = sh_project_list_boxes (project, image_id, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < boxes->len; i++)
    {
      const ShBoxRow *row = &g_array_index (boxes, ShBoxRow, i);

      g_string_append_printf (text, "%g %g %g %g %s\n", row->x, row->y, row->w, row->h, row->class_name);
    }
  return g_string_free (text, FALSE);
}

static char *
image_file_name (ShProject *project, gint64 image_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT file_name FROM images WHERE id = %" G_GINT64_FORMAT, image_id);

  return query_text (project, sql);
}

/* ---- the labeling window ---- */

/* Moves the focus with the window's action: it lands inside pane. */
static void
assert_pane_focused (GtkWidget *window, const char *action, GtkWidget *pane)
{
  g_assert_true (gtk_widget_activate_action (window, action, NULL));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)), pane));
}

static void
test_project_window (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shadelab-a11y-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *boxes = NULL;
  ShProjectWindow *window;
  ShImageCanvas *canvas;
  GtkWidget *image_list, *swatch_panel, *header_bar, *list_view;
  g_autoptr (GPtrArray) stops = NULL;
  g_autoptr (GPtrArray) swatch_views = g_ptr_array_new ();
  const char *label;
  gint64 image_id;
  int header_at, list_at, canvas_at, panel_at;

  ensure_ui_checked ();
  path = cli_generated_project (dir, "a11y.shadelab", "3", "480x360");
  window = open_settled_window (path, 1200, 800);
  canvas = sh_project_window_get_canvas (window);
  image_id = sh_project_window_get_shown_image (window);
  file_name = image_file_name (sh_project_window_get_project (window), image_id);

  /* The canvas names the photo; the list's row for it says the same name. */
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (canvas)), ==, GTK_ACCESSIBLE_ROLE_IMG);
  expected = g_strdup_printf ("%s, no boxes", file_name);
  g_assert_cmpstr (sh_accessible_get_label (canvas), ==, expected);
  image_list = find_descendant (GTK_WIDGET (window), SH_TYPE_IMAGE_LIST);
  g_assert_nonnull (image_list);
  g_assert_nonnull (find_labelled (image_list, file_name));

  /* W: a default box in the middle of the photo (the pointer is not over it): a quarter of the shorter
   * side, 90 px, centred on (240, 180). The canvas's name follows the selected box. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-box", NULL));
  spin (100);
  boxes = stored_boxes (sh_project_window_get_project (window), image_id);
  g_assert_cmpstr (boxes, ==, "195 135 90 90 product\n");
  g_free (expected);
  expected = g_strdup_printf ("%s, box 1 of 1, product, 90 by 90 at 195, 135", file_name);
  g_assert_cmpstr (sh_accessible_get_label (canvas), ==, expected);

  /* Alt+Right x5 (right edge), then Ctrl+Alt+Left x3 and Ctrl+Alt+Up x2 (left and top edges). */
  for (int i = 0; i < 5; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.resize-selected", "(ii)", 1, 0));
  for (int i = 0; i < 3; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.resize-selected-start", "(ii)", -1, 0));
  for (int i = 0; i < 2; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.resize-selected-start", "(ii)", 0, -1));
  /* and the left edge 10 px inwards (Ctrl+Alt+Shift+Right) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.resize-selected-start", "(ii)", 10, 0));
  spin (100);
  g_free (boxes);
  boxes = stored_boxes (sh_project_window_get_project (window), image_id);
  g_assert_cmpstr (boxes, ==, "202 133 88 92 product\n");
  g_free (expected);
  expected = g_strdup_printf ("%s, box 1 of 1, product, 88 by 92 at 202, 133", file_name);
  g_assert_cmpstr (sh_accessible_get_label (canvas), ==, expected);
  /* Escape: no selection, the name says how many boxes there are. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.deselect", NULL));
  g_free (expected);
  expected = g_strdup_printf ("%s, 1 box, none selected", file_name);
  g_assert_cmpstr (sh_accessible_get_label (canvas), ==, expected);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.select-next", NULL));
  g_assert_true (g_str_has_prefix (sh_accessible_get_label (canvas), file_name));
  g_assert_nonnull (strstr (sh_accessible_get_label (canvas), "box 1 of 1"));

  /* The swatch views name the colour they show once the selected box has been measured. */
  swatch_panel = find_descendant (GTK_WIDGET (window), SH_TYPE_SWATCH_PANEL);
  g_assert_nonnull (swatch_panel);
  find_all (swatch_panel, SH_TYPE_SWATCH_VIEW, swatch_views);
  g_assert_cmpuint (swatch_views->len, >=, 3);
  WAIT_FOR (g_str_has_prefix (sh_accessible_get_label (g_ptr_array_index (swatch_views, 0)), "Swatch #"));
  spin (200);
  /* The list's row counts the box. */
  WAIT_FOR (find_labelled (image_list, "1 box") != NULL);

  /* The class button says the class and its key. */
  {
    assert_names (GTK_WIDGET (window), 5, 4);
    g_assert_nonnull (find_labelled (GTK_WIDGET (window), "Class of new boxes"));
    label = sh_accessible_get_label (find_labelled (GTK_WIDGET (window), "Class of new boxes"));
    g_assert_cmpstr (label, ==, "Class of new boxes: product, key 1");

    /* Tab reaches every control; the order is header bar, list, canvas, swatch panel. */
    stops = assert_tab_reaches_everything (GTK_WINDOW (window), 8);
    header_bar = find_descendant (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
    header_at = first_stop_in (stops, header_bar);
    list_at = first_stop_in (stops, image_list);
    canvas_at = first_stop_in (stops, GTK_WIDGET (canvas));
    panel_at = first_stop_in (stops, swatch_panel);
    g_test_message ("Tab order: header bar %d, list %d, canvas %d, swatch panel %d", header_at, list_at, canvas_at,
                    panel_at);
    g_assert_cmpint (header_at, >=, 0);
    g_assert_cmpint (header_at, <, list_at);
    g_assert_cmpint (list_at, <, canvas_at);
    g_assert_cmpint (canvas_at, <, panel_at);

    /* F6 goes round: list -> canvas -> swatch panel -> header bar -> list; Shift+F6 back. */
    list_view = GTK_WIDGET (sh_image_list_get_list_view (SH_IMAGE_LIST (image_list)));
    gtk_widget_grab_focus (list_view);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-next-pane", NULL));
    g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == GTK_WIDGET (canvas));
    assert_pane_focused (GTK_WIDGET (window), "win.focus-next-pane", swatch_panel);
    assert_pane_focused (GTK_WIDGET (window), "win.focus-next-pane", header_bar);
    assert_pane_focused (GTK_WIDGET (window), "win.focus-next-pane", image_list);
    assert_pane_focused (GTK_WIDGET (window), "win.focus-previous-pane", header_bar);
  }

  /* The focus rings, for a look. */
  gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (canvas));
  spin (200);
  g_assert_true (gtk_widget_has_visible_focus (GTK_WIDGET (canvas)));
  save_png (GTK_WIDGET (window), "a11y-focus-canvas.png");
  gtk_widget_grab_focus (list_view);
  gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
  spin (200);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)), list_view));
  /* The focus enters the list on the row of the photo being labelled, which is selected. */
  {
    GtkWidget *row = gtk_window_get_focus (GTK_WINDOW (window));

    while (row != NULL && gtk_widget_get_parent (row) != list_view)
      row = gtk_widget_get_parent (row);
    g_assert_nonnull (row);
    g_assert_nonnull (sh_accessible_get_label (row));
    g_test_message ("focused row: %s; selected %u", sh_accessible_get_label (row),
                    gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)))));
    g_assert_true (g_str_has_prefix (sh_accessible_get_label (row), file_name));
    g_assert_true (gtk_widget_get_state_flags (row) & GTK_STATE_FLAG_SELECTED);
  }
  save_png (GTK_WIDGET (window), "a11y-focus-list.png");

  /* The reject dialog from the keyboard: Tab reaches every reason, the text field and both buttons, and
   * the Reject button (Return or Space on it) rejects the photo with the first reason. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reject-image", NULL));
  spin (300);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    GtkWindow *dialog = NULL;
    g_autoptr (GPtrArray) dialog_stops = NULL;
    g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
    g_autoptr (GPtrArray) checks = g_ptr_array_new ();
    GtkWidget *reject = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
      {
        g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
          dialog = GTK_WINDOW (toplevel);
      }
    g_assert_nonnull (dialog);
    find_all (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, checks);
    g_assert_cmpuint (checks->len, ==, 6);
    /* every reason, the "Other" text field, Cancel and Reject */
    dialog_stops = assert_tab_reaches_everything (dialog, 9);
    assert_names (GTK_WIDGET (dialog), 2, 0);
    find_all (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), _("_Reject")) == 0
          && gtk_widget_is_drawable (g_ptr_array_index (buttons, i)))
        reject = g_ptr_array_index (buttons, i);
    g_assert_nonnull (reject);
    g_assert_true (reached (reject, dialog_stops));
    /* The reasons are one group: Down twice from the first picks the third. */
    gtk_widget_grab_focus (g_ptr_array_index (checks, 0));
    g_assert_true (gtk_check_button_get_active (g_ptr_array_index (checks, 0)));
    gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_DOWN);
    gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_DOWN);
    g_assert_true (gtk_window_get_focus (dialog) == g_ptr_array_index (checks, 2));
    g_assert_true (gtk_check_button_get_active (g_ptr_array_index (checks, 2)));
    gtk_widget_grab_focus (reject);
    g_assert_true (gtk_widget_activate (reject));
    spin (300);
  }
  {
    ShProject *project = sh_project_window_get_project (window);
    g_autofree char *where = g_strdup_printf (" FROM images WHERE id = %" G_GINT64_FORMAT, image_id);
    g_autofree char *status_sql = g_strconcat ("SELECT status", where, NULL);
    g_autofree char *reason_sql = g_strconcat ("SELECT status_reason", where, NULL);
    g_autofree char *status = query_text (project, status_sql);
    g_autofree char *reason = query_text (project, reason_sql);

    g_assert_cmpstr (status, ==, "rejected");
    g_assert_cmpstr (reason, ==, "Product hidden or cut off");
  }

  destroy_window (GTK_WIDGET (window));
  g_object_unref (window);
  remove_tree (dir);
}

/* ---- the calibration window ---- */

static void
test_calibration_window (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shadelab-a11y-calibration-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autoptr (GPtrArray) tiles = g_ptr_array_new ();
  g_autoptr (GPtrArray) stops = NULL;
  ShProject *project;
  ShProjectWindow *project_window;
  ShCalibrationWindow *window;
  ShToneGrid *grid;
  GtkWidget *view_stack;
  guint n_focusable = 0, stops_in_grid = 0;

  ensure_ui_checked ();
  project = fixture_photo_project (dir, &error);
  g_assert_no_error (error);
  path = g_strdup (sh_project_get_path (project));
  sh_project_close (project);
  project_window = open_settled_window (path, 1000, 700);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (project_window), "win.calibrate-materials", NULL));
  window = g_object_ref (sh_calibration_window_find (project_window));
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  grid = sh_calibration_window_get_tone_grid (window);
  WAIT_FOR (!sh_tone_grid_is_rendering (grid) && sh_tone_grid_get_tile_texture (grid, 0) != NULL);
  spin (300);

  /* Names: the buttons, the tiles (one per tone, named with the tone and the lip colour), the swatches. */
  assert_names (GTK_WIDGET (window), 3, sh_tone_grid_get_n_tones (grid));
  {
    g_autoptr (GPtrArray) pictures = g_ptr_array_new ();

    find_all (GTK_WIDGET (grid), GTK_TYPE_PICTURE, pictures);
    for (guint i = 0; i < pictures->len; i++)
      if (gtk_widget_has_css_class (g_ptr_array_index (pictures, i), "tone-tile"))
        g_ptr_array_add (tiles, g_ptr_array_index (pictures, i));
  }
  g_assert_cmpuint (tiles->len, ==, sh_tone_grid_get_n_tones (grid));
  for (guint i = 0; i < tiles->len; i++)
    {
      GtkWidget *tile = g_ptr_array_index (tiles, i);
      const char *label = sh_accessible_get_label (tile);
      g_autofree char *prefix = g_strdup_printf ("%s: lips #", sh_tone_grid_get_tone (grid, i)->name);

      g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (tile)), ==, GTK_ACCESSIBLE_ROLE_IMG);
      g_assert_nonnull (label);
      g_assert_true (g_str_has_prefix (label, prefix));
      n_focusable += gtk_widget_get_focusable (tile);
    }
  /* One Tab stop for the whole grid. */
  g_assert_cmpuint (n_focusable, ==, 1);

  stops = assert_tab_reaches_everything (GTK_WINDOW (window), 10);
  for (guint i = 0; i < stops->len; i++)
    stops_in_grid += gtk_widget_is_ancestor (g_ptr_array_index (stops, i), GTK_WIDGET (grid));
  g_assert_cmpuint (stops_in_grid, ==, 1);

  /* Arrows move between tiles: Right, Down (a row: as many as the window's width holds), End, Home. */
  gtk_widget_grab_focus (g_ptr_array_index (tiles, 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "tone-grid.move-focus", "i", 1));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == g_ptr_array_index (tiles, 1));
  g_assert_cmpuint (sh_tone_grid_get_columns (grid), >=, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "tone-grid.move-focus", "i", 2));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window))
                 == g_ptr_array_index (tiles, 1 + sh_tone_grid_get_columns (grid)));
  g_assert_true (gtk_widget_get_focusable (g_ptr_array_index (tiles, 1 + sh_tone_grid_get_columns (grid))));
  g_assert_false (gtk_widget_get_focusable (g_ptr_array_index (tiles, 0)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "tone-grid.move-focus", "i", G_MAXINT));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == g_ptr_array_index (tiles, tiles->len - 1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "tone-grid.move-focus", "i", G_MININT));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == g_ptr_array_index (tiles, 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "tone-grid.move-focus", "i", 1));
  gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
  spin (200);
  g_assert_true (gtk_widget_has_visible_focus (g_ptr_array_index (tiles, 1)));
  save_png (GTK_WIDGET (grid), "a11y-focus-tone-tile.png");

  /* The Review page. */
  view_stack = find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);
  g_assert_nonnull (view_stack);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (view_stack), "review");
  spin (800);
  assert_names (GTK_WIDGET (window), 3, 0);
  g_ptr_array_unref (assert_tab_reaches_everything (GTK_WINDOW (window), 4));

  destroy_window (GTK_WIDGET (window));
  g_object_unref (window);
  destroy_window (GTK_WIDGET (project_window));
  g_object_unref (project_window);
  remove_tree (dir);
}

/* ---- the preferences window ---- */

static void
test_preferences_window (void)
{
  ShPreferencesWindow *window;

  ensure_ui_checked ();
  window = g_object_ref (sh_preferences_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  spin (300);
  assert_names (GTK_WIDGET (window), 2, 0);
  g_ptr_array_unref (assert_tab_reaches_everything (GTK_WINDOW (window), 4));
  destroy_window (GTK_WIDGET (window));
  g_object_unref (window);
}

int
main (int argc, char **argv)
{
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  if (!test_gtk_init (&argc, &argv))
    return 77;
  ui_named_icons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_test_add_func ("/accessibility/ui-files", test_ui_files);
  g_test_add_func ("/accessibility/project-window", test_project_window);
  g_test_add_func ("/accessibility/calibration-window", test_calibration_window);
  g_test_add_func ("/accessibility/preferences-window", test_preferences_window);
  return g_test_run ();
}
