#!/usr/bin/env python3
"""Generates churn.csv: a synthetic telecom churn data set with realistic structure and deliberate noise.

Churn probability rises with month-to-month contracts, fiber service, electronic-check payment, support
calls and high charges, and falls with tenure. 6% of labels are flipped and ~1.5% of TotalCharges are
missing, so no model is perfect. Deterministic: the same seed gives the same file.

    python3 generate_churn.py [rows] [seed] > churn.csv
"""
import csv
import math
import random
import sys

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)

contracts = [("Month-to-month", 0.55), ("One year", 0.25), ("Two year", 0.20)]
payments = [("Electronic check", 0.34), ("Mailed check", 0.22), ("Bank transfer", 0.22), ("Credit card", 0.22)]
internet = [("Fiber optic", 0.44), ("DSL", 0.34), ("No", 0.22)]


def pick(options):
    r = rng.random()
    for name, weight in options:
        r -= weight
        if r <= 0:
            return name
    return options[-1][0]


out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["CustomerId", "Tenure", "MonthlyCharges", "TotalCharges", "Contract", "PaymentMethod",
              "InternetService", "SupportCalls", "SeniorCitizen", "Churned"])
for i in range(rows):
    contract = pick(contracts)
    service = pick(internet)
    payment = pick(payments)
    senior = rng.random() < 0.16
    tenure = int(min(72, rng.expovariate(1 / (8 if contract == "Month-to-month" else 30))))
    base = {"Fiber optic": 80, "DSL": 55, "No": 22}[service]
    monthly = round(max(18.0, rng.gauss(base, 12)), 2)
    total = round(monthly * max(tenure, 1) * rng.uniform(0.95, 1.05), 2)
    calls = min(10, int(rng.expovariate(1 / 1.5)))

    score = (-1.2
             + {"Month-to-month": 1.6, "One year": 0.0, "Two year": -1.5}[contract]
             + {"Fiber optic": 0.7, "DSL": 0.0, "No": -0.6}[service]
             + (0.6 if payment == "Electronic check" else 0.0)
             + 0.35 * calls
             + 0.015 * (monthly - 60)
             - 0.05 * tenure
             + (0.4 if senior else 0.0))
    churned = rng.random() < 1 / (1 + math.exp(-score))
    if rng.random() < 0.06:  # label noise
        churned = not churned

    out.writerow([f"C{i + 1:05d}", tenure, f"{monthly:.2f}", "" if rng.random() < 0.015 else f"{total:.2f}",
                  contract, payment, service, calls, "Yes" if senior else "No", "Yes" if churned else "No"])
