python3 "$ROOT/tests/lib/mkxlsx.py" entity-expansion input.xlsx
