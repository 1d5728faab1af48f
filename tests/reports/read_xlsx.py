"""Opens a workbook with openpyxl, as a spreadsheet program would, and prints every sheet's
cells as JSON: {"sheets": [{"title": ..., "rows": [[...], ...]}]}. Dates print as ISO text.

usage: read_xlsx.py FILE.xlsx
"""
import datetime
import json
import sys

import openpyxl


def value(cell):
    if isinstance(cell, (datetime.date, datetime.datetime)):
        return cell.date().isoformat() if isinstance(cell, datetime.datetime) else cell.isoformat()
    return cell


book = openpyxl.load_workbook(sys.argv[1], read_only=True)
sheets = []
for sheet in book.worksheets:
    rows = [[value(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    sheets.append({"title": sheet.title, "rows": rows})
print(json.dumps({"sheets": sheets}, ensure_ascii=False))
