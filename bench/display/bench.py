"""pandas DataFrame.to_html on the data of display.BenchmarkTableHTML.

Builds the same 1,000 x 12 frame as benchRecord in display/bench_test.go and
prints the median time of df.to_html() in nanoseconds per call.
"""
import datetime as dt
import decimal
import math
import sys
import timeit

import pandas as pd

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
cities = ["Berlin", "Paris", "Tokyo", "São Paulo", "Lagos", "Toronto", "Mumbai", "Sydney"]
start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
rows = range(n)
null = [i % 17 == 16 for i in rows]
df = pd.DataFrame({
    "id": pd.Series(list(rows), dtype="int64"),
    "qty": pd.Series([i % 97 for i in rows], dtype="int32"),
    "price": [(i * 7919 % 10000) / 100 for i in rows],
    "ratio": [None if null[i] else round(math.sin(i) * 1e6) / 1e6 for i in rows],
    "name": [None if null[i] else f"customer_{i}" for i in rows],
    "city": [cities[i % 8] for i in rows],
    "active": [i % 3 == 0 for i in rows],
    "day": [(start + dt.timedelta(days=i % 365)).date() for i in rows],
    "ts": pd.to_datetime([start + dt.timedelta(seconds=i * 3671) for i in rows]),
    "amount": [decimal.Decimal(i * 12345 % 1000000).scaleb(-2) for i in rows],
    "note": [f"note <{i % 5}> & more" for i in rows],
    "score": [i * 0.001 for i in rows],
})
html = df.to_html()
t = timeit.Timer(df.to_html)
number = 5
runs = t.repeat(repeat=7, number=number)
runs.sort()
print(f"pandas {pd.__version__} to_html: {len(html)} bytes, median {runs[len(runs)//2]/number*1e9:.0f} ns/op")
