/* A command's row against its columns, as cmd_*.c write them: with ROW_SHORT
 * defined the row lacks a cell and must not build. */
#include "cli.h"
#include "youdu/xlsxout.h"

static const struct yd_col cols[] = {{"file", YD_COL_TEXT, 24, YD_SHOW_ALL},
				     {"line", YD_COL_INT, 6, YD_SHOW_ALL},
				     {"reason", YD_COL_TEXT, 0, YD_SHOW_ALL}};

void row(struct cli_out *o);
void row(struct cli_out *o)
{
#ifdef ROW_SHORT
	const char *v[] = {"a.csv", "2"};
#else
	const char *v[] = {"a.csv", "2", "bad date"};
#endif
	CLI_OUT_ROW(o, cols, v);
}
