python3 "$ROOT/tests/lib/mkxlsx.py" formula input.xlsx
