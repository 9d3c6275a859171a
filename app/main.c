int sh_placeholder_main (void); int sh_placeholder_main (void) { return 0; }
int main (void) { return 0; }
