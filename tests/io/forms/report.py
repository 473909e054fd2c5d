"""Facts recall of the forms layer per dev fixture: `python -m tests.io.forms.report`.

The facts counted are the expect file's keys that a form holds (projects[…], goals[…], indicators[…], budget…,
execution…, stated_*, department.name, year); a key is recalled when the forms' reading holds the expected value
(figures compared as numbers, tests/reading/scoring.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from jixiao.io.forms import read_forms
from tests.io.forms.layouts import DEV, read_layout
from tests.reading.scoring import same_value

FORM_KEYS = re.compile(r"^(projects\[|goals\[|indicators\[|budget\.|execution\.|stated_execution|stated_score|"
                       r"stated_grade$|surveys\[|department\.name$|year$|income\.|three_public_expenses\.|"
                       r"department\.code$|"
                       r"department\.staff_\w+\.total$)")


def merged(readings) -> dict:
    """The readings as one evaluation's data: project forms under projects[], the rest at the top."""
    data: dict = {"projects": []}
    for reading in readings:
        if reading.target == "project":
            data["projects"].append(reading.model_data())
        else:
            data.update(reading.model_data())
        if "year" in reading.data:
            data.setdefault("year", reading.data["year"])
        if "department_name" in reading.data:
            data.setdefault("department", {"name": reading.data["department_name"]})
    return data


def lookup(data, path: str):
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(data, list) or index >= len(data):
                return None
            data = data[index]
        else:
            if not isinstance(data, dict) or part not in data:
                return None
            data = data[part]
    return data


def measure(path: Path) -> dict | None:
    expect = yaml.safe_load(Path(f"{path}.expect.yaml").read_text(encoding="utf-8"))
    layout = read_layout(path)
    if layout is None:
        return None
    from jixiao.io.reading.assemble import level_keys

    readings = read_forms(layout)
    data = level_keys(merged(readings))  # facts are the model's: 产出指标 is level1 "output"
    keys = [k for k in expect.get("facts", {}) if FORM_KEYS.match(k)]
    blank = {f"projects[{i}].{b}" if r.target == "project" else b
             for i, r in enumerate(x for x in readings if x.target == "project") for b in r.blank} | \
        {b for r in readings if r.target != "project" for b in r.blank}
    # an expected empty value ('' : the form's cell left empty) is read when the reading lists the cell as blank
    hit = [k for k in keys if same_value(expect["facts"][k], lookup(data, k))
           or (expect["facts"][k] == "" and k in blank)]
    return {"document": path.name, "expected_forms": expect.get("forms", []),
            "forms": [r.template for r in readings], "keys": keys, "hit": hit,
            "missed": [k for k in keys if k not in hit],
            "rows": f"{sum(r.rows_read for r in readings)}/{sum(r.rows_total for r in readings)}"}


def main() -> None:
    total = hits = form_total = form_hits = 0
    for path in sorted(DEV.iterdir()):
        if path.name.endswith(".yaml") or path.name.startswith("_"):
            continue
        got = measure(path)
        if got is None:
            print(f"{path.name:48} (no layout reader for this kind yet)")
            continue
        total += len(got["keys"])
        hits += len(got["hit"])
        if got["expected_forms"]:
            form_total += len(got["keys"])
            form_hits += len(got["hit"])
        ok = "=" if set(got["forms"]) == set(got["expected_forms"]) else "≠"
        print(f"{path.name:48} forms {ok} {','.join(got['forms']) or '-':40} facts {len(got['hit'])}/{len(got['keys'])}"
              f"  rows {got['rows']}")
        if "-v" in sys.argv and got["missed"]:
            print("    missed:", ", ".join(got["missed"]))
    print(f"facts recall, documents with forms: {form_hits}/{form_total} = {form_hits / max(form_total, 1):.0%}")
    print(f"facts recall, all documents read (narratives' facts come from prose): {hits}/{total} = "
          f"{hits / max(total, 1):.0%}")


if __name__ == "__main__":
    main()
