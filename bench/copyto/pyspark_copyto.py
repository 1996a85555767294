#!/usr/bin/env python3
"""PySpark half of the CopyTo benchmark (bench/copyto/main.go is the sparkgo half).

Builds the same 1M rows as a pandas DataFrame (id: int64, d: float64,
s: str, ts: datetime64[us, UTC]), then times spark.createDataFrame(pdf)
followed by df.createOrReplaceTempView("bench_copyto") -- the work
frame.Session.CopyTo does -- and prints one JSON line per run:

    {"client": "pyspark", "rows": ..., "wall_s": ..., "cpu_s": ..., "max_rss_mb": ..., "verify_s": ...}

wall_s is time.perf_counter around createDataFrame + createOrReplaceTempView;
cpu_s is user+sys CPU of this process (all threads) over the same span;
max_rss_mb is the process's peak RSS so far. A query then checks the copied
rows (count and sums), timed separately as verify_s. Each run changes the
values of d, so that no run reuses the artifacts cached by an earlier one.
Needs pyspark[connect] (pandas, pyarrow, grpcio...): see bench/copyto/run.sh.
"""

import argparse
import json
import resource
import sys
import time


def cpu_seconds():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def max_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--remote", required=True)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("-n", type=int, default=1)
    ap.add_argument("--label", default="pyspark")
    args = ap.parse_args()

    import gc

    import numpy as np
    import pandas as pd
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.remote(args.remote).getOrCreate()
    n = args.rows
    ids = np.arange(n, dtype=np.int64)
    pdf = pd.DataFrame(
        {
            "id": ids,
            "d": ids * 1.5,
            "s": ["row-%d" % i for i in range(n)],
            "ts": pd.to_datetime(ids, unit="s", utc=True).astype("datetime64[us, UTC]"),
        }
    )
    for run in range(args.n):
        pdf["d"] = ids * 1.5 + run
        gc.collect()
        cpu0 = cpu_seconds()
        t0 = time.perf_counter()
        df = spark.createDataFrame(pdf)
        t_created = time.perf_counter()
        df.createOrReplaceTempView("bench_copyto")
        wall = time.perf_counter() - t0
        cpu = cpu_seconds() - cpu0

        t1 = time.perf_counter()
        got = spark.sql(
            "SELECT count(*) AS n, sum(id) AS ids, sum(length(s)) AS chars, max(ts) AS hi FROM bench_copyto"
        ).collect()[0]
        verify = time.perf_counter() - t1
        if got["n"] != n or got["ids"] != n * (n - 1) // 2:
            sys.exit("pyspark_copyto: the server has the wrong rows: %r" % (got,))
        print(
            json.dumps(
                {
                    "client": args.label,
                    "rows": n,
                    "route": "createDataFrame+createOrReplaceTempView",
                    "wall_s": wall,
                    "cpu_s": cpu,
                    "max_rss_mb": max_rss_mb(),
                    "verify_s": verify,
                    # The two halves: pandas to Arrow and the artifact upload,
                    # then the server building the view.
                    "create_s": t_created - t0,
                    "view_s": wall - (t_created - t0),
                }
            ),
            flush=True,
        )
    spark.stop()


if __name__ == "__main__":
    main()
