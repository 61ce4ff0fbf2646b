python3 "$ROOT/tests/lib/mkxlsx.py" zip-bomb input.xlsx
