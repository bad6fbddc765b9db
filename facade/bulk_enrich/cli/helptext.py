"""The help texts of ``bulk-enrich``: epilogs with examples, configuration, mapping flags."""

from __future__ import annotations

MAIN_EPILOG = """\
examples:
  bulk-enrich ping enhance sov.csv -o sov.enriched.csv --sources PG,PH
  bulk-enrich places enrich stores.xlsx -o stores.enriched.xlsx --org acme \\
      --attributes websites,phoneNumbers
  bulk-enrich ping status 3c90c3cc-0d44-4b50-8888-8dd25736052a
  bulk-enrich emulator --port 8765

Run 'bulk-enrich COMMAND --help' for each command's options.
Exit codes: 0 finished (even if some rows failed enrichment; 1 with --strict),
1 runtime failure, 2 bad usage or bad input, 130 interrupted (rerun to resume).
"""

PING_CONFIG = """\
configuration (first found wins):
  key:      --api-key, $PING_DATA_AUTH_TOKEN ($PING_DATA_AUTH_TOKEN_STG for staging),
            ~/.pingintel.ini section [pingdata] PINGDATA_AUTH_TOKEN (_STG for staging)
  base URL: --base-url, $PING_DATA_BASE_URL, else the --environment's documented host
"""

PLACE_CONFIG = """\
configuration (first found wins):
  key:      --api-key, $PLACE_ENRICHMENT_API_KEY, $REPROMPT_API_KEY
  base URL: --base-url, $PLACE_ENRICHMENT_BASE_URL, else https://api.repromptai.com
  org:      --org, $PLACE_ENRICHMENT_ORG (or a base URL ending in /v1/ORG)
"""

RESUME_HELP = """\
resuming:
  A journal (OUTPUT.journal.json) records each chunk's job id the moment it is created.
  After a crash, Ctrl-C or a lost connection, run the same command again: recorded jobs are
  reattached and downloaded, only chunks never submitted are submitted, and the output is
  written once, atomically. A changed input or changed options are refused unless --restart.
"""

ENHANCE_EPILOG = (
    """\
examples:
  bulk-enrich ping enhance sov.csv -o sov.enriched.csv --sources PG,PH
  bulk-enrich ping enhance sov.xlsx -o out.parquet --sources PG --sheet Locations
  bulk-enrich ping enhance stores.tsv -o out.jsonl --sources PG,PH \\
      --id-column "Store No" --zip-column "Post Code" --quiet
  PING_DATA_AUTH_TOKEN=... bulk-enrich ping enhance in.csv -o out.csv --sources PG \\
      --environment staging

"""
    + RESUME_HELP
    + "\n"
    + PING_CONFIG
)

ENRICH_EPILOG = (
    """\
examples:
  bulk-enrich places enrich stores.csv -o stores.enriched.csv --org acme \\
      --attributes websites,phoneNumbers
  bulk-enrich places enrich pois.parquet -o pois.enriched.xlsx --org acme \\
      --attributes websites,openingHours,closed_permanently --name-column "POI Name"

"""
    + RESUME_HELP
    + "\n"
    + PLACE_CONFIG
)

#: (flag, destination, help) of each column-mapping option.
PING_MAPPING = [
    ("--id-column", "map_id", "unique location id (default: detected, else the row number)"),
    ("--address-column", "map_address", "one-line full address"),
    ("--street-column", "map_street", "street line"),
    ("--address2-column", "map_address_line_2", "second address line (suite, unit)"),
    ("--city-column", "map_city", "city"),
    ("--state-column", "map_state", "state or province"),
    ("--zip-column", "map_postal_code", "ZIP or postal code"),
    ("--county-column", "map_county", "county"),
    ("--country-column", "map_country", "country"),
    ("--lat-column", "map_latitude", "latitude (decimal degrees)"),
    ("--lon-column", "map_longitude", "longitude (decimal degrees)"),
]
PLACE_MAPPING = [
    ("--id-column", "map_id", "unique place id (default: detected, else the row number)"),
    ("--name-column", "map_name", "place name (required by the API)"),
    ("--address-column", "map_address", "one-line full address (or the street line)"),
    ("--street-column", "map_street", "street line"),
    ("--city-column", "map_city", "city"),
    ("--state-column", "map_state", "state or province"),
    ("--zip-column", "map_postal_code", "ZIP or postal code"),
    ("--country-column", "map_country", "country, or a two-letter country code"),
    ("--lat-column", "map_latitude", "latitude"),
    ("--lon-column", "map_longitude", "longitude"),
    ("--phone-column", "map_phone", "known phone number"),
    ("--website-column", "map_website", "known website"),
    ("--category-column", "map_category", "category or type"),
]
