int sh_placeholder_shadelab_window (void); int sh_placeholder_shadelab_window (void) { return 0; }
