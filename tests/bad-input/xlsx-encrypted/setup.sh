python3 "$ROOT/tests/lib/mkxlsx.py" encrypted input.xlsx
