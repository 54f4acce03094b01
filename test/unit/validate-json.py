#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""validate-json.py SCHEMA_DIR NAME FILE: check FILE against schema/NAME.schema.json.

The schemas refer to each other by their urn: $id; all of them are loaded
into one store. Prints what is wrong and exits 1 when FILE does not match."""
import json
import pathlib
import sys
import warnings

import jsonschema

warnings.simplefilter("ignore", DeprecationWarning)


def main():
    schema_dir, name, path = sys.argv[1:4]
    store = {}
    for p in pathlib.Path(schema_dir).glob("*.schema.json"):
        s = json.loads(p.read_text())
        store[s["$id"]] = s
    schema = store["urn:memremapctl:schema:" + name]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    with open(path) as f:
        doc = json.load(f)
    try:
        # jsonschema 4.18 and later: a registry of the schemas by $id
        import referencing
        import referencing.jsonschema

        registry = referencing.Registry().with_resources(
            (uri, referencing.jsonschema.DRAFT202012.create_resource(s))
            for uri, s in store.items())
        validator = cls(schema, registry=registry)
    except ImportError:
        # older ones (Debian bookworm's 4.10): a resolver with a store
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
        validator = cls(schema, resolver=resolver)
    errors = list(validator.iter_errors(doc))
    for e in errors:
        where = "/".join(str(x) for x in e.absolute_path) or "(top)"
        print(f"{path}: {where}: {e.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
