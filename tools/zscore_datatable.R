# The benchmark's robust-z job in R data.table (Debian: r-cran-data.table);
# same rules and output as tools/zscore.c.  usage: Rscript zscore_datatable.R CASES.csv
suppressMessages(library(data.table))
d <- fread(commandArgs(TRUE)[1], select = c("violation_code", "region", "fine"), encoding = "UTF-8")
d <- d[fine > 0]
d[, x := log(fine)]
d[, med := median(x), by = .(violation_code, region)]
d[, mad := median(abs(x - med)) * 1.482602218505602, by = .(violation_code, region)]
flagged <- d[mad > 0 & abs(x - med) / mad > 3.5, .N]
groups <- uniqueN(d, by = c("violation_code", "region"))
cat(sprintf("rows %d groups %d flagged %d\n", nrow(d), groups, flagged))
