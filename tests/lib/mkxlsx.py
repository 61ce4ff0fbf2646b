#!/usr/bin/env python3
"""Write the hostile or odd spreadsheets of the bad-input catalogue
(tests/bad-input/xlsx-*, xls-*): a minimal workbook around one worksheet,
with the part under test replaced.  Usage: mkxlsx.py KIND OUT."""
import sys
import zipfile

WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
      '<sheet name="指标" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>')


def cell(ref, text):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)


def num(ref, v, formula=None):
    f = '<f>%s</f>' % formula if formula else ''
    return '<c r="%s">%s<v>%s</v></c>' % (ref, f, v)


HEAD = ('<row r="1">' + cell('A1', '一级指标') + cell('B1', '二级指标') + cell('C1', '三级指标') + cell('D1', '计算符号') +
        cell('E1', '年度指标值') + cell('F1', '度量单位') + cell('G1', '实际完成值') + cell('H1', '分值') + '</row>')


def sheet(rows, merges=''):
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData>' + HEAD + rows + '</sheetData>' + merges + '</worksheet>')


def write(out, parts):
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('xl/workbook.xml', WB)
        z.writestr('xl/_rels/workbook.xml.rels', RELS)
        for name, data in parts.items():
            z.writestr(name, data)


ROW2 = ('<row r="2">' + cell('A2', '产出指标') + cell('B2', '数量指标') + cell('C2', '培训人数') + cell('D2', '≥') +
        num('E2', 80) + cell('F2', '人') + num('G2', 250) + num('H2', 10) + '</row>')


def main(kind, out):
    if kind == 'zip-bomb':
        # 150 MB of blanks inside the worksheet: about 150 KB packed
        big = sheet(ROW2).replace('<sheetData>', '<sheetData>' + ' ' * (150 << 20))
        write(out, {'xl/worksheets/sheet1.xml': big})
    elif kind == 'entity-expansion':
        lol = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
               '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&d;</t></si></sst>')
        write(out, {'xl/sharedStrings.xml': lol, 'xl/worksheets/sheet1.xml': sheet(ROW2)})
    elif kind == 'huge-sst':
        # more shared strings than the bound, each different so that the
        # part packs at an ordinary ratio and the count is what refuses it
        sst = ''.join('<si><t>%x</t></si>' % (i * 2654435761 % 4294967296) for i in range(1000001))
        write(out, {'xl/sharedStrings.xml': '<sst>' + sst + '</sst>', 'xl/worksheets/sheet1.xml': sheet(ROW2)})
    elif kind == 'formula':
        # G2 holds a formula whose cached value is 250; the formula is not evaluated
        row = ROW2.replace(num('G2', 250), num('G2', 250, 'SYSTEM("rm -rf /")+1/0'))
        write(out, {'xl/worksheets/sheet1.xml': sheet(row)})
    elif kind == 'date-serial':
        # a deadline stored as Excel serial numbers: 45107 = 2023-06-30, 45023 = 2023-04-07
        row = ('<row r="2">' + cell('A2', '产出指标') + cell('B2', '时效指标') + cell('C2', '完成方案编制') + cell('D2', '时限') +
               num('E2', 45107) + num('G2', 45023) + num('H2', 10) + '</row>')
        write(out, {'xl/worksheets/sheet1.xml': sheet(row)})
    elif kind == 'merge-upside-down':
        write(out, {'xl/worksheets/sheet1.xml': sheet(ROW2, '<mergeCells count="1"><mergeCell ref="B9:A2"/></mergeCells>')})
    elif kind == 'encrypted':
        # what Excel writes for a workbook with a password to open: an OLE2
        # compound file holding the stream "EncryptedPackage"
        data = bytearray(4096)
        data[0:8] = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        name = 'EncryptedPackage'.encode('utf-16-le')
        data[1024:1024 + len(name)] = name
        open(out, 'wb').write(bytes(data))
    else:
        sys.exit('unknown kind ' + kind)


main(sys.argv[1], sys.argv[2])
