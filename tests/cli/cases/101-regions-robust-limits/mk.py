"""Two data sets of issue 20.3 (plain numbers, violations not in a
catalogue, one tier).  usage: mk.py town|country > cases.csv
town: 14 towns; 一 fines 1.43x in 9,986 cases, 二 1.35x and 三 0.7x in
3,000 each, the other eleven fair with 300 each.
country: five countries, four fair with 25 cases each and 戊国 at 39.16x
(+3,816 %) in 21 cases."""
import math
import random
import sys

# seed 1: with 20 one "fair" country's 25 cases happen to average 10 % low
# (and are lenient: that is what those data say)
random.seed(1)
kind = sys.argv[1]
if kind == "town":
    towns = ["省/市/甲县/" + t for t in "一二三四五六七八九十"] + ["省/市/乙县/" + t for t in "东南西北"]
    size = {t: 300 for t in towns}
    factor = {t: 1.0 for t in towns}
    for t, n, f in ((towns[0], 9986, 1.43), (towns[1], 3000, 1.35), (towns[2], 3000, 0.7)):
        size[t], factor[t] = n, f
else:
    towns = [c + "国" for c in "甲乙丙丁戊"]
    size = {t: 25 for t in towns}
    factor = {t: 1.0 for t in towns}
    size["戊国"], factor["戊国"] = 21, 39.16
print("case_id,decision_date,region,agency,violation_code,violation_name,party_type,tier,fine,base_amount")
k = 0
for t in towns:
    for i in range(size[t]):
        k += 1
        v = random.randrange(5)
        base = [1000, 5000, 20000, 800, 3000][v]
        fine = round(base * factor[t] * math.exp(random.gauss(0, 0.15)))
        print(f"C{k},2023-{1 + k % 12:02d}-10,{t},局,YY00{v},事项{v},individual,general,{fine},")
