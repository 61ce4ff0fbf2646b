python3 "$ROOT/tests/lib/mkxlsx.py" date-serial input.xlsx
