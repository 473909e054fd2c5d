"""How a value's place in a file is said to the user (jixiao/io/layout/model.py Source)."""

from jixiao.io.layout.model import Source


def test_a_text_tables_cell_is_said_within_its_line_not_as_a_second_line_number():
    # jilin-project-2022-tabs.txt: the funds row's 执行数 is on the file's line 6, the table's row 4, column 4
    assert str(Source(file="a.txt", line=6, cell="第 4 行第 4 列")) == "第 6 行（表内第 4 行第 4 列）"


def test_a_sheets_cell_and_a_word_tables_cell_keep_their_names():
    assert str(Source(file="a.xlsx", sheet="项目1", cell="D5")) == "工作表“项目1” D5"
    assert str(Source(file="a.doc", cell="表 1 第 2 行第 3 列")) == "表 1 第 2 行第 3 列"
