"""Issue 20.3's uncertain regions (plain numbers, violations not in a
catalogue, one tier): towns whose fines scatter widely (sd 0.5 on the log
scale).  The six towns of 丙县 are fair with 400 cases each; of the six
25-case towns of 甲县 and 乙县 five are fair and 乙县/辛 fines 1.3x.  usage: mk.py > cases.csv"""
import math
import random

random.seed(2)
towns = [f"省/市/甲县/{t}" for t in "子丑寅"] + [f"省/市/乙县/{t}" for t in "甲乙辛"]
size = {t: 25 for t in towns}
for t in "东南西北上下":
    size[f"省/市/丙县/{t}"] = 400
print("case_id,decision_date,region,agency,violation_code,violation_name,party_type,tier,fine,base_amount")
k = 0
for t, n in size.items():
    for i in range(n):
        k += 1
        v = random.randrange(3)
        base = [1000, 5000, 20000][v]
        factor = 1.3 if t.endswith("辛") else 1.0
        fine = round(base * factor * math.exp(random.gauss(0, 0.5)))
        print(f"C{k},2023-{1 + k % 12:02d}-10,{t},局,YY00{v},事项{v},individual,general,{fine},")
