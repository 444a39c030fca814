#!/usr/bin/env python3
"""Builds housing.db: a SQLite database of 2,000 synthetic house sales for the HousingPrices sample.

Price depends on living area, lot size, bedrooms, bathrooms, age, neighborhood, garage and distance to
the centre, with multiplicative noise. Deliberate data problems a real export has: ~2% of lot sizes and
~1% of year-built values are missing (NULL), and a handful of lot sizes are extreme outliers.
Deterministic: the same seed gives the same database.

    python3 make_housing_db.py [rows] [seed]
"""
import math
import os
import random
import sqlite3
import sys

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 11)
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "housing.db")
if os.path.exists(path):
    os.remove(path)

neighborhoods = {"Old Town": 1.35, "Riverside": 1.2, "Northgate": 1.0, "Eastfield": 0.9, "Hillcrest": 1.1, "Industrial": 0.75}
names = list(neighborhoods)

db = sqlite3.connect(path)
db.execute("""CREATE TABLE sales (
    id INTEGER PRIMARY KEY,
    "Living Area (m²)" REAL NOT NULL,
    "Lot Size (m²)" REAL,
    Bedrooms INTEGER NOT NULL,
    Bathrooms REAL NOT NULL,
    "Year Built" INTEGER,
    Neighborhood TEXT NOT NULL,
    Garage TEXT NOT NULL,
    "Distance To Centre (km)" REAL NOT NULL,
    Price REAL NOT NULL)""")
for i in range(rows):
    hood = rng.choice(names)
    area = round(max(35.0, rng.gauss(120, 40)), 1)
    bedrooms = max(1, min(7, int(round(area / 35 + rng.gauss(0, 0.7)))))
    bathrooms = max(1.0, min(4.0, round((bedrooms / 2 + rng.gauss(0, 0.4)) * 2) / 2))
    year = rng.randint(1900, 2023)
    lot = round(max(80.0, rng.lognormvariate(math.log(400), 0.5)), 0)
    if rng.random() < 0.004:
        lot = round(lot * rng.uniform(20, 60))  # an estate sold as a house: an outlier
    garage = "yes" if rng.random() < (0.35 if hood == "Old Town" else 0.7) else "no"
    distance = round(abs(rng.gauss(3 if hood in ("Old Town", "Riverside") else 9, 3)), 1)
    price = (2300 * area + 45 * min(lot, 3000) + 9000 * bedrooms + 14000 * bathrooms
             + 15000 * (garage == "yes") - 700 * (2024 - year) ** 0.8 - 3500 * distance + 60000)
    price = round(max(40000, price * neighborhoods[hood] * rng.lognormvariate(0, 0.08)), -2)
    db.execute("INSERT INTO sales VALUES (?,?,?,?,?,?,?,?,?,?)", (
        i + 1, area, None if rng.random() < 0.02 else lot, bedrooms, bathrooms,
        None if rng.random() < 0.01 else year, hood, garage, distance, price))
db.commit()
db.execute("VACUUM")
db.close()
print(f"wrote {rows} sales to {path}")
