#!/usr/bin/env python3
"""Validate the catalog sources against the JSON Schemas with an independent
validator (python3-jsonschema, draft 2020-12): every procedure and form must
pass, every file in tests/data/catalog/bad/ that breaks a schema rule must fail.
usage: check_schema.py SOURCE_DIR"""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(sys.argv[1])
proc_schema = json.loads((root / "assets/catalog/schema/procedure.schema.json").read_text())
form_schema = json.loads((root / "assets/forms/form.schema.json").read_text())
P = jsonschema.Draft202012Validator(proc_schema)
F = jsonschema.Draft202012Validator(form_schema)
jsonschema.Draft202012Validator.check_schema(proc_schema)
jsonschema.Draft202012Validator.check_schema(form_schema)

failed = passed = 0
for path in sorted((root / "assets/catalog/procedures").glob("*.json")):
    rec = json.loads(path.read_text())
    errs = list(P.iter_errors(rec))
    if errs or path.stem != rec.get("code"):
        print(f"FAIL {path.name}: {errs[0].message if errs else 'file name'}")
        failed += 1
    else:
        passed += 1
for path in sorted((root / "assets/forms").glob("[0-9]*.json")):
    errs = list(F.iter_errors(json.loads(path.read_text())))
    if errs:
        print(f"FAIL forms/{path.name}: {errs[0].message}")
        failed += 1
    else:
        passed += 1
# Malformed records that a schema can see (not_json cannot even be parsed).
for path in sorted((root / "tests/data/catalog/bad").glob("*.json")):
    try:
        rec = json.loads(path.read_text())
    except json.JSONDecodeError:
        passed += 1
        continue
    if P.is_valid(rec):
        print(f"FAIL bad/{path.name}: the schema accepts it")
        failed += 1
    else:
        passed += 1
# Every pictogram id the catalog or a form names has a drawing (ours or the UI's).
drawn = {p.stem for p in (root / "assets/pictograms").glob("*.svg")}
drawn |= {p.stem for p in (root / "assets/icons").glob("*.svg")}
named = {f["pictogram"] for f in json.loads((root / "assets/catalog/fields.json").read_text())["fields"]}
def walk(fields):
    for f in fields:
        if "pictogram" in f:
            named.add(f["pictogram"])
        walk(f.get("fields", []))
for path in sorted((root / "assets/forms").glob("[0-9]*.json")):
    walk(json.loads(path.read_text())["fields"])
for missing in sorted(named - drawn):
    print(f"FAIL pictogram {missing}: no assets/pictograms/{missing}.svg")
    failed += 1
passed += len(named & drawn)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
