python3 "$ROOT/tests/lib/mkxlsx.py" huge-sst input.xlsx
