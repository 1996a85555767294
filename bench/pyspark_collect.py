#!/usr/bin/env python3
"""PySpark half of the collect benchmark (bench/collect is the sparkgo half).

Runs the same query through PySpark's Spark Connect client and collects it
with df.toArrow() and/or df.toPandas(), printing one JSON line per run:

    {"client": "pyspark-toArrow", "rows": ..., "wall_s": ..., "cpu_s": ..., "max_rss_mb": ...}

wall_s is time.perf_counter around spark.sql(...) + the collect; cpu_s is
user+sys CPU of this whole process (all threads, gRPC's included) from
resource.getrusage(RUSAGE_SELF); max_rss_mb is the process's peak RSS so far.
Needs pyspark[connect] (pandas, pyarrow, grpcio...): see bench/run.sh.
"""

import argparse
import json
import os
import resource
import sys
import time


def query(rows):
    # Must stay identical to Query in bench/collect/main.go.
    return (
        "SELECT id, CAST(id AS DOUBLE) * 1.5 AS d, CONCAT('row-', CAST(id AS STRING)) AS s, "
        "TIMESTAMP_SECONDS(id) AS ts FROM range(0, %d, 1, 8)" % rows
    )


def cpu_seconds():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def max_rss_mb():
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_once(spark, mode, q, rows):
    import gc

    import pyarrow.compute as pc  # imported before timing

    gc.collect()
    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    df = spark.sql(q)
    if mode == "toArrow":
        tbl = df.toArrow()
        got = tbl.num_rows
        # Touch the data like the Go client does: sum the long column.
        total = pc.sum(tbl.column("id")).as_py()
    else:
        pdf = df.toPandas()
        got = len(pdf)
        total = int(pdf["id"].sum())
    wall = time.perf_counter() - t0
    cpu = cpu_seconds() - cpu0
    want = rows * (rows - 1) // 2
    if got != rows or total != want:
        sys.exit("pyspark_collect: got %d rows summing to %d, want %d rows summing to %d" % (got, total, rows, want))
    return {
        "client": "pyspark-" + mode,
        "rows": got,
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "max_rss_mb": round(max_rss_mb(), 3),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--remote", default=os.environ.get("SPARK_REMOTE", ""), help="connection string (default $SPARK_REMOTE)")
    ap.add_argument("--mode", choices=["toArrow", "toPandas", "both"], default="both")
    ap.add_argument("-n", type=int, default=1, help="runs per mode, each a fresh execution")
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--batch-rows", type=int, default=0,
                    help="set spark.sql.execution.arrow.maxRecordsPerBatch for the session (0: leave the server's)")
    ap.add_argument("--label", default="", help="suffix of the client name in the JSON lines")
    args = ap.parse_args()
    if not args.remote:
        sys.exit("pyspark_collect: no server: pass --remote sc://host:port or set SPARK_REMOTE")

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.remote(args.remote).getOrCreate()
    if args.batch_rows:
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_rows))
    modes = ["toArrow", "toPandas"] if args.mode == "both" else [args.mode]
    q = query(args.rows)
    try:
        for _ in range(args.n):
            for mode in modes:
                r = run_once(spark, mode, q, args.rows)
                r["client"] += args.label
                print(json.dumps(r), flush=True)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
