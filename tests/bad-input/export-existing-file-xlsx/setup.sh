echo keep >out.xlsx
