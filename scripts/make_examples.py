"""Generate the bundled sample inputs in examples/ (deterministic; run again to reproduce).

- ``examples/sov.csv``: a statement of values of about 2,000 US buildings with the mess real
  ones have: mixed-case and padded addresses, lower-case states, missing ZIPs, ZIPs that lost
  their leading zero, rows with coordinates only, a few rows with nothing usable, a few rows
  without a location number.
- ``examples/stores.csv``: about 500 stores and points of interest of fictional businesses.

Cities, states, ZIP codes and their centroids are real (from the ``zipcodes`` package); street
numbers, building and business names are invented; phone numbers use the fictional 555-01xx
range. No real person's data.

Usage: ``python scripts/make_examples.py [--out examples] [--seed 20240601]``
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path
from typing import Any

import zipcodes

CITIES = [
    ("New York", "NY"), ("Brooklyn", "NY"), ("Buffalo", "NY"), ("Los Angeles", "CA"),
    ("San Diego", "CA"), ("San Jose", "CA"), ("Sacramento", "CA"), ("Chicago", "IL"),
    ("Houston", "TX"), ("Dallas", "TX"), ("San Antonio", "TX"), ("Austin", "TX"),
    ("Corpus Christi", "TX"), ("Phoenix", "AZ"), ("Tucson", "AZ"), ("Philadelphia", "PA"),
    ("Pittsburgh", "PA"), ("Miami", "FL"), ("Tampa", "FL"), ("Orlando", "FL"),
    ("Jacksonville", "FL"), ("Fort Lauderdale", "FL"), ("Boston", "MA"), ("Worcester", "MA"),
    ("Hartford", "CT"), ("Providence", "RI"), ("Newark", "NJ"), ("Portland", "ME"),
    ("Seattle", "WA"), ("Spokane", "WA"), ("Portland", "OR"), ("Denver", "CO"),
    ("Atlanta", "GA"), ("Savannah", "GA"), ("New Orleans", "LA"), ("Baton Rouge", "LA"),
    ("Charleston", "SC"), ("Nashville", "TN"), ("Memphis", "TN"), ("Minneapolis", "MN"),
    ("Kansas City", "MO"), ("Saint Louis", "MO"), ("Columbus", "OH"), ("Cleveland", "OH"),
    ("Raleigh", "NC"), ("Charlotte", "NC"), ("Baltimore", "MD"), ("Detroit", "MI"),
    ("Milwaukee", "WI"), ("Omaha", "NE"), ("Oklahoma City", "OK"), ("Salt Lake City", "UT"),
    ("Las Vegas", "NV"), ("Albuquerque", "NM"), ("Boise", "ID"), ("Honolulu", "HI"),
    ("Anchorage", "AK"), ("Mobile", "AL"), ("Galveston", "TX"), ("Key West", "FL"),
]  # fmt: skip

STREETS = [
    "Main", "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park",
    "Walnut", "Spring", "North", "Ridge", "Church", "Willow", "Mill", "Sunset", "Railroad",
    "Jackson", "Cherry", "Highland", "Jefferson", "Lincoln", "Madison", "Franklin", "River",
    "Harbor", "Industrial", "Commerce", "Market", "Union", "Center", "Broad", "Water",
]  # fmt: skip
SUFFIXES = [
    ("St", "Street"), ("Ave", "Avenue"), ("Rd", "Road"), ("Blvd", "Boulevard"),
    ("Dr", "Drive"), ("Ln", "Lane"), ("Way", "Way"), ("Pkwy", "Parkway"), ("Ct", "Court"),
]  # fmt: skip
OCCUPANCIES = [
    "Office", "Warehouse", "Retail", "Light Manufacturing", "Apartment", "Restaurant",
    "Hotel", "School", "Hospital", "Parking Garage", "Data Center", "Cold Storage",
]  # fmt: skip
CONSTRUCTIONS = [
    "Frame", "Joisted Masonry", "Non-Combustible", "Masonry Non-Combustible",
    "Modified Fire Resistive", "Fire Resistive",
]  # fmt: skip
BUILDING_WORDS = ["Plant", "Depot", "Office", "Center", "Annex", "Tower", "Warehouse", "Hall"]

STORE_BRANDS = [
    ("Blue Fern Coffee", "cafe", "bluefern.example.com"),
    ("Harbor Lane Hardware", "hardware_store", "harborlane.example.com"),
    ("Copper Kettle Diner", "restaurant", "copperkettle.example.com"),
    ("Northwind Pharmacy", "pharmacy", "northwindrx.example.com"),
    ("Greenleaf Grocers", "grocery_store", "greenleaf.example.com"),
    ("Summit Outfitters", "sporting_goods_store", "summit-outfitters.example.com"),
    ("Lantern Books", "book_store", "lanternbooks.example.com"),
    ("Pixel & Plug Electronics", "electronics_store", "pixelplug.example.com"),
    ("Rosewood Bakery", "bakery", "rosewoodbakery.example.com"),
    ("Tidewater Fitness", "gym", "tidewaterfit.example.com"),
]
POI_NAMES = [
    ("Riverside Community Library", "library"),
    ("Maple Grove Park", "park"),
    ("Old Mill Museum", "museum"),
    ("Lakeside Animal Clinic", "veterinary_care"),
    ("Union Station Parking", "parking"),
]


def _zips_by_city() -> list[tuple[str, str, list[dict[str, Any]]]]:
    out = []
    for city, state in CITIES:
        found = [
            z
            for z in zipcodes.filter_by(city=city, state=state)
            if z["zip_code_type"] == "STANDARD" and z["active"] and z["lat"] and z["long"]
        ]
        if found:
            out.append((city, state, sorted(found, key=lambda z: z["zip_code"])))
    return out


def _mixed_case(rng: random.Random, text: str) -> str:
    roll = rng.random()
    if roll < 0.2:
        return text.upper()
    if roll < 0.3:
        return text.lower()
    if roll < 0.35:
        return f"  {text} "
    return text


def _street(rng: random.Random) -> str:
    number = rng.randint(1, 9899)
    short, long = rng.choice(SUFFIXES)
    suffix = long if rng.random() < 0.3 else short + ("." if rng.random() < 0.2 else "")
    street = f"{number} {rng.choice(STREETS)} {suffix}"
    if rng.random() < 0.08:
        street += rng.choice([" Suite 100", " Ste 210", ", Unit B", " #4"])
    return street


def _coord(value: str, rng: random.Random, spread: float = 0.012) -> str:
    return f"{float(value) + rng.uniform(-spread, spread):.5f}"


def make_sov(rng: random.Random, count: int) -> tuple[list[str], list[list[str]]]:
    """The statement of values: header and rows."""
    header = [
        "Loc #", "Building Name", "Street Address", "City", "State", "Zip", "Country",
        "Latitude", "Longitude", "Occupancy", "Construction", "Year Built", "# Stories",
        "Building Value", "Contents Value", "BI Value",
    ]  # fmt: skip
    cities = _zips_by_city()
    rows = []
    for n in range(1, count + 1):
        city, state, zips = rng.choice(cities)
        z = rng.choice(zips)
        loc = f"L{n:05d}"
        building = f"{rng.choice(STREETS)} {rng.choice(BUILDING_WORDS)}"
        street = _mixed_case(rng, _street(rng))
        city_text = _mixed_case(rng, city)
        state_text = state.lower() if rng.random() < 0.1 else state
        zip_text = z["zip_code"]
        if rng.random() < 0.08:
            zip_text = ""
        elif zip_text.startswith("0") and rng.random() < 0.5:
            zip_text = zip_text.lstrip("0")  # a spreadsheet once made it a number
        elif rng.random() < 0.05:
            zip_text = f"{zip_text}-{rng.randint(1, 9999):04d}"
        country = rng.choice(["US", "USA", "United States", ""])
        lat = lon = ""
        if rng.random() < 0.3:
            lat, lon = _coord(z["lat"], rng), _coord(z["long"], rng)
        roll = rng.random()
        if roll < 0.03:  # coordinates only
            street = city_text = state_text = zip_text = country = ""
            lat, lon = _coord(z["lat"], rng), _coord(z["long"], rng)
        elif roll < 0.036:  # nothing usable
            street = city_text = state_text = zip_text = lat = lon = ""
            building = rng.choice(["TBD", "New acquisition", "Unknown", ""])
        if rng.random() < 0.004:
            loc = ""
        year = rng.randint(1905, 2023)
        stories = rng.choice([1, 1, 1, 2, 2, 3, 4, 6, 10, 24])
        value = rng.randint(2, 400) * 50_000
        rows.append(
            [
                loc, building, street, city_text, state_text, zip_text, country, lat, lon,
                rng.choice(OCCUPANCIES), rng.choice(CONSTRUCTIONS), str(year), str(stories),
                str(value), str(value // rng.randint(2, 6)), str(value // rng.randint(5, 20)),
            ]
        )  # fmt: skip
    return header, rows


def make_stores(rng: random.Random, count: int) -> tuple[list[str], list[list[str]]]:
    """The store / POI list: header and rows."""
    header = ["store_id", "name", "address", "city", "state", "postal_code", "phone", "category"]
    cities = _zips_by_city()
    rows = []
    branch: dict[str, int] = {}
    for n in range(1, count + 1):
        city, state, zips = rng.choice(cities)
        z = rng.choice(zips)
        if rng.random() < 0.85:
            brand, category, _site = rng.choice(STORE_BRANDS)
            branch[brand] = branch.get(brand, 0) + 1
            name = f"{brand} #{branch[brand]}" if rng.random() < 0.6 else brand
        else:
            name, category = rng.choice(POI_NAMES)
        if rng.random() < 0.15:
            name = name.upper()
        phone = f"({rng.choice(z['area_codes'] or ['555'])}) 555-01{rng.randint(0, 99):02d}"
        if rng.random() < 0.2:
            phone = ""
        address = _street(rng)
        postal = z["zip_code"] if rng.random() > 0.06 else ""
        if rng.random() < 0.01:
            name = ""  # a row nobody named
        if rng.random() < 0.02:
            address = ""
        rows.append([f"S{n:04d}", name, address, city, state, postal, phone, category])
    return header, rows


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write a CSV with LF line ends (byte-identical across runs and platforms)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Write examples/sov.csv and examples/stores.csv."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent.parent / "examples")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--buildings", type=int, default=2000)
    parser.add_argument("--stores", type=int, default=500)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    header, rows = make_sov(random.Random(args.seed), args.buildings)
    write_csv(args.out / "sov.csv", header, rows)
    header, rows = make_stores(random.Random(args.seed + 1), args.stores)
    write_csv(args.out / "stores.csv", header, rows)
    print(f"wrote {args.out / 'sov.csv'} ({args.buildings} rows)")
    print(f"wrote {args.out / 'stores.csv'} ({args.stores} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
