int sh_placeholder_shadelab_application (void); int sh_placeholder_shadelab_application (void) { return 0; }
