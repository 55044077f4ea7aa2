// The benchmark's robust-z job in DuckDB (npm @duckdb/node-api); same rules
// and output as tools/zscore.c.  usage: node zscore_duckdb.mjs CASES.csv
// (run from a folder where @duckdb/node-api is installed: tools/bench.sh
// uses bench/node).
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2].replaceAll("'", "''");
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
const reader = await con.runAndReadAll(`
  WITH c AS (SELECT violation_code, region, ln(CAST(fine AS DOUBLE)) AS x
             FROM read_csv('${file}', header = true, all_varchar = true) WHERE CAST(fine AS DOUBLE) > 0),
       m AS (SELECT violation_code, region, median(x) AS med FROM c GROUP BY ALL),
       d AS (SELECT violation_code, region, abs(x - med) AS dev FROM c JOIN m USING (violation_code, region)),
       s AS (SELECT violation_code, region, median(dev) * 1.482602218505602 AS mad FROM d GROUP BY ALL)
  SELECT count(*) AS n, (SELECT count(*) FROM m) AS g,
         count(*) FILTER (WHERE s.mad > 0 AND d.dev / s.mad > 3.5) AS f
  FROM d JOIN s USING (violation_code, region)`);
const [n, g, f] = reader.getRows()[0];
console.log(`rows ${n} groups ${g} flagged ${f}`);
