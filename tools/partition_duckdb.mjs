// Reads a table written by `youdu export --partition province,year --out DIR`
// back with DuckDB (npm @duckdb/node-api) as one Hive-partitioned table and
// prints, per partition and in total, the rows and the sum of fine in fen:
//   province,year,rows,fine_fen   (sorted; the total last as "all,all,...")
// tools/bench.sh compares it with the same figures from youdu's database.
// usage: node partition_duckdb.mjs DIR   (from a folder where
// @duckdb/node-api is installed: tools/bench.sh uses bench/node)
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2].replaceAll("'", "''");
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
// fine as written: two decimals; summed as DECIMAL, exact to the fen
const reader = await con.runAndReadAll(`
  WITH t AS (SELECT province, CAST(year AS VARCHAR) AS year, CAST(fine AS DECIMAL(18, 2)) AS fine
             FROM read_csv('${dir}/**/*.csv.gz', hive_partitioning = true, header = true,
                           types = {'fine': 'VARCHAR'}))
  SELECT coalesce(province, 'all'), coalesce(year, 'all'), count(*), CAST(sum(fine) * 100 AS HUGEINT)
  FROM t GROUP BY GROUPING SETS ((province, year), ())
  ORDER BY province IS NULL, province, year`);
for (const [p, y, n, f] of reader.getRows())
  console.log(`${p},${y},${n},${f}`);
