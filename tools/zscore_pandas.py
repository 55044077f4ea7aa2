#!/usr/bin/python3
"""The benchmark's robust-z job in pandas (Debian's python3-pandas): group a
clean cases CSV (yd-gen --clean) by violation code and region, and count the
cases with |z| > 3.5, z = (ln fine - median) / (1.4826 MAD) in their group;
groups with MAD 0 flag nothing, fines of 0 are left out.  Same output as
tools/zscore.c.  usage: zscore_pandas.py CASES.csv"""
import sys

import numpy as np
import pandas as pd

df = pd.read_csv(sys.argv[1], usecols=["violation_code", "region", "fine"],
                 dtype={"violation_code": "category", "region": "category", "fine": "float64"})
df = df[df["fine"] > 0]
df["x"] = np.log(df["fine"])
g = df.groupby(["violation_code", "region"], observed=True)["x"]
med = g.transform("median")
mad = (df["x"] - med).abs().groupby([df["violation_code"], df["region"]], observed=True).transform("median") * 1.482602218505602
z = (df["x"] - med).abs() / mad.where(mad > 0)
print(f"rows {len(df)} groups {g.ngroups} flagged {int((z > 3.5).sum())}")
