#include "core/cli.h"
int sh_cli_extract (int argc, char **argv) { return 2; }
