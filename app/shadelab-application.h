/* shadelab-application.h: the Shadelab application: its windows, app-wide actions and shortcuts. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SH_TYPE_APPLICATION (sh_application_get_type ())

G_DECLARE_FINAL_TYPE (ShApplication, sh_application, SH, APPLICATION, AdwApplication)

ShApplication *sh_application_new (void);

G_END_DECLS
