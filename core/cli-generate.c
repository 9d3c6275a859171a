#include "core/cli.h"
int sh_cli_generate (int argc, char **argv) { return 2; }
