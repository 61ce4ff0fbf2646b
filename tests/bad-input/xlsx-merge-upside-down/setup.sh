python3 "$ROOT/tests/lib/mkxlsx.py" merge-upside-down input.xlsx
